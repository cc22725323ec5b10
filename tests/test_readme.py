"""The README documents every setting and the two set-up commands CI relies on."""

from pathlib import Path

from qa.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in Settings.model_fields if f"`QA_{name.upper()}" not in readme]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make run" in readme
    assert "make test" in ci

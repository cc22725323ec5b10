"""Every prompt template renders with its variables; a missing variable is an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from qa.answer import Evidence, Turn
from qa.prompts import prompt_names, render_prompt
from qa.settings import PROMPTS_DIR

PASSAGES = [
    Evidence(doc_id="a.txt", title="A", start=0, end=31, text="The bridge cost 48 million euros.", score=0.9),
    Evidence(doc_id="b.txt", title="B", start=10, end=40, text="It reopened on Monday.", score=0.7),
]
VARIABLES: dict[str, dict[str, Any]] = {
    "answer_system": {"max_sentences": 3, "abstain_token": "NOT IN ARTICLES"},
    "answer_user": {
        "passages": [p.text for p in PASSAGES],
        "question": "How much did the bridge cost?",
        "instruction": "",
    },
    "answer_user_bare": {
        "passages": [p.text for p in PASSAGES],
        "question": "How much did the bridge cost?",
        "instruction": "",
    },
    "answer_user_sport": {
        "passages": [p.text for p in PASSAGES],
        "question": "How much did the bridge cost?",
        "instruction": "",
    },
    "answer_user_repair": {
        "passages": [p.text for p in PASSAGES],
        "question": "How much did the bridge cost?",
        "instruction": "",
    },
    "answer_conflict": {
        "passages": [p.text for p in PASSAGES],
        "question": "How much did the bridge cost?",
        "instruction": "",
    },
    "answer_strict": {"abstain_token": "NOT IN ARTICLES"},
    "rewrite": {
        "history": [
            Turn(role="user", content="Who opened the bridge?"),
            Turn(role="assistant", content="The mayor did."),
        ],
        "question": "When did she do it?",
    },
}
# Text each rendering must contain: every variable reaches the output.
EXPECTED: dict[str, list[str]] = {
    "answer_system": ["at most 3 short sentences", "write only: NOT IN ARTICLES"],
    "answer_user": [
        "The bread bakes for 40 minutes [2].",
        "[1] The bridge cost 48 million euros.",
        "[2] It reopened on Monday.",
        "<<<How much did the bridge cost?>>>\nAnswer:",
    ],
    "answer_user_bare": ["[1] The bridge cost 48 million euros.", "<<<How much did the bridge cost?>>>"],
    "answer_user_sport": [
        "Brazil beat Norway 3-1 [2].",
        "[2] It reopened on Monday.",
        "<<<How much did the bridge cost?>>>\nAnswer:",
    ],
    "answer_user_repair": [
        "The repair cost 48 million euros [1].",
        "[2] It reopened on Monday.",
        "<<<How much did the bridge cost?>>>\nAnswer:",
    ],
    "answer_conflict": ["[2] It reopened on Monday.", "each version", "<<<How much did the bridge cost?>>>"],
    "answer_strict": ["write only: NOT IN ARTICLES"],
    "rewrite": ["user: Who opened the bridge?", "assistant: The mayor did.", "user: When did she do it?"],
}


def test_every_template_file_has_test_variables() -> None:
    assert prompt_names() == sorted(p.stem for p in PROMPTS_DIR.glob("*.jinja"))
    assert prompt_names() == sorted(VARIABLES)


@pytest.mark.parametrize("name", prompt_names())
def test_template_renders_with_its_variables(name: str) -> None:
    text = render_prompt(name, **VARIABLES[name])

    assert text == text.strip() and text
    for expected in EXPECTED[name]:
        assert expected in text
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("name", prompt_names())
def test_each_missing_variable_is_an_error(name: str) -> None:
    for missing in VARIABLES[name]:
        variables = {k: v for k, v in VARIABLES[name].items() if k != missing}
        with pytest.raises(jinja2.UndefinedError, match=missing):
            render_prompt(name, **variables)


def test_templates_are_loaded_from_the_given_directory(tmp_path: Path) -> None:
    (tmp_path / "greeting.jinja").write_text("Hello {{ name }}!\n", encoding="utf-8")

    assert prompt_names(tmp_path) == ["greeting"]
    assert render_prompt("greeting", directory=tmp_path, name="Ada") == "Hello Ada!"
    with pytest.raises(jinja2.TemplateNotFound):
        render_prompt("no-such-template", directory=tmp_path)

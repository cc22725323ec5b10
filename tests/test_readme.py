"""The README documents every setting and the two set-up commands CI relies on."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from app_process import free_port, process_env

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


# ----- every example runs ------------------------------------------------------------------------
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
README_PORT = "127.0.0.1:7860"
# Files the examples name, made here so that each example runs as written.
NOTES = "Quixville notes\n\nThe Quixville turnip fair drew 12,000 visitors, organisers said on Saturday.\n"
MY_ARTICLE = (
    "<html><head><title>Zorbton tunnel opens</title></head><body><article><h1>Zorbton tunnel opens</h1>"
    "<p>The Brask mountain tunnel near Zorbton opened on Friday after nine years of digging, officials said.</p>"
    "<p>The tunnel is 12 kilometres long and cuts the drive to the coast by an hour.</p></article></body></html>"
)
FOLDER = {
    "bridge.txt": "Harbour bridge\n\nThe new harbour bridge in Quixville is 840 metres long and opened on Monday.\n",
    "weather.md": "# Storm warning\n\nForecasters in Eastport warned of gales of up to 110 km/h on Tuesday night.\n",
}


def readme_examples() -> list[tuple[str, str]]:
    return [(lang, body) for lang, body in FENCE.findall((ROOT / "README.md").read_text())]


def make_shim(bin_dir: Path) -> None:
    """``make`` running the real Makefile with this test's virtualenv, which is already installed."""
    real_make = shutil.which("make")
    assert real_make, "make is needed to run the README's `make run`"
    venv = Path(sys.prefix)
    bin_dir.mkdir()
    shim = bin_dir / "make"
    shim.write_text(f'#!/bin/sh\nexec {real_make} -C {ROOT} VENV={venv} -o {venv}/.installed "$@"\n')
    shim.chmod(0o755)


@pytest.mark.integration
def test_every_python_and_shell_example_in_the_readme_runs(tmp_path: Path) -> None:
    examples = readme_examples()
    assert {lang for lang, _ in examples} == {"python", "bash"}, "every example is Python or shell, and runs here"
    work = tmp_path / "work"
    (work / "folder").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "article.html", work / "article.html")
    (work / "notes.txt").write_text(NOTES, encoding="utf-8")
    (work / "my-article.html").write_text(MY_ARTICLE, encoding="utf-8")
    for name, text in FOLDER.items():
        (work / "folder" / name).write_text(text, encoding="utf-8")
    make_shim(tmp_path / "bin")
    port = free_port()
    env = process_env(QA_DATA_DIR=str(work / ".qa-data"), QA_HOST="127.0.0.1", QA_PORT=str(port))
    env["PATH"] = os.pathsep.join([str(tmp_path / "bin"), str(Path(sys.executable).parent), env["PATH"]])

    server: subprocess.Popen[bytes] | None = None
    log = tmp_path / "server.log"
    try:
        for i, (lang, body) in enumerate(examples):
            code = body.replace(README_PORT, f"127.0.0.1:{port}")
            where = f"README example {i + 1} ({lang}):\n{body}"
            if lang == "bash" and code.strip().startswith("make run") and len(code.strip().splitlines()) == 1:
                assert server is None, "one server at a time"
                with log.open("wb") as out:
                    server = subprocess.Popen(
                        ["bash", "-c", code],
                        cwd=work,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                wait_until_healthy(f"http://127.0.0.1:{port}/healthz", server, log)
                continue
            command = ["bash", "-euo", "pipefail", "-c", code] if lang == "bash" else [sys.executable, "-c", code]
            done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{where}\nfailed with {done.returncode}:\n{done.stdout}\n{done.stderr}"
            assert '"error"' not in done.stdout and "Traceback" not in done.stderr, f"{where}\n{done.stdout}"
        assert server is not None, "the README starts the app"
        assert not (work / ".qa-data").exists(), "the reset example removes the store"
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    assert "Traceback" not in log.read_text()


def wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"`make run` exited with {server.returncode}: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise AssertionError(f"`make run` did not serve {url} within {timeout}s: {log.read_text()[-3000:]}")

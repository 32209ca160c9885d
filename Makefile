# newsrag: `make run` sets up, ingests seeds/ and opens the chat UI; `make test` sets up and tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: setup browser run test lint unit clean

setup: $(STAMP)

# torch first, pinned: it resolves to the machine's CPU wheel; an unpinned torch pulls CUDA.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[dev]"
	@if $(BIN)/pip list 2>/dev/null | grep -qi nvidia; then echo "CUDA packages were installed" >&2; exit 1; fi
	touch $(STAMP)

# The browser tests drive Debian's Chromium (no browser download from a test tool).
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --ignore-scripts

run: setup
	$(BIN)/newsrag ingest seeds
	$(BIN)/newsrag serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: setup browser
	$(BIN)/pytest -q

test: lint unit

clean:
	rm -rf $(VENV) .newsrag .pytest_cache .mypy_cache .ruff_cache

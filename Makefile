# 乡镇治理工作台 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/xiangzhen
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench install clean

$(STAMP): pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

## Serve the demo township on http://127.0.0.1:8000 with the background consumer beside it.
run: export DEBUG ?= 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "乡镇治理工作台: http://127.0.0.1:8000  (Ctrl-C 停止)"
	@$(MANAGE) run_huey --quiet & consumer=$$!; \
	  trap 'kill $$consumer 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:8000

## Everything CI runs: lint, types, the test suite (browser tests included when Chromium is installed).
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

## Benchmarks beside hand-written SQL and django-helpdesk: the full sizes (10k, 100k, 1M) write bench/RESULTS.md;
## `make bench BENCH_SIZES=500` (CI's smoke) only prints and never installs django-helpdesk.
bench: $(STAMP)
	$(BIN)/python -m bench $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES))

clean:
	rm -rf $(VENV) node_modules var

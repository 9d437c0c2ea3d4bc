# Docket: `make run` runs the bot (the sandbox without Slack credentials); `make test` tests it.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# pytest-xdist: one worker per core (each has its own SQLite file or PostgreSQL schema).
WORKERS ?= auto

.PHONY: install run sandbox test test-sqlite test-postgres lint typecheck format bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@$(PY) -m bot

sandbox: $(STAMP)
	@$(PY) -m bot sandbox

# CI runs `make test`: lint and types first, so a style or type error fails it like a test.
test: lint typecheck test-sqlite test-postgres

test-sqlite: $(STAMP)
	@echo "== tests on SQLite"
	@$(PY) -m pytest -n $(WORKERS)

test-postgres: $(STAMP)
	@if $(PY) -m tests.pg_probe "$(PG_URL)"; then \
		echo "== tests on PostgreSQL ($(PG_URL))"; \
		DOCKET_TEST_DATABASE_URL="$(PG_URL)" $(PY) -m pytest -n $(WORKERS) -m db; \
	elif [ "$$CI" = "true" ]; then \
		echo "make test: CI=true but PostgreSQL does not answer on 127.0.0.1:5432; start it and rerun." >&2; \
		exit 1; \
	else \
		echo "== PostgreSQL does not answer on 127.0.0.1:5432: skipped the PostgreSQL run"; \
	fi

SOURCES := bot sandbox tests bench

lint: $(STAMP)
	@echo "== ruff"
	@$(VENV)/bin/ruff check $(SOURCES)
	@$(VENV)/bin/ruff format --check $(SOURCES)

# mypy reads its settings (strict on bot/dates, bot/courts, bot/services) from pyproject.toml.
typecheck: $(STAMP)
	@echo "== mypy"
	@$(VENV)/bin/mypy

format: $(STAMP)
	@$(VENV)/bin/ruff format $(SOURCES)
	@$(VENV)/bin/ruff check --fix $(SOURCES)

bench: $(STAMP)
	@for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) *.egg-info

# chuyende — everything a fresh machine needs comes from here: `make run`, `make test`.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve install install-test test lint typecheck demo worker bench clean messages fuzz

$(BIN)/uv:
	@PY=$$(scripts/find-python) && echo "Python: $$PY" && "$$PY" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --inexact --quiet --python $(BIN)/python
	@touch $@

$(VENV)/.installed-test: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --quiet --extra test --python $(BIN)/python
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Creates the environment, migrates the embedded SQLite database, loads the demo into an empty
# database and serves the app with the production WSGI server.
# `make run PORT=8123` serves on another port (the printed logins follow it).
# `make run DEMO=0` starts an office from nothing: no demo; when the database has no administrator
# yet, it asks for the first one (`chuyende createsuperuser`) before serving.
PORT ?= 8000
DEMO ?= 1
run: install
	$(BIN)/chuyende migrate --noinput
ifeq ($(DEMO),0)
	$(BIN)/chuyende first_admin --port $(PORT)
else
	$(BIN)/chuyende demo --if-empty
endif
	$(BIN)/chuyende collectstatic --noinput --verbosity 0
ifneq ($(DEMO),0)
	@$(BIN)/chuyende demo_logins --port $(PORT)
endif
	$(BIN)/chuyende serve --host 127.0.0.1 --port $(PORT) --workers 2

worker: install
	$(BIN)/chuyende db_worker --no-reload

# The whole suite. Browser tests need Debian's Chromium (/usr/bin/chromium); without it they are
# skipped loudly, and with CI=true a missing Chromium fails the run.
test: install-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check --quiet src tests bench scripts
	$(BIN)/python scripts/check_messages.py
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff, then the house rules ruff cannot see: every user-facing message through gettext, and the
# import-linter contracts of pyproject.toml (layers point one way).
lint: install-test
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/python scripts/check_messages.py
	$(BIN)/lint-imports --no-cache

typecheck: install-test
	$(BIN)/mypy

bench: install-test
	SYNTHESIS_WORKERS=$${SYNTHESIS_WORKERS-1} $(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles

# Refreshes the English catalogue: new strings must get a translation in scripts/en_translations.json.
messages: install
	cd src/chuyende && ../../$(BIN)/chuyende makemessages -l en -v0 --no-location --no-obsolete
	$(BIN)/python scripts/po_fill.py src/chuyende/locale/en/LC_MESSAGES/django.po
	cd src/chuyende && ../../$(BIN)/chuyende compilemessages -v0

# schemathesis against a live server with the demo data in a scratch database (see scripts/fuzz.py).
fuzz: install-test
	$(BIN)/python scripts/fuzz.py

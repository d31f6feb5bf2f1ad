# SiBina — `make run` serves the synthetic city, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check bench setup demo clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

# The logins printed and the links in notices point at the address served (unless SIBINA_SITE_URL says otherwise); the demo's own
# notices to its synthetic accounts are kept in memory, not printed.
run: export SIBINA_SITE_URL ?= http://$(HOST):$(PORT)

setup: $(VENV)/.run-installed
	$(BIN)/sibina secret_key
	$(BIN)/sibina migrate --noinput -v 0
	SIBINA_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend $(BIN)/sibina demo --if-empty

run: setup
	$(BIN)/sibina demo_logins
	$(BIN)/sibina runserver $(HOST):$(PORT)

# Browser tests drive Debian's chromium (never a browser downloaded by Playwright).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The suite runs on every core (pytest-xdist), a whole test file per worker so module-wide fixtures build once.
TEST_WORKERS ?= auto

test: $(VENV)/.dev-installed $(CHROMIUM)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

check: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/import_bench.py

messages: $(VENV)/.dev-installed
	cd src/sibina && ../../$(BIN)/sibina makemessages -l id --no-obsolete --ignore "*/tests/*"
	$(BIN)/python -m sibina.i18n_compile

clean:
	rm -rf $(VENV) var

# Two commands do everything on a fresh machine with Python 3.11 and apt:
#   make run   installs, migrates, loads reference data, creates the first administrator, serves :3000
#   make test  installs with the test extras, installs Debian's chromium if missing, lints, runs the whole suite
#   make lint  ruff and mypy over the whole tree, as configured in pyproject.toml

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export REFLEX_USE_NPM := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test lint chromium install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	$(PY) -m ssas_portal bootstrap
	$(PY) -m ssas_portal serve --port $(PORT)

chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint $(VENV)/.installed-test chromium
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m pytest

clean:
	rm -rf $(VENV) .web .mypy_cache .ruff_cache

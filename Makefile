# svkit: two commands on a fresh machine with Python 3.11+ and make.
#   make serve   create .venv, install the kit, start the workshop server
#   make test    install the test extra, get a browser, PostgreSQL and nginx, run the whole suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
ARGS   ?=

.PHONY: serve test install install-test browser packages check-data handouts screenshots bench bench-room clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "svkit needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

serve: install
	$(BIN)/svkit serve $(ARGS)

# A browser for the served-app tests: Debian's chromium if present; else
# install it (Debian/Ubuntu as root); else Playwright's own build.
browser: install-test
	@if [ -x /usr/bin/chromium ]; then \
		echo "browser: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "browser: installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "browser: installing Playwright's chromium"; \
		$(BIN)/python -m playwright install chromium; \
	fi

# Debian packages the store and load-balancer tests use (PostgreSQL, nginx).
packages:
	bash .ci/packages

test: install-test browser packages
	$(BIN)/python -m pytest

check-data: install
	$(BIN)/svkit check-data

# Printable handouts made from data/ (tests/test_handouts.py builds and checks them in `make test`).
handouts: install
	$(BIN)/svkit handouts --out handouts

# Not part of `make test`: writes PNGs into docs/img/ (tracked files).
screenshots: install-test browser
	$(BIN)/python -m tests.screenshots docs/img

bench: install-test browser
	$(BIN)/python bench/render.py $(ARGS)
	$(BIN)/python bench/room.py

bench-room: install-test browser
	$(BIN)/python bench/room.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info

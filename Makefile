# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
SECRET_FILE := instance/secret_key

.PHONY: run test install install-dev migrate demo lint bench bench-import bench-fidelity fonts libreoffice clean translations messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Compiled message catalogues are build output: made from the committed .po files.
TRANSLATIONS := $(wildcard registry/translations/*/LC_MESSAGES/messages.po)
translations: $(TRANSLATIONS:.po=.mo)

registry/translations/%/LC_MESSAGES/messages.mo: registry/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile -f -i $< -o $@

# Refresh the .po files after adding interface text: make messages, translate, commit.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o /tmp/registry-messages.pot .
	$(BIN)/pybabel update -i /tmp/registry-messages.pot -d registry/translations

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed translations

# axe-core for the accessibility browser test, pinned in package.json / package-lock.json (test only).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm is not installed (apt-get install npm): the accessibility test will be skipped"; fi

install-dev: $(VENV)/.installed-dev node_modules/.installed

$(SECRET_FILE):
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

# Upgrade the schema, then load the demo data only if the database is empty.
migrate: install $(SECRET_FILE)
	REGISTRY_SECRET_KEY=$$(cat $(SECRET_FILE)) $(FLASK) db upgrade

demo: migrate
	REGISTRY_SECRET_KEY=$$(cat $(SECRET_FILE)) $(FLASK) demo load

# `flask run` speaks plain http, where a Secure cookie never comes back: sign-in needs the flag off.
# Links in e-mails and calendar feeds point at the port served (PORT=5101) unless REGISTRY_BASE_URL is set.
run: demo
	REGISTRY_SECRET_KEY=$$(cat $(SECRET_FILE)) $(FLASK) search sync
	REGISTRY_SECRET_KEY=$$(cat $(SECRET_FILE)) REGISTRY_SESSION_COOKIE_SECURE=$${REGISTRY_SESSION_COOKIE_SECURE-0} \
	  REGISTRY_BASE_URL=$${REGISTRY_BASE_URL-http://$(HOST):$(PORT)} $(FLASK) run --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check .

test: install-dev translations
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: install-dev
	$(BIN)/python bench/search_bench.py

bench-import: install-dev
	$(BIN)/python bench/import_bench.py

bench-fidelity: install-dev
	$(BIN)/python bench/import_fidelity.py

# A font with Chinese glyphs for PDF export (Debian package), installed only when none is present.
FONT_PACKAGES = fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai fonts-cwtex-fs fonts-liberation poppler-utils

# The faces of the PDF exports (GB/T 9704: Song/Hei titles, Kai, FangSong where it covers the text).
fonts:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES); \
	else \
	  echo "Install the fonts (Debian: sudo apt-get install $(FONT_PACKAGES)) or set REGISTRY_PDF_FONT."; \
	fi

# Legacy .doc/.wps/.odt files are imported through LibreOffice (headless); install Debian's when missing.
libreoffice:
	@if command -v soffice >/dev/null 2>&1; then \
	  echo "LibreOffice is installed."; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui; \
	else \
	  echo "Install LibreOffice (Debian: sudo apt-get install libreoffice-writer-nogui) to import .doc, .wps and .odt files."; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

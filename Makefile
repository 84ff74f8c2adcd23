# Tandem — the menu. `make help` lists the targets.
#
# Everything the project needs is installed from here: a virtual environment
# with the locked dependencies (requirements.lock, hashes checked), and the
# few Debian packages the browser tests and translations need.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
BIN       := $(VENV)/bin
PY        := $(BIN)/python
UV        := $(BIN)/uv
UV_VERSION := 0.13.8
# Management commands outside `make run` get a throwaway key unless one is set.
HOST      ?= 127.0.0.1
PORT      ?= 8000
MANAGE    := TANDEM_SECRET_KEY=$${TANDEM_SECRET_KEY:-make-local-only-$$(id -u)} \
             TANDEM_BASE_URL=$${TANDEM_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py
PG_URL    ?= postgres://postgres@127.0.0.1:5432/tandem
# pytest-xdist workers: the machines have two cores.
WORKERS   ?= 2

export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z][a-z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# --- environment ------------------------------------------------------------

$(VENV)/.installed: requirements.lock pyproject.toml bin/find-python
	@python_bin=$$(bin/find-python) && \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	    rm -rf $(VENV) && "$$python_bin" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip sync --quiet --python $(PY) --require-hashes requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv with the locked dependencies

.PHONY: lock
lock: ## Re-resolve requirements.lock from pyproject.toml (then commit it)
	@[ -x $(UV) ] || { python_bin=$$(bin/find-python) && "$$python_bin" -m venv $(VENV) && $(PY) -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(UV) pip compile pyproject.toml --extra dev --extra bench --universal --python-version 3.12 \
	  --generate-hashes --quiet -o requirements.lock

.PHONY: system-deps
system-deps: ## Debian packages: translations, PDFs (Pango, fonts), browser tests, the proxy in tests, pg_dump (as root)
	@missing=""; \
	  command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	  command -v pg_dump >/dev/null && command -v pg_restore >/dev/null || missing="$$missing postgresql-client"; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    else echo "Please install:$$missing (apt-get install$$missing)"; exit 1; fi; fi

.mo-stamp: $(wildcard tandem/locale*/*/LC_MESSAGES/django.po) | $(VENV)/.installed
	@$(MANAGE) compilemessages --ignore=.venv -v 0
	@touch $@

# The protocol peers the tests run on loopback (identity providers nobody here wrote),
# each a folder of peers/ with its own package.json and package-lock.json.
PEER_LOCKS := $(wildcard peers/*/package-lock.json)
PEER_STAMPS := $(PEER_LOCKS:package-lock.json=node_modules/.installed)

peers/%/node_modules/.installed: peers/%/package-lock.json peers/%/package.json
	npm ci --prefix peers/$* --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: peers
peers: $(PEER_STAMPS) ## The identity providers the tests talk to (npm ci of peers/*)

.PHONY: setup
setup: system-deps install .mo-stamp ## Everything needed to run: deps, translations, database, demo
	@$(MANAGE) migrate --no-input -v 0
	@$(MANAGE) createcachetable
	@$(MANAGE) collectstatic --no-input -v 0

# --- run --------------------------------------------------------------------

.PHONY: run
run: setup ## Start the app with the demo organisation (web, task worker, scheduler)
	@$(MANAGE) seed_demo
	@echo
	@echo "  Tandem runs at http://$(HOST):$(PORT)/   (Ctrl-C stops web server, worker and scheduler)"
	@$(MANAGE) demo_logins
	@echo
	@trap 'kill 0' INT TERM EXIT; \
	  TANDEM_DEBUG=1 $(MANAGE) db_worker --queue-name '*' --no-reload -v 0 & \
	  TANDEM_DEBUG=1 $(MANAGE) run_scheduler & \
	  TANDEM_DEBUG=1 $(MANAGE) runserver --noreload $(HOST):$(PORT)

.PHONY: demo-code
demo-code: install ## The demo's current two-factor code (admins and program manager)
	@$(MANAGE) demo_code

# --- quality ----------------------------------------------------------------

.PHONY: fmt
fmt: install ## Format and auto-fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: lint
lint: install ## ruff, import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

.PHONY: types
types: install ## mypy (strict, django-stubs; the benchmarks less strictly)
	$(BIN)/mypy
	$(BIN)/mypy --config-file benchmarks/mypy.ini benchmarks/*.py

.PHONY: migrations-check
migrations-check: install ## No model change without a migration
	$(MANAGE) makemigrations --check --dry-run

.PHONY: messages
messages: install ## Update the German catalogue from the source
	$(MANAGE) makemessages -l de --no-location --no-obsolete --ignore=.venv --ignore=benchmarks --ignore=peers
	$(MANAGE) makemessages -d djangojs -l de --no-location --no-obsolete --ignore=.venv --ignore=benchmarks --ignore=peers --ignore='*/vendor/*' --ignore=staticfiles

CATALOGUE := tandem/locale/de/LC_MESSAGES/django.po

.PHONY: messages-check
messages-check: install ## The catalogue is current, complete, not fuzzy, and compiles
	@before=$$(mktemp) && cp $(CATALOGUE) "$$before" && \
	  $(MANAGE) makemessages -l de --no-location --no-obsolete --ignore=.venv --ignore=benchmarks --ignore=peers -v 0 && \
	  if diff -q -I '^"POT-Creation-Date' "$$before" $(CATALOGUE) >/dev/null; then \
	    cp "$$before" $(CATALOGUE); rm -f "$$before"; \
	  else \
	    cp "$$before" $(CATALOGUE); rm -f "$$before"; \
	    echo "The German catalogue is out of date: run 'make messages' and translate."; exit 1; \
	  fi
	$(MANAGE) compilemessages --ignore=.venv -v 0
	$(BIN)/pytest -q -p no:randomly tandem/core/tests/test_translations.py

.PHONY: deploy-check
deploy-check: install ## Production settings pass Django's deployment checklist (SEC-01)
	TANDEM_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  TANDEM_ALLOWED_HOSTS=tandem.example.org TANDEM_BASE_URL=https://tandem.example.org TANDEM_DEBUG=0 \
	  $(PY) manage.py check --deploy --fail-level WARNING

# --- tests ------------------------------------------------------------------

.PHONY: test
test: setup peers ## The test suite on SQLite (and PostgreSQL too when DATABASE_URL is set)
	$(BIN)/pytest -n $(WORKERS) -m "not browser"
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres PG_URL="$$DATABASE_URL"; fi

.PHONY: test-sqlite
test-sqlite: setup peers
	DATABASE_URL= $(BIN)/pytest -n $(WORKERS) -m "not browser"

.PHONY: test-postgres
test-postgres: setup peers ## The test suite on PostgreSQL ($$PG_URL)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(WORKERS) -m "not browser" -p no:cacheprovider

.PHONY: test-browser
test-browser: setup peers ## Browser tests (Playwright with Debian's Chromium)
	$(BIN)/pytest -m browser -p no:randomly

.PHONY: coverage
coverage: setup ## Tests with branch coverage
	$(BIN)/coverage run -m pytest -m "not browser" -p no:xdist && $(BIN)/coverage report

.PHONY: bench
bench: setup ## Benchmarks (see benchmarks/README.md)
	$(PY) benchmarks/import_orgchart.py
	$(PY) benchmarks/hostile_uploads.py
	$(PY) benchmarks/matching.py
	$(PY) benchmarks/results.py

.PHONY: ci
ci: setup lint types migrations-check messages-check deploy-check ## Everything CI checks
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-browser

.PHONY: clean
clean: ## Remove the environment, the local database and build artefacts
	rm -rf $(VENV) .mo-stamp staticfiles .pytest_cache .mypy_cache .ruff_cache db.sqlite3*

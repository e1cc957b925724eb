# OT Portal: `make run` starts the demo on SQLite, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# A Python >= 3.12: a plain python3.13/python3.12 that runs, else one of pyenv's versions.
PYTHON_BOOT := $(shell for c in python3.13 python3.12; do $$c -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { command -v $$c; exit 0; }; done; \
	root=$$(pyenv root 2>/dev/null); for v in $$(ls -r $$root/versions 2>/dev/null); do p=$$root/versions/$$v/bin/python3; \
	[ -x $$p ] && $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo $$p; exit 0; }; done)

.PHONY: help run test test-unit test-migrations test-e2e lint bench smoke load venv messages makemessages browser clean

help:
	@echo "make run   - install, migrate a SQLite database, load demo data, serve http://127.0.0.1:$(PORT)"
	@echo "make test  - install test tools (and Debian's Chromium when root), lint, run all tests"
	@echo "make bench - seed the scale data set (once) and print query counts and latency of the key pages"
	@echo "make smoke - start the production settings for real (PostgreSQL, gunicorn, sign-in with TOTP) and check the key pages"
	@echo "make load  - a bounded load test against gunicorn with production settings and a PostgreSQL of its own"

$(VENV)/.installed: requirements.lock pyproject.toml
	@if [ -z "$(PYTHON_BOOT)" ]; then echo "OT Portal needs Python 3.12 or newer (python3.12/python3.13 on PATH, or pyenv)." >&2; exit 1; fi
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

messages: venv
	$(PY) manage.py compilemessages --ignore=.venv -v0

# Adds new texts to every Dutch catalogue (each app's locale/, and locale/ for the rest); then write
# the Dutch into the .po files. `make lint` fails on any entry left fuzzy or empty.
APP_CATALOGUES := cases meetings clo ot_portal/dashboards
makemessages: venv
	@for d in $(APP_CATALOGUES); do (cd $$d && $(abspath $(PY)) $(CURDIR)/manage.py makemessages -l nl --no-obsolete -v0) || exit 1; done
	$(PY) manage.py makemessages -l nl --no-obsolete -v0 --ignore=.venv --ignore=tests --ignore=static \
	  --ignore=staticfiles --ignore=scripts --ignore=docs $(addprefix --ignore=,$(APP_CATALOGUES))

run: venv messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package (apt-get install chromium) for the browser tests." >&2; exit 1; fi; fi

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy ot_portal/core cases meetings clo ot_portal/dashboards
	$(PY) scripts/check_import_cycles.py
	$(PY) scripts/check_translations.py
	DATABASE_URL= DJANGO_SETTINGS_MODULE=ot_portal.settings.test $(PY) manage.py makemigrations --check --dry-run -v1
	DJANGO_SETTINGS_MODULE=ot_portal.settings.production DJANGO_SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  DJANGO_ALLOWED_HOSTS=ot.example.nl $(PY) manage.py check --deploy --fail-level WARNING

test-unit: venv messages
	$(VENV)/bin/pytest -m "not e2e" -n 2 -q

# The main job builds the test database from the models (--nomigrations in pyproject.toml); this one
# builds it with every migration, so each migration runs in CI, and runs the tests of the migrations.
test-migrations: venv messages
	$(VENV)/bin/pytest --migrations -m "migrations and not e2e" -q

test-e2e: venv messages browser
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m e2e -q

test: lint test-unit test-migrations test-e2e

# Seeds the partnership-scale data set once (skipped when present), then measures, all with the
# bench settings (the demo app on production's page stack). Use DATABASE_URL=postgres://... for
# production-like figures; the default is the SQLite demo file.
bench: export DJANGO_SETTINGS_MODULE = ot_portal.settings.bench
bench: venv messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_scale
	$(PY) manage.py bench

# The documented deploy, started for real on 127.0.0.1 (CI runs it after `make test`): its own
# database ot_prod_smoke on the PostgreSQL server of DATABASE_URL (default 127.0.0.1:5432).
smoke: venv messages
	$(PY) scripts/prod_smoke.py

# Bounded load on gunicorn (production settings) with a PostgreSQL of its own that is restarted
# halfway; prints req/s, latency, errors and the write check. About 3 minutes; not part of CI.
load: venv messages
	$(PY) scripts/load.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Lab'Impact: `make run` serves the demo site, `make test` runs lint and the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Development defaults; a DJANGO_DEBUG already in the environment wins.
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
# The development server with the background-task worker beside it: the worker runs the
# tasks the site enqueues (exports, measures, e-mails) and stops with the server (Ctrl-C).
SERVE := $(DEV_ENV) sh -c '$(BIN)/python manage.py db_worker & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000'

.PHONY: install run sample test test-browser lint fmt migrations-check collectstatic backup restore messages bench lighthouse assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) $(NODE_STAMP)

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(SERVE)

# The demo plus a labelled sample at real volume (load_demo --sample; see the README).
sample: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py load_demo --sample
	$(SERVE)

# The front-end bundle in static/dist/ (labimpact/frontend/build.mjs: esbuild and PurgeCSS from npm).
# Its output is committed: run this after changing labimpact/frontend/ or the classes a template uses
# (tests/labimpact/test_assets.py says when), and commit static/dist/.
assets: install
	node labimpact/frontend/build.mjs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: lint migrations-check
	$(BIN)/python -m pytest

# Only the real-browser journeys and accessibility checks (they also run in `make test`).
test-browser: install
	$(BIN)/python -m pytest tests/browser

# Gather new Italian texts into locale/en/LC_MESSAGES/django.po, then compile it: translate
# the new entries (empty or fuzzy) in the .po, run this again and commit both .po and .mo.
# locale/it holds the project's own Italian for Django's admin and the rich-text editor
# (msgids from their code, not ours): hand-maintained, never makemessages'd, compiled here.
# templates/admin/ holds copies of Django's admin templates: their English msgids are Django's.
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=templates/admin/*
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l en $(I18N_IGNORE)
	$(DEV_ENV) $(BIN)/python manage.py compilemessages $(I18N_IGNORE)

collectstatic: install
	$(DEV_ENV) $(BIN)/python manage.py collectstatic --noinput

backup: install
	$(DEV_ENV) $(BIN)/python manage.py backup $(if $(FILE),--output $(FILE),)

restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/labimpact-....tar.gz" && exit 2)
	$(DEV_ENV) $(BIN)/python manage.py restore --noinput $(FILE)

# Seeds a large portal and loads every page on 127.0.0.1 (bench/run.py); SQLite unless
# DATABASE_URL and REDIS_URL are given. wrk comes from Debian's packages.
bench: install
	@command -v wrk >/dev/null || apt-get install -y -q wrk || (apt-get update -q && apt-get install -y -q wrk)
	$(BIN)/python -m bench.run

# Lighthouse (npm) scores a phone's first visit to every page type: the production server
# (gunicorn, collectstatic, whitenoise) with the sample on a temporary SQLite database,
# Debian's Chromium (bench/lighthouse.py). Run it on a quiet machine.
lighthouse: install
	@command -v chromium >/dev/null || apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)
	$(BIN)/python -m bench.lighthouse

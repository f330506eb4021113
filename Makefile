# Yhteispolku: `make run` serves the demo, `make test` runs every check. Only python3, make and git are assumed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
APP := $(VENV)/bin/yhteispolku
PYTEST_ARGS ?= -n 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test install lint messages translations bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	@$(PY) scripts/compile_translations.py

run: install
	@mkdir -p var
	YHTEISPOLKU_DEMO=1 $(APP) migrate --noinput
	YHTEISPOLKU_DEMO=1 $(APP) collectstatic --noinput --verbosity 0
	YHTEISPOLKU_DEMO=1 $(APP) demo
	YHTEISPOLKU_DEMO=1 $(APP) runserver 127.0.0.1:8000

# The production server (docs/deployment.md): production settings from the environment (SECRET_KEY,
# FIELD_ENCRYPTION_SALTS, HETU_HMAC_KEY, DATABASE_URL, ALLOWED_HOSTS, …), static files collected for
# WhiteNoise, gunicorn with WEB_CONCURRENCY sync workers on BIND (127.0.0.1:8000). Migrations are a release
# step run once (`yhteispolku migrate`), not by each server: this refuses to start until they are applied.
serve: install
	@mkdir -p var
	$(APP) check --deploy --fail-level ERROR
	$(APP) collectstatic --noinput --verbosity 0
	@$(APP) migrate --check >/dev/null || { echo "unapplied migrations: run '$(APP) migrate' first (docs/deployment.md)" >&2; exit 1; }
	exec $(VENV)/bin/gunicorn --config python:yhteispolku.gunicorn_conf yhteispolku.wsgi:application

# Checks import the settings; test mode lets them run without production secrets.
lint: install
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/lint-imports --no-cache
	YHTEISPOLKU_TESTING=1 $(VENV)/bin/mypy
	YHTEISPOLKU_TESTING=1 $(APP) makemigrations --check --dry-run
	$(PY) scripts/check_translations.py

# Extract new strings (needs GNU gettext's xgettext; `apt-get install gettext`), then translate the .po files.
messages: install
	cd src/yhteispolku && YHTEISPOLKU_TESTING=1 ../../$(APP) makemessages --locale fi --locale sv --locale en --no-obsolete --ignore '*/vendor/*'
	$(PY) scripts/sync_finnish_catalogue.py

test: lint
	@bash scripts/ensure-chromium
	@bash scripts/run-tests $(PYTEST_ARGS)

bench: install
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) var/test-*.xml

# Lộ trình: `make run` sets everything up and serves the app; `make test` runs the tests.
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint format check lock messages bench bench-load clean

## Virtualenv with the pinned dependencies; redone when the lock file changes.
$(VENV)/.installed: requirements-dev.lock requirements.lock
	@py=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV) || exit 1; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@

setup: $(VENV)/.installed

run: setup
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py loaddemo
	@echo "Lộ trình: http://$(HOST):$(PORT)/  (demo logins in README.md, password demo-password)"
	@# The task worker (large exports) runs beside the web server and stops with it.
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## The suite on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto
test: setup
	$(BIN)/pytest --numprocesses $(TEST_WORKERS) $(PYTEST_ARGS)

## Lint, formatting, migrations and translations in sync; run by .ci/run.
check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Regenerate the Vietnamese catalogue after changing user-facing text, then translate
## the new entries in locale/vi/LC_MESSAGES/django.po and run `make messages` again.
messages: setup
	DEBUG=1 $(BIN)/python manage.py makemessages --locale vi --no-obsolete --extension html,txt,py,svg --ignore '.venv/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

## Speed of the progress page and its files on a city of 20 and 200 wards, and of loading
## the country's official list and the demo (bench/).
bench: setup
	$(BIN)/python bench/progress_scale.py $(BENCH_ARGS)
	$(BIN)/python bench/loadprovince.py

## Load test (issue 15): gunicorn and PostgreSQL on loopback, seed_scale data, 1 and 10
## users per page; prints p50/p95/p99, req/s, errors, size and queries (bench/load.py).
bench-load: setup
	$(BIN)/python bench/load.py $(BENCH_ARGS)

## Re-pin dependencies from pyproject.toml (needs network access to PyPI).
lock: setup
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.12 --no-header -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --no-header -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Jamu — the two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint messages bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Set everything up and start the web server, the Celery worker and beat (Ctrl-C stops all).
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Jamu: http://127.0.0.1:8000/app/  (public site http://127.0.0.1:8000/fr/, health http://127.0.0.1:8000/healthz)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

## Lint, Django checks, migrations up to date, then the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the French and English message catalogues after changing user-facing strings.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=var --no-location
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

## Benchmarks at full size against the configured database (see README, "Benchmarks").
bench: $(STAMP)
	$(BIN)/python bench/case_list.py
	$(BIN)/python bench/docgen.py

clean:
	rm -rf $(VENV) var

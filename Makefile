# The README's commands. `make run` starts the platform; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SERVICES := accounts routing media billing transcription gateway
PACKAGES := -e kit -e services/accounts -e services/routing -e services/media -e services/billing \
            -e services/transcription -e services/gateway -e .

.PHONY: install run test lint fmt migrate seed messages

$(VENV)/.installed: constraints.txt pyproject.toml kit/pyproject.toml services/*/pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt $(PACKAGES) pytest pytest-timeout hypothesis playwright ruff mypy \
	    kubernetes-validate check-jsonschema openapi-spec-validator types-PyYAML types-psycopg2 types-jsonschema \
	    requests aiosmtpd
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/relais up

migrate: install
	$(VENV)/bin/relais migrate

seed: install
	$(VENV)/bin/relais seed

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy kit/relais_kit relais $(foreach s,$(SERVICES),services/$(s)/$(s))

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract the portal's strings and merge them into the FR/EN catalogues (then translate the new fr entries).
messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k Msg -k ngettext:1,2 \
	    -k field_error:2 --no-location --omit-header -o var/messages.pot .
	$(VENV)/bin/pybabel update -i var/messages.pot -d services/gateway/gateway/translations --no-fuzzy-matching --width 120

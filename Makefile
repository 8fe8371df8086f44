# The two commands: `make run` (the application with demo data) and `make test` (every test).
# Both create .venv and install requirements.txt themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages clean-db

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet --upgrade pip
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Refresh the Vietnamese catalogues after changing user-facing strings (needs gettext): the
# project's (legalaid/ and the shared templates) and each app's own (its code and templates;
# apps whose templates live in templates/<app>/ reach them through a templates_i18n symlink).
APPS := cases staffing outreach planning
messages: $(STAMP)
	DEBUG=true $(PY) manage.py makemessages --locale vi --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'staticfiles/*' --ignore 'bench/*' \
		$(foreach app,$(APPS),--ignore '$(app)/*' --ignore 'templates/$(app)/*')
	for app in $(APPS); do (cd $$app && DEBUG=true ../$(PY) ../manage.py makemessages --locale vi --no-obsolete --add-location file --symlinks); done
	DEBUG=true $(PY) manage.py compilemessages --locale vi --ignore '.venv/*' 

clean-db:
	rm -rf var/pgdata

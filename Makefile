# The two commands: `make run` (the application with demo data) and `make test` (every test).
# Both create .venv and install requirements.txt themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-at test-clock lint format messages clean-db

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet --upgrade pip
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py serve --host $(HOST) --port $(PORT)

# mypy (django-stubs) checks the core and the services and access rules of every app.
TYPED := legalaid cases/services cases/access.py staffing/services.py staffing/access.py \
	outreach/services outreach/access.py planning/services planning/access.py

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) -m mypy $(TYPED)
	DEBUG=true $(PY) -m pytest $(PYTEST_ARGS)

# The whole suite at one moment: make test-at TEST_NOW=2026-12-12T23:30+07:00 (Vietnam time when no
# offset is given). Every test starts at that moment (legalaid/tests/clock.py).
test-at: $(STAMP)
	@test -n "$(TEST_NOW)" || { echo "Cần TEST_NOW, ví dụ: make test-at TEST_NOW=2026-12-12T23:30+07:00"; exit 2; }
	DEBUG=true TEST_NOW=$(TEST_NOW) $(PY) -m pytest -q $(PYTEST_ARGS)

# The clock sweep: the whole suite at each moment that broke it before (a Saturday night, a
# Sunday morning, either side of Tết, the turn of the year, 29 February); see clock.py.
test-clock: $(STAMP)
	@set -e; for moment in $$($(PY) -m legalaid.tests.clock); do \
		echo "== TEST_NOW=$$moment"; \
		DEBUG=true TEST_NOW=$$moment $(PY) -m pytest -q $(PYTEST_ARGS); \
	done

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
		--ignore 'templates/admin/staffing/*' \
		$(foreach app,$(APPS),--ignore '$(app)/*' --ignore 'templates/$(app)/*')
	for app in $(APPS); do (cd $$app && DEBUG=true ../$(PY) ../manage.py makemessages --locale vi --no-obsolete --add-location file --symlinks); done
	DEBUG=true $(PY) manage.py compilemessages --locale vi --ignore '.venv/*' 

clean-db:
	rm -rf var/pgdata

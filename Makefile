# Gladbeck integration portal. `make run` and `make test` work on a fresh machine with
# Python 3.11+; everything else is created on demand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: messages install run migrate content test lint format migrations-check serve bench backup restore load clean

WORKERS ?= 4
SCALE ?= 1

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py load_concept

run: content
	@echo
	@echo "Das Portal läuft gleich auf http://127.0.0.1:$(PORT)/ (Verwaltung: /admin/)."
	@echo "Eine Anmeldung für die Verwaltung anlegen:  $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Both cores: the suite runs in two processes, each with its own test database.
test: install
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Production serving: gunicorn, DEBUG off, static files collected with hashed, compressed
# names. Needs SECRET_KEY and ALLOWED_HOSTS (and usually DATABASE_URL) in the environment.
serve: install
	DEBUG=0 $(BIN)/python manage.py check --deploy --fail-level WARNING
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=0 $(BIN)/python manage.py load_concept -v0
	DEBUG=0 $(BIN)/python manage.py invalidate_page_cache
	DEBUG=0 $(BIN)/gunicorn gladbeck.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

# Demo data at SCALE (1 = one city) and the benchmark table; writes bench/results.json.
# With SCALES="1 20 50": the benchmark at each scale in turn (bench/results-<scale>.json),
# then how each page's time grows from the first scale to the last.
SCALES ?=
BENCH_ENV = DEBUG=0 SECRET_KEY=$${SECRET_KEY:-bench-only-$$(date +%s)-not-for-production-use-xxxxxxxx} \
	ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=0 BENCH_TOOLS=1
bench: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_concept -v0
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@if [ -z "$(SCALES)" ]; then \
		$(BIN)/python manage.py generate_demo_data --scale $(SCALE) && \
		$(BENCH_ENV) $(BIN)/python manage.py bench; \
	else \
		files=""; \
		for scale in $(SCALES); do \
			echo "== SCALE $$scale"; \
			$(BIN)/python manage.py generate_demo_data --scale $$scale || exit 1; \
			$(BENCH_ENV) $(BIN)/python manage.py bench --results bench/results-$$scale.json \
				|| exit 1; \
			files="$$files $$scale=bench/results-$$scale.json"; \
		done; \
		$(BENCH_ENV) $(BIN)/python manage.py bench_growth $$files; \
	fi

backup: install
	$(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || (echo "Aufruf: make restore FILE=backups/…" && exit 2)
	$(BIN)/python manage.py restore "$(FILE)"

# A bounded load test against a running `make serve` on this machine (loopback only).
load: install
	$(BIN)/python bench/load.py --url http://127.0.0.1:$(PORT) --clients $${CLIENTS:-64} --seconds $${SECONDS_:-60}

# The public pages' catalogues (locale/): collect new texts, then compile. Admin-only modules and
# templates stay out, the admin is German. Needs GNU gettext (xgettext, msgfmt).
MESSAGES_IGNORE = .venv .tools tests bench admin admin.py '*admin*.py' resources.py downloads.py \
	hsds.py dataset.py api_answers.py report_pdf.py report_xlsx.py staff_import 'review*.py' \
	inbox.py 'quality*.py' 'quality*.html' management migrations checks.py edit_conflicts.py \
	'history_*.py' 'import_*.py' unsaved_preview.py roles.py 'xliff*.py' translation_admin.py \
	translation_coverage.py translation_tags.py inbox_tags.py
messages: install
	$(BIN)/python manage.py makemessages --no-obsolete $(foreach l,en tr ar pl bg ro uk fa leichte_Sprache,-l $(l)) \
		$(foreach p,$(MESSAGES_IGNORE),--ignore=$(p))
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Firmamos — every target works on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# `make run PORT=8001 HOST=0.0.0.0` serves elsewhere; links in emails follow (SITE_URL).
HOST ?= 127.0.0.1
PORT ?= 8000
PO := locale/es/LC_MESSAGES/django.po
MO := locale/es/LC_MESSAGES/django.mo

.PHONY: install migrate run admin demo demo-remove test compilemessages makemessages migrations-check lint seed \
	bench bench-quick vendor vendor-axe lock audit css

# Installs exactly what requirements-dev.lock pins, each file checked against its hash.
# (manage.py and pytest run from the checkout; the project itself is not pip-installed.)
$(VENV)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# Compiled with polib so that no gettext binaries are needed on a fresh machine.
$(MO): $(PO) $(VENV)/.installed
	$(PY) -c "import polib; polib.pofile('$(PO)').save_as_mofile('$(MO)')"

compilemessages: $(MO)

# Needs GNU gettext (xgettext); only developers adding strings run it.
makemessages: install
	$(PY) manage.py makemessages -l es --no-obsolete --no-location -i ".venv/*" -i "tests/*" -i "bench/*" -i "node_modules/*" -i "staticfiles/*"

# The development settings, written once (config/env_file.py): DEBUG=True, a new SECRET_KEY,
# SITE_URL. Never overwritten; delete .env to get a new one.
.env:
	$(PYTHON) -m config.env_file --host "$(HOST)" --port "$(PORT)"

migrate: install compilemessages .env
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_trust_act

# SITE_URL follows HOST and PORT here (unless set in the environment), whatever .env says.
run: seed
	SITE_URL="$${SITE_URL:-$$($(PYTHON) -m config.env_file --site-url --host "$(HOST)" --port "$(PORT)")}" \
	  $(PY) manage.py runserver "$(HOST):$(PORT)"

# An admin account for /admin/ (asks for a name, an email and a password).
admin: migrate
	$(PY) manage.py createsuperuser

# A few thousand demo signatures, an event, a delivery and an update on the seeded petition
# (petitions/demo.py); `make demo-remove` takes all of it out again.
demo: seed
	$(PY) manage.py demo

demo-remove: migrate
	$(PY) manage.py demo --remove

test: install compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

# axe-core, the accessibility checker the browser tests inject into pages; kept in tests/vendor/
# (with its licences), never served.
vendor: vendor-axe
vendor-axe:
	rm -rf /tmp/firmamos-vendor-axe && mkdir -p /tmp/firmamos-vendor-axe tests/vendor/axe-core
	cd /tmp/firmamos-vendor-axe && npm pack --silent axe-core@4 >/dev/null && tar xzf axe-core-*.tgz
	cp /tmp/firmamos-vendor-axe/package/axe.min.js /tmp/firmamos-vendor-axe/package/LICENSE \
	   /tmp/firmamos-vendor-axe/package/LICENSE-3RD-PARTY.txt tests/vendor/axe-core/

migrations-check: install
	SECRET_KEY=check $(PY) manage.py makemigrations --check --dry-run

# Benchmarks (bench/run.py, README "Performance"): PostgreSQL at BENCH_DATABASE_URL (a firmamos_bench*
# database, recreated), Redis at BENCH_REDIS_URL, then the SQLite default. Installs wrk if missing.
.PHONY: bench-tools bench-lighthouse
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/firmamos_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/8
bench-tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get install -y -qq wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)); } \
	  || { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	@$(MAKE) --no-print-directory bench-lighthouse

# Lighthouse for the bench's phone score (bench/phone_score.py), at the version locked in
# bench/lighthouse/. Needs Node.js and npm; without them the bench reports the score as not available.
bench-lighthouse:
	@if [ -x bench/lighthouse/node_modules/.bin/lighthouse ]; then :; \
	elif command -v npm >/dev/null; then cd bench/lighthouse && npm ci --silent --no-audit --no-fund \
	  || echo "npm ci failed: the bench will not measure Lighthouse's phone score"; \
	else echo "no npm: the bench will not measure Lighthouse's phone score"; fi

bench: install compilemessages bench-tools
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(PY) -m bench.run --profile full

bench-quick: install compilemessages bench-tools
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(PY) -m bench.run --profile quick

lint: install
	$(VENV)/bin/ruff check .

# The locks: requirements.lock (production: the app and the Sentry extra) and requirements-dev.lock
# (that, plus the tools for tests and development), every file with its hash. `make lock` picks the
# newest versions pyproject.toml allows, from the public index only (this machine's pip settings
# and local wheel folders are left out, so that the lock installs the same anywhere).
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null
LOCK_ARGS := --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links
lock: install
	$(LOCK_ENV) $(VENV)/bin/pip-compile $(LOCK_ARGS) --extra sentry -o requirements.lock pyproject.toml
	$(LOCK_ENV) $(VENV)/bin/pip-compile $(LOCK_ARGS) --extra sentry --extra dev \
	  -o requirements-dev.lock pyproject.toml

# Known vulnerabilities in the locked versions (.ci/audit says what it could and could not check).
audit: install
	$(PY) .ci/audit requirements.lock requirements-dev.lock

# The Bootstrap rules the public pages use, static/css/bootstrap-used.css (committed; base.html
# loads it, not the whole of Bootstrap): PurgeCSS, at the version css/package-lock.json pins, keeps
# what the templates, scripts and form classes name (css/build.mjs). Needs Node.js and npm. Run it
# after changing classes in a template; tests/test_css.py fails until it is run.
css: install
	cd css && npm ci --silent --no-audit --no-fund
	node css/build.mjs "$$($(PY) -c 'import crispy_bootstrap5, os; print(os.path.dirname(crispy_bootstrap5.__file__))')"

# Bootstrap's CSS and jQuery UI (for the tabbed translation admin) are served from static/, never
# from a CDN. This refreshes them from the npm registry; then `make css` rebuilds the pages' subset.
vendor:
	rm -rf /tmp/firmamos-vendor && mkdir -p /tmp/firmamos-vendor
	cd /tmp/firmamos-vendor && npm pack bootstrap@5 >/dev/null && tar xzf bootstrap-*.tgz
	cp /tmp/firmamos-vendor/package/dist/css/bootstrap.min.css static/vendor/bootstrap/
	sed -i "s|/\*# sourceMappingURL=[^*]*\*/||" static/vendor/bootstrap/bootstrap.min.css  # no .map is vendored
	cp /tmp/firmamos-vendor/package/LICENSE static/vendor/bootstrap/LICENSE
	cd /tmp/firmamos-vendor && rm -rf package && npm pack jquery-ui@1.13 >/dev/null && tar xzf jquery-ui-*.tgz
	cp /tmp/firmamos-vendor/package/dist/jquery-ui.min.js static/vendor/jquery-ui/
	cp /tmp/firmamos-vendor/package/LICENSE.txt static/vendor/jquery-ui/LICENSE.txt

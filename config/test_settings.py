"""Settings for the test suite: the production settings, with only what tests cannot do without
changed, each for the reason given beside it. No protection is switched off here: tests that need
to get past the sign form's fill time move the clock (tests/clock.py), as a person waits."""

import os

# A developer's .env (written by `make run`: DEBUG=True, their SITE_URL...) must not change what
# the tests check: the tests read no env file, only the real environment.
os.environ["ENV_FILE"] = ""
# DEBUG is off, as in production, so Django needs a key; this one signs nothing real.
os.environ.setdefault("SECRET_KEY", "insecure-key-for-tests-only")

from config.settings import *  # noqa: E402,F403

# Speed: hashing a password the production way takes ~0.3 s; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Emails are sent just after their commit, by the worker's own code (there is no worker process;
# tests/test_email_worker.py runs the real one).
TASKS_BACKEND = "immediate"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Production's manifest storage needs `collectstatic` first; tests/test_collectstatic.py runs that
# under the production storage itself.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (delivery packets) go to a scratch folder, not the developer's media/.
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Job files (exports, rejected lines) likewise, to a scratch folder of their own.
PRIVATE_FILES_ROOT = BASE_DIR / ".test-private"  # noqa: F405
# Background jobs run inline just after their commit, not in a thread: pytest-django's `db` tests
# never commit (their jobs are run by tests/job_helpers.run_jobs, the worker's own code, inside
# the test's transaction), and a thread of its own would open a second connection to SQLite's
# shared in-memory test database and race the test's teardown. tests/test_job_worker.py runs
# the real worker process, and the browser journeys run the worker's code beside the server.
JOBS_IMMEDIATE_THREAD = False
# Django's test client and the browser tests' live server speak plain HTTP and cannot follow a
# redirect to HTTPS; tests/test_production_settings.py checks the redirect is on in production.
SECURE_SSL_REDIRECT = False

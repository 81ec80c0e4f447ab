"""Settings for the test suite: the real settings, with a test key and fast, inline machinery."""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-tests-only")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS_BACKEND = "immediate"  # emails are sent just after their commit, by the same code
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# The test client speaks plain HTTP; tests of the production settings run `check --deploy`.
SECURE_SSL_REDIRECT = False
# The minimum fill time is off unless a test turns it on (tests post the form at once).
SIGN_MIN_SECONDS = 0

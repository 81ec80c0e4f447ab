"""Firmamos settings, read from the environment (see README, "Settings")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import env_file
from config.env import env_bool, env_int, env_list, env_str, parse_durations, parse_rate
from config.errors import init_sentry, parse_admins
from config.logging import config as logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
# The development .env that `make run` writes fills in what the real environment leaves unset.
env_file.load()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin
    # django.contrib.admin, with the staff site (staff/site.py): campaign scope on the site-wide
    # URLs (campaigns/admin_site.py) and the second factor first.
    "staff.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # The apps depend one way: core <- campaigns <- petitions <- outreach and staff (README,
    # "Layout").
    "core",
    "campaigns",
    "petitions",
    "outreach",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # gzip for pages, CSS and scripts (config/compression.py): wraps everything below, so it sees
    # each response last; whitenoise's own .gz answers pass through as they are.
    "config.compression.CompressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.RequestCheckMiddleware",  # 405 and undecodable forms, before CSRF
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staff.sessions.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into staff/locked_out.html
    "config.middleware.ErrorPageMiddleware",  # last: its pages get every header above
]
# A form sent without its CSRF cookie: a page that says how to fix it, in the page's language.
CSRF_FAILURE_VIEW = "config.error_views.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.languages",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL in production through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction pooling, server-side cursors break (docs/production.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DB_DISABLE_SERVER_SIDE_CURSORS", False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while one signer writes; IMMEDIATE takes the write lock up
        # front so that two signers never deadlock upgrading a read lock.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Connections are kept between requests (DB_CONN_MAX_AGE) as on PostgreSQL: opening the file
    # and running the PRAGMAs for every request cost a quarter of a signature's CPU (bench/).

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared Redis when there is more than one app process, local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "firmamos"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English and Spanish, one petition, one count.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "America/New_York"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",), "en": ("es",)}
# The tabbed translation admin needs jQuery UI: served from static/, never from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Outgoing mail: the usual EMAIL_* variables; the console in development.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Firmamos <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Emails go through an outbox table (core/outbox.py, README "Production: the email worker"):
# `database` leaves them to `python manage.py email_worker`; `immediate` sends each one inline
# just after the transaction that queued it commits (development).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'immediate'")
# Waits before each retry of an email the SMTP server did not take; then it is given up.
EMAIL_RETRY_DELAYS = parse_durations(
    "EMAIL_RETRY_DELAYS", env_str("EMAIL_RETRY_DELAYS", "1m,5m,15m,30m,1h,2h,3h,4h,6h,7h")
)
# How long a worker holds an email it took; if it dies, another takes it after this.
# Keep it well above what one send can take (a few SMTP round trips of EMAIL_TIMEOUT each).
EMAIL_LEASE_SECONDS = env_int("EMAIL_LEASE_SECONDS", 300)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)  # seconds, for each exchange with the SMTP server
# Finished email jobs (ids only) are deleted this many hours after they finished.
TASK_RETENTION_HOURS = env_int("TASK_RETENTION_HOURS", 48)

# Long organizer jobs (exports as XLSX or PDF, delivery packets, big paper entries and imports)
# run in the background (core/jobs.py, `manage.py job_worker`). Their files hold signers' data:
# they are written under PRIVATE_FILES_ROOT, never under MEDIA_ROOT or STATIC_ROOT (nothing
# serves that folder; they are downloaded through the admin, permission checked each time).
PRIVATE_FILES_ROOT = Path(env_str("PRIVATE_FILES_ROOT", str(BASE_DIR / "private")))
for _public in (MEDIA_ROOT, STATIC_ROOT, *STATICFILES_DIRS):
    _private = PRIVATE_FILES_ROOT.resolve()
    if _private == Path(_public).resolve() or Path(_public).resolve() in _private.parents:
        raise ImproperlyConfigured("PRIVATE_FILES_ROOT must not be inside a public folder")
# A finished job's file (and the job itself) is deleted this many hours after it finished.
EXPORT_FILE_HOURS = env_int("EXPORT_FILE_HOURS", 24)
# How long a job worker holds a job without a sign of life (a heartbeat comes with each step of
# progress, at most every few seconds); a job whose worker died is taken again after this.
# Keep it above the longest stretch without progress (a PDF's layout step).
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 300)
# A job taken this many times without finishing (its worker killed each time) is marked failed.
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
# Paper entry and imports with more rows than this run as a background job.
PAPER_BACKGROUND_ROWS = env_int("PAPER_BACKGROUND_ROWS", 200)
# With TASKS_BACKEND=immediate, a job starts just after its commit in a daemon thread of the same
# process (so `make run` shows real progress without a worker); False runs it inline instead.
JOBS_IMMEDIATE_THREAD = env_bool("JOBS_IMMEDIATE_THREAD", True)

# Signing: per-IP per-petition hard ceiling, e.g. "60/m"; "off" disables. It stops floods only: a
# rally, a church or a carrier's shared address can bring many real signers through one address.
SIGN_RATE_LIMIT = parse_rate(env_str("SIGN_RATE_LIMIT", "60/m"))
# Above this many signatures from one address on one petition in the last hour, they are still
# accepted and counted, and the abuse review (/admin/abuse/) flags the address for a person.
SIGN_REVIEW_ABOVE = env_int("SIGN_REVIEW_ABOVE", 10)
# A sign form sent back sooner than this many seconds after the page was served is refused
# (people take longer than bots); 0 turns the check off.
SIGN_MIN_SECONDS = env_int("SIGN_MIN_SECONDS", 3)
# ... and refused once older than this many hours, or sent from another browser than the one it
# was served to (petitions/bot_checks.py). SIGN_MIN_SECONDS=0 turns the whole stamp check off.
SIGN_FORM_MAX_HOURS = env_int("SIGN_FORM_MAX_HOURS", 4)
# How many reverse proxies stand in front of the app and append to X-Forwarded-For; 0 means the
# app faces the internet and the client is REMOTE_ADDR.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
# How long the links in signers' emails work, in days.
CONFIRM_LINK_DAYS = env_int("CONFIRM_LINK_DAYS", 14)
WITHDRAW_LINK_DAYS = env_int("WITHDRAW_LINK_DAYS", 365)
# Long enough for an old update email in an inbox to still work.
UNSUBSCRIBE_LINK_DAYS = env_int("UNSUBSCRIBE_LINK_DAYS", 400)
# `manage.py anonymise_signatures` anonymises signatures of petitions closed longer ago than this.
RETENTION_DAYS = env_int("RETENTION_DAYS", 365)
# IP hashes and user agents serve abuse review only: blanked this many days after signing
# (by `anonymise_signatures`, daily).
ABUSE_REVIEW_DAYS = env_int("ABUSE_REVIEW_DAYS", 30)
# The audit log (who exported, downloaded, invalidated... what) is kept this long.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# How many seconds a petition's public page may be cached, and each process may keep the petition's
# open/closed state for signing (checked again in the signature's transaction: open_petitions.py).
COUNT_CACHE_SECONDS = env_int("COUNT_CACHE_SECONDS", 2)
# Public site address used in emails and share links when there is no request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Production: HTTPS only. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER to the
# header it sets (e.g. "X-Forwarded-Proto") so that Django knows the request came over HTTPS.
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): our own scripts and styles only, nothing inline.
# Bootstrap draws its check marks with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Operations (docs/production.md): /healthz and a request id answer before anything else; logs
# are JSON lines when DEBUG is off, scrubbed of personal data (config/logging.py); errors go by
# email to ADMINS ("Name <email>, ..."), and to Sentry when SENTRY_DSN is set (config/errors.py).
MIDDLEWARE = [
    "config.request_id.RequestIdMiddleware",
    "config.health.HealthCheckMiddleware",
    *MIDDLEWARE,
]
ADMINS = MANAGERS = parse_admins(env_str("ADMINS"))
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.logging.ExceptionReporterFilter"
LOGGING = logging_config(
    debug=DEBUG,
    level=env_str("LOG_LEVEL", "INFO"),
    email_admins=bool(ADMINS),
)
SENTRY_DSN = env_str("SENTRY_DSN")
init_sentry(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"))

# Staff accounts (README "Staff accounts"; staff/): a second factor, login lockout, short sessions.
# A second factor (TOTP, with recovery codes) is required before any admin page. Only a
# development machine (DEBUG on) may switch that off.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)
if not STAFF_2FA_REQUIRED and not DEBUG:
    raise ImproperlyConfigured("STAFF_2FA_REQUIRED=False is for development only (DEBUG=True).")
# Staff sessions end after this long without a request, and this long after signing in.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 12)
if STAFF_SESSION_IDLE_MINUTES < 1 or STAFF_SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("STAFF_SESSION_IDLE_MINUTES and STAFF_SESSION_MAX_HOURS must be 1+.")
# Login lockout (django-axes): failed sign-ins within STAFF_LOCKOUT_MINUTES, counted per username
# and address together, per address and per username; at a limit, signing in is refused (even
# with the right password) until STAFF_LOCKOUT_MINUTES after the last failure.
STAFF_LOCKOUT_MINUTES = env_int("STAFF_LOCKOUT_MINUTES", 30)
STAFF_LOGIN_FAILURE_LIMITS = {"username+address": 5, "address": 20, "username": 20}
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "staff.lockout.StaffLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_FAILURE_LIMIT = STAFF_LOGIN_FAILURE_LIMITS["username+address"]
AXES_COOLOFF_TIME = timedelta(minutes=STAFF_LOCKOUT_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_USERNAME_CALLABLE = "staff.lockout.username"
AXES_CLIENT_IP_CALLABLE = "staff.lockout.client_ip"  # the signers' rule: PROXY_COUNT
AXES_LOCKOUT_CALLABLE = "staff.lockout.locked_out"
AXES_RESET_ON_SUCCESS = False  # a success does not wipe the failures of others at that address
AXES_ENABLE_ADMIN = False  # unlock with `manage.py axes_reset_username NAME`, or wait
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are logged by staff.lockout (logger "firmamos.staff")
AXES_VERBOSE = False
# Password reset and invitation links (Django's tokens) work for this long, and once.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 72) * 3600
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Firmamos")

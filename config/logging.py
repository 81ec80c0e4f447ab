"""Logs: one JSON object a line in production (text in development), each with the request id,
and no signer's email, name or IP address in any of them, nor in the error emails to ADMINS.

Personal data is kept out in three places:
- `scrub()` rewrites every formatted line and every error email: email addresses, IP addresses
  and the tokens in signers' links become placeholders;
- `PersonalDataFilter` drops personal fields passed as `extra` and scrubs the message;
- `ExceptionReporterFilter` (Django's error reports, emailed to ADMINS) hides the sign form's
  fields, the client's address headers, cookies and every frame's local variables.
Names cannot be recognised in free text, so they are kept out at the source: the reports carry no
POST values of name fields and no local variables, and the app logs no signature's fields.
"""

import logging
import re

from django.utils.log import AdminEmailHandler as DjangoAdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from config import request_id

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
# Eight groups, or fewer around a "::" (so that a time like 10:30:00 is left alone).
IPV6 = re.compile(
    r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
    r"|(?:[0-9A-Fa-f]{1,4}:){0,6}:(?::?[0-9A-Fa-f]{1,4}){0,6})(?![\w:])"
)
# Signed tokens in signers' links (confirm, withdraw, unsubscribe), in either language.
LINK_TOKEN = re.compile(r"/(confirm|confirmar|withdraw|retirar|unsubscribe|baja)/[^/\s'\"]+")
# Form fields and request headers that name or locate a person.
PERSONAL_FIELDS = frozenset(
    {"first_name", "last_name", "email", "postal_code", "town", "comment", "ip", "ip_address"}
)
PERSONAL_META = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
PERSONAL_META += ("HTTP_COOKIE", "HTTP_CF_CONNECTING_IP", "HTTP_TRUE_CLIENT_IP")


def scrub(text):
    """`text` with email addresses, IP addresses and link tokens replaced."""
    if not text:
        return text
    text = EMAIL.sub("[email]", text)
    text = LINK_TOKEN.sub(r"/\1/[token]", text)
    text = IPV4.sub("[ip]", text)
    return IPV6.sub(lambda m: "[ip]" if len(m.group(0)) > 2 else m.group(0), text)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.current()
        return True


class PersonalDataFilter(logging.Filter):
    def filter(self, record):
        for name in PERSONAL_FIELDS & record.__dict__.keys():
            delattr(record, name)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template alone
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        return True


class TextFormatter(logging.Formatter):
    def format(self, record):
        return scrub(super().format(record))


class JsonFormatter(_JsonFormatter):
    def format(self, record):
        return scrub(super().format(record))


class AdminEmailHandler(DjangoAdminEmailHandler):
    """Django's error emails, scrubbed like the logs."""

    def send_mail(self, subject, message, *args, **kwargs):
        kwargs.pop("html_message", None)  # the HTML report shows local variables: never sent
        super().send_mail(scrub(subject), scrub(message), *args, **kwargs)


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    """What Django's error reports may show: no signer's fields, addresses, cookies or locals."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = super().get_post_parameters(request).copy()
        for name in cleansed:
            if name in PERSONAL_FIELDS or "token" in name or "password" in name:
                cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {k: self.cleansed_substitute if k in PERSONAL_META else v for k, v in meta.items()}

    def get_safe_cookies(self, request):
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [("(local variables)", self.cleansed_substitute)]


def config(*, debug, level="INFO", email_admins=False):
    """The LOGGING setting."""
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if debug else "json",
            "filters": ["personal_data", "request_id"],
        }
    }
    root_handlers = ["console"]
    if email_admins:
        handlers["mail_admins"] = {
            "class": "config.logging.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "personal_data"],
        }
        root_handlers.append("mail_admins")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "personal_data": {"()": "config.logging.PersonalDataFilter"},
            "request_id": {"()": "config.logging.RequestIdFilter"},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "text": {
                "()": "config.logging.TextFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            },
            "json": {
                "()": "config.logging.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": handlers,
        "root": {"handlers": root_handlers, "level": level},
        "loggers": {
            # Django's own handlers (its unscrubbed error emails) are replaced: its records go to
            # the root's handlers above, errors to ADMINS once.
            "django": {"handlers": [], "level": level, "propagate": True},
        },
    }

"""A request id on every log line of a request, echoed in the `X-Request-ID` response header.

The id comes from the proxy's `X-Request-ID` header when it is sane (docs/production.md has Caddy
set one), else it is made here. Only letters, digits and `._-` are taken, 8 to 128 of them, so
that a client cannot write into the logs through it.
"""

import contextvars
import re
import uuid

HEADER = "X-Request-ID"
SANE = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
_current = contextvars.ContextVar("request_id", default="-")


def current():
    """The id of the request being answered, or "-" outside one (commands, the worker)."""
    return _current.get()


def from_header(value):
    return value if value and SANE.match(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = from_header(request.headers.get(HEADER))
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response

"""The load generator: wrk (Debian's package) driven by bench/lua/bench.lua, and a browser's GET.

A signer does what a browser does: GET the petition page, which sets the CSRF cookie and carries the
token (and any other hidden field) in the form, then POST the form with that cookie.
"""

import json
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua" / "bench.lua"


class _HiddenInputs(HTMLParser):
    """Hidden inputs of the form whose action is `action` (or of the first POST form)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.done = False
        self.fields = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post" and not self.done:
            self.in_form = True
        elif (
            tag == "input" and self.in_form and attrs.get("type") == "hidden" and attrs.get("name")
        ):
            # Every one, a name given twice sent twice, as a browser sends the form (keeping the
            # first of each let a stale second CSRF token go unnoticed until 724dfb1).
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
            self.done = True


@dataclass
class FormSession:
    """What a browser holds after loading the page: cookies and the form's hidden fields."""

    cookie: str
    hidden: list

    @property
    def form_prefix(self):
        return urllib.parse.urlencode(self.hidden)


def load_form(url):
    """GET a page like a browser and keep its cookies and its sign form's hidden fields."""
    request = urllib.request.Request(url, headers={"User-Agent": "firmamos-bench"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own server)
        html = response.read().decode()
        cookies = [
            header.split(";", 1)[0] for header in response.headers.get_all("Set-Cookie") or []
        ]
    parser = _HiddenInputs()
    parser.feed(html)
    if not any(name == "csrfmiddlewaretoken" for name, _ in parser.fields):
        raise RuntimeError(f"no CSRF token in the form at {url}")
    return FormSession(cookie="; ".join(cookies), hidden=parser.fields)


_forms = {}


def prefetch_form(url):
    """Load the form now, so that it has been "filled in" for a while when it is sent."""
    _forms[url] = (time.monotonic(), load_form(url))


def aged_form(url, min_age):
    """The form loaded from url at least min_age seconds ago (a minimum fill time is respected)."""
    if url not in _forms:
        prefetch_form(url)
    fetched, session = _forms.pop(url)
    time.sleep(max(0.0, min_age - (time.monotonic() - fetched)))
    return session


def post_form(url, session, fields):
    """POST one filled-in form with the session's cookie; the status (redirects not followed)."""
    body = urllib.parse.urlencode([*session.hidden, *fields.items()]).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={
            "Cookie": session.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "firmamos-bench",
        },
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, *, connections, seconds, threads=2, method="GET", session=None, email_prefix=""):
    """Run wrk against url; returns its figures (requests/s, latency percentiles in ms, codes)."""
    parsed = urllib.parse.urlsplit(url)
    base = f"{parsed.scheme}://{parsed.netloc}"
    args = [method, parsed.path]
    if method == "POST":
        args += [session.cookie, session.form_prefix, email_prefix]
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        base,
        "--",
        *args,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^WRK_JSON (.*)$", completed.stdout, re.MULTILINE)
    if completed.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed: {completed.stdout}\n{completed.stderr}")
    raw = json.loads(match.group(1))
    seconds_taken = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(seconds_taken, 2),
        "rps": round(raw["requests"] / seconds_taken, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "bytes_per_response": round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0,
        "codes": raw["codes"],
        "socket_errors": {k: v for k, v in raw["errors"].items() if k != "status" and v},
        # [[microseconds, requests], ...]: for percentiles over several runs (bench/latency.py).
        "latency_us": raw["latency_us"],
    }

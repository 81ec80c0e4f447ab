"""The development `.env` file: written once by `make run`, read by the settings.

`load()` fills in only the variables that the real environment does not set, so a production
server configured through its environment (systemd, a container) is unaffected; with no `.env`
nothing changes at all. `ENV_FILE` names another file; `ENV_FILE=` (empty) reads none, which is
what the test settings do, so a developer's `.env` never changes what the tests check.

`python -m config.env_file --host H --port P` writes `.env` for development (DEBUG on, a fresh
SECRET_KEY, SITE_URL matching the port) unless it already exists: it is never overwritten.
This module uses only the standard library and python-dotenv, and imports no Django settings.
"""

import argparse
import ipaddress
import os
import re
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".env"
HOSTNAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def path():
    """The file to read: ENV_FILE if set (empty: none), else `.env` beside manage.py."""
    named = os.environ.get("ENV_FILE")
    if named is None:
        return DEFAULT
    return Path(named) if named.strip() else None


def load():
    """Fill unset environment variables from the env file, if there is one."""
    found = path()
    if found is None or not found.is_file():
        return None
    from dotenv import load_dotenv

    load_dotenv(found, override=False, interpolate=False)
    return found


def site_url(host, port):
    """The address people reach the development server at (0.0.0.0 listens everywhere, but
    links must name a real address)."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def check_host_and_port(host, port):
    """Raise ValueError with a clear message for a host or port runserver could not use."""
    try:
        number = int(port)
    except ValueError:
        raise ValueError(f"PORT must be a number from 1 to 65535, not {port!r}") from None
    if not 1 <= number <= 65535:
        raise ValueError(f"PORT must be a number from 1 to 65535, not {port!r}")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not HOSTNAME_RE.match(host):
            raise ValueError(f"HOST must be an IP address or a host name, not {host!r}") from None
    return host, number


def development_env(host, port):
    return (
        "# Written once by `make run` for development; never overwritten, never committed.\n"
        "# Variables set in the real environment win over these. Production does not need this\n"
        "# file: see docs/production.md.\n"
        "DEBUG=True\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"SITE_URL={site_url(host, port)}\n"
    )


def write(target, host, port):
    """Write the development env file unless it exists. True if written."""
    host, port = check_host_and_port(host, port)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(development_env(host, port))
    except FileExistsError:
        return False
    os.chmod(target, 0o600)  # it holds a secret
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the development .env once.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument("--site-url", action="store_true", help="only print the SITE_URL")
    parser.add_argument("--file", default=str(DEFAULT))
    args = parser.parse_args(argv)
    try:
        if args.site_url:
            host, port = check_host_and_port(args.host, args.port)
            print(site_url(host, port))
            return 0
        written = write(Path(args.file), args.host, args.port)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if written:
        print(f"Wrote {args.file} (DEBUG=True, a new SECRET_KEY, SITE_URL for port {args.port}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

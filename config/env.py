"""Tiny helpers that read settings from the environment and fail loudly on a bad value."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value == "True":
        return True
    if value == "False":
        return False
    raise ImproperlyConfigured(f"{name} must be 'True' or 'False', not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


RATE_RE = re.compile(r"^(\d+)/([smh])$")
RATE_PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(value):
    """'5/m' -> (5, 60); 'off' -> None. Anything else is a configuration error."""
    if value.strip().lower() == "off":
        return None
    match = RATE_RE.match(value.strip())
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"SIGN_RATE_LIMIT must look like '10/m', '2/s' or '100/h', or be 'off'; not {value!r}"
        )
    return int(match.group(1)), RATE_PERIODS[match.group(2)]


DURATION_RE = re.compile(r"^(\d+)([smh]?)$")


def parse_durations(name, value):
    """'1m,5m,1h' -> [60, 300, 3600] (seconds; a bare number is seconds). At least one."""
    durations = []
    for item in value.split(","):
        match = DURATION_RE.match(item.strip())
        if not match:
            raise ImproperlyConfigured(
                f"{name} must be durations like '30s,5m,1h', separated by commas; not {value!r}"
            )
        durations.append(int(match.group(1)) * RATE_PERIODS.get(match.group(2) or "s"))
    return durations

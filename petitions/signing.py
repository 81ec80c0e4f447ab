"""Signing: a signature built from a form and its request (keyed IP hash, user agent), stored and
counted by petitions/lifecycle.py."""

from core.addresses import address_key, client_ip, hash_ip  # noqa: F401 (used from here too)
from petitions import lifecycle
from petitions.models import Signature


def clean_user_agent(value):
    """Printable characters only (a NUL byte would not even fit in PostgreSQL), 300 at most."""
    return "".join(char for char in (value or "") if char.isprintable())[:300]


# Raised by `sign(..., only_if_open=True)`; defined with the counter in petitions/lifecycle.py.
PetitionChanged = lifecycle.PetitionChanged


def sign(
    petition,
    data,
    *,
    language,
    ip="",
    user_agent="",
    source=Signature.Source.ONLINE,
    notify=False,
    only_if_open=False,
    ip_hash=None,
):
    """Store a signature from a form's `data`. Returns (signature, created); created is False
    for a repeated email. Stored and counted by `lifecycle.add` (see there for `notify` and
    `only_if_open`). `ip_hash`: `hash_ip(ip)` when the caller has it already."""
    signature = Signature(
        language=language,
        source=source,
        ip_hash=hash_ip(ip) if ip_hash is None else ip_hash,
        user_agent=clean_user_agent(user_agent),
        **data,
    )
    return lifecycle.add(petition, signature, notify=notify, only_if_open=only_if_open)

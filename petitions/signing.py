"""Signing: a signature built from a form and its request (keyed IP hash, user agent), stored and
counted by petitions/lifecycle.py."""

import hashlib
import hmac
import ipaddress

from django.conf import settings

from petitions import lifecycle
from petitions.models import Signature


def address_key(ip):
    """What counts as one address: an IPv4 address, or an IPv6 /64 network (one household or
    machine gets a whole /64 and may rotate through it at will)."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hash_ip(ip):
    """A keyed hash of the address (an IPv6 /64, see address_key): lets abuse review group
    signatures, and the rate limit count them, by address without keeping it."""
    if not ip:
        return ""
    key = address_key(ip).encode()
    return hmac.new(settings.SECRET_KEY.encode(), key, hashlib.sha256).hexdigest()


def client_ip(request):
    """The signer's IP: REMOTE_ADDR, or the address the PROXY_COUNT-th proxy from us saw."""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


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
):
    """Store a signature from a form's `data`. Returns (signature, created); created is False
    for a repeated email. Stored and counted by `lifecycle.add` (see there for `notify` and
    `only_if_open`)."""
    signature = Signature(
        language=language,
        source=source,
        ip_hash=hash_ip(ip),
        user_agent=clean_user_agent(user_agent),
        **data,
    )
    return lifecycle.add(petition, signature, notify=notify, only_if_open=only_if_open)

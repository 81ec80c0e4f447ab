"""Storing a signature: one row per petition per email, the count raised in the same transaction."""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.db import IntegrityError

from petitions import counting, signer_emails, sqlite_writers
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


class PetitionChanged(Exception):
    """The petition stopped taking signatures, or changed how it counts them, since it was read."""


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
    """Store a signature. Returns (signature, created); created is False for a repeated email.

    One transaction: the row, the signer's email job when `notify` (with the database queue it
    is written in this transaction), and last the counter, whose row lock every signer of the
    petition waits for, so that it is held only until the commit. With `only_if_open`, the
    counter's UPDATE also checks that the petition is open and counts as `petition` says, and
    PetitionChanged is raised (nothing stored) when it does not.
    """
    signature = Signature(
        petition=petition,
        language=language,
        source=source,
        ip_hash=hash_ip(ip),
        user_agent=clean_user_agent(user_agent),
        **data,
    )
    try:
        with sqlite_writers.atomic():
            signature.save()
            if notify:
                signer_emails.after_signing(signature, petition)
            if only_if_open:
                if not counting.count_new_signature(petition):
                    raise PetitionChanged
            elif not petition.requires_confirmation:
                counting.adjust(petition.pk, +1)
    except IntegrityError:
        existing = Signature.objects.filter(petition=petition, email=data["email"]).first()
        if existing is None:  # not a duplicate after all: let the caller see the real error
            raise
        return existing, False
    return signature, True

"""The petition a signature is for, read at most once every few seconds in each server process.

Storing a signature needs a handful of the petition's columns, and under load reading them cost a
round trip and more Python than storing the signature (bench/, cProfile). A copy up to
`COUNT_CACHE_SECONDS` old is safe because it is checked where it matters: in the signature's own
transaction, `lifecycle.add` finds the petition still open and counting the way the
copy says, or the signature is rolled back and the view reads the petition afresh (`fresh=True`).
"""

import time

from django.conf import settings
from django.shortcuts import get_object_or_404

from petitions.models import Petition

FIELDS = (
    "id",
    "slug",
    "status",
    "opens_at",
    "closes_at",
    "requires_confirmation",
    "state",
    "only_state",
    "shared_email",
)
_copies = {}


def for_signing(slug, *, fresh=False):
    """The petition (only FIELDS loaded), or 404 for a draft or an unknown slug. `fresh` reads
    it from the database even when this process has a recent copy."""
    now = time.monotonic()
    found = None if fresh else _copies.get(slug)
    if found and found[0] > now:
        return found[1]
    petitions = Petition.objects.visible().only(*FIELDS)
    petition = get_object_or_404(petitions, slug=slug)
    if settings.COUNT_CACHE_SECONDS > 0:
        _copies[slug] = (now + settings.COUNT_CACHE_SECONDS, petition)
    return petition


def clear():
    _copies.clear()

"""Who may see a petition's thanks page: the browser that just sent the sign form, for a while.

A successful POST (and one a script's honeypot gave away, answered alike) leaves a note in the
session: when, and the town and state the signer gave. Nothing in it comes from the database, so a
repeated signer's page is a new signer's (tests/test_no_oracle.py). Anyone else who opens the
thanks address (a shared link) is sent to the petition.
"""

import time

from petitions import zip_lookup

SESSION_KEY = "firmamos.signed"
# How long after signing the thanks page is shown again (a reload, a return from a share app).
THANKS_SECONDS = 3600


def remember(request, petition, form):
    data = getattr(form, "cleaned_data", None) or {}
    found = zip_lookup.normalise(form.data.get("postal_code", "")) if not data else None
    record = getattr(form, "_zip_record", None) or (found[1] if found else {})
    town = data.get("town") or record.get("city", "")
    signed = request.session.get(SESSION_KEY, {})
    now = time.time()
    signed = {slug: note for slug, note in signed.items() if note["at"] > now - THANKS_SECONDS}
    place = ", ".join(part for part in (town, record.get("state", "")) if part)
    signed[petition.slug] = {"at": now, "place": place}
    request.session[SESSION_KEY] = signed


def recall(request, petition):
    """{'at': ..., 'place': 'Hartford, CT'} if this browser signed the petition lately."""
    note = request.session.get(SESSION_KEY, {}).get(petition.slug)
    if not note or note["at"] < time.time() - THANKS_SECONDS:
        return None
    return note

"""Who may see a petition's thanks page: the browser that just sent the sign form, for an hour.

A successful POST (and one a script's honeypot gave away, answered alike) sets a signed cookie
for that petition holding the town and state the signer gave. Nothing in it comes from the
database, so a repeated signer gets exactly a new signer's answer (tests/test_no_oracle.py).
Anyone else who opens the thanks address (a shared link) is sent to the petition.

A cookie rather than the session: storing a session would add a database write to every
signature, the one request whose cost matters most (tests/test_sign_outbox.py).
"""

from django.conf import settings

from petitions import zip_lookup

COOKIE_PREFIX = "signed_"
SALT = "firmamos.thanks"
# How long after signing the thanks page is shown again (a reload, a return from a share app).
THANKS_SECONDS = 3600


def cookie_name(petition_slug):
    return COOKIE_PREFIX + petition_slug


def place_of(form):
    """'Hartford, CT': the town as typed or found from the ZIP, and the ZIP's state."""
    data = getattr(form, "cleaned_data", None) or {}
    record = getattr(form, "_zip_record", None)
    if record is None:  # not validated (the honeypot): read the ZIP as the form would
        found = zip_lookup.normalise(form.data.get("postal_code", ""))
        record = found[1] if found else {}
    town = data.get("town") or record.get("city", "")
    return ", ".join(part for part in (town, record.get("state", "")) if part)


def remember(response, petition, form):
    response.set_signed_cookie(
        cookie_name(petition.slug),
        place_of(form) or "-",
        salt=SALT,
        max_age=THANKS_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def recall(request, petition):
    """{'place': 'Hartford, CT'} if this browser signed the petition in the last hour, else None."""
    place = request.get_signed_cookie(
        cookie_name(petition.slug), default=None, salt=SALT, max_age=THANKS_SECONDS
    )
    if place is None:
        return None
    return {"place": "" if place == "-" else place}

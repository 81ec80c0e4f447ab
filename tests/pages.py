"""The public pages, in one place, for the checks that go over all of them.

Accessibility (tests/browser/test_accessibility.py), HTML validity (tests/test_html_validity.py) and
Spanish completeness (tests/test_spanish_completeness.py) each visit every page listed here in both
languages. A new public page is one more line in PUBLIC_PAGES; a page that needs something in the
database first (a token, a signature) gives a `kwargs` callable that creates it and returns the URL
arguments. It is called inside the test, with the seeded Trust Act petition in the database.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import translation

LANGUAGES = ("en", "es")
PETITION = "trust-act-2018"
CAMPAIGN = "connecticut-trust-act"


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    kwargs: dict | object = field(default_factory=dict)  # or a callable returning the dict
    signed: bool = False  # shown only to the browser that just signed (petitions/thanks.py)

    def url(self, language):
        kwargs = self.kwargs() if callable(self.kwargs) else self.kwargs
        with translation.override(language):
            return reverse(self.url_name, kwargs=kwargs)


def _unsubscribe_kwargs():
    from core import tokens
    from petitions.models import Petition, Signature

    signature, _ = Signature.objects.get_or_create(
        petition=Petition.objects.get(slug=PETITION),
        email="pages@example.com",
        defaults={
            "first_name": "Ana",
            "last_name": "Ruiz",
            "postal_code": "06106",
            "language": "es",
            "updates_opt_in": True,
        },
    )
    return {"token": tokens.make(signature.link_key, tokens.UNSUBSCRIBE)}


PUBLIC_PAGES = [
    Page("home", "home"),
    Page("petition", "petitions:detail", {"slug": PETITION}),
    Page("thanks", "petitions:thanks", {"slug": PETITION}, signed=True),
    Page("campaign", "campaigns:detail", {"slug": CAMPAIGN}),
    Page("unsubscribe", "unsubscribe", _unsubscribe_kwargs),
    Page("privacy", "privacy"),
]

# A sign form that cannot be accepted: every kind of field error shows at once.
BAD_SIGNATURE = {
    "first_name": "",
    "last_name": "Nuñez",
    "email": "not-an-email",
    "postal_code": "061O6",
    "town": "",
    "comment": "",
}


def as_signer(client, slug=PETITION):
    """Let a test client see the thanks page, as if it had just signed (from Hartford, CT)."""
    from django.core import signing

    from petitions import thanks

    signer = signing.get_cookie_signer(salt=thanks.cookie_name(slug) + thanks.SALT)
    client.cookies[thanks.cookie_name(slug)] = signer.sign("Hartford, CT")
    return client


def prepare(page, client):
    if page.signed:
        as_signer(client)
    return client


def page_params():
    """(page, language) pairs with readable ids, for pytest.mark.parametrize."""
    return [
        pytest.param(page, language, id=f"{page.name}-{language}")
        for page in PUBLIC_PAGES
        for language in LANGUAGES
    ]

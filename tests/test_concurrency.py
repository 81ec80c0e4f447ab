"""Simultaneous requests on PostgreSQL, with real threads, each with its own connection.

The unique constraint and the conditional UPDATEs must hold under real concurrency: SQLite
serialises every writer, so these run on PostgreSQL only (CI's second run).
"""

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client

from core import tokens
from petitions.models import Signature
from tests.conftest import petition_url
from tests.threads import in_threads as _in_threads
from tests.trust_helpers import assert_count_is_exact, require_confirmation

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time, so it "
        "cannot show what simultaneous requests do",
    ),
    pytest.mark.django_db(transaction=True),
]


def _post(url, data, ip, client=None):
    return lambda: (client or Client()).post(url, data, REMOTE_ADDR=ip)


def test_fifty_simultaneous_posts_with_the_same_email_make_one_signature(petition, sign_data):
    url = petition_url("en")
    jobs = [_post(url, sign_data, f"10.1.0.{n}") for n in range(50)]
    responses = _in_threads(jobs, workers=50)
    assert [r.status_code for r in responses] == [302] * 50
    assert {r["Location"] for r in responses} == {"/en/petitions/trust-act-2018/thanks/"}
    assert Signature.objects.count() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1
    # One receipt, and one explanation to the address for the 49 repeats (at most one an hour).
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == [
        "You had already signed",
        "You signed",
    ]


def test_five_hundred_simultaneous_signers_make_five_hundred_signatures(petition, sign_data):
    def job(n):
        data = {**sign_data, "email": f"signer{n}@example.com"}
        return _post(petition_url("es" if n % 2 else "en"), data, f"10.2.{n // 200}.{n % 200}")

    responses = _in_threads([job(n) for n in range(500)], workers=16)
    assert [r.status_code for r in responses] == [302] * 500
    assert Signature.objects.count() == 500
    petition.refresh_from_db()
    assert petition.signature_count == 500
    page = Client().get(petition_url("en")).content.decode()
    assert "<strong>500</strong> of 1,000 signatures" in page  # the goal raised itself at 500


def test_double_clicking_sign_makes_one_signature(petition, sign_data):
    browser = Client()
    browser.get(petition_url("es"))
    responses = _in_threads([_post(petition_url("es"), sign_data, "10.3.0.1", browser)] * 2, 2)
    assert [r.status_code for r in responses] == [302, 302]
    assert Signature.objects.count() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_simultaneous_confirm_and_withdraw_clicks_keep_the_count_exact(petition, sign_data):
    require_confirmation(petition)
    signers = []
    for n in range(3):
        Client().post(petition_url("en"), {**sign_data, "email": f"s{n}@example.com"})
        signers.append(Signature.objects.get(email=f"s{n}@example.com"))
    base = petition_url("en")

    def confirm(signature):
        token = tokens.make(signature.link_key, tokens.CONFIRM)
        return lambda: Client().post(f"{base}confirm/{token}/")

    def withdraw(signature):
        token = tokens.make(signature.link_key, tokens.WITHDRAW)
        return lambda: Client().post(f"{base}withdraw/{token}/")

    # 20 confirm clicks on each; on the last one, 10 withdraw clicks at the same time.
    jobs = [confirm(s) for s in signers for _ in range(20)] + [withdraw(signers[2])] * 10
    responses = _in_threads(jobs, workers=24)
    assert {r.status_code for r in responses} == {200}
    assert (
        Signature.objects.filter(confirmed_at__isnull=False, withdrawn_at__isnull=True).count() == 2
    )
    assert Signature.objects.filter(withdrawn_at__isnull=False).count() == 1
    assert_count_is_exact(petition)
    assert petition.signature_count == 2

"""`manage.py anonymise_signatures`: petitions closed long ago keep their counts and towns only."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from petitions.models import Petition, Signature
from tests.conftest import petition_url
from tests.trust_helpers import post


def _run(*args):
    out = StringIO()
    call_command("anonymise_signatures", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def signed(client, petition, sign_data):
    post(client, petition_url("en"), {**sign_data, "comment": "Por mis hijos"})
    post(
        client, petition_url("es"), {**sign_data, "email": "b@example.com", "postal_code": "06511"}
    )
    petition.refresh_from_db()
    return petition


def _close(petition, days_ago):
    Petition.objects.filter(pk=petition.pk).update(
        status=Petition.Status.CLOSED, closes_at=timezone.now() - timedelta(days=days_ago)
    )


def test_signatures_of_petitions_closed_long_ago_are_anonymised(signed, settings):
    settings.RETENTION_DAYS = 30
    _close(signed, 31)
    output = _run()
    assert "trust-act-2018: 2" in output
    for signature in Signature.objects.all():
        assert (signature.first_name, signature.last_name, signature.email) == ("", "", "")
        assert (signature.postal_code, signature.comment, signature.ip_hash) == ("", "", "")
        assert signature.user_agent == "" and not signature.public
    assert sorted(Signature.objects.values_list("town", "state")) == [
        ("Hartford", "CT"),
        ("New Haven", "CT"),
    ]
    signed.refresh_from_db()
    assert signed.signature_count == 2 == Signature.objects.counted().count()
    assert "0 signatures anonymised" in _run()  # again: nothing left to do


def test_recently_closed_and_open_petitions_are_untouched(signed, settings):
    settings.RETENTION_DAYS = 30
    assert "0 signatures anonymised" in _run()  # open
    _close(signed, 29)
    assert "0 signatures anonymised" in _run()  # closed, but not long enough
    assert Signature.objects.filter(first_name="José María").count() == 2
    assert "2 signatures anonymised" in _run("--days", "7")


def test_closed_by_hand_without_a_closing_date_counts_from_its_last_change(signed):
    Petition.objects.filter(pk=signed.pk).update(
        status=Petition.Status.CLOSED, updated_at=timezone.now() - timedelta(days=400)
    )
    assert "2 signatures anonymised" in _run("--days", "365")


def test_dry_run_changes_nothing(signed):
    _close(signed, 400)
    assert "2 signatures would be anonymised" in _run("--days", "365", "--dry-run")
    assert Signature.objects.filter(email="b@example.com").exists()

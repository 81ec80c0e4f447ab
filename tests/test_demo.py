"""`manage.py demo`: a living petition for newcomers, marked, exact, and removable."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from campaigns.models import Event
from outreach import demo
from petitions.models import Delivery, Signature
from tests.conftest import petition_url
from tests.signature_helpers import add_signature, stored_count


def _demo(*args, **options):
    out = io.StringIO()
    call_command("demo", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True  # as under `make run`


def test_adds_realistic_marked_signatures_and_keeps_the_count_exact(petition, debug, client):
    real = add_signature(petition, email="real@example.com")
    events_before = Event.objects.count()
    assert "Added 400 demo signatures" in _demo(count=400)

    signatures = demo.demo_signatures()
    assert signatures.count() == 400
    assert stored_count(petition) == Signature.objects.counted().count() == 401
    assert set(signatures.values_list("language", flat=True)) == {"en", "es"}
    assert set(signatures.values_list("public", flat=True)) == {True, False}
    assert set(signatures.values_list("updates_opt_in", flat=True)) == {True, False}
    assert set(signatures.values_list("state", flat=True)) == {"CT"}
    names = {f"{s.first_name} {s.last_name}" for s in signatures}
    assert any("-" in name for name in names) and any("ñ" in name or "í" in name for name in names)
    days = {s.signed_at.date() for s in signatures}
    assert len(days) > 20 and max(s.signed_at for s in signatures) <= timezone.now()
    for signature in signatures.order_by("?")[:20]:
        assert signature.email.endswith("@demo.firmamos.invalid")

    delivery = Delivery.objects.get(notes=demo.DELIVERY_NOTE)
    assert delivery.status == Delivery.Status.DELIVERED
    assert 0 < delivery.signature_count == delivery.signatures.count() < 400
    assert delivery.update.title_es.startswith("Ejemplo")
    event = Event.objects.get(url=demo.DEMO_LINK)
    assert event.starts_at > timezone.now() and event.title_en.startswith("Demo")
    assert Event.objects.count() == events_before + 1

    page = client.get(petition_url("es")).content.decode()
    assert "401" in page.replace(",", "").replace(".", "")

    assert "already there" in _demo(count=400)  # a second run adds nothing
    assert stored_count(petition) == 401

    assert "removed (400 signatures)" in _demo("--remove")
    assert list(Signature.objects.all()) == [real]
    assert stored_count(petition) == Signature.objects.counted().count() == 1
    assert not Delivery.objects.exists() and Event.objects.count() == events_before
    assert "removed (0 signatures)" in _demo("--remove")  # nothing left: nothing happens


def test_refused_when_debug_is_off_unless_forced(petition):
    with pytest.raises(CommandError, match="DEBUG is off"):
        _demo(count=10)
    assert not demo.demo_signatures().exists()
    _demo("--force", count=10)
    assert demo.demo_signatures().count() == 10 == stored_count(petition)


@pytest.mark.parametrize("count", [0, -5, 10_000_000])
def test_a_bad_count_is_a_clear_error(petition, debug, count):
    with pytest.raises(CommandError, match="--count"):
        _demo(count=count)


def test_without_the_seeded_petition_it_says_what_to_run(db, debug):
    with pytest.raises(CommandError, match="seed_trust_act"):
        _demo(count=10)
    assert "removed (0 signatures)" in _demo("--remove")

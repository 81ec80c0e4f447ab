import pytest
from django.core.management import call_command
from django.utils import translation

from petitions.models import Petition
from tests.clock import BROWSER_CSRF_SECRET, served_ago


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English; a Spanish test says so explicitly."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _permissions_after_a_serialized_flush(request):
    """A transactional test that follows one with `serialized_rollback=True` (the browser
    journeys) starts from a database that Django flushed without post_migrate: no permissions,
    no Organizers group. Put them back, as `migrate` would, so that the order tests run in does
    not decide what an organiser may do."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Permission
    from django.core.management.sql import emit_post_migrate_signal

    if not Permission.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from petitions import open_petitions, page_cache

    cache.clear()
    page_cache.clear()
    open_petitions.clear()
    yield
    cache.clear()
    page_cache.clear()
    open_petitions.clear()


@pytest.fixture
def petition(db):
    call_command("seed_trust_act", stdout=open("/dev/null", "w"))
    return Petition.objects.get(slug="trust-act-2018")


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's admin_client, with the second factor passed (tests/staff_helpers.py)."""
    from tests.staff_helpers import staff_client

    return staff_client(admin_user)


@pytest.fixture(autouse=True)
def _browsers_carry_a_csrf_cookie(monkeypatch):
    """Every test client is a browser that has loaded a page: it carries a CSRF cookie, to which
    the sign form's stamp is bound (tests/clock.py makes stamps for it)."""
    from django.conf import settings as django_settings
    from django.test import Client

    original = Client.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.cookies[django_settings.CSRF_COOKIE_NAME] = BROWSER_CSRF_SECRET

    monkeypatch.setattr(Client, "__init__", init)


@pytest.fixture
def sign_data():
    """What a person sends: the form served a minute ago (tests/clock.py), then filled in."""
    return {
        "started": served_ago(),
        "first_name": "José María",
        "last_name": "Nuñez-Ortiz",
        "email": "jose@example.com",
        "postal_code": "06106",
        "town": "",
        "comment": "",
        "public": "on",
    }


def petition_url(lang, slug="trust-act-2018"):
    return {"en": f"/en/petitions/{slug}/", "es": f"/es/peticiones/{slug}/"}[lang]


def thanks_url(lang, slug="trust-act-2018"):
    return {"en": f"/en/petitions/{slug}/thanks/", "es": f"/es/peticiones/{slug}/gracias/"}[lang]

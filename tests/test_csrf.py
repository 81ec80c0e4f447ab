"""CSRF protection stays on for every form a signer or an organiser submits."""

from django.contrib.auth.models import User
from django.test import Client

from core import tokens
from petitions.models import Signature
from tests.conftest import petition_url
from tests.staff_helpers import log_in_staff


def test_every_form_refuses_a_post_without_the_csrf_token(petition, sign_data):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(petition_url("es"), sign_data).status_code == 403
    assert Signature.objects.count() == 0
    Client().post(petition_url("en"), sign_data)
    signature = Signature.objects.get()
    for purpose, segment in ((tokens.CONFIRM, "confirm"), (tokens.WITHDRAW, "withdraw")):
        url = f"{petition_url('en')}{segment}/{tokens.make(signature.link_key, purpose)}/"
        assert strict.post(url).status_code == 403
    signature.refresh_from_db()
    assert signature.withdrawn_at is None and signature.email == sign_data["email"]
    log_in_staff(strict, User.objects.create_superuser("boss", "b@example.com", "pw"))
    response = strict.post("/admin/abuse/", {"selected": ["ip|1|x"], "confirm": "yes"})
    assert response.status_code == 403


def test_the_sign_form_carries_the_token_and_a_real_browser_flow_passes(petition, sign_data):
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(petition_url("en")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = strict.post(petition_url("en"), {**sign_data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Signature.objects.count() == 1

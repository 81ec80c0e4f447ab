import pytest
from django.db import IntegrityError, transaction

from petitions.models import Petition, Signature
from tests.conftest import petition_url, thanks_url
from tests.signature_helpers import set_stored_count


@pytest.mark.parametrize("lang", ["en", "es"])
def test_signing_stores_the_page_language_and_redirects_to_thanks(
    client, petition, sign_data, lang
):
    response = client.post(petition_url(lang), sign_data)
    assert response.status_code == 302
    assert response["Location"] == thanks_url(lang)
    signature = Signature.objects.get()
    assert signature.language == lang
    assert signature.source == Signature.Source.ONLINE
    assert signature.first_name == "José María"
    assert signature.last_name == "Nuñez-Ortiz"
    assert (signature.town, signature.state) == ("Hartford", "CT")
    petition.refresh_from_db()
    assert petition.signature_count == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    expected = {"en": "<h1>Thank you for signing</h1>", "es": "<h1>Gracias por firmar</h1>"}[lang]
    assert expected in page.content.decode()


def test_the_ip_is_kept_only_as_a_hash(client, petition, sign_data):
    client.post(petition_url("en"), sign_data, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Phone")
    signature = Signature.objects.get()
    assert len(signature.ip_hash) == 64
    assert "203.0.113.7" not in signature.ip_hash
    assert signature.user_agent == "Phone"


@pytest.mark.parametrize(
    "variant", ["JOSE@EXAMPLE.COM", "  jose@example.com  ", " Jose@Example.Com"]
)
def test_the_same_email_in_another_case_or_with_spaces_signs_once(
    client, petition, sign_data, variant
):
    client.post(petition_url("en"), sign_data)
    response = client.post(petition_url("es"), {**sign_data, "email": variant}, follow=True)
    assert response.status_code == 200
    assert (
        "ya firmó" not in response.content.decode()
    )  # the page never tells (tests/test_no_oracle.py)
    assert Signature.objects.count() == 1
    assert Signature.objects.get().email == "jose@example.com"
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_the_database_itself_refuses_a_second_signature_with_the_same_email(petition):
    Signature.objects.create(
        petition=petition,
        first_name="A",
        last_name="B",
        email="X@Example.com ",
        postal_code="06106",
        language="en",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            petition=petition,
            first_name="C",
            last_name="D",
            email="x@example.com",
            postal_code="06106",
            language="en",
        )


def test_the_signer_may_override_the_town(client, petition, sign_data):
    data = {**sign_data, "town": "West Hartford"}
    asked = client.post(petition_url("en"), data)  # 06106 is Hartford: asked first
    assert not Signature.objects.exists()
    client.post(
        petition_url("en"),
        {**data, "place_checked": asked.context["form"]["place_checked"].value()},
    )
    signature = Signature.objects.get()
    assert signature.town == "West Hartford"
    assert signature.state == "CT"


def test_zip_plus_four_and_a_lost_leading_zero_are_understood(client, petition, sign_data):
    client.post(petition_url("en"), {**sign_data, "postal_code": "06106-1234"})
    client.post(petition_url("en"), {**sign_data, "email": "b@example.com", "postal_code": "6511"})
    codes = sorted(Signature.objects.values_list("postal_code", flat=True))
    assert codes == ["06106-1234", "06511"]
    assert Signature.objects.get(postal_code="06511").town == "New Haven"


@pytest.mark.parametrize(
    ("status", "lang", "message"),
    [
        ("closed", "en", "This petition is closed and no longer accepts signatures."),
        ("closed", "es", "Esta petición está cerrada y ya no acepta firmas."),
    ],
)
def test_a_closed_petition_accepts_no_signature_and_says_why(
    client, petition, sign_data, status, lang, message
):
    Petition.objects.filter(pk=petition.pk).update(status=status)
    page = client.get(petition_url(lang))
    assert message in page.content.decode()
    assert 'name="first_name"' not in page.content.decode()
    response = client.post(petition_url(lang), sign_data)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert Signature.objects.count() == 0


def test_a_petition_past_its_closing_date_accepts_no_signature(client, petition, sign_data):
    from django.utils import timezone

    Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now())
    response = client.post(petition_url("en"), sign_data)
    assert response.status_code == 409
    assert Signature.objects.count() == 0


def test_a_draft_petition_is_not_public(client, petition, sign_data):
    Petition.objects.filter(pk=petition.pk).update(status="draft")
    assert client.get(petition_url("en")).status_code == 404
    assert client.post(petition_url("es"), sign_data).status_code == 404
    assert Signature.objects.count() == 0


def test_a_petition_cannot_open_while_spanish_is_missing(petition):
    from django.core.exceptions import ValidationError

    petition.title_es = ""
    petition.statement_es = " "
    with pytest.raises(ValidationError) as error:
        petition.full_clean()
    text = str(error.value)
    assert "title (Spanish)" in text and "statement (Spanish)" in text
    petition.status = Petition.Status.DRAFT
    petition.full_clean()  # a draft may be incomplete


def test_the_goal_raises_itself_when_reached(client, petition, sign_data):
    set_stored_count(petition, 99)
    client.post(petition_url("en"), sign_data)
    page = client.get(petition_url("en")).content.decode()
    assert "<strong>100</strong> of 250 signatures" in page
    assert "100 signatures reached" in page
    page_es = client.get(petition_url("es")).content.decode()
    assert "<strong>100</strong> de 250 firmas" in page_es
    assert "¡Ya llegamos a 100 firmas!" in page_es


def test_public_signers_show_first_name_last_initial_and_town_only(client, petition, sign_data):
    client.post(petition_url("en"), sign_data)
    client.post(
        petition_url("en"),
        {**sign_data, "email": "hidden@example.com", "first_name": "Oculta", "public": ""},
    )
    page = client.get(petition_url("en")).content.decode()
    assert "José María N., Hartford" in page
    assert "Oculta" not in page

"""The admin never answers 500: bad filter values are ignored or give an empty list, ids that no
object can have give 404, a duplicate email gives a form error in the admin's language. A NUL
byte matters most on PostgreSQL, which refuses it in any query (run these there too)."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from petitions import deliveries, signing
from petitions.models import Delivery, Signature
from tests.job_helpers import run_jobs
from tests.signature_helpers import add_signature, organiser_of, stored_count
from tests.staff_helpers import log_in_staff

SIGNATURES = "/admin/petitions/signature/"


@pytest.fixture(params=["superuser", "organiser"])
def user_client(request, client, petition, django_user_model):
    if request.param == "superuser":
        user = django_user_model.objects.create_superuser("admin", password="pw")
    else:
        user = organiser_of(petition.campaign)
    log_in_staff(client, user)
    return client


@pytest.fixture
def signed(petition):
    signature = add_signature(petition, email="ana@example.com", town="Hartford")
    add_signature(petition, email="bob@example.com", town="New Haven")
    return signature


def _listed(response):
    return {row.email for row in response.context["cl"].result_list}


@pytest.mark.parametrize(
    "query",
    ["petition=abc", "petition=%C2%B2", "petition=99999999999999999999999", "petition=-1"],
)
def test_a_petition_no_one_has_gives_an_empty_list(user_client, signed, query):
    response = user_client.get(f"{SIGNATURES}?{query}")
    assert response.status_code == 200
    assert _listed(response) == set()


def test_a_good_petition_filter_still_filters(user_client, petition, signed):
    response = user_client.get(f"{SIGNATURES}?petition={petition.pk}")
    assert _listed(response) == {"ana@example.com", "bob@example.com"}


@pytest.mark.parametrize(
    "query, kept",
    [
        ("town=%00", ""),
        ("language=%00", ""),
        ("source=%00&town=Hartford", "town=Hartford"),
        ("petition=%00", ""),
        ("q=%00", ""),
        ("%00=1", ""),
        ("signed_at__gte=%00", ""),
        ("town=Hart%00ford&language=en", "language=en"),
    ],
)
def test_a_nul_byte_in_a_filter_is_ignored(user_client, signed, query, kept):
    response = user_client.get(f"{SIGNATURES}?{query}")
    assert response.status_code == 302
    assert response["Location"] == SIGNATURES + (f"?{kept}" if kept else "")
    assert user_client.get(response["Location"]).status_code == 200


def test_the_town_filter_itself_gives_an_empty_list_for_a_nul_byte(
    rf, petition, signed, django_user_model
):
    from petitions.admin.filters import TownFilter

    request = rf.get("/")
    request.user = django_user_model.objects.create_superuser("admin", password="pw")
    model_admin = admin.site._registry[Signature]
    town = TownFilter(request, {"town": ["Hart\x00ford"]}, Signature, model_admin)
    assert not town.queryset(None, Signature.objects.all()).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/petitions/petition/?campaign=abc",
        "/admin/petitions/delivery/?petition=abc",
        "/admin/petitions/petition/?status=%00",
        "/admin/outreach/update/?campaign__id__exact=%00",
        f"{SIGNATURES}?delivery__id__exact=abc",
        f"{SIGNATURES}?signed_at__year=abc",
        f"{SIGNATURES}?p=99999",
        f"{SIGNATURES}export/?petition=abc",
        f"{SIGNATURES}export/?petition=%00",
        "/admin/abuse/?since=%00",
    ],
)
def test_other_lists_and_pages_take_bad_filters_without_an_error(user_client, signed, url):
    assert user_client.get(url).status_code in (200, 302)


def _bad_id_urls(petition, delivery):
    ids = ["abc", "%00", "%C2%B2", "99999999999999999999999", "987654"]
    for bad in ids:
        yield f"/admin/petitions/petition/{bad}/paper/"
        yield f"/admin/petitions/petition/{bad}/signature-sheet/"
        yield f"/admin/petitions/delivery/{bad}/packet/"
        for ct in ContentType.objects.all():
            yield f"/admin/r/{ct.pk}/{bad}/"
    yield "/admin/r/15/x/"
    yield "/admin/r/abc/1/"
    yield "/admin/r/%00/1/"


def test_ids_no_object_can_have_give_404(user_client, petition, signed):
    delivery = deliveries.record(petition, Signature.objects.all())
    for url in _bad_id_urls(petition, delivery):
        assert user_client.get(url).status_code == 404, url


@pytest.mark.parametrize("stored", ["", "deliveries/2018/gone.pdf"])
def test_a_packet_with_no_file_or_a_lost_one_is_built_again(
    admin_client, petition, signed, settings, tmp_path, stored
):
    """No stored file (deleted when a signer in it withdrew) or a file lost from the storage:
    the packet is built again from the delivery's signatures, in the background, and stored."""
    settings.MEDIA_ROOT = tmp_path
    delivery = deliveries.record(petition, Signature.objects.all())
    Delivery.objects.filter(pk=delivery.pk).update(packet=stored)
    response = admin_client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    assert response.status_code == 302 and "/jobs/" in response.url  # its progress page
    run_jobs()
    response = admin_client.get(f"/admin/petitions/delivery/{delivery.pk}/packet/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    delivery.refresh_from_db()
    assert delivery.packet and delivery.packet.name != stored


@pytest.mark.parametrize("selected", [["abc"], ["\x00"], ["²"], ["99999999999999999999999"]])
@pytest.mark.parametrize("name", ["invalidate", "restore", "export_csv", "export_pdf"])
def test_an_action_on_ids_no_row_can_have_changes_nothing(
    user_client, petition, signed, name, selected
):
    before = list(Signature.objects.order_by("pk").values())
    response = user_client.post(SIGNATURES, {"action": name, "_selected_action": selected})
    assert response.status_code == 302
    assert list(Signature.objects.order_by("pk").values()) == before
    assert "No items have been changed" in user_client.get(SIGNATURES).content.decode()


# Changing a signature's email to one that already signed the petition -------------------------


def _change(client, signature, HTTP_ACCEPT_LANGUAGE="en", **changes):
    data = {
        "first_name": signature.first_name,
        "last_name": signature.last_name,
        "email": signature.email,
        "postal_code": signature.postal_code,
        "town": signature.town,
        "state": signature.state,
        "comment": signature.comment,
        **changes,
    }
    url = f"{SIGNATURES}{signature.pk}/change/"
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=HTTP_ACCEPT_LANGUAGE)


@pytest.mark.parametrize(
    "lang, message",
    [
        ("en", "This email address has already signed this petition."),
        ("es", "Este correo electrónico ya firmó esta petición."),
    ],
)
@pytest.mark.parametrize("email", ["bob@example.com", "  BOB@Example.com "])
def test_an_email_that_already_signed_gives_a_form_error(
    user_client, petition, signed, lang, message, email
):
    count = stored_count(petition)
    response = _change(user_client, signed, email=email, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Signature.objects.get(pk=signed.pk).email == "ana@example.com"
    assert stored_count(petition) == count


def test_an_email_of_another_petition_or_the_signatures_own_is_fine(admin_client, petition, signed):
    from tests.signature_helpers import other_petition

    add_signature(other_petition(), email="carla@example.com")
    assert _change(admin_client, signed, email="carla@example.com").status_code == 302
    assert _change(admin_client, signed, email="CARLA@example.com").status_code == 302
    assert Signature.objects.get(pk=signed.pk).email == "carla@example.com"


# The custom views with hostile input of their own -----------------------------------------------


@pytest.mark.parametrize(
    "dates",
    [
        {"date_from": "2018-01-01", "date_to": "9999-12-31"},
        {"date_from": "9999-12-31", "date_to": "9999-12-31"},
        {"date_from": "2018-02-30", "date_to": "2018-13-01"},
        {"date_from": "\x00", "date_to": "²"},
        {"date_from": "2018-03-02", "date_to": "2018-03-01"},
        {"date_from": "", "date_to": ""},
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_export_form_answers_bad_dates_with_a_form_error(user_client, petition, fmt, dates):
    data = {"petition": petition.pk, "format": fmt, "scope": "range", "headings": "en", **dates}
    response = user_client.post(f"{SIGNATURES}export/", data)
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(
    "data",
    [
        {"petition": "\x00", "format": "\x00", "scope": "\x00", "headings": "\x00"},
        {"petition": "abc", "format": "csv", "scope": "all", "headings": "en", "language": "xx"},
        {"format": "pdf", "scope": "all", "headings": "en", "delivery_date": "9999-12-31"},
    ],
)
def test_the_export_form_answers_other_bad_values_with_a_form_error(user_client, petition, data):
    response = user_client.post(f"{SIGNATURES}export/", {"petition": petition.pk, **data})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize(
    "selected",
    [
        ["ip|²|abc"],
        ["ip|{pk}|\x00"],
        ["domain|{pk}|\x00example.com"],
        ["domain|99999999999999999999999|example.com"],
        ["nonsense"],
        ["|||"],
        [],
    ],
)
@pytest.mark.parametrize("confirm", ["", "yes"])
def test_the_abuse_review_ignores_selections_it_cannot_read(
    user_client, petition, signed, selected, confirm
):
    Signature.objects.update(ip_hash=signing.hash_ip("192.0.2.1"))
    before = list(Signature.objects.order_by("pk").values())
    data = {"selected": [s.format(pk=petition.pk) for s in selected], "confirm": confirm}
    response = user_client.post("/admin/abuse/", data)
    assert response.status_code == 302  # back to the review: "Choose at least one IP..."
    assert list(Signature.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    "signed_at", ["2018-02-30", "9999-99-99", "2018-03-14T25:00", "2018-03-14T10:00+99:00"]
)
def test_paper_entry_reports_an_impossible_date_on_its_line(admin_client, petition, signed_at):
    text = f"first_name,last_name,postal_code,signed_at\nRosa,Parks,06106,{signed_at}\n"
    response = admin_client.post(
        f"/admin/petitions/petition/{petition.pk}/paper/", {"text": text, "language": "en"}
    )
    assert response.status_code == 200
    assert "write it as 2018-03-14 or as 03/14/2018 (month/day/year)" in response.content.decode()
    assert not Signature.objects.filter(source=Signature.Source.PAPER).exists()

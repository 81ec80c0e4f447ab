"""/api/campaigns/SLUG.json: public facts in both languages, never personal data."""

import json

from petitions import lifecycle
from tests.campaign_helpers import event, signer
from tests.conftest import petition_url

URL = "/api/campaigns/connecticut-trust-act.json"


def test_shape_and_figures(client, petition, sign_data):
    client.post(petition_url("es"), sign_data)
    event(petition.campaign, "Far rally", 30, place_en="Capitol", place_es="Capitolio")
    event(petition.campaign, "Near vigil", 2)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"slug", "title", "summary", "url", "petitions", "upcoming_events"}
    assert data["slug"] == "connecticut-trust-act"
    assert data["title"] == {"en": "Connecticut Trust Act", "es": "Ley de Confianza de Connecticut"}
    assert data["url"] == {
        "en": "/en/campaigns/connecticut-trust-act/",
        "es": "/es/campanas/connecticut-trust-act/",
    }
    (figures,) = data["petitions"]
    assert figures["slug"] == "trust-act-2018"
    assert figures["signature_count"] == 1
    assert figures["goal"] == 100
    assert figures["status"] == "open"
    assert figures["title"]["es"].startswith("Protejan a los residentes")
    assert figures["url"]["es"] == "/es/peticiones/trust-act-2018/"
    titles = [e["title"] for e in data["upcoming_events"]]
    assert titles == [
        {"en": "Near vigil", "es": "Near vigil (es)"},
        {"en": "Far rally", "es": "Far rally (es)"},
    ]  # soonest first; the 2017 events are past and left out
    far = data["upcoming_events"][1]
    assert set(far) == {"title", "place", "address", "starts_at", "ends_at", "all_day", "link"}
    assert far["place"] == {"en": "Capitol", "es": "Capitolio"}


def test_cache_headers(client, petition):
    response = client.get(URL)
    assert "public" in response["Cache-Control"]
    assert "max-age=30" in response["Cache-Control"]


def test_no_email_or_last_name_anywhere(client, petition, sign_data):
    client.post(petition_url("en"), {**sign_data, "updates_opt_in": "on"})
    signer(petition, "ana.secret@example.com", "es", last_name="Quiñones-Oyarzún", public=True)
    lifecycle.recount(petition)
    text = client.get(URL).content.decode()
    data = json.loads(text)
    for secret in (
        "jose@example.com",
        "ana.secret@example.com",
        "Nuñez-Ortiz",
        "Quiñones-Oyarzún",
        "@",
        "06106",
    ):
        assert secret not in text, secret
    assert data["petitions"][0]["signature_count"] == 2


def test_unpublished_or_unknown_campaign_is_404(client, petition):
    assert client.get("/api/campaigns/nope.json").status_code == 404
    petition.campaign.is_published = False
    petition.campaign.save()
    assert client.get(URL).status_code == 404
    assert client.post(URL).status_code == 405

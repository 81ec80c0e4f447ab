from tests.conftest import petition_url


def test_petition_json_has_public_figures_only(client, petition, sign_data):
    client.post(petition_url("es"), sign_data)
    response = client.get("/api/petitions/trust-act-2018.json")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    data = response.json()
    assert data["title"]["en"].startswith("Protect Connecticut Residents")
    assert data["title"]["es"].startswith("Protejan a los residentes")
    assert data["signature_count"] == 1
    assert data["goal"] == 100
    assert data["status"] == "open"
    assert data["deliveries"] == []
    assert "jose@example.com" not in response.content.decode()


def test_draft_petitions_have_no_json(client, petition):
    petition.status = "draft"
    petition.save()
    assert client.get("/api/petitions/trust-act-2018.json").status_code == 404

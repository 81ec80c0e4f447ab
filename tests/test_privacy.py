"""The public never sees an email address or a last name."""

from django.urls import reverse

from tests.conftest import petition_url, thanks_url


def test_no_email_or_last_name_on_any_public_page(client, petition, sign_data):
    signers = [
        {**sign_data, "first_name": "Visible", "last_name": "Zamorano", "email": "vz@example.com"},
        {
            **sign_data,
            "first_name": "Privada",
            "last_name": "Quintanilla",
            "email": "pq@example.com",
            "public": "",
        },
    ]
    for data in signers:
        assert client.post(petition_url("en"), data).status_code == 302
    urls = [
        "/en/",
        "/es/",
        petition_url("en"),
        petition_url("es"),
        thanks_url("en"),
        thanks_url("es"),
        "/en/campaigns/connecticut-trust-act/",
        "/es/campanas/connecticut-trust-act/",
        reverse("api-petition", kwargs={"slug": "trust-act-2018"}),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in ("vz@example.com", "pq@example.com", "Zamorano", "Quintanilla", "Privada"):
            assert secret not in body, (url, secret)
    assert "Visible Z." in client.get(petition_url("es")).content.decode()

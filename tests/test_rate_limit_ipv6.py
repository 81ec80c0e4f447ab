"""IPv6: one household or machine gets a whole /64 and can rotate through it at will, so the rate
limit (and abuse review's grouping, both by `signing.hash_ip`) count a /64 as one address."""

import pytest

from petitions import signing
from petitions.models import Signature
from tests.conftest import petition_url


@pytest.fixture
def two_per_minute(settings):
    settings.SIGN_RATE_LIMIT = (2, 60)


def _data(sign_data, n):
    return {**sign_data, "email": f"signer{n}@example.com"}


def test_rotating_within_a_64_is_one_address(client, petition, sign_data, two_per_minute):
    rotating = [f"2001:db8:aa:bb:{n:x}:{n * 7:x}::{n + 1:x}" for n in range(6)]
    answers = [
        client.post(petition_url("en"), _data(sign_data, n), REMOTE_ADDR=ip).status_code
        for n, ip in enumerate(rotating)
    ]
    assert answers == [302, 302, 429, 429, 429, 429]
    assert Signature.objects.count() == 2
    assert len(set(Signature.objects.values_list("ip_hash", flat=True))) == 1


def test_another_64_is_another_address(client, petition, sign_data, two_per_minute):
    for n in range(2):
        client.post(petition_url("en"), _data(sign_data, n), REMOTE_ADDR=f"2001:db8:aa:bb::{n}")
    neighbour = client.post(
        petition_url("en"), _data(sign_data, 9), REMOTE_ADDR="2001:db8:aa:bc::1"
    )
    assert neighbour.status_code == 302


def test_behind_a_proxy_the_forwarded_ipv6_counts(
    client, petition, sign_data, two_per_minute, settings
):
    settings.PROXY_COUNT = 1
    answers = [
        client.post(
            petition_url("es"),
            _data(sign_data, n),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{n + 10:x}",
        ).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("2001:db8::1", "2001:DB8:0:0:ffff::2", True),
        ("2001:db8::1", "2001:db8:0:1::1", False),
        ("::ffff:198.51.100.1", "198.51.100.1", True),  # IPv4 as IPv6 is the IPv4 address
        ("198.51.100.1", "198.51.100.2", False),  # IPv4: each address apart
        ("fe80::1%eth0", "fe80::2%eth0", True),
    ],
)
def test_what_counts_as_one_address(one, other, same):
    assert (signing.hash_ip(one) == signing.hash_ip(other)) is same


@pytest.mark.parametrize("junk", ["not-an-ip", "2001:db8::zz", "1.2.3.4.5", " ", "\x00"])
def test_junk_addresses_hash_without_crashing(junk):
    assert len(signing.hash_ip(junk)) == 64

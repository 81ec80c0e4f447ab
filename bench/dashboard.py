"""Time the petition dashboard at N signatures (PostgreSQL: DATABASE_URL=postgres://...).

    DATABASE_URL=... ALLOWED_HOSTS=testserver .venv/bin/python -m bench.dashboard 100000

Adds N generated signatures (bench/data.py) to the seeded petition if it has fewer, then renders
/admin/.../dashboard/ as a signed-in admin: once cold (the cache emptied: the figures that read
every signature are computed) and five times warm (only the count, today and this week).
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.data import generate_signatures  # noqa: E402
from petitions import lifecycle  # noqa: E402
from petitions.models import Petition  # noqa: E402
from tests.staff_helpers import log_in_staff  # noqa: E402


def main(n):
    call_command("migrate", verbosity=0)
    call_command("seed_trust_act", verbosity=0)
    petition = Petition.objects.get(slug="trust-act-2018")
    have = petition.signatures.count()
    if have < n:
        generate_signatures(petition, n - have, email_prefix=f"dash{have}-")
        lifecycle.recount(petition)
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "b@example.org", "x")
    from django.test import Client

    client = Client()
    log_in_staff(client, user)
    url = f"/admin/petitions/petition/{petition.pk}/dashboard/"
    cache.clear()
    start = time.perf_counter()
    response = client.get(url, secure=True)
    cold = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        client.get(url, secure=True)
        warm.append(time.perf_counter() - start)
    count = petition.signatures.count()
    median = sorted(warm)[2]
    print(f"{count} signatures: cold {cold * 1000:.0f} ms, warm median {median * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]))

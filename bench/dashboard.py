"""Time the petition dashboard at N signatures (PostgreSQL: DATABASE_URL=postgres://...).

    DATABASE_URL=... ALLOWED_HOSTS=testserver .venv/bin/python -m bench.dashboard 1000000

Adds N generated signatures (bench/data.py) to the seeded petition if it has fewer (their
recount forgets the stored days), then renders /admin/.../dashboard/ as a signed-in admin:

- once with no closed day stored (after an import, a recount or a change of the counting rule:
  every day is computed and stored; reported, no target);
- cold: the Django cache emptied and the busiest stored day forgotten, as the first view after
  midnight finds yesterday (that day's signatures are read and stored again);
- warm: five views more, every closed day stored (the median).

`make bench` runs `measure` after the signing load (bench/phase.py), so today's signatures are
counted live too. Alone, this module collects the static files into a temporary directory first.
"""

import os
import statistics
import sys
import tempfile
import time


def _render(client, url):
    start = time.perf_counter()
    response = client.get(url, secure=True)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return round(elapsed * 1000, 1)


def measure(slug):
    """{signatures, all_days_ms, cold_ms, cold_day_signatures, warm_ms, live_signatures}."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from petitions import rollup
    from petitions.models import Petition, PetitionDay
    from tests.staff_helpers import log_in_staff

    petition = Petition.objects.get(slug=slug)
    user = get_user_model().objects.filter(username="bench-admin").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-admin", "b@example.org", "x")
    client = Client()
    log_in_staff(client, user)
    url = f"/admin/petitions/petition/{petition.pk}/dashboard/"
    client.get("/admin/", secure=True)  # the process's imports and first connection, not timed

    rollup.changed(petition.pk)  # no day stored
    cache.clear()
    all_days = _render(client, url)

    busiest = PetitionDay.objects.filter(petition=petition).order_by("-counted", "day").first()
    rollup.changed(petition.pk, [busiest.day] if busiest else [])
    cache.clear()
    cold = _render(client, url)

    warm = [_render(client, url) for _ in range(5)]
    live_from = rollup.day_start(rollup.first_live_day(timezone.now()))
    return {
        "signatures": petition.signatures.count(),
        "all_days_ms": all_days,
        "cold_ms": cold,
        "cold_day_signatures": busiest.counted if busiest else 0,
        "warm_ms": statistics.median(warm),
        "live_signatures": petition.signatures.filter(signed_at__gte=live_from).count(),
        "target_ms": 500,
    }


def main(n):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="firmamos-static-"))
    django.setup()
    from django.core.management import call_command

    from bench.data import generate_signatures
    from petitions.models import Petition

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("seed_trust_act", verbosity=0)
    petition = Petition.objects.get(slug="trust-act-2018")
    have = petition.signatures.count()
    if have < n:
        generate_signatures(petition, n - have, email_prefix=f"dash{have}-")
    result = measure("trust-act-2018")
    print(
        f"{result['signatures']:,} signatures:"
        f" every closed day computed {result['all_days_ms']} ms;"
        f" cold (a day of {result['cold_day_signatures']:,} computed) {result['cold_ms']} ms;"
        f" warm median {result['warm_ms']} ms ({result['live_signatures']:,} counted live);"
        f" target < {result['target_ms']} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))

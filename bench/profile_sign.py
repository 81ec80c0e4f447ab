"""Where a signature's CPU goes: the sign POST of the app and of the baseline, run in this process
through Django's test client (CSRF checked, as in a browser) under cProfile with a CPU clock.

    DATABASE_URL=postgres://.../firmamos_bench_x python -m bench.profile_sign [N] [--top 25]

Uses an existing database (migrated, with the seeded petition and a `bench-baseline` twin made
here if missing). Prints CPU ms per signature for each, and the functions that take it.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import time
from pathlib import Path


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.update(
        DEBUG="False",
        SIGN_RATE_LIMIT="off",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="False",
        LOG_LEVEL="WARNING",
    )
    work = Path(__file__).resolve().parent / "results" / "work" / "static"
    os.environ.setdefault("BENCH_STATIC_ROOT", str(work))  # bench.run's collectstatic
    import django

    django.setup()


def _form(client, url):
    html = client.get(url).content.decode()
    form = html[html.index('method="post"') :] if 'method="post"' in html else html
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _profile(client, url, hidden, n, prefix, *, profiled=True):
    profile = cProfile.Profile(time.process_time)
    started = time.process_time()
    if profiled:
        profile.enable()
    for i in range(n):
        data = {
            **hidden,
            "first_name": "Bench",
            "last_name": "Signer",
            "email": f"{prefix}-{i}@example.org",
            "postal_code": "06106",
            "public": "on",
        }
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code
    profile.disable()
    return (time.process_time() - started) / n * 1000, profile


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=500)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cumulative", metavar="REGEX", help="by cumulative time, these only")
    parser.add_argument(
        "--plain", action="store_true", help="CPU time only, without cProfile's own overhead"
    )
    args = parser.parse_args(argv)
    _setup()
    from django.core.management import call_command
    from django.test import Client

    from bench.scenarios import BASELINE_PAGE, BASELINE_SIGN, BASELINE_SLUG
    from petitions.models import Petition

    if not Petition.objects.filter(slug="trust-act-2018").exists():
        call_command("seed_trust_act", stdout=io.StringIO())
    if not Petition.objects.filter(slug=BASELINE_SLUG).exists():
        twin = Petition.objects.get(slug="trust-act-2018")
        twin.pk, twin.slug, twin.count_base = None, BASELINE_SLUG, 0
        twin._state.adding = True
        twin.save()
    app_url = "/en/petitions/trust-act-2018/"
    run = int(time.time())
    results = {}
    for name, page, post in (("app", app_url, app_url), ("baseline", BASELINE_PAGE, BASELINE_SIGN)):
        client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="firmamos-bench")
        hidden = _form(client, page)
        time.sleep(float(os.environ.get("SIGN_MIN_SECONDS", "3")) + 0.5)
        _profile(client, post, hidden, 20, f"warm{run}{name}")  # connections, caches
        results[name] = _profile(
            client, post, hidden, args.n, f"prof{run}{name}", profiled=not args.plain
        )
    for name, (ms, profile) in results.items():
        print(f"\n=== {name}: {ms:.2f} ms CPU per signature ({args.n} signatures)")
        if args.plain:
            continue
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        if args.cumulative:
            stats.sort_stats("cumulative").print_stats(args.cumulative, args.top)
        else:
            stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue()[out.getvalue().index("ncalls") - 5 :])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

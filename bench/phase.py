"""One database backend's part of a benchmark run, in its own process (Django is set up once per
process, on that backend's benchmark database). Called by bench/run.py; prints its results as JSON.

    python -m bench.phase postgres|sqlite PROFILE_JSON DATABASE_URL REDIS_URL WORK_DIR OUTPUT
"""

import json
import os
import sys
import time
import urllib.parse
from pathlib import Path


def recreate_postgres(database_url):
    """Drop and create the benchmark database (its name must start with firmamos_bench)."""
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("firmamos_bench"):
        raise SystemExit(f"refusing to recreate {name!r}: benchmark databases are firmamos_bench*")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url, name


def drop_postgres(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def forget_rate_limits(redis_url):
    """Delete the benchmark's own keys (its prefix only), so a run starts with no limit used."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{os.environ['CACHE_KEY_PREFIX']}:*", count=1000):
        client.delete(key)


def main(backend, profile, database_url, redis_url, work, output):
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    if backend == "postgres":
        admin = recreate_postgres(database_url)
    else:
        admin = None
        for suffix in ("", "-wal", "-shm"):
            Path(urllib.parse.urlsplit(database_url).path + suffix).unlink(missing_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="False",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SIGN_RATE_LIMIT="off",
        BENCH_WORK=str(work),
        LOG_LEVEL="WARNING",
        SECURE_SSL_REDIRECT="False",
    )
    os.environ.pop("REDIS_URL", None)
    if redis_url:
        os.environ.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX="firmamos-bench")
    try:
        result = run_phase(backend, profile, database_url, redis_url, work)
    finally:
        from django.db import connections

        connections.close_all()
        if admin:
            drop_postgres(*admin)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(urllib.parse.urlsplit(database_url).path + suffix).unlink(missing_ok=True)
    Path(output).write_text(json.dumps(result, indent=2))


def run_phase(backend, profile, database_url, redis_url, work):
    import django

    django.setup()
    from django.core.management import call_command

    from bench import data, export, scenarios
    from petitions.models import Petition

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("seed_trust_act", stdout=quiet)
    if redis_url:
        forget_rate_limits(redis_url)
    slug = "trust-act-2018"
    petition = Petition.objects.get(slug=slug)
    extra_petitions = {}
    pdf_slugs = [f"bench-pdf-{size}" for size in profile["pdf_signatures"]]
    for extra_slug in (scenarios.BASELINE_SLUG, *pdf_slugs):
        twin = Petition.objects.get(pk=petition.pk)
        twin.pk = None
        twin.slug = extra_slug
        twin.count_base = 0
        twin.save()
        extra_petitions[extra_slug] = twin

    result = {"backend": backend}
    started = time.monotonic()
    data.generate_signatures(petition, profile["signatures"])
    result["data"] = {
        "signatures": profile["signatures"],
        "seconds": round(time.monotonic() - started, 1),
    }
    run_id = int(time.time()) % 100000
    if profile.get("only") != "export":
        result.update(run_servers(profile, database_url, redis_url, work, slug, run_id))
        if backend == "postgres" and profile.get("only") != "sign":
            # after the signing load: today's signatures counted live
            from bench import dashboard

            result["dashboard"] = dashboard.measure(slug)
    if profile.get("only") == "sign":
        return result
    if backend == "postgres":
        if profile.get("only") != "export":
            result["two_servers"] = (
                run_two_servers(profile, database_url, redis_url, work, run_id)
                if redis_url
                else {"available": False, "reason": "needs REDIS_URL"}
            )
        for pdf_slug, size in zip(pdf_slugs, profile["pdf_signatures"], strict=True):
            data.generate_signatures(extra_petitions[pdf_slug], size, f"pdf{size}-")
        if profile.get("pdf_of_main"):
            pdf_slugs.append(slug)
        result["export"] = export.run(slug, pdf_slugs, {**os.environ}, work)
        result["export"]["xlsx"] = export.run_xlsx(petition, profile, {**os.environ}, work)
    else:
        result["export"] = export.run(slug, None, {**os.environ}, work)
    return result


def run_servers(profile, database_url, redis_url, work, slug, run_id):
    """The page and sign scenarios against gunicorn on this backend (the sync-worker settings),
    then the sign scenario again under the threaded settings (`profile["threaded"]`)."""
    from bench import baseline_page, scenarios
    from bench.servers import Server, server_env

    result = {}
    env = server_env(database_url, redis_url=redis_url)
    env["BENCH_BASELINE_TEMPLATES"] = str(Path(work) / "baseline_templates")
    server = Server(
        profile["port"], env, workers=profile["workers"], log_dir=work, **profile["server"]
    )
    with server:
        for url in (scenarios.app_url(server, slug), server.url + scenarios.BASELINE_PAGE):
            scenarios.load.prefetch_form(url)
        if profile.get("only") != "sign":
            baseline_page.capture(server, slug, env["BENCH_BASELINE_TEMPLATES"])
            result["page"] = scenarios.page_pair(
                server,
                slug,
                connections=profile["page_connections"],
                seconds=profile["page_seconds"],
            )
            result["page"]["queries"] = scenarios.page_queries(slug)
            result["page"]["first_view"] = scenarios.first_view(server, slug)
            if profile.get("phone_score"):
                result["page"]["phone_score"] = scenarios.phone_score(server, slug)
        result["sign"] = _sign_pair(server, slug, profile, run_id)
        session = scenarios.load.aged_form(scenarios.app_url(server, slug), profile["fill_wait"])
        low = scenarios.run_sign(
            server,
            session,
            scenarios.app_url(server, slug),
            connections=profile["low_connections"],
            seconds=profile["low_seconds"],
            prefix=f"low{run_id}",
        )
        result["sign_low"] = scenarios.combined([low])
        result["sign_low"].update(scenarios.check_count(server, slug))
    threaded = profile.get("threaded")
    if threaded:
        server = Server(
            profile["port"], env, workers=threaded["workers"], log_dir=work, **threaded["server"]
        )
        with server:
            result["sign_threaded"] = _sign_pair(server, slug, profile, f"{run_id}t")
            result["sign_threaded"]["settings"] = threaded
    return result


def _sign_pair(server, slug, profile, run_id):
    from bench import scenarios

    return scenarios.sign_pair(
        server,
        slug,
        connections=profile["sign_connections"],
        seconds=profile["sign_seconds"],
        run_id=run_id,
        fill_wait=profile["fill_wait"],
    )


def run_two_servers(profile, database_url, redis_url, work, run_id):
    from bench import scenarios
    from bench.servers import Server, server_env

    slug = "trust-act-2018"
    ports = [profile["port"] + 1, profile["port"] + 2]
    workers = max(1, profile["workers"] // 2)
    limit = profile["rate_limit"]
    limited = server_env(database_url, redis_url=redis_url, rate_limit=f"{limit}/h")
    servers = [
        Server(p, limited, workers=workers, log_dir=work, **profile["server"]) for p in ports
    ]
    try:
        for server in servers:
            server.start()
        rate_limit = scenarios.rate_limit_shared(
            servers,
            slug,
            limit=limit,
            attempts=3 * limit,
            run_id=run_id,
            fill_wait=profile["fill_wait"],
        )
    finally:
        for server in servers:
            server.stop()
    open_env = server_env(database_url, redis_url=redis_url)
    servers = [
        Server(p, open_env, workers=workers, log_dir=work, **profile["server"]) for p in ports
    ]
    try:
        for server in servers:
            server.start()
        result = scenarios.two_servers(
            servers,
            slug,
            connections=profile["sign_connections"],
            seconds=profile["sign_seconds"],
            run_id=run_id,
            fill_wait=profile["fill_wait"],
        )
    finally:
        for server in servers:
            server.stop()
    result["workers_per_server"] = workers
    result["rate_limit"] = rate_limit
    return result


if __name__ == "__main__":
    backend, profile, database_url, redis_url, work, output = sys.argv[1:7]
    main(backend, json.loads(profile), database_url, redis_url, work, output)

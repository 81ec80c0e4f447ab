"""The scenarios, each measured on the app and on the baseline served by the same gunicorn.

Runs inside a phase process (bench/phase.py) that has Django set up on the benchmark database, so
checks use the app's own definitions (`Signature.objects.counted()`).
"""

import re
import threading
import time
import urllib.request

from django.db import connection

from bench import latency, load
from petitions.models import Petition, Signature

BASELINE_SLUG = "bench-baseline"
APP_PATHS = {"en": "/en/petitions/{slug}/", "es": "/es/peticiones/{slug}/"}
BASELINE_PAGE = "/bench/baseline/page/"
BASELINE_SIGN = f"/bench/baseline/sign/{BASELINE_SLUG}/"


def app_url(server, slug, language="en"):
    return server.url + APP_PATHS[language].format(slug=slug)


def ok_answers(codes):
    """Signatures the server said it stored: the redirect to the thanks page."""
    return sum(count for code, count in codes.items() if code in ("302", "303"))


def stored(prefix):
    """Rows whose email carries this run's prefix, and how many distinct emails they hold."""
    rows = Signature.objects.filter(email__startswith=f"{prefix}-").order_by()
    return rows.count(), rows.values("email").distinct().count()


def settle(timeout=20.0):
    """Wait until the servers have finished what was queued when the load stopped."""
    last, stable_since = None, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = Signature.objects.count()
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= 1.0:
            return
        time.sleep(0.2)


def count_shown(server, slug, language="en"):
    """The count printed on the petition page, as a number."""
    with urllib.request.urlopen(app_url(server, slug, language), timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    match = re.search(r'id="count-[^"]*"[^>]*>\s*<strong>([^<]*)</strong>', html)
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def check_count(server, slug, max_lag=5.0):
    """Is the stored count exact, and does the page show it within max_lag seconds?"""
    petition = Petition.objects.get(slug=slug)
    counted = Signature.objects.filter(petition=petition).counted().count()
    started = time.monotonic()
    shown = count_shown(server, slug)
    while shown != counted and time.monotonic() - started < max_lag + 1:
        time.sleep(0.25)
        shown = count_shown(server, slug)
    return {
        "count_stored": petition.signature_count,
        "count_counted": counted,
        "count_exact": petition.signature_count == counted,
        "count_shown": shown,
        "count_shown_after_s": round(time.monotonic() - started, 2),
        "count_shown_ok": shown == counted,
    }


class DatabaseWaits:
    """What PostgreSQL's busy connections wait on while the load runs, sampled ten times a second
    (pg_stat_activity): "CPU" when running, else e.g. Lock:transactionid or IO:WALSync."""

    def __init__(self):
        self.samples = {}
        self.stop = threading.Event()
        self.thread = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            self.thread = threading.Thread(target=self._sample, daemon=True)
            self.thread.start()
        return self

    def _sample(self):
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        ) as conn:
            while not self.stop.wait(0.1):
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND pid <> pg_backend_pid()"
                )
                for (event,) in rows:
                    self.samples[event] = self.samples.get(event, 0) + 1

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread:
            self.thread.join()


def _database_cpu():
    """CPU seconds used so far by PostgreSQL's backends serving the benchmark database (they are
    on this machine); None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    from bench.servers import processes_cpu_seconds

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return processes_cpu_seconds([pid for (pid,) in cursor.fetchall()])


def run_sign(server, session, post_url, *, connections, seconds, prefix):
    """Signers POST the form with new emails; then count what was stored. Also the CPU time
    the server (and PostgreSQL's backends) used per stored signature: on a shared machine
    steadier than the rates."""
    from bench.servers import cpu_between

    cpu_before, db_before = server.cpu_seconds(), _database_cpu()
    with DatabaseWaits() as waits:
        figures = load.run_wrk(
            post_url,
            method="POST",
            session=session,
            email_prefix=prefix,
            connections=connections,
            seconds=seconds,
        )
    result = _sign_result(figures, prefix)
    result["server_cpu_s"] = cpu_between(cpu_before, server.cpu_seconds())
    result["database_cpu_s"] = cpu_between(db_before, _database_cpu())
    result["database_wait_samples"] = dict(waits.samples)
    return _derived(result)


def _derived(result):
    """CPU per stored signature, and the shares of the database's waits."""
    for name in ("server", "database"):
        seconds = result.get(f"{name}_cpu_s")
        if seconds is not None and result["stored"]:
            result[f"{name}_cpu_ms_per_signature"] = round(1000 * seconds / result["stored"], 2)
    samples = result.get("database_wait_samples")
    if samples:
        total = sum(samples.values())
        ranked = sorted(samples.items(), key=lambda item: -item[1])[:5]
        result["database_waits"] = {event: round(n / total, 2) for event, n in ranked}
    return result


def combined(turns):
    """One figure from several turns of the same load: rates over the whole time, counts added,
    latency percentiles over all the turns' requests (their wrk histograms added up), and each
    turn's own p99 beside them."""
    seconds = sum(turn["seconds"] for turn in turns)
    result = {
        "turns": len(turns),
        "requests": sum(turn["requests"] for turn in turns),
        "seconds": round(seconds, 2),
        "max_ms": max(turn["max_ms"] for turn in turns),
        **latency.percentiles_ms(turn["latency_us"] for turn in turns),
    }
    result["p99_ms_by_turn"] = [turn["p99_ms"] for turn in turns]
    result["rps"] = round(result["requests"] / seconds, 1) if seconds else 0
    for key in ("answered_ok", "stored", "lost", "duplicates"):
        result[key] = sum(turn[key] for turn in turns)
    result["signatures_per_s"] = round(result["answered_ok"] / seconds, 1) if seconds else 0
    codes, samples = {}, {}
    for turn in turns:
        for code, count in turn["codes"].items():
            codes[code] = codes.get(code, 0) + count
        for event, count in turn.get("database_wait_samples", {}).items():
            samples[event] = samples.get(event, 0) + count
    result["codes"], result["database_wait_samples"] = codes, samples
    for name in ("server_cpu_s", "database_cpu_s"):
        values = [turn.get(name) for turn in turns]
        result[name] = None if None in values else sum(values)
    return _derived(result)


def _sign_result(figures, prefix):
    settle()
    rows, distinct = stored(prefix)
    ok = ok_answers(figures["codes"])
    return {
        **figures,
        "signatures_per_s": round(ok / figures["seconds"], 1) if figures["seconds"] else 0,
        "answered_ok": ok,
        "stored": rows,
        "lost": max(0, ok - rows),
        "duplicates": rows - distinct,
    }


# The order of the turns: app, baseline, baseline, app. On a shared machine the load of other
# work drifts during a run; in this order a steady drift weighs on both alike.
TURNS = ("app", "baseline", "baseline", "app")
WARM_SIGN_SECONDS = 3


def sign_pair(server, slug, *, connections, seconds, run_id, fill_wait):
    """The sign scenario on the app and on the baseline, on one server, in turns (TURNS), each
    `seconds / 2` long; both get `seconds` of load in all."""
    sessions = {
        "app": (load.aged_form(app_url(server, slug), fill_wait), app_url(server, slug)),
        "baseline": (
            load.aged_form(server.url + BASELINE_PAGE, fill_wait),
            server.url + BASELINE_SIGN,
        ),
    }
    # Unmeasured first: a few seconds of signing on each, so that what a server only does once
    # after starting (the first signatures' code paths, PostgreSQL reading the table's newest
    # pages) weighs on neither. Without it the first turn's p99 was about twice the next's.
    for name, (session, url) in sessions.items():
        load.run_wrk(
            url,
            method="POST",
            session=session,
            email_prefix=f"warm{name[:4]}{run_id}c{connections}",
            connections=connections,
            seconds=WARM_SIGN_SECONDS,
        )
    turns = {"app": [], "baseline": []}
    for n, name in enumerate(TURNS):
        session, url = sessions[name]
        turns[name].append(
            run_sign(
                server,
                session,
                url,
                connections=connections,
                seconds=max(1, seconds // 2),
                prefix=f"{name[:4]}{run_id}c{connections}t{n}",
            )
        )
    app, baseline = combined(turns["app"]), combined(turns["baseline"])
    app.update(check_count(server, slug))  # the last turn was the app's
    return {"app": app, "baseline": baseline}


# The page's turns, each half the scenario's time: each language beside its own baseline (the
# app's page captured as a static template, bench/baseline_page.py), in mirrored order, so that
# a drift in the machine's other work weighs on the four alike (as TURNS for signing).
PAGE_TURNS = (
    "app_en",
    "baseline_en",
    "baseline_es",
    "app_es",
    "app_es",
    "baseline_es",
    "baseline_en",
    "app_en",
)


def baseline_page_url(server, language):
    return f"{server.url}{BASELINE_PAGE}{language}/"


def _page_combined(turns):
    """The page figures of several turns: rate over the whole time, counts added, percentiles
    over all the turns' requests, the maximum."""
    requests = sum(turn["requests"] for turn in turns)
    seconds = sum(turn["seconds"] for turn in turns)
    result = {
        "turns": len(turns),
        "requests": requests,
        "seconds": round(seconds, 2),
        "rps": round(requests / seconds, 1) if seconds else 0,
        "max_ms": max(turn["max_ms"] for turn in turns),
        "bytes_per_response": turns[-1]["bytes_per_response"],
    }
    result.update(latency.percentiles_ms(turn["latency_us"] for turn in turns))
    result["p99_ms_by_turn"] = [turn["p99_ms"] for turn in turns]
    for key in ("codes", "socket_errors"):
        added = {}
        for turn in turns:
            for name, count in turn[key].items():
                added[name] = added.get(name, 0) + count
        result[key] = added
    return result


def page_pair(server, slug, *, connections, seconds):
    """The petition page in each language and its bare template view, in turns (PAGE_TURNS) of
    `seconds / 2`: each gets `seconds` of load in all."""
    urls = {}
    for language in APP_PATHS:
        urls[f"app_{language}"] = app_url(server, slug, language)
        urls[f"baseline_{language}"] = baseline_page_url(server, language)
    turns = {name: [] for name in urls}
    for name in PAGE_TURNS:
        turns[name].append(
            load.run_wrk(urls[name], connections=connections, seconds=max(1, seconds // 2))
        )
    return {name: _page_combined(figures) for name, figures in turns.items()}


def first_view(server, slug):
    """The petition page's first view on a phone, in bytes transferred (bench/first_view.py)."""
    from bench import first_view

    return {language: first_view.measure(app_url(server, slug, language)) for language in APP_PATHS}


def phone_score(server, slug):
    """Lighthouse's mobile performance score of the petition page in each language, at the
    run's count (bench/phone_score.py), or why it cannot be measured here."""
    from bench import phone_score

    if reason := phone_score.missing():
        return {"available": False, "reason": reason}
    urls = {language: app_url(server, slug, language) for language in APP_PATHS}
    return {language: phone_score.measure(url) for language, url in urls.items()}


def two_servers(servers, slug, *, connections, seconds, run_id, fill_wait):
    """Signers split over two app processes at once; returns the total and per server."""
    for server in servers:
        load.prefetch_form(app_url(server, slug))
    sessions = [load.aged_form(app_url(server, slug), fill_wait) for server in servers]
    results = [None] * len(servers)

    def drive(index):
        results[index] = load.run_wrk(
            app_url(servers[index], slug),
            method="POST",
            session=sessions[index],
            email_prefix=f"two{run_id}s{index}",
            connections=connections // len(servers),
            seconds=seconds,
        )

    threads = [threading.Thread(target=drive, args=(i,)) for i in range(len(servers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    per_server = [_sign_result(figures, f"two{run_id}s{i}") for i, figures in enumerate(results)]
    everyone = latency.percentiles_ms(r.pop("latency_us") for r in per_server)
    total = {
        "signatures_per_s": round(sum(r["signatures_per_s"] for r in per_server), 1),
        "answered_ok": sum(r["answered_ok"] for r in per_server),
        "stored": sum(r["stored"] for r in per_server),
        "lost": sum(r["lost"] for r in per_server),
        "duplicates": sum(r["duplicates"] for r in per_server),
        "p99_ms": everyone["p99_ms"],  # over all the signers' requests, both servers
        "per_server": per_server,
    }
    total.update(check_count(servers[0], slug))
    total["count_shown_other_server"] = count_shown(servers[1], slug)
    return total


def rate_limit_shared(servers, slug, *, limit, attempts, run_id, fill_wait):
    """With SIGN_RATE_LIMIT=limit/h, alternate signatures from one IP over both servers.

    One shared limit (Redis) stores exactly `limit`; a limit per process would store more.
    """
    for server in servers:
        load.prefetch_form(app_url(server, slug))
    sessions = [load.aged_form(app_url(server, slug), fill_wait) for server in servers]
    prefix = f"limit{run_id}"
    codes = {}
    for i in range(attempts):
        server = servers[i % len(servers)]
        status = load.post_form(
            app_url(server, slug),
            sessions[i % len(servers)],
            {
                "first_name": "Rate",
                "last_name": "Limit",
                "email": f"{prefix}-{i}@example.org",
                "postal_code": "06106",
            },
        )
        codes[str(status)] = codes.get(str(status), 0) + 1
    rows, _ = stored(prefix)
    if rows == limit:
        verdict = "shared"
    elif rows == attempts:
        verdict = "not enforced"
    else:
        verdict = "not shared"
    return {
        "limit": f"{limit}/h",
        "attempts": attempts,
        "stored": rows,
        "codes": codes,
        "verdict": verdict,
        "ok": verdict == "shared",
    }


def page_queries(slug):
    """The SQL of one petition page view, and whether any of it grows with the signatures."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as captured:
        client.get(APP_PATHS["en"].format(slug=slug))
    queries = [q["sql"] for q in captured.captured_queries]
    scans = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in queries:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                # An aggregate over signatures grows with them; the count's sum over its shard
                # rows (at most COUNT_SHARDS) does not.
                over_signatures = "petitions_signature" in plan
                if re.search(r"Seq Scan on petitions_signature", plan) or (
                    over_signatures and "Aggregate" in plan
                ):
                    scans.append(plan)
    counts = [sql for sql in queries if "COUNT(" in sql.upper() and "signature" in sql]
    return {
        "queries": len(queries),
        "count_queries": len(counts),
        "full_scans": len(scans),
        "ok": not counts and not scans,
    }

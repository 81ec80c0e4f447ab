"""Run the benchmarks: `make bench` (full) or `make bench-quick`.

    python -m bench.run [--profile full|quick|tiny] [--backends postgres,sqlite] [--output FILE]
                        [--only export|sign]

Starts gunicorn on bench.settings (the app and the bare-Django baseline in one server, so both run
under the same settings), drives both with wrk in turns, and writes bench/results/latest.json and a
table. PostgreSQL: BENCH_DATABASE_URL (a database named firmamos_bench*, dropped and created here);
Redis: BENCH_REDIS_URL. Server settings: BENCH_WORKERS, BENCH_WORKER_CLASS, BENCH_THREADS (the
default: 4 sync workers); the sign scenario is also run under a threaded gunicorn,
BENCH_THREADED_WORKERS x BENCH_THREADED_THREADS (default 2 x 8, gthread), the baseline under the
same settings each time. BENCH_PORT (default 8070): the server's port; the two-server scenario
uses the next two.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

PROFILES = {
    "full": {
        "signatures": 1_000_000,
        "sign_connections": 64,
        "sign_seconds": 20,
        "low_connections": 16,
        "low_seconds": 10,
        "page_connections": 32,
        "page_seconds": 10,
        # The PDF packet of petitions of these sizes, then of the main petition (pdf_of_main).
        "pdf_signatures": [10_000, 100_000],
        "pdf_of_main": True,
        "xlsx_signatures": 100_000,  # XLSX of these, and of all `signatures` (issue 16, target 2)
        "rate_limit": 20,
        "phone_score": True,  # Lighthouse on the page, each language (bench/phone_score.py)
    },
    "quick": {
        "signatures": 10_000,
        "sign_connections": 64,
        "sign_seconds": 4,
        "low_connections": 16,
        "low_seconds": 2,
        "page_connections": 32,
        "page_seconds": 2,
        "pdf_signatures": [500],
        "pdf_of_main": True,
        "xlsx_signatures": 1_000,
        "rate_limit": 10,
        "phone_score": True,
    },
    "tiny": {
        "signatures": 100,
        "sign_connections": 8,
        "sign_seconds": 2,
        "low_connections": 4,
        "low_seconds": 2,
        "page_connections": 4,
        "page_seconds": 1,
        "pdf_signatures": [20],
        "pdf_of_main": False,
        "xlsx_signatures": 20,
        "rate_limit": 3,
        "phone_score": False,  # tests/test_bench.py runs Lighthouse on its own, where it is
    },
}
NOT_LOAD = ("workers", "server", "threaded", "port", "only")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/firmamos_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"


def server_settings():
    return {
        "workers": int(os.environ.get("BENCH_WORKERS", "4")),
        "server": {
            "worker_class": os.environ.get("BENCH_WORKER_CLASS", "sync"),
            "threads": int(os.environ.get("BENCH_THREADS", "1")),
        },
        "threaded": {
            "workers": int(os.environ.get("BENCH_THREADED_WORKERS", "2")),
            "server": {
                "worker_class": "gthread",
                "threads": int(os.environ.get("BENCH_THREADED_THREADS", "8")),
            },
        },
    }


def postgres_reachable(database_url):
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    try:
        with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres"))):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {database_url}: {error}".strip()


def redis_reachable(redis_url):
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
        return None
    except redis.RedisError as error:
        return f"Redis not reachable at {redis_url}: {error}"


def collectstatic(work):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "False",
        "BENCH_STATIC_ROOT": str(work / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return env["BENCH_STATIC_ROOT"]


def run_phase(backend, profile, database_url, redis_url, work):
    output = work / f"{backend}.json"
    output.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "bench.phase",
        backend,
        json.dumps(profile),
        database_url,
        redis_url,
        str(work / backend),
        str(output),
    ]
    completed = subprocess.run(command, cwd=ROOT, env=os.environ)
    if completed.returncode != 0 or not output.exists():
        return {"backend": backend, "error": f"phase failed (exit {completed.returncode})"}
    return json.loads(output.read_text())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    parser.add_argument(
        "--only",
        choices=("export", "sign"),
        help="run one scenario: export (CSV on each backend; PDF and XLSX on PostgreSQL) "
        "or sign (signing under both server settings, app and baseline)",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8070")))
    args = parser.parse_args(argv)

    from bench import load

    if not load.wrk_available() and args.only != "export":
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench does it)")
    profile = {**PROFILES[args.profile], **server_settings(), "port": args.port, "only": args.only}
    # A browser's signer takes a while to fill in the form: at least the app's minimum fill time.
    minimum = float(os.environ.get("SIGN_MIN_SECONDS", "3") or 0)
    profile["fill_wait"] = float(os.environ.get("BENCH_FILL_WAIT", minimum + 0.5 if minimum else 0))
    work = RESULTS / "work"
    work.mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_STATIC_ROOT"] = collectstatic(work)

    started = time.monotonic()
    results = {
        "profile": args.profile,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {k: profile[k] for k in ("workers", "server", "threaded")},
        "only": args.only,
        "load": {k: v for k, v in profile.items() if k not in NOT_LOAD},
        "backends": {},
        "skipped": {},
    }
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    for backend in args.backends.split(","):
        if backend == "postgres":
            reason = postgres_reachable(database_url)
            if reason:
                results["skipped"]["postgres"] = reason
                continue
            redis_reason = redis_reachable(redis_url)
            if redis_reason:
                results["skipped"]["redis"] = redis_reason
            url, cache_url = database_url, "" if redis_reason else redis_url
        elif backend == "sqlite":
            url, cache_url = f"sqlite:///{work / 'bench.sqlite3'}", ""
        else:
            raise SystemExit(f"unknown backend {backend!r}")
        results["backends"][backend] = run_phase(backend, profile, url, cache_url, work)
    results["seconds"] = round(time.monotonic() - started, 1)
    results["summary"] = report.summary(results)

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(report.table(results))
    print(f"\nJSON: {output}  ({results['seconds']} s)")
    failed = [name for name, b in results["backends"].items() if "error" in b]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

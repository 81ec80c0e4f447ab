"""Background jobs at 100,000 signatures, end to end, under `gunicorn --timeout 30`:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/firmamos_jobs_bench \\
        .venv/bin/python -m bench.jobs [--signatures 100000] [--paper-rows 10000] [--port 8110]

The database (named `firmamos_*bench*`) is dropped and created, migrated, seeded with the Trust Act
petition and N generated signatures (bench/data.py). Then one gunicorn (2 sync workers,
`--timeout 30`) and one `manage.py job_worker` run under production settings (DEBUG off, the
database queue; bench/jobs_settings.py only lets the session cookie travel over plain HTTP). An
organizer signs in through the login form and the second step, then, through the admin:

- exports every signature as PDF (headings in both languages) and as XLSX;
- enters 10,000 paper rows (1% of them with an unknown ZIP code) through the paper form.

For each: how long the request took (it only queues the job), the time until the job's JSON says
it is done, the file's size, and the job worker's peak memory (a fresh worker per job: VmHWM).
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
ZIPS = ("06106", "06511", "06604", "06902", "06457", "06010", "06320", "06810")


def prepare(database_url, signatures):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name or not name.startswith("firmamos"):
        sys.exit("the database must be named firmamos_*bench* (it is dropped)")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = environment(database_url, None)
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    setup = f"""
import os
from django.core.management import call_command
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from bench.data import generate_signatures
from petitions.models import Petition
call_command("seed_trust_act", stdout=open(os.devnull, "w"))
petition = Petition.objects.get(slug="trust-act-2018")
generate_signatures(petition, {signatures}, email_prefix="bench")
user = User.objects.create_superuser("bench", "bench@example.org", "bench password 2026 ok")
device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
print("SETUP", petition.pk, device.key)
"""
    out = subprocess.run(
        [*run, "shell", "-c", setup], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    petition_id, key = out.split("SETUP ", 1)[1].split()
    return int(petition_id), key


def existing(database_url):
    script = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from petitions.models import Petition
print("SETUP", Petition.objects.get(slug="trust-act-2018").pk,
      TOTPDevice.objects.get(user__username="bench").key)
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment(database_url, None),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    petition_id, key = out.split("SETUP ", 1)[1].split()
    return int(petition_id), key


def environment(database_url, private_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.jobs_settings",
        DEBUG="False",
        SECRET_KEY=env.get("SECRET_KEY", "bench-jobs-secret-key"),
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        SIGN_RATE_LIMIT="off",
    )
    if private_root:
        env["PRIVATE_FILES_ROOT"] = str(private_root)
    return env


def log_in(base, key):
    from django_otp.oath import TOTP

    session = requests.Session()
    page = session.get(f"{base}/admin/login/?next=/admin/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "bench",
            "password": "bench password 2026 ok",
            "next": "/admin/",
        },
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    code = f"{TOTP(bytes.fromhex(key)).token():06d}"
    response = session.post(response.url, data={"csrfmiddlewaretoken": token, "code": code})
    assert response.url.rstrip("/").endswith("/admin"), response.url
    return session


def csrf(session, url):
    page = session.get(url)
    page.raise_for_status()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def follow(session, base, response):
    """Wait for the job the response led to; (seconds, status JSON)."""
    assert response.status_code == 302, (response.status_code, response.text[:500])
    job_url = base + response.headers["Location"]
    started = time.monotonic()
    while True:
        status = session.get(job_url + "status.json").json()
        if not status["active"]:
            return time.monotonic() - started, status, job_url
        time.sleep(0.5)


class JobWorker:
    def __init__(self, env, log):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "job_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )

    def peak_mb(self):
        text = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", text).group(1)) / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=120)


def paper_rows(n, seed=2018):
    rng = random.Random(seed)
    first = ("Ana", "Luis", "María", "José", "Carmen", "Jorge", "Rosa", "Pedro", "Lucía", "Juan")
    last = ("Nuñez", "Pérez", "García", "Smith", "Johnson", "López", "Díaz", "Ortiz", "Brown")
    lines = ["first_name,last_name,email,postal_code,language,signed_at"]
    for i in range(n):
        zip_code = "99999" if i % 100 == 7 else rng.choice(ZIPS)
        lines.append(
            f"{rng.choice(first)},{rng.choice(last)},paper{i}@example.org,{zip_code},"
            f"{rng.choice(('en', 'es'))},03/{rng.randint(1, 28):02d}/2018"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--paper-rows", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()
    database_url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/firmamos_jobs_bench"
    )
    work = Path(tempfile.mkdtemp(prefix="firmamos-jobs-bench-"))
    began = time.monotonic()
    if args.skip_setup:  # the database of an earlier run, as it is
        petition_id, key = existing(database_url)
    else:
        petition_id, key = prepare(database_url, args.signatures)
    print(f"setup: {args.signatures:,} signatures in {time.monotonic() - began:.1f} s")
    env = environment(database_url, work / "private")
    env["STATIC_ROOT"] = str(work / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    log = open(work / "servers.log", "w")  # noqa: SIM115 - kept open for the subprocesses
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    results = []
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.5)
        session = log_in(base, key)
        export_url = f"{base}/admin/petitions/signature/export/"
        for fmt, headings in (("pdf", "en,es"), ("xlsx", "en")):
            worker = JobWorker(env, log)
            data = {
                "csrfmiddlewaretoken": csrf(session, export_url),
                "petition": petition_id,
                "format": fmt,
                "scope": "all",
                "headings": headings,
            }
            sent = time.monotonic()
            response = session.post(export_url, data=data, allow_redirects=False)
            request_s = time.monotonic() - sent
            seconds, status, job_url = follow(session, base, response)
            size = len(session.get(job_url + "download/").content)
            results.append(
                {
                    "job": f"{fmt.upper()} export, {args.signatures:,} signatures",
                    "request_s": round(request_s, 2),
                    "done_after_s": round(seconds, 1),
                    "status": status["status"],
                    "progress": status["text"],
                    "file_mb": round(size / 1e6, 1),
                    "worker_peak_mb": round(worker.peak_mb()),
                }
            )
            print(json.dumps(results[-1], ensure_ascii=False))
            worker.stop()
        paper_url = f"{base}/admin/petitions/petition/{petition_id}/paper/"
        worker = JobWorker(env, log)
        data = {
            "csrfmiddlewaretoken": csrf(session, paper_url),
            "text": paper_rows(args.paper_rows),
            "language": "en",
            "format": "paper",
            "add": "1",
        }
        sent = time.monotonic()
        response = session.post(paper_url, data=data, allow_redirects=False)
        request_s = time.monotonic() - sent
        seconds, status, job_url = follow(session, base, response)
        page = session.get(job_url).text
        added = re.search(r"(\d[\d,]*) signatures were added", page)
        results.append(
            {
                "job": f"paper entry, {args.paper_rows:,} rows (1% bad ZIP)",
                "request_s": round(request_s, 2),
                "done_after_s": round(seconds, 1),
                "status": status["status"],
                "progress": status["text"],
                "added": added.group(1) if added else None,
                "worker_peak_mb": round(worker.peak_mb()),
            }
        )
        print(json.dumps(results[-1], ensure_ascii=False))
        worker.stop()
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        log.close()
    timeouts = (work / "servers.log").read_text().count("WORKER TIMEOUT")
    print(f"gunicorn worker timeouts: {timeouts}; logs in {work}")
    return results


if __name__ == "__main__":
    main()

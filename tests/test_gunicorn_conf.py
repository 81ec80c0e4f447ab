"""gunicorn.conf.py: every worker is warmed up and its start-up objects frozen before it serves."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from config import worker_ready

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_warm_up_compiles_every_site_template():
    templates = sorted(
        p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*.html")
    )
    assert len(templates) > 20
    assert list(worker_ready._site_templates()) == templates
    assert worker_ready.warm_up() == len(templates)


def test_each_gunicorn_worker_freezes_its_start_up_objects_and_then_serves(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_LEVEL": "INFO",
    }
    env.pop("REDIS_URL", None)
    log_path = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(log_path, "wb") as log:
        # As the production unit starts it: no -c, so gunicorn finds ./gunicorn.conf.py itself.
        process = subprocess.Popen(
            [str(gunicorn), "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.time() + 60
            ready = []
            while len(ready) < 2 and time.time() < deadline:
                assert process.poll() is None, log_path.read_text()
                time.sleep(0.2)
                ready = re.findall(
                    r"worker ready: (\d+) templates loaded, (\d+) objects frozen",
                    log_path.read_text(),
                )
            assert len(ready) == 2, log_path.read_text()
            for templates, frozen in ready:
                assert int(templates) > 20 and int(frozen) > 10_000
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our server)
                assert response.status == 200
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert "Traceback" not in log_path.read_text()

"""Starting and stopping the gunicorn servers under test (app and baseline in one process)."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Server:
    """One gunicorn serving bench.settings (the app plus the baseline) on 127.0.0.1:port."""

    def __init__(
        self,
        port,
        env,
        *,
        workers,
        worker_class="sync",
        threads=1,
        log_dir,
        warm_slug="trust-act-2018",
    ):
        self.port = port
        self.warm_slug = warm_slug
        self.env = env
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.log_path = Path(log_dir) / f"gunicorn-{port}.log"
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            f"--threads={self.threads}",
            "--backlog=2048",
            "--timeout=60",
        ]
        log = open(self.log_path, "ab")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_ready()
            self._warm_up()
        except BaseException:
            self.stop()
            raise
        return self

    def _warm_up(self):
        """Let every worker load its code, its ZIP data and connect before anything is measured.

        Requests go out many at once, or one idle worker would take them all. The sign form is
        sent without an email: it is validated (ZIP lookup included) and refused, nothing stored.
        """
        from bench import load

        sign_url = f"{self.url}/en/petitions/{self.warm_slug}/"
        session = load.load_form(sign_url)

        def visit():
            for _ in range(3):
                for path in ("/en/", "/bench/baseline/page/"):
                    with urllib.request.urlopen(self.url + path, timeout=60):  # noqa: S310
                        pass
                load.post_form(sign_url, session, {"first_name": "Warm", "postal_code": "06106"})

        visitors = [threading.Thread(target=visit) for _ in range(4 * self.workers * self.threads)]
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join()

    def _wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.port} exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/bench/baseline/page/", timeout=5):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on {self.port} did not answer; see {self.log_path}")

    def cpu_seconds(self):
        """CPU time (user + system) used so far by gunicorn and its workers (Linux /proc)."""
        if not self.process:
            return None
        return processes_cpu_seconds([self.process.pid, *children(self.process.pid)])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _stat(pid):
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after the command's name


def children(pid):
    """The ids of the processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields and fields[1] == str(pid):
                found.append(int(entry.name))
    return found


def processes_cpu_seconds(pids):
    """{pid: CPU seconds used} of these processes (those that still exist)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        fields = _stat(pid)
        if fields:
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def cpu_between(before, after):
    """CPU seconds used between two `processes_cpu_seconds` readings (new processes in full)."""
    if before is None or after is None:
        return None
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def server_env(database_url, *, redis_url="", rate_limit="off", extra=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "False",
        "DATABASE_URL": database_url,
        "SIGN_RATE_LIMIT": rate_limit,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS (production settings turn it on).
        "SECURE_SSL_REDIRECT": "False",
        **(extra or {}),
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
        env.setdefault("CACHE_KEY_PREFIX", "firmamos-bench")
    return env

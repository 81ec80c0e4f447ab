"""The README's development commands, run as written in a fresh clone on SQLite.

The commands are the lines of the README's `<!-- dev-commands -->` blocks, read from there (the one
place they are kept). In a `git clone` of this checkout's HEAD, with none of this machine's
DATABASE_URL, REDIS_URL, SECRET_KEY or DEBUG in the environment, each runs in order:
- `make run` starts (creating .venv from the lock, writing .env, migrating, seeding) and must
  answer the petition page on its port; then its process group is stopped. The port comes from
  the environment (`PORT`, which the Makefile reads), or replaces the number in `PORT=8001`, so
  that the test uses a free port in 8100-8199;
- `make admin` is answered through a terminal, as a person would type;
- `make test` must exist (`make -n test`: running the suite inside the suite would loop);
- every other line runs as written (`createsuperuser` with `--noinput` and DJANGO_SUPERUSER_*).
Slow (a fresh virtualenv, 2-4 minutes): runs when README_TEST=1, as CI sets it.
"""

import os
import pty
import re
import select
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- dev-commands"
PETITION = "/en/petitions/trust-act-2018/"
PASSWORD = "Firmamos-readme-test-9"

pytestmark = pytest.mark.skipif(
    os.environ.get("README_TEST") != "1",
    reason="the README test takes minutes: README_TEST=1 runs it (CI does)",
)


def readme_commands():
    """The command lines of the README's dev-commands blocks, comments and continuations joined."""
    text = (ROOT / "README.md").read_text()
    commands = []
    for block in re.findall(re.escape(MARKER) + r".*?-->\s*```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                commands.append(command)
    return commands


def test_the_readme_keeps_its_commands_in_marked_blocks():
    commands = readme_commands()
    assert "make run" in commands and "make test" in commands
    assert any("createsuperuser" in c for c in commands)
    assert any("export_signatures" in c for c in commands)


def _free_port():
    for port in range(8100, 8200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 8100-8199")


def _environment(tmp_path):
    drop = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ENV_FILE", "SITE_URL",
            "DJANGO_SETTINGS_MODULE", "CACHE_KEY_PREFIX", "PYTEST_ADDOPTS", "README_TEST",
            "PORT", "HOST", "VIRTUAL_ENV"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DJANGO_SUPERUSER_USERNAME="readme",
        DJANGO_SUPERUSER_EMAIL="readme@example.org",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    return env


def _run(command, clone, env, timeout=900):
    result = subprocess.run(
        command, shell=True, cwd=clone, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def _serve(command, clone, env, port, timeout=600):
    """Start `make run ...`, wait for the petition page on `port`, then stop it."""
    log = clone / f"serve-{port}.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            command, shell=True, cwd=clone, env={**env, "PORT": str(port)},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert server.poll() is None, f"{command} stopped:\n{log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{PETITION}", timeout=5) as r:
                    return r.status, r.read().decode()
            except OSError:
                time.sleep(1)
        pytest.fail(f"{command} did not answer on port {port}:\n{log.read_text()[-3000:]}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _answer_on_a_terminal(command, clone, env, answers, timeout=300):
    """Run `command` on a pseudo-terminal, typing each answer when its prompt appears."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        command, shell=True, cwd=clone, env=env, stdin=secondary, stdout=secondary,
        stderr=secondary, start_new_session=True,
    )  # fmt: skip
    os.close(secondary)
    seen, pending = "", list(answers)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                try:
                    chunk = os.read(main, 4096).decode(errors="replace")
                except OSError:  # the terminal closed: the command ended
                    break
                seen += chunk
                while pending and pending[0][0] in seen:
                    prompt, answer = pending.pop(0)
                    seen = seen.split(prompt, 1)[1]
                    os.write(main, (answer + "\n").encode())
            elif process.poll() is not None:
                break
        return process.wait(timeout=30), seen
    finally:
        os.close(main)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def _django(clone, env, code):
    return _run(f".venv/bin/python manage.py shell -c {shlex.quote(code)}", clone, env).strip()


def test_every_development_command_in_the_readme_works_as_written(tmp_path):
    clone = tmp_path / "firmamos"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    env = _environment(tmp_path)
    ran = []
    for command in readme_commands():
        words = shlex.split(command)
        if words[:2] == ["make", "run"]:
            port = _free_port()
            command = re.sub(r"\bPORT=\d+", f"PORT={port}", command)
            status, html = _serve(command, clone, env, port)
            assert status == 200 and "trust-act-2018" in html
            env_file = (clone / ".env").read_text()
            assert "DEBUG=True" in env_file and re.search(r"SECRET_KEY=\S{50,}", env_file)
        elif words == ["make", "test"]:
            _run("make -n test", clone, env)
        elif words == ["make", "admin"]:
            code, seen = _answer_on_a_terminal(
                command, clone, env,
                [("Username", "organizer"), ("Email address", "organizer@example.org"),
                 ("Password:", PASSWORD), ("Password (again)", PASSWORD)],
            )  # fmt: skip
            assert code == 0, seen
        elif "createsuperuser" in words:
            _run(command + " --noinput", clone, env)
        else:
            _run(command, clone, env)
        ran.append(command)

    assert _run("git check-ignore .env db.sqlite3", clone, env).split() == [".env", "db.sqlite3"]
    users = _django(
        clone,
        env,
        "from django.contrib.auth.models import User as U; "
        "print(sorted(U.objects.filter(is_superuser=True).values_list('username', flat=True)))",
    )
    assert users.splitlines()[-1] == "['organizer', 'readme']"
    counts = _django(clone, env, "from petitions.models import Petition as P, Signature as S; "
                     "p = P.objects.get(slug='trust-act-2018'); "
                     "print(p.signature_count, S.objects.counted().count())")  # fmt: skip
    assert counts.splitlines()[-1] == "3000 3000"
    exported = (clone / "signatures.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].startswith("signed_at,first_name,last_name,email")
    assert len(exported) == 3001
    assert len(ran) == len(readme_commands())

"""The locks (requirements.lock, requirements-dev.lock) pin everything pyproject.toml asks for,
each with its hashes: `make install` and CI install from them (`make lock` regenerates them)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", re.M)


def _name(requirement):
    return re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock):
    text = (ROOT / lock).read_text()
    pins = {name.lower(): version for name, version in PIN.findall(text)}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, block.splitlines()[0]
    return pins


def test_every_dependency_is_locked_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = {_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    production = _pins("requirements.lock")
    development = _pins("requirements-dev.lock")
    assert base | {_name(r) for r in extras["sentry"]} <= production.keys()
    assert base | {_name(r) for e in extras.values() for r in e} <= development.keys()
    for name, version in production.items():  # the two locks agree on what both hold
        assert development.get(name, version) == version, name

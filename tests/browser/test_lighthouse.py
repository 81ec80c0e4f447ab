"""Lighthouse (npm `lighthouse`, driving the system's Chromium) on the petition page, as a phone, in
both languages: accessibility 100, best practices and SEO at least 95; and the bench's own phone
score (bench/phone_score.py) measured from a real Lighthouse run.

Lighthouse is not a Python dependency: it is the version locked in bench/lighthouse/, installed by
`make bench-lighthouse` (npm), or the executable LIGHTHOUSE names. Without it these tests skip and
say why; with REQUIRE_LIGHTHOUSE=1 (as `.ci/run` sets) they fail instead. The reports are written to
test-artifacts/lighthouse/. The performance score itself is judged by `make bench` (issue 16's
target 5), against gunicorn at a million signatures, not here against the test server.
"""

import json
import os
from pathlib import Path

import pytest

from bench import phone_score
from tests.browser.conftest import ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PETITION = {"en": "/en/petitions/trust-act-2018/", "es": "/es/peticiones/trust-act-2018/"}
FLOORS = {"accessibility": 100, "best-practices": 95, "seo": 95}


@pytest.fixture
def lighthouse(monkeypatch):
    """bench/phone_score.py set to run this Lighthouse on this Chromium."""
    executable = os.environ.get("LIGHTHOUSE") or str(phone_score.LIGHTHOUSE)
    reason = ""
    if not Path(executable).is_file():
        reason = f"no Lighthouse at {executable} (make bench-lighthouse, or set LIGHTHOUSE)"
    elif not Path(CHROMIUM).is_file():
        reason = f"no Chromium at {CHROMIUM}"
    if reason and os.environ.get("REQUIRE_LIGHTHOUSE", "") not in ("", "0"):
        pytest.fail(f"{reason}, and REQUIRE_LIGHTHOUSE is set", pytrace=False)
    if reason:
        pytest.skip(reason)
    monkeypatch.setattr(phone_score, "LIGHTHOUSE", Path(executable))
    monkeypatch.setenv("CHROME_PATH", CHROMIUM)
    return phone_score


@pytest.mark.parametrize("language", ["en", "es"])
def test_lighthouse_on_a_phone(live_server, petition, language, lighthouse):
    out = ARTIFACTS / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    report = out / f"petition-{language}.json"
    url = live_server.url + PETITION[language]
    # Lighthouse asks to be run again when it could not record the page's trace (NO_NAVSTART,
    # once in about twenty runs here): for that alone, up to three tries, as the bench does.
    for _ in range(phone_score.ATTEMPTS):
        completed = lighthouse.run(url, ["--only-categories=" + ",".join(FLOORS)], report)
        if "run Lighthouse again" not in completed.stdout + completed.stderr:
            break
    assert completed.returncode == 0, completed.stderr[-2000:]
    categories = json.loads(report.read_text())["categories"]
    scores = {name: round(categories[name]["score"] * 100) for name in FLOORS}
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, scores


def test_the_bench_reads_a_real_lighthouse_run(live_server, petition, lighthouse):
    """bench/phone_score.py runs Lighthouse as the bench does and reads its report: a score and
    the metrics it comes from, the bytes being the page's own first view."""
    assert phone_score.missing() == ""

    result = phone_score.measure(live_server.url + PETITION["es"])

    assert result["ok"], result
    assert 0 <= result["score"] <= 100
    assert result["fcp_ms"] > 0 and result["lcp_ms"] >= result["fcp_ms"]
    assert result["tbt_ms"] >= 0 and result["cls"] >= 0
    assert 5_000 < result["bytes"] < 100_000  # the page, its stylesheets, script and icon
    assert result["blocking_third_parties"] == []

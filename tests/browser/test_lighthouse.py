"""Lighthouse (npm `lighthouse`, driving the system's Chromium) on the petition page, as a phone, in
both languages: accessibility 100, best practices and SEO at least 95.

Lighthouse is not a Python dependency: point LIGHTHOUSE at its executable (for example after
`npm install --prefix /tmp/lh lighthouse`, LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse);
without it this test skips. The reports are written to test-artifacts/lighthouse/.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PETITION = {"en": "/en/petitions/trust-act-2018/", "es": "/es/peticiones/trust-act-2018/"}
FLOORS = {"accessibility": 100, "best-practices": 95, "seo": 95}


@pytest.mark.parametrize("language", ["en", "es"])
def test_lighthouse_on_a_phone(live_server, petition, language):
    lighthouse = os.environ.get("LIGHTHOUSE", "")
    if not (lighthouse and Path(lighthouse).is_file()):
        pytest.skip("set LIGHTHOUSE to the lighthouse executable (npm) to run it")
    out = ARTIFACTS / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    report = out / f"petition-{language}.json"
    subprocess.run(
        [
            lighthouse,
            live_server.url + PETITION[language],
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=" + ",".join(FLOORS),
            "--form-factor=mobile",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
        timeout=240,
        capture_output=True,
    )
    categories = json.loads(report.read_text())["categories"]
    scores = {name: round(categories[name]["score"] * 100) for name in FLOORS}
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, scores

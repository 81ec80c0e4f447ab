"""Lighthouse's mobile performance score of a page (issue 16, target 5: at least 95).

Lighthouse (npm, locked in bench/lighthouse/, installed by `make bench-tools` where npm is) drives
the system's Chromium as a mid-range phone on a slow 4G link: its default mobile settings, with
the network and CPU throttling simulated from one unthrottled load, so the score depends on what
the page sends and makes the browser do, and little on the moment's load of the machine.

    python -m bench.phone_score URL [URL ...]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
# What the report shows beside the score: Lighthouse's own audits (their numeric value).
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "speed-index": "speed_index_ms",
    "total-byte-weight": "bytes",
}
TIMEOUT = 180
ATTEMPTS = 3


def chromium():
    """The browser Lighthouse drives: CHROME_PATH, else Debian's chromium on the PATH."""
    return os.environ.get("CHROME_PATH") or shutil.which("chromium") or ""


def missing():
    """Why the score cannot be measured here, or '' when it can."""
    if not LIGHTHOUSE.is_file():
        return "Lighthouse is not installed (make bench-tools, with npm)"
    if not chromium():
        return "no Chromium (apt-get install chromium, or set CHROME_PATH)"
    return ""


def measure(url):
    """Lighthouse's mobile performance score of `url` (0-100) and the metrics it comes from.

    Lighthouse sometimes fails to record the page's trace (NO_NAVSTART: "Please run Lighthouse
    again", seen once in a full run): it is run again, up to ATTEMPTS times, and the result says
    how many it took.
    """
    attempts = 0
    while attempts < ATTEMPTS:
        attempts += 1
        result = _run_lighthouse(url)
        if result["ok"]:
            break
    return {**result, "attempts": attempts}


def run(url, options, report):
    """Lighthouse on `url` as a phone, its JSON report written to `report`."""
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--form-factor=mobile",
            "--chrome-flags=--headless=new --no-sandbox",
            "--output=json",
            f"--output-path={report}",
            *options,
        ],
        env={**os.environ, "CHROME_PATH": chromium()},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _run_lighthouse(url):
    with tempfile.TemporaryDirectory(prefix="firmamos-lighthouse-") as work:
        report = Path(work) / "report.json"
        try:
            completed = run(url, ["--only-categories=performance"], report)
        except subprocess.TimeoutExpired:
            return {"ok": False, "error": f"no report after {TIMEOUT} s"}
        if completed.returncode != 0 or not report.is_file():
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
            return {"ok": False, "error": f"exit status {completed.returncode}: {' '.join(tail)}"}
        return figures(json.loads(report.read_text()), url)


def _origin(url):
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def figures(report, url):
    """The score and metrics from Lighthouse's JSON report on `url`, and the other sites the page
    waits for before it shows anything (target 5: no render-blocking third party)."""
    category = report["categories"]["performance"]
    if category.get("score") is None:  # Lighthouse could not score the page: its audits say why
        errors = [a["title"] for a in report["audits"].values() if a.get("errorMessage")]
        return {"ok": False, "error": "no score: " + "; ".join(errors[:3])}
    result = {"ok": True, "score": round(category["score"] * 100)}
    for audit, name in METRICS.items():
        value = report["audits"][audit].get("numericValue")
        result[name] = round(value, 3 if name == "cls" else None) if value is not None else None
    blocking = report["audits"].get("render-blocking-resources", {}).get("details", {})
    blocking = blocking.get("items", [])
    result["blocking_third_parties"] = sorted(
        {_origin(item["url"]) for item in blocking} - {_origin(url)}
    )
    return result


if __name__ == "__main__":
    if reason := missing():
        sys.exit(reason)
    for argument in sys.argv[1:]:
        print(argument, measure(argument))

"""Settings for benchmark servers: the real settings plus the bare-Django baseline views.

The app and the baseline are served by the same gunicorn process, so that both run under exactly
the same server settings, middleware and database in one run.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")

from config.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
if os.environ.get("BENCH_BASELINE_TEMPLATES"):  # the captured page (bench/baseline_page.py)
    TEMPLATES[0]["DIRS"].insert(0, os.environ["BENCH_BASELINE_TEMPLATES"])  # noqa: F405
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

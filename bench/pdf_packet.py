"""Time the PDF delivery packet for N generated signatures; print JSON (seconds, pages, ...).

    .venv/bin/python bench/pdf_packet.py [--count 10000] [--comments] [--emails] [--output F]

Signatures are generated one at a time (unsaved, Connecticut ZIPs and towns, names in many
scripts, one in five with a comment) and handed to build_packet as an iterable, never as a list:
this measures the rendering (and the generating), not the database, and the peak resident memory
is the packet's. Needs no database; sets DEBUG=True only to have a SECRET_KEY.
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "True")

import django  # noqa: E402

django.setup()

import zipcodes  # noqa: E402

from petitions.models import Petition, Signature  # noqa: E402
from petitions.pdf import build_packet  # noqa: E402
from petitions.seed_content import PETITION  # noqa: E402

FIRST = ["José María", "Ana", "Nguyễn Thị", "Łukasz", "Zoë", "Françoise", "王", "Иван", "Sean"]
LAST = ["Nuñez-Ortiz", "García", "Hoa", "Żółć", "O'Brien", "Müller", "小明", "Петров", "Smith"]
COMMENT = "Por nuestras familias. We need this law now; keep our communities safe. "


def signatures(count, seed=2018):
    rng = random.Random(seed)
    places = [z for z in zipcodes.filter_by(state="CT") if z["zip_code_type"] == "STANDARD"]
    start = datetime(2018, 1, 15, tzinfo=UTC)
    for i in range(count):
        place = rng.choice(places)
        yield Signature(
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            email=f"signer{i}@example.com",
            postal_code=place["zip_code"],
            town=place["city"].title(),
            state="CT",
            comment=COMMENT * rng.randint(1, 4) if rng.random() < 0.2 else "",
            language=rng.choice(("en", "es")),
            signed_at=start + timedelta(seconds=i * 37),
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--comments", action="store_true")
    parser.add_argument("--emails", action="store_true")
    parser.add_argument("--output", default=os.devnull)
    args = parser.parse_args()
    petition = Petition(**{k: v for k, v in PETITION.items() if k != "status"})
    rows = signatures(args.count)
    began, cpu_began = time.perf_counter(), time.process_time()
    with open(args.output, "wb") as out:
        pages = build_packet(
            petition,
            rows,
            out,
            include_comments=args.comments,
            include_emails=args.emails,
        )
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    size = os.path.getsize(args.output) if args.output != os.devnull else None
    print(
        json.dumps(
            {
                "benchmark": "pdf_packet",
                "signatures": args.count,
                "comments": args.comments,
                "emails": args.emails,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),  # the machine may be shared: CPU time is steadier
                "pages": pages,
                "bytes": size,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()

"""A petition's figures for its admin page: counts by language and town, signatures per day."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from petitions.models import Signature

CHART_DAYS = 120
CHART_HEIGHT = 120
BAR_WIDTH = 6
TOWNS_SHOWN = 30


def by_language(signatures):
    labels = dict(Signature.Language.choices)
    rows = signatures.values("language").annotate(n=Count("pk")).order_by("-n")
    return [{"label": labels.get(row["language"], row["language"]), "n": row["n"]} for row in rows]


def by_town(signatures):
    rows = signatures.values("town", "state").annotate(n=Count("pk")).order_by("-n", "town")
    return list(rows[:TOWNS_SHOWN])


def per_day(signatures):
    """{local date: count}, for the last CHART_DAYS days that have signatures."""
    rows = (
        signatures.annotate(day=TruncDate("signed_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return {row["day"]: row["n"] for row in rows}


def chart(counts):
    """Bars of an SVG chart (server-rendered, no script): one per day, empty days included."""
    if not counts:
        return None
    last = max(counts)
    first = max(min(counts), last - datetime.timedelta(days=CHART_DAYS - 1))
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    peak = max(counts.get(day, 0) for day in days) or 1
    bars = []
    for index, day in enumerate(days):
        n = counts.get(day, 0)
        height = round(CHART_HEIGHT * n / peak)
        bars.append(
            {
                "x": index * BAR_WIDTH,
                "y": CHART_HEIGHT - height,
                "height": height,
                "day": day,
                "n": n,
            }
        )
    return {
        "bars": bars,
        "width": len(days) * BAR_WIDTH,
        "height": CHART_HEIGHT,
        "bar_width": BAR_WIDTH - 1,
        "first": first,
        "last": last,
        "peak": peak,
    }


def petition_stats(petition):
    signatures = Signature.objects.filter(petition=petition).counted()
    return {
        "by_language": by_language(signatures),
        "by_town": by_town(signatures),
        "chart": chart(per_day(signatures)),
    }

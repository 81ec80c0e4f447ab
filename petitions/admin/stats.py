"""A petition's figures for its admin pages: counts by language and town, signatures per day."""

import datetime
from collections import Counter

from petitions import rollup
from petitions.models import Signature

CHART_DAYS = 120
CHART_HEIGHT = 120
BAR_WIDTH = 6
TOWNS_SHOWN = 30


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


def petition_stats(petition, now=None):
    """Per day, by town, by language and "in no delivery yet", over the signatures that count:
    the closed days' stored figures plus the live ones (petitions/rollup.py), never a pass over
    every signature. `days` is {local date: count}."""
    days, towns, languages, undelivered = Counter(), Counter(), Counter(), 0
    for row in rollup.closed_days(petition, now).values():
        days[row.day] += row.counted
        undelivered += row.undelivered
        languages.update(row.by_language)
        for town, state, n in row.by_town:
            towns[(town, state)] += n
    for day, town, state, language, loose, n in rollup.live_groups(petition, now):
        days[day] += n
        undelivered += n if loose else 0
        languages[language] += n
        towns[(town, state)] += n
    labels = dict(Signature.Language.choices)
    by_town = sorted(towns.items(), key=lambda item: (-item[1], item[0]))[:TOWNS_SHOWN]
    return {
        "days": days,
        "by_language": [
            {"label": labels.get(code, code), "n": n}
            for code, n in sorted(languages.items(), key=lambda item: (-item[1], item[0]))
            if n
        ],
        "by_town": [{"town": town, "state": state, "n": n} for (town, state), n in by_town if n],
        "chart": chart({day: n for day, n in days.items() if n}),
        "undelivered": undelivered,
    }

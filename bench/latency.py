"""Latency percentiles over several wrk runs taken together.

wrk reports its percentiles per run; a scenario split into turns (the app's and the baseline's,
alternating) wants them over all of a side's requests. Averaging the turns' p99s lets one stall
in one turn decide the figure; taking it over the requests of all the turns gives the p99 of the
requests the side served. bench/lua/bench.lua prints each run's histogram (the latency in
microseconds, and how many requests took it); here they are added up and read with wrk's own rule,
so that the percentile of one run's histogram is the figure wrk printed for it.
"""

import math


def pooled(histograms):
    """One histogram {microseconds: requests} from several wrk histograms ([[us, n], ...])."""
    total = {}
    for histogram in histograms:
        for value, count in histogram:
            total[value] = total.get(value, 0) + count
    return total


def percentile(histogram, p):
    """The p-th percentile in microseconds of a pooled histogram, by wrk's rule (stats.c): the
    smallest latency at which the running count reaches round(p/100 * count + 0.5)."""
    count = sum(histogram.values())
    if not count:
        return 0
    rank = math.floor(p / 100 * count + 0.5 + 0.5)  # C's round() of a positive number
    running = 0
    for value in sorted(histogram):
        running += histogram[value]
        if running >= rank:
            return value
    return max(histogram)


def percentiles_ms(histograms, points=(50, 90, 99)):
    """{"p50_ms": ..., ...} over all the requests of the given wrk histograms."""
    histogram = pooled(histograms)
    return {f"p{p}_ms": round(percentile(histogram, p) / 1000, 1) for p in points}

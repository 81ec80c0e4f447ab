"""bench/dashboard.py: what it measures, and how the report marks the dashboard's target."""

from bench import dashboard, report
from tests.signature_helpers import add_signature, at


def test_the_dashboard_is_measured_and_reported_against_its_target(petition):
    for day, n in ((2, 1), (3, 3), (4, 2)):
        for _ in range(n):
            add_signature(petition, signed_at=at(day))
    add_signature(petition)  # today's, counted live
    result = dashboard.measure(petition.slug)
    assert result["signatures"] == 7
    assert result["cold_day_signatures"] == 3  # the busiest day was computed again
    assert result["live_signatures"] == 1
    assert all(result[key] > 0 for key in ("all_days_ms", "cold_ms", "warm_ms"))
    rows = report._dashboard_rows("postgres", {"dashboard": result})
    assert rows[0]["scenario"] == "dashboard, 7 signatures, cold"
    assert [row["target"] for row in rows[:2]] == ["< 500 ms", "< 500 ms"]
    slow = {**result, "cold_ms": 501.0, "warm_ms": 80.0}
    marked = [row["ok"] for row in report._dashboard_rows("postgres", {"dashboard": slow})]
    assert marked[:2] == [False, True]

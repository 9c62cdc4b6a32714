"""The replay's plan: each county's sale days in runs of a bounded size, in date order."""

from __future__ import annotations

import datetime as dt

from biddeed_assets.app.replay import batches, sale_days
from biddeed_assets.simulator.world import World


def test_sale_days_are_cut_into_runs_in_date_order():
    days = World(7).sale_dates("brevard", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    runs = batches(list(reversed(days)), size=10)
    assert [d for run in runs for d in run] == sorted(days)
    assert all(len(run) <= 10 for run in runs) and len(runs) == -(-len(days) // 10)


def test_every_county_s_sale_days_are_planned():
    planned = sale_days(World(7), ["brevard", "duval"], dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert {c for _, c in planned} == {"brevard", "duval"}
    assert all(d.weekday() == 2 for d, c in planned if c == "brevard")

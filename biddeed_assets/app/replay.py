"""Replay history against the simulator: each past sale day ingested before it, its outcome after it.

The county sites publish only what is current (the clerk lists upcoming sales; RealForeclose drops
closed items within weeks), so history cannot be scraped after the fact. The simulator can travel in
time: for every sale day in the window, in date order, its clock is set a week before the sale while
the sale list and the case records are ingested and analyzed, then to the sale day itself while the
outcome is captured. Every step is a real Dagster run of the real assets over loopback HTTP.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from biddeed_assets.app import materialize
from biddeed_assets.simulator.world import World

LEAD_DAYS = 7
# History needs what the models learn from: the features before the sale and the outcome after it.
BEFORE_SALE = ("scraped_cases", "property_records", "lien_records", "tax_records", "case_features")
AFTER_SALE = ("auction_outcomes",)


def sale_days(world: World, counties: list[str], start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    return sorted((day, county) for county in counties for day in world.sale_dates(county, start, end))


def replay(world: World, set_today: Callable[[dt.date | None], None], counties: list[str], start: dt.date,
           end: dt.date, *, before: tuple[str, ...] = BEFORE_SALE, after: tuple[str, ...] = AFTER_SALE,
           log: Callable[[str], None] = print) -> int:
    """Run `before` a week ahead of and `after` on every sale day in [start, end]; return the failures."""
    failures = 0
    days = sale_days(world, counties, start, end)
    started = time.monotonic()
    try:
        for i, (day, county) in enumerate(days, start=1):
            set_today(day - dt.timedelta(days=LEAD_DAYS))
            ok = materialize.run_partition(before, day.isoformat(), county, quiet=True)
            set_today(day)
            ok = ok and materialize.run_partition(after, day.isoformat(), county, quiet=True)
            failures += not ok
            if i % 25 == 0 or i == len(days):
                log(f"replayed {i}/{len(days)} sale days ({time.monotonic() - started:.0f} s, {failures} failed)")
    finally:
        set_today(None)
    return failures

"""Replay history against the simulator: each past sale day ingested before it, its outcome after it.

The county sites publish only what is current (the clerk lists upcoming sales; RealForeclose drops
closed items within weeks), so history cannot be scraped after the fact. The simulator can travel in
time, per request: a run tagged AS_OF_TAG sends each page request with the date it wants the page as of
(X-Simulator-Today), so one run can fetch many sale days, each as the site looked on its own date. For
each county the history is a few single-run backfills of the real assets over loopback HTTP: the sale
lists and case records as of a week before each sale, then the outcomes as of the sale day; then, once
every outcome is in, the features and memories (a day's features count the outcomes of earlier days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from biddeed_assets.app import materialize
from biddeed_assets.app.progress import Progress
from biddeed_assets.defs.partitions import AS_OF_TAG, AT_ONCE_TAG, SALE_DAYS_TAG
from biddeed_assets.simulator.world import World

LEAD_DAYS = 7
INGEST = ("scraped_cases", "property_records", "lien_records", "tax_records")  # as of LEAD_DAYS before the sale
OUTCOMES = ("auction_outcomes",)  # as of the sale day
ANALYSIS = ("case_features", "case_memory")  # no portal: after every outcome of the window
# Sale days per run: each run ends with a progress update, and a failed run costs at most this many days.
DAYS_PER_RUN = 40
# Partitions a step works on at once: their page requests overlap (the simulator on loopback, not a county's server).
AT_ONCE = "2"
# The old way, one run per sale day and phase with the simulator's clock moved between them (the benchmark's baseline).
BEFORE_SALE = (*INGEST, "case_features")
AFTER_SALE = ("auction_outcomes", "case_memory")


def sale_days(world: World, counties: list[str], start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    return sorted((day, county) for county in counties for day in world.sale_dates(county, start, end))


def batches(days: list[dt.date], size: int = DAYS_PER_RUN) -> list[list[dt.date]]:
    """A county's sale days in date order, cut into runs of at most `size` days."""
    ordered = sorted(days)
    return [ordered[i:i + size] for i in range(0, len(ordered), size)]


def replay(world: World, counties: list[str], start: dt.date, end: dt.date, *, size: int = DAYS_PER_RUN,
           start_of: dict[str, dt.date] | None = None, log: Callable[[str], None] = print) -> int:
    """Ingest, capture the outcomes of, and analyze every sale day in [start, end] (a county's own start in
    `start_of`); return the failed runs.

    A run covers the dates from a batch's first sale day to its last; it works on the sale days only (the
    world's calendar, SALE_DAYS_TAG), the days between are recorded empty. The progress counts sale days,
    three steps each. Every county's outcomes are in before
    any features are computed: a day's features count the outcomes of every earlier day.
    """
    plan = [(county, batch) for county in counties
            for batch in batches(world.sale_dates(county, (start_of or {}).get(county, start), end), size)]
    total = sum(len(batch) for _, batch in plan)
    failures = 0
    phases = (("ingest", INGEST, {AS_OF_TAG: str(LEAD_DAYS), AT_ONCE_TAG: AT_ONCE}),
              ("outcomes", OUTCOMES, {AS_OF_TAG: "0", AT_ONCE_TAG: AT_ONCE}), ("analysis", ANALYSIS, {AT_ONCE_TAG: AT_ONCE}))
    with Progress("replaying history", total * len(phases), unit="sale-day steps") as bar:
        for phase, assets, tags in phases:
            for county, batch in plan:
                ok = materialize.run_range(assets, batch[0].isoformat(), batch[-1].isoformat(), county,
                                           tags={**tags, SALE_DAYS_TAG: ",".join(d.isoformat() for d in batch)})
                failures += not ok
                bar.advance(len(batch), note=f"{phase} {county} to {batch[-1]}")
    if failures:
        log(f"replay: {failures} of {len(plan) * len(phases)} runs failed (see them in the UI)")
    return failures


def replay_each_day(world: World, set_today: Callable[[dt.date | None], None], counties: list[str], start: dt.date,
                    end: dt.date) -> int:
    """The old replay: two runs per sale day, the simulator's clock set before each; return the failures."""
    failures = 0
    try:
        for day, county in sale_days(world, counties, start, end):
            set_today(day - dt.timedelta(days=LEAD_DAYS))
            ok = materialize.run_partition(BEFORE_SALE, day.isoformat(), county, quiet=True)
            set_today(day)
            ok = ok and materialize.run_partition(AFTER_SALE, day.isoformat(), county, quiet=True)
            failures += not ok
    finally:
        set_today(None)
    return failures

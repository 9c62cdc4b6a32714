"""`biddeed bench`: measured performance figures, one JSON line each: {"bench", "value", "unit"} (and what a
figure's conditions were, when it says)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator

Figure = tuple[str, float, str] | tuple[str, float, str, dict]
BENCHES: dict[str, Callable[[], Iterator[Figure]]] = {}


def bench(name: str):
    def register(fn: Callable[[], Iterator[Figure]]):
        BENCHES[name] = fn
        return fn

    return register


@bench("clerk")
def clerk_parse() -> Iterator[Figure]:
    """Parse a simulated Brevard sale list of a year of sale days."""
    from biddeed_assets.portals import clerk_sale_list
    from biddeed_assets.simulator.sites import clerk
    from biddeed_assets.simulator.world import World

    world = World()
    start = dt.date(2025, 1, 1)
    rows = [
        {"case_number": c.case_number, "plaintiff": c.plaintiff, "defendant": c.defendant,
         "status": c.status, "auction_date": c.auction_date}
        for c in world.listed("brevard", start, horizon_days=365)
    ]
    page = clerk.page(rows)
    t0 = time.perf_counter()
    parsed = clerk_sale_list.parse(page)
    elapsed = time.perf_counter() - t0
    assert len(parsed.records) == len(rows)
    yield "parse_clerk_rows_per_s", round(len(rows) / elapsed, 1), "rows/s"


@bench("ingest")
def ingest() -> Iterator[Figure]:
    from biddeed_assets.bench import ingest as bench_ingest

    yield from bench_ingest.parse_load()
    yield from bench_ingest.ingest_day()
    yield from bench_ingest.statewide_day()


@bench("analyze")
def analyze() -> Iterator[Figure]:
    from biddeed_assets.bench import analyze as bench_analyze

    yield from bench_analyze.run()


@bench("learn")
def learn() -> Iterator[Figure]:
    from biddeed_assets.bench import learn as bench_learn
    from biddeed_assets.bench import sensor as bench_sensor

    yield from bench_learn.run()
    yield from bench_sensor.run()


@bench("memory")
def memory() -> Iterator[Figure]:
    from biddeed_assets.bench import memory as bench_memory

    yield from bench_memory.run()


@bench("real")
def real() -> Iterator[Figure]:
    from biddeed_assets.bench import real as bench_real

    yield from bench_real.run()


@bench("replay")
def replay() -> Iterator[Figure]:
    from biddeed_assets.bench import replay as bench_replay

    yield from bench_replay.run()


@bench("history")
def history() -> Iterator[Figure]:
    from biddeed_assets.bench import history as bench_history

    yield from bench_history.run()


def run(names: list[str]) -> Iterator[str]:
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        raise SystemExit(f"unknown bench {', '.join(unknown)}; known: {', '.join(BENCHES)}")
    from biddeed_assets.app.progress import Progress

    chosen = names or list(BENCHES)
    # The benches' throwaway Dagster instances keep events in in-memory SQLite; sqlalchemy then logs a traceback
    # when it resets, from a worker thread that logged an event, a connection the main thread opened. Harmless
    # for an instance thrown away; the demo and the UI use Postgres storage.
    logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
    with Progress("benchmarks", len(chosen), unit="benches") as bar:
        for name in chosen:
            for figure, value, unit, *conditions in BENCHES[name]():
                yield json.dumps({"bench": figure, "value": value, "unit": unit, **(conditions[0] if conditions else {})})
            bar.advance(note=f"{name} done")

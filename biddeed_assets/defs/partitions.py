"""Auction partitions: sale date x county (enabled counties only), and the Partition value."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import dagster as dg

from biddeed_assets.portals.counties import enabled_slugs

# Sale lists are published ahead of the sale, so partitions run two weeks into the future.
auction_dates = dg.DailyPartitionsDefinition(start_date="2023-01-01", timezone="America/New_York", end_offset=14)
counties = dg.StaticPartitionsDefinition(enabled_slugs())
T = TypeVar("T")
auction_partitions = dg.MultiPartitionsDefinition({"date": auction_dates, "county": counties})


@dataclass(frozen=True)
class Partition:
    """One county's sale day: the unit every partitioned asset reads and writes."""

    county: str
    auction_date: str  # ISO date

    @property
    def key(self) -> dg.MultiPartitionKey:
        """Dagster's key of this partition."""
        return dg.MultiPartitionKey({"date": self.auction_date, "county": self.county})

    @property
    def label(self) -> str:
        """How quarantine rows and messages name the partition: "2026-12-02|brevard"."""
        return f"{self.auction_date}|{self.county}"

    @property
    def where(self) -> dict[str, str]:
        """The partition's columns, as keyword arguments for the store's partition functions."""
        return {"county": self.county, "auction_date": self.auction_date}


def partition_of(context: dg.AssetExecutionContext) -> Partition:
    """The partition being processed: the run's partition key, or the one each_partition is at in a range."""
    current = _CURRENT.get()
    if current is not None:
        return current
    keys = context.partition_key.keys_by_dimension
    return Partition(county=keys["county"], auction_date=keys["date"])


# One run may cover a range of partitions (a single-run backfill, e.g. the replayed history): the asset's body
# then runs once per partition, and partition_of answers the partition being processed.
SINGLE_RUN = dg.BackfillPolicy.single_run()
_CURRENT: contextvars.ContextVar[Partition | None] = contextvars.ContextVar("biddeed_partition", default=None)
# The replay asks the portals to publish each page as it looked this many days before the partition's sale date.
AS_OF_TAG = "biddeed/as_of_days_before_sale"
# How many partitions of a range one step works on at once (default 1: a real site sees one partition's requests,
# within its per-host limit); the replay against the simulator overlaps a few, each waiting on its pages.
AT_ONCE_TAG = "biddeed/partitions_at_once"


# A replay over the simulator knows its world's sale calendar: a range run tagged with the range's sale days (ISO,
# comma-separated) works only on those; the other days of the range are recorded empty, as their sale lists are.
SALE_DAYS_TAG = "biddeed/sale_days"


def _one_key(context: dg.AssetExecutionContext) -> bool:
    return not context.has_partition_key_range or context.partition_key_range.start == context.partition_key_range.end


def partitions_of(context: dg.AssetExecutionContext) -> list[Partition]:
    """Every partition of the run: its one partition key, or each key of its partition range (only the sale days
    of a range tagged with SALE_DAYS_TAG)."""
    if _one_key(context):
        return [_from_key(context.partition_key)]
    every = [_from_key(key) for key in context.partition_keys]
    listed = context.run.tags.get(SALE_DAYS_TAG)
    if listed is None:
        return every
    days = set(listed.split(","))
    return [p for p in every if p.auction_date in days]


def _from_key(key: str) -> Partition:
    if not isinstance(key, dg.MultiPartitionKey):
        key = auction_partitions.get_partition_key_from_str(key)
    keys = key.keys_by_dimension
    return Partition(county=keys["county"], auction_date=keys["date"])


def published_as_of(context: dg.AssetExecutionContext | None) -> dt.date | None:
    """The date a run asks the portals to publish as of (AS_OF_TAG days before the partition's sale), or None."""
    raw = context.run.tags.get(AS_OF_TAG) if context is not None else None
    if raw is None:
        return None
    return dt.date.fromisoformat(partition_of(context).auction_date) - dt.timedelta(days=int(raw))


def each_partition(body: Callable[..., dg.MaterializeResult]):
    """Run an asset's body once per partition of its run; a range's results are merged into one."""

    @functools.wraps(body)
    def asset_body(context, *args, **kwargs):
        if _one_key(context):
            return in_partition(partitions_of(context)[0], body, context, *args, **kwargs)
        results = over_range(context, lambda: body(context, *args, **kwargs))
        return with_range_note(context, merged(results))

    return asset_body


def in_partition(partition: Partition, fn: Callable[..., T], *args, **kwargs) -> T:
    """fn(*args, **kwargs) with partition_of answering `partition`."""
    token = _CURRENT.set(partition)
    try:
        return fn(*args, **kwargs)
    finally:
        _CURRENT.reset(token)


def over_range(context: dg.AssetExecutionContext, body: Callable[[], T]) -> dict[str, T]:
    """body() once per partition of a range run (AT_ONCE_TAG of them at once), its results by partition label.

    A partition whose body fails (dg.Failure) does not stop the others: they are still written, and the
    step fails at the end naming the partitions that failed.
    """
    partitions = partitions_of(context)
    results, failures = {}, {}

    def one(partition: Partition) -> None:
        _CURRENT.set(partition)  # in this task's own copy of the context
        try:
            results[partition.label] = body()
        except dg.Failure as exc:
            failures[partition.label] = exc.description or str(exc)
            context.log.error(f"{partition.label}: {failures[partition.label]}")

    at_once = max(1, int(context.run.tags.get(AT_ONCE_TAG, "1")))
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        for done in [pool.submit(contextvars.copy_context().run, one, p) for p in partitions]:
            done.result()
    if failures:
        raise dg.Failure(f"{len(failures)} of {len(partitions)} partitions failed: "
                         + "; ".join(f"{k}: {v}" for k, v in list(failures.items())[:5]))
    return {p.label: results[p.label] for p in partitions if p.label in results}


def with_range_note(context: dg.AssetExecutionContext, result: dg.MaterializeResult) -> dg.MaterializeResult:
    """A range's merged result, saying how many of its days had no sale when the run listed its sale days."""
    if SALE_DAYS_TAG in context.run.tags:
        result.metadata["partitions_without_sale"] = len(context.partition_keys) - len(partitions_of(context))
    return result


def merged(results: dict[str, dg.MaterializeResult]) -> dg.MaterializeResult:
    """One result for a range: the partitions' row counts (per partition and in total), not one partition's count."""
    rows = {label: (r.metadata or {}).get("dagster/row_count") for label, r in results.items()}
    counts = [int(getattr(v, "value", v)) for v in rows.values() if v is not None]
    table = "\n".join(f"| {label} | {'' if v is None else int(getattr(v, 'value', v))} |"
                      for label, v in rows.items() if v)
    return dg.MaterializeResult(metadata={
        "partitions": len(results), "rows_in_range": sum(counts),
        "partitions_with_rows": sum(c > 0 for c in counts),
        "rows_per_partition": dg.MetadataValue.md("| partition | rows |\n|---|---|\n" + table),
    })

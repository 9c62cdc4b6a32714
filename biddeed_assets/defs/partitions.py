"""Auction partitions: sale date x county (enabled counties only), and the Partition value."""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg

from biddeed_assets.portals.counties import enabled_slugs

# Sale lists are published ahead of the sale, so partitions run two weeks into the future.
auction_dates = dg.DailyPartitionsDefinition(start_date="2023-01-01", timezone="America/New_York", end_offset=14)
counties = dg.StaticPartitionsDefinition(enabled_slugs())
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
    """The Partition of the run's partition key."""
    keys = context.partition_key.keys_by_dimension
    return Partition(county=keys["county"], auction_date=keys["date"])


"""Auction partitions: sale date x county (enabled counties only)."""

import dagster as dg

from biddeed_assets.portals.counties import enabled_slugs

# Sale lists are published ahead of the sale, so partitions run two weeks into the future.
auction_dates = dg.DailyPartitionsDefinition(start_date="2023-01-01", timezone="America/New_York", end_offset=14)
counties = dg.StaticPartitionsDefinition(enabled_slugs())
auction_partitions = dg.MultiPartitionsDefinition({"date": auction_dates, "county": counties})


def partition_parts(context: dg.AssetExecutionContext) -> tuple[str, str]:
    """(auction_date ISO, county slug) of the run's partition."""
    keys = context.partition_key.keys_by_dimension
    return keys["date"], keys["county"]

"""Materializing assets in tests: real Postgres, the simulator over loopback."""

from __future__ import annotations

import dagster as dg

from biddeed_assets.defs.resources import ClerkPortalResource, DatabaseResource


def resources(db_url: str, simulator_url: str) -> dict:
    return {
        "database": DatabaseResource(url=db_url),
        "clerk_portal": ClerkPortalResource(base_url=f"{simulator_url}/clerk/Foreclosures/", timeout_s=5),
    }


def partition(date: str, county: str = "brevard") -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"date": date, "county": county})


def materialize(assets, key, db_url: str, simulator_url: str, *, run_config=None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        assets, partition_key=key, resources=resources(db_url, simulator_url), raise_on_error=False,
        run_config=run_config,
    )


def metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == asset]
    return {k: v.value for k, v in event.materialization.metadata.items()}

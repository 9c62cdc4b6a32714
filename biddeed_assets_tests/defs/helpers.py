"""Materializing assets in tests: real Postgres, the simulator over loopback."""

from __future__ import annotations

import dagster as dg

from biddeed_assets.defs.ingest.case_intake import INTAKE, case_intake
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource, PortalResource
from biddeed_assets.simulator.server import portal_urls


def resources(db_url: str, simulator_url: str) -> dict:
    """The database and every portal pointed at the simulator, with fast retries; narratives by the rules."""
    portals = portal_resources_for(simulator_url, timeout_s=5, wait_initial_s=0.01, min_interval_s=0.0)
    return {"database": DatabaseResource(url=db_url), "narrator": NarratorResource(), **portals}


def partition(date: str, county: str = "brevard") -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"date": date, "county": county})


NO_STEP_RETRIES = {"retries_when_unavailable": 0}
# case_intake's assets by name: a test's list of assets may name them beside other assets definitions
scraped_cases, property_records, lien_records, tax_records = INTAKE
INTAKE = list(INTAKE)  # a list, that a test's list of assets adds to


def selection(assets) -> dict:
    """dg.materialize's `assets` and `selection` for a list of assets definitions and case_intake's asset names."""
    defs, keys = [], []
    for asset in assets:
        definition, asset_keys = (case_intake, [dg.AssetKey(asset)]) if isinstance(asset, str) else (asset, asset.keys)
        if definition not in defs:
            defs.append(definition)
        keys += [k for k in asset_keys if k not in keys]
    return {"assets": defs, "selection": keys}


def asset_name(asset) -> str:
    """The name of an asset given as in `selection`'s lists."""
    return asset if isinstance(asset, str) else asset.key.to_user_string()


def op_name(asset) -> str:
    """The op (step) that materializes an asset given as in `selection`'s lists."""
    return case_intake.op.name if isinstance(asset, str) else asset.op.name


def no_step_retries(assets) -> dict:
    """Run config giving every step of `assets` that retries while a portal is down no retries."""
    return {"ops": {a.op.name: {"config": NO_STEP_RETRIES} for a in selection(assets)["assets"] if _has_retry_config(a)}}


def materialize(assets, key, db_url: str, simulator_url: str, *, run_config=None) -> dg.ExecuteInProcessResult:
    """Materialize over the simulator; a portal that stays down fails the step at once (no Dagster retry)."""
    return dg.materialize(
        **selection(assets), partition_key=key, resources=resources(db_url, simulator_url), raise_on_error=False,
        run_config=run_config or no_step_retries(assets),
    )


def _has_retry_config(asset) -> bool:
    schema = asset.op.config_schema
    return schema is not None and "retries_when_unavailable" in getattr(schema.as_field().config_type, "fields", {})


def metadata(result: dg.ExecuteInProcessResult, asset: str) -> dict:
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == asset]
    return {k: v.value for k, v in event.materialization.metadata.items()}


def portal_resources_for(simulator_url: str, **settings) -> dict[str, PortalResource]:
    from biddeed_assets.defs.resources import PORTALS

    urls = portal_urls(simulator_url)
    return {
        f"{name}_portal": PortalResource(name=name, base_url=urls[env], **settings)
        for name, (env, _) in PORTALS.items() if env in urls
    }

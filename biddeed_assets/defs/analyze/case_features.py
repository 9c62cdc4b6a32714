"""The `case_features` stage of `case_analysis`: one documented numeric row per case."""

from collections.abc import Sequence

import dagster as dg

from biddeed_assets.defs.partitions import partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model.features import FEATURE_VERSION
from biddeed_assets.model.features import case_features as features_of
from biddeed_assets.model.inputs import CaseInputs, Derived
from biddeed_assets.store import analysis_writers


def store_features(context: dg.AssetExecutionContext, database: DatabaseResource, inputs: Sequence[CaseInputs],
                   derived: Sequence[Derived] | None = None) -> dg.MaterializeResult:
    """Each case's numeric features (judgment/value ratios, case age, court, plaintiff kind, liens, taxes, ZIP)."""
    partition = partition_of(context)
    rows = [
        {**partition.where, "case_number": i.case["case_number"], "feature_version": FEATURE_VERSION,
         "features": features_of(i, None if derived is None else derived[n])}
        for n, i in enumerate(inputs)
    ]
    with database.transaction() as conn:
        written = analysis_writers.replace_features(conn, rows, **partition.where)
    known = {name: sum(r["features"][name] is not None for r in rows) for name in rows[0]["features"]} if rows else {}
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "feature_version": FEATURE_VERSION,
            "features_known": dg.MetadataValue.md(
                "| feature | cases known |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in known.items())
            ),
        }
    )

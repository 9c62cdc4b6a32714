"""The `case_analysis` multi-asset: each case's feature row, then its verdict, in one step.

Both stages start from the same facts of a case: its rules context (liens as the rules read them) and what
the verdict derives first (plaintiff, lien analysis, ARV, repairs, max bid, risk). Run together, those are
read and derived once; the feature row reads its plaintiff and lien figures from them. The verdicts then
look up each case's similar past cases from the feature rows just stored, as they did as a step of their own.
"""

import sys
from collections.abc import Iterator

import dagster as dg

from biddeed_assets.defs.analyze import agent_verdicts, case_features
from biddeed_assets.defs.analyze.agent_verdicts import store_verdicts
from biddeed_assets.defs.analyze.case_features import store_features
from biddeed_assets.defs.code_versions import files_version
from biddeed_assets.defs.ingest.case_intake import INTAKE
from biddeed_assets.defs.partitions import (
    SINGLE_RUN,
    auction_partitions,
    in_partition,
    merged,
    over_range,
    partition_of,
    partitions_of,
    with_range_note,
)
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import analysis_inputs

ANALYSIS = ("case_features", "agent_verdicts")


@dg.multi_asset(specs=[
    dg.AssetSpec("case_features", group_name="analyze", kinds={"postgres"}, deps=[*INTAKE, "demographics"],
                 description=store_features.__doc__, code_version=files_version(case_features, sys.modules[__name__])),
    dg.AssetSpec("agent_verdicts", group_name="analyze", kinds={"postgres"}, deps=["case_features"],
                 description=store_verdicts.__doc__,
                 code_version=files_version(agent_verdicts, sys.modules[__name__])),
], can_subset=True, partitions_def=auction_partitions, backfill_policy=SINGLE_RUN)
@traced
def case_analysis(context: dg.AssetExecutionContext, database: DatabaseResource):
    """Each case's feature row, then its verdict: each selected asset stored in turn."""
    selected = [name for name in ANALYSIS if dg.AssetKey(name) in context.selected_asset_keys]
    partitions = partitions_of(context)
    if not context.has_partition_key_range or len(context.partition_keys) == 1:
        stages = _stages(context, database, selected)
        while True:  # each stage in the partition's context, and reported as soon as it is stored
            step = in_partition(partitions[0], next, stages, None)
            if step is None:
                return
            yield dg.MaterializeResult(asset_key=step[0], metadata=step[1].metadata)
    results = over_range(context, lambda: dict(_stages(context, database, selected)))
    for name in selected:
        result = with_range_note(context, merged({label: stored[name] for label, stored in results.items()}))
        yield dg.MaterializeResult(asset_key=name, metadata=result.metadata)


def _stages(context: dg.AssetExecutionContext, database: DatabaseResource,
            selected: list[str]) -> Iterator[tuple[str, dg.MaterializeResult]]:
    """The selected stages of one partition in order, from one reading of its cases."""
    with database.transaction() as conn:
        inputs = analysis_inputs.partition_inputs(conn, **partition_of(context).where, similar=False)
    # the features alone need none of the verdict's derivations (a replay stores features only)
    derived = [case.derive() for case in inputs] if "agent_verdicts" in selected else None
    if "case_features" in selected:
        yield "case_features", store_features(context, database, inputs, derived)
    if "agent_verdicts" in selected:
        yield "agent_verdicts", store_verdicts(context, database, inputs, derived)

"""The `case_intake` multi-asset: a sale day's cases, their appraiser records, liens and taxes, in one step.

Its four assets are stored in order (each stage reads the cases the one before it wrote), but their pages
are fetched as soon as what they need is known: a case's appraiser record while the dockets are read, its
liens and taxes as soon as its parcel is, so every county host works at once within its own limit.
"""

import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack

import dagster as dg

from biddeed_assets.defs.code_versions import files_version
from biddeed_assets.defs.ingest import case_records, scraped_cases
from biddeed_assets.defs.ingest.case_records import read_liens, read_property_records, read_taxes
from biddeed_assets.defs.ingest.scraped_cases import ScrapeConfig, read_sale_list
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
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.portals.ahead import Ahead
from biddeed_assets.portals.http import HostPaces, pool_name
from biddeed_assets.portals.records import CaseRecord
from biddeed_assets.portals.sources import PerCase, for_county

INTAKE = ("scraped_cases", "property_records", "lien_records", "tax_records")
# the sources each asset reads (portals/sources.py CountySources fields)
INTAKE_SOURCES = {"scraped_cases": ("sale_list", "judgments"), "property_records": ("property_records",),
                  "lien_records": ("liens",), "tax_records": ("taxes",)}
_PER_CASE = {"property_records": "property_records", "lien_records": "liens", "tax_records": "taxes"}

@dg.multi_asset(specs=[
    dg.AssetSpec("scraped_cases", group_name="ingest", kinds={"postgres"}, description=read_sale_list.__doc__,
                 code_version=files_version(scraped_cases, sys.modules[__name__])),
    dg.AssetSpec("property_records", group_name="ingest", kinds={"postgres"}, deps=["scraped_cases"],
                 description=read_property_records.__doc__,
                 code_version=files_version(case_records, sys.modules[__name__])),
    dg.AssetSpec("lien_records", group_name="ingest", kinds={"postgres"}, deps=["property_records"],
                 description=read_liens.__doc__, code_version=files_version(case_records, sys.modules[__name__])),
    dg.AssetSpec("tax_records", group_name="ingest", kinds={"postgres"}, deps=["property_records"],
                 description=read_taxes.__doc__, code_version=files_version(case_records, sys.modules[__name__])),
], can_subset=True, partitions_def=auction_partitions, backfill_policy=SINGLE_RUN,
                pool=pool_name("case_intake"))
@traced
def case_intake(context: dg.AssetExecutionContext, config: ScrapeConfig, database: DatabaseResource,
                clerk_portal: PortalResource, realforeclose_portal: PortalResource, beca_portal: PortalResource,
                bcpao_portal: PortalResource, official_records_portal: PortalResource, tax_portal: PortalResource,
                realtdm_portal: PortalResource):
    """A sale day's cases, appraiser records, liens and taxes: each selected asset stored in turn."""
    portals = {"clerk": clerk_portal, "realforeclose": realforeclose_portal, "beca": beca_portal,
               "bcpao": bcpao_portal, "official_records": official_records_portal, "tax": tax_portal,
               "realtdm": realtdm_portal}
    selected = [name for name in INTAKE if dg.AssetKey(name) in context.selected_asset_keys]
    partitions = partitions_of(context)
    if not context.has_partition_key_range or len(context.partition_keys) == 1:
        stages = in_partition(partitions[0], lambda: _stages(context, config, database, portals, selected))
        while True:  # each stage in the partition's context: partition_of answers it there
            step = in_partition(partitions[0], next, stages, None)
            if step is None:
                return
            yield dg.MaterializeResult(asset_key=step[0], metadata=step[1].metadata)
    results = over_range(context, lambda: dict(_stages(context, config, database, portals, selected)))
    for name in selected:
        result = with_range_note(context, merged({label: stored[name] for label, stored in results.items()}))
        yield dg.MaterializeResult(asset_key=name, metadata=result.metadata)


def _stages(context, config: ScrapeConfig, database: DatabaseResource, portals: Mapping[str, PortalResource],
            selected: list[str]) -> Iterator[tuple[str, dg.MaterializeResult]]:
    """The selected stages of one partition in order, the pages of the later ones fetched ahead."""
    county = partition_of(context).county
    sources = for_county(county)
    paces = HostPaces()  # one limit per host across every client of the step
    urls = {name: portal.url_for(county) for name, portal in portals.items()}
    per_case = {stage: getattr(sources, field) for stage, field in _PER_CASE.items()
                if stage in selected and isinstance(getattr(sources, field), PerCase)}
    with ExitStack() as stack:
        http = {stage: stack.enter_context(portals[source.portal].http(context, database, paces=paces))
                for stage, source in per_case.items()}
        ahead = stack.enter_context(Ahead())  # closed before the clients it fetches through

        def own(stage: str):
            source, client = per_case[stage], http[stage]
            return lambda case: source.fetch(client, urls, case)

        def begin(stage: str, case: Mapping, fetch) -> None:
            source = per_case[stage]
            if not source.requires or case.get(source.requires):
                # twice the hosts' slots: a worker parses its page after giving its slot back
                ahead.begin(source, case, fetch, workers=2 * sum(portals[p].max_concurrency for p in source.portals))

        def property_then_records(case: Mapping):
            fetched = own("property_records")(case)
            if fetched is not None:
                known = {"case_number": case["case_number"], "appraiser_parcel": fetched.value.parcel_id,
                         "account": fetched.value.account}
                for stage in ("lien_records", "tax_records"):
                    if stage in per_case:
                        begin(stage, known, own(stage))
            return fetched

        fetches = {stage: ahead.or_fetch(source, property_then_records if stage == "property_records" else own(stage))
                   for stage, source in per_case.items()}

        def listed(records: list[CaseRecord]) -> None:
            if "property_records" in per_case:
                for record in records:
                    if record.status != "CANCELLED":  # the cases the property stage will read
                        begin("property_records", {"case_number": record.case_number}, property_then_records)

        run = {
            "scraped_cases": lambda: read_sale_list(context, config, database, portals, paces=paces, on_listed=listed),
            "property_records": lambda: read_property_records(
                context, config, database, portals, http=http.get("property_records"),
                fetch=fetches.get("property_records")),
            "lien_records": lambda: read_liens(context, config, database, portals, http=http.get("lien_records"),
                                               fetch=fetches.get("lien_records")),
            "tax_records": lambda: read_taxes(context, config, database, portals, http=http.get("tax_records"),
                                              fetch=fetches.get("tax_records")),
        }
        failed = None
        for stage in selected:
            try:
                yield stage, run[stage]()
            except Exception as exc:
                # liens and taxes both follow the property records: one failing does not stop the other
                if stage != "lien_records" or "tax_records" not in selected:
                    raise
                failed = exc
        if failed is not None:
            raise failed

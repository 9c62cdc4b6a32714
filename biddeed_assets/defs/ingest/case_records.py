"""Per-case ingest assets: appraiser records, recorded liens and taxes of each case on the sale list."""

import dagster as dg

from biddeed_assets.defs.ingest.intake import IngestConfig, ingest_per_case, not_available
from biddeed_assets.defs.partitions import SINGLE_RUN, auction_partitions, each_partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.portals.http import pool_name
from biddeed_assets.portals.sources import FromSaleList, NotAvailable, for_county
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import ingest_writers


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="ingest", kinds={"postgres"}, deps=["scraped_cases"],
          pool=pool_name("bcpao"))
@traced
@each_partition
def property_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                     bcpao_portal: PortalResource, official_records_portal: PortalResource) -> dg.MaterializeResult:
    """Appraiser values and building facts of each case's property (Brevard: BCPAO; RealForeclose: the item)."""
    partition = partition_of(context)
    source = for_county(partition.county).property_records
    if isinstance(source, FromSaleList):
        with database.transaction() as conn:
            written = case_store.copy_sale_list_properties(conn, **partition.where)
        return dg.MaterializeResult(metadata={"dagster/row_count": written, "source": "sale list items"})
    return ingest_per_case(
        context, config, database, {"bcpao": bcpao_portal, "official_records": official_records_portal}, source,
        table="properties", columns=ingest_writers.PROPERTY_COLUMNS,
        rows_of=lambda key, fetched: [ingest_writers.property_row(key, fetched.value, stale=fetched.stale)],
    )


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="ingest", kinds={"postgres"}, deps=["property_records"],
          pool=pool_name("official_records"))
@traced
@each_partition
def lien_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                 official_records_portal: PortalResource) -> dg.MaterializeResult:
    """Recorded mortgages, liens and lis pendens of each case's parcel, ACTIVE or SATISFIED."""
    source = for_county(partition_of(context).county).liens
    if isinstance(source, NotAvailable):
        return not_available(context, database, source, status="official_records")
    return ingest_per_case(
        context, config, database, {"official_records": official_records_portal}, source,
        table="liens", columns=ingest_writers.LIEN_COLUMNS,
        rows_of=lambda key, fetched: ingest_writers.lien_rows(key, fetched.value.liens, source_url=fetched.source_url,
                                                              stale=fetched.stale),
        rejected_of=lambda read: read.rejected,
    )


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="ingest", kinds={"postgres"}, deps=["property_records"],
          pool=pool_name("tax"))
@traced
@each_partition
def tax_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                tax_portal: PortalResource, realtdm_portal: PortalResource) -> dg.MaterializeResult:
    """Unpaid property taxes by year and the tax certificates sold on them, for each case's parcel."""
    source = for_county(partition_of(context).county).taxes
    if isinstance(source, NotAvailable):
        return not_available(context, database, source, status="tax_collector")
    return ingest_per_case(
        context, config, database, {"tax": tax_portal, "realtdm": realtdm_portal}, source,
        table="tax_records", columns=ingest_writers.TAX_COLUMNS,
        rows_of=lambda key, fetched: ingest_writers.tax_rows(key, fetched.value[0], fetched.value[1],
                                                             source_url=fetched.source_url, stale=fetched.stale),
    )

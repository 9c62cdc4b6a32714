"""The per-case stages of case_intake: appraiser records, recorded liens and taxes of each case on the sale list."""

from collections.abc import Callable, Mapping

import dagster as dg

from biddeed_assets.defs.ingest.intake import IngestConfig, ingest_per_case, not_available
from biddeed_assets.defs.partitions import partition_of
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals.http import PortalHttp
from biddeed_assets.portals.sources import FromSaleList, NotAvailable, for_county
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import ingest_writers

Fetch = Callable[[Mapping], object]


def read_property_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                          portals: Mapping[str, PortalResource], *, http: PortalHttp | None = None,
                          fetch: Fetch | None = None) -> dg.MaterializeResult:
    """Appraiser values and building facts of each case's property (Brevard: BCPAO; RealForeclose: the item)."""
    partition = partition_of(context)
    source = for_county(partition.county).property_records
    if isinstance(source, FromSaleList):
        with database.transaction() as conn:
            written = case_store.copy_sale_list_properties(conn, **partition.where)
        return dg.MaterializeResult(metadata={"dagster/row_count": written, "source": "sale list items"})
    return ingest_per_case(
        context, config, database, portals, source, table="properties", columns=ingest_writers.PROPERTY_COLUMNS,
        rows_of=lambda key, fetched: [ingest_writers.property_row(key, fetched.value, stale=fetched.stale)],
        http=http, fetch=fetch, asset="property_records",
    )


def read_liens(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
               portals: Mapping[str, PortalResource], *, http: PortalHttp | None = None,
               fetch: Fetch | None = None) -> dg.MaterializeResult:
    """Recorded mortgages, liens and lis pendens of each case's parcel, ACTIVE or SATISFIED."""
    source = for_county(partition_of(context).county).liens
    if isinstance(source, NotAvailable):
        return not_available(context, database, source, status="official_records")
    return ingest_per_case(
        context, config, database, portals, source, table="liens", columns=ingest_writers.LIEN_COLUMNS,
        rows_of=lambda key, fetched: ingest_writers.lien_rows(key, fetched.value.liens, source_url=fetched.source_url,
                                                              stale=fetched.stale),
        rejected_of=lambda read: read.rejected, http=http, fetch=fetch, asset="lien_records",
    )


def read_taxes(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
               portals: Mapping[str, PortalResource], *, http: PortalHttp | None = None,
               fetch: Fetch | None = None) -> dg.MaterializeResult:
    """Unpaid property taxes by year and the tax certificates sold on them, for each case's parcel."""
    source = for_county(partition_of(context).county).taxes
    if isinstance(source, NotAvailable):
        return not_available(context, database, source, status="tax_collector")
    return ingest_per_case(
        context, config, database, portals, source, table="tax_records", columns=ingest_writers.TAX_COLUMNS,
        rows_of=lambda key, fetched: ingest_writers.tax_rows(key, fetched.value[0], fetched.value[1],
                                                             source_url=fetched.source_url, stale=fetched.stale),
        http=http, fetch=fetch, asset="tax_records",
    )

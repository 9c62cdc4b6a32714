"""Rows for the ingest tables from the portal parsers' records, and their partition writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from biddeed_assets.store import writers
from biddeed_assets.store.ingest_guard import ANY_SHRINK, ShrinkPolicy, check_shrink

PROPERTY_COLUMNS = (
    "county", "auction_date", "case_number", "account", "parcel_id", "site_address", "city", "zip", "market_value",
    "assessed_value", "taxable_value", "homestead", "year_built", "living_area", "beds", "baths", "pool", "land_use",
    "property_type", "sales_history", "photo_url", "source", "source_url", "stale",
)
LIEN_COLUMNS = (
    "county", "auction_date", "case_number", "lien_type", "amount", "position", "status", "holder", "recorded_date",
    "book", "page", "instrument", "source", "source_url", "stale",
)
TAX_COLUMNS = (
    "county", "auction_date", "case_number", "parcel_id", "tax_year", "amount_due", "paid", "certificate_number",
    "certificate_holder", "source", "source_url", "stale",
)
OUTCOME_COLUMNS = ("county", "auction_date", "case_number", "status", "sold_amount", "sold_to", "buyer", "source",
                   "source_url")
DEMOGRAPHIC_COLUMNS = ("zip", "median_household_income", "median_home_value", "vacancy_rate",
                       "owner_occupancy_rate", "survey", "source_url", "stale")

# Appraiser land-use codes (Florida DOR) to the property types the rules know.
_LAND_USE_TYPES = (("00", "LAND"), ("01", "SFR"), ("04", "CONDO"), ("0135", "TOWNHOUSE"), ("08", "MULTI-FAMILY"),
                   ("03", "MULTI-FAMILY"), ("1", "COMMERCIAL"), ("2", "COMMERCIAL"), ("3", "COMMERCIAL"),
                   ("4", "COMMERCIAL"))


def property_type(land_use_code: str | None) -> str | None:
    if not land_use_code:
        return None
    code = land_use_code.strip().zfill(4)
    for prefix, kind in sorted(_LAND_USE_TYPES, key=lambda p: -len(p[0])):
        if code.startswith(prefix):
            return kind
    return None


def property_row(key: Mapping[str, str], record, *, stale: bool) -> dict[str, Any]:
    """A `properties` row from the BCPAO parser's PropertyRecord."""
    return {
        **key, "account": record.account, "parcel_id": record.parcel_id, "site_address": record.street or record.site_address,
        "city": record.city, "zip": record.zip, "market_value": record.market_value,
        "assessed_value": record.assessed_value, "taxable_value": record.taxable_value, "homestead": record.homestead,
        "year_built": record.year_built, "living_area": record.living_area, "beds": None, "baths": None,
        "pool": record.pool,
        "land_use": " ".join(filter(None, (record.land_use_code, record.land_use_description))) or None,
        "property_type": property_type(record.land_use_code),
        "sales_history": [
            {"date": s.date, "price": s.price, "deed_type": s.deed_type, "book": s.book, "page": s.page,
             "qualified": s.qualified} for s in record.sales
        ],
        "photo_url": record.photo_url, "source": record.source, "source_url": record.source_url, "stale": stale,
    }


def lien_rows(key: Mapping[str, str], liens: Iterable, *, source_url: str | None, stale: bool) -> list[dict[str, Any]]:
    """`liens` rows from the official-records parser's LienRecords."""
    return [
        {**key, "lien_type": lien.lien_type, "amount": lien.amount, "position": lien.position,
         "status": lien.status or "UNKNOWN", "holder": lien.holder, "recorded_date": lien.recorded_date,
         "book": lien.book, "page": lien.page, "instrument": lien.cfn, "source": "official_records",
         "source_url": source_url, "stale": stale}
        for lien in liens
    ]


def tax_rows(key: Mapping[str, str], state, certificates: Iterable = (), *, source_url: str | None,
             stale: bool) -> list[dict[str, Any]]:
    """`tax_records` rows: one per tax year of the bill, with its certificate and holder when sold."""
    holders = {c.certificate_number: c.holder for c in certificates}
    by_year = {c.tax_year: c for c in certificates if c.tax_year is not None}
    rows = []
    for year in state.years:
        cert = year.certificate_numbers[0] if year.certificate_numbers else None
        cert = cert or (by_year[year.year].certificate_number if year.year in by_year else None)
        rows.append({
            **key, "parcel_id": state.account, "tax_year": year.year, "amount_due": year.amount_due,
            "paid": None if year.status is None else str(year.status).upper() == "PAID",
            "certificate_number": cert, "certificate_holder": holders.get(cert) if cert else None,
            "source": "tax_collector", "source_url": source_url, "stale": stale,
        })
    return rows


def seen_zips(conn: psycopg.Connection) -> set[str]:
    """Every ZIP of a property or case stored so far."""
    return {r[0] for r in conn.execute(
        "SELECT zip FROM properties WHERE zip IS NOT NULL UNION SELECT zip FROM cases WHERE zip IS NOT NULL")}


def upsert_demographics(conn: psycopg.Connection, rows: list[Mapping[str, Any]], *, page: str = "the census reply",
                        prefixes: tuple[str, ...] = (), policy: ShrinkPolicy = ANY_SHRINK) -> int:
    """Replace the figures of the ZIPs in `rows`; refuse a reply covering too few of the stored `prefixes` ZIPs."""
    if prefixes:
        stored = {r[0] for r in conn.execute("SELECT zip FROM demographics WHERE zip LIKE ANY(%s)",
                                             ([f"{p}%" for p in prefixes],))}
        check_shrink(what="ZIPs", page=page, partition="demographics", before=len(stored),
                     after=len(stored & {r["zip"] for r in rows}), policy=policy)
    if not rows:
        return 0
    conn.execute("DELETE FROM demographics WHERE zip = ANY(%s)", ([r["zip"] for r in rows],))
    return writers.copy_rows(conn, "demographics", DEMOGRAPHIC_COLUMNS, rows)

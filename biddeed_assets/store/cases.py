"""Reading and writing the `cases` table (canonical case records per partition)."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from biddeed_assets.portals.records import CASE_COLUMNS, CaseRecord, RejectedRow
from biddeed_assets.store import writers
from biddeed_assets.store.ingest_guard import ANY_SHRINK, ShrinkPolicy, check_shrink
from biddeed_assets.store.rows import dicts

TABLE_COLUMNS = (*CASE_COLUMNS, "extra")


@dataclass(frozen=True)
class CasesReplaced:
    """What replacing a partition's cases did: the cases stored before, written, and kept though unlisted."""

    before: int
    written: int
    kept_unlisted: int


def replace_cases(
    conn: psycopg.Connection,
    records: list[CaseRecord],
    rejected: list[RejectedRow],
    *,
    county: str,
    auction_date: str,
    asset: str,
    run_id: str | None,
    page: str | None = None,
    policy: ShrinkPolicy = ANY_SHRINK,
) -> CasesReplaced:
    """Replace the partition's listed cases and quarantine its rejected rows; the caller owns the transaction.

    A stored case the new list no longer shows is kept, marked stale (a cancellation is a status change,
    not a deletion), unless `policy.allow`; when more than the tolerance of the stored cases vanished,
    PartitionShrank is raised before anything is written. A record of another (or no) county or date is
    a ValueError, before anything is written.
    """
    strays = [r for r in records if (r.county, r.auction_date) != (county, str(auction_date))]
    if strays:  # a record without a date (a saved page's) or of another day must never land in this window
        raise ValueError(f"{len(strays)} record(s) are not of partition {auction_date}|{county} (first: "
                         f"{strays[0].case_number} of {strays[0].auction_date}|{strays[0].county}); nothing written")
    listed = sorted({r.case_number for r in records})
    stored = {row[0] for row in conn.execute(
        "SELECT case_number FROM cases WHERE county = %s AND auction_date = %s", (county, auction_date))}
    unlisted = sorted(stored - set(listed))
    check_shrink(what="cases", page=page or "the sale list", partition=f"{auction_date}|{county}",
                 before=len(stored), after=len(stored) - len(unlisted), policy=policy)
    if policy.allow:
        conn.execute("DELETE FROM cases WHERE county = %s AND auction_date = %s", (county, auction_date))
        unlisted = []
    else:
        conn.execute("DELETE FROM cases WHERE county = %s AND auction_date = %s AND case_number = ANY(%s)",
                     (county, auction_date, listed))
        conn.execute("UPDATE cases SET stale = true WHERE county = %s AND auction_date = %s AND case_number = ANY(%s)",
                     (county, auction_date, unlisted))
    count = writers.copy_rows(conn, "cases", TABLE_COLUMNS, (r.to_dict() for r in records))
    writers.quarantine(
        conn,
        (
            {"asset": asset, "partition": f"{auction_date}|{county}", "source_url": r.source_url,
             "reason": r.reason, "raw": r.raw, "run_id": run_id}
            for r in rejected
        ),
    )
    return CasesReplaced(before=len(stored), written=count, kept_unlisted=len(unlisted))


def cases_for(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict]:
    """The partition's stored cases, by case number order."""
    return dicts(conn, "SELECT * FROM cases WHERE county = %s AND auction_date = %s ORDER BY case_number",
                 (county, auction_date))


def open_cases(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict]:
    """The partition's cases still to be sold, with the appraiser's parcel and account when known."""
    return dicts(conn, "SELECT c.*, p.parcel_id AS appraiser_parcel, p.account FROM cases c"
                       " LEFT JOIN properties p USING (county, auction_date, case_number)"
                       " WHERE c.county = %s AND c.auction_date = %s AND c.status <> 'CANCELLED'"
                       " ORDER BY c.case_number", (county, auction_date))


def copy_sale_list_properties(conn: psycopg.Connection, *, county: str, auction_date: str) -> int:
    """A sale-list item's parcel, address and appraised value as the case's property record (RealForeclose)."""
    conn.execute("DELETE FROM properties WHERE county = %s AND auction_date = %s", (county, auction_date))
    return conn.execute(
        "INSERT INTO properties (county, auction_date, case_number, parcel_id, site_address, city, zip,"
        " assessed_value, market_value, source, source_url, stale)"
        " SELECT county, auction_date, case_number, parcel_id, property_address, city, zip, assessed_value,"
        " CASE WHEN extra->>'value_label' ILIKE '%%market%%' THEN assessed_value END, source, source_url, stale"
        " FROM cases WHERE county = %s AND auction_date = %s AND status <> 'CANCELLED'",
        (county, auction_date),
    ).rowcount

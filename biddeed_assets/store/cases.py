"""Reading and writing the `cases` table (canonical case records per partition)."""

from __future__ import annotations

import psycopg

from biddeed_assets.portals.records import CASE_COLUMNS, CaseRecord, RejectedRow
from biddeed_assets.store import writers

TABLE_COLUMNS = (*CASE_COLUMNS, "extra")


def replace_cases(
    conn: psycopg.Connection,
    records: list[CaseRecord],
    rejected: list[RejectedRow],
    *,
    county: str,
    auction_date: str,
    asset: str,
    run_id: str | None,
) -> int:
    """Replace the partition's cases and quarantine its rejected rows; the caller owns the transaction."""
    count = writers.replace_partition(
        conn, "cases", TABLE_COLUMNS, (r.to_dict() for r in records), county=county, auction_date=auction_date
    )
    writers.quarantine(
        conn,
        (
            {"asset": asset, "partition": f"{auction_date}|{county}", "source_url": r.source_url,
             "reason": r.reason, "raw": r.raw, "run_id": run_id}
            for r in rejected
        ),
    )
    return count


def cases_for(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict]:
    cur = conn.execute(
        "SELECT * FROM cases WHERE county = %s AND auction_date = %s ORDER BY case_number", (county, auction_date)
    )
    names = [d.name for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

"""Partition writes that never let a damaged read replace stored rows.

A read replaces a partition's stored rows only when it does not shrink them beyond a tolerance (unless the
caller explicitly allows it); a case whose page failed keeps its stored rows, marked stale, and its
previous ingest_status answer, or is recorded as unknown with the reason. The caller owns the transaction,
so a refusal leaves everything as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from biddeed_assets.store import writers

STATUS_COLUMNS = ("county", "auction_date", "case_number", "source", "ok", "stale", "detail")


@dataclass(frozen=True)
class ShrinkPolicy:
    """How much of a partition's stored rows a new read may drop; `allow` accepts any shrink explicitly."""

    max_share: float = 0.2
    allow: bool = False


ANY_SHRINK = ShrinkPolicy(allow=True)  # plain delete-then-insert
DEFAULT_POLICY = ShrinkPolicy()


class PartitionShrank(Exception):
    """A read would shrink the stored rows beyond the tolerance; nothing was written."""

    def __init__(self, *, what: str, page: str, partition: str, before: int, after: int, policy: ShrinkPolicy):
        self.what, self.page, self.partition, self.before, self.after = what, page, partition, before, after
        super().__init__(
            f"{page} would leave {after} of the {before} stored {what} of {partition} (more than "
            f"{policy.max_share:.0%} fewer, and the source does not say why); keeping the stored rows "
            "(run with allow_shrink to accept it)"
        )


def check_shrink(*, what: str, page: str, partition: str, before: int, after: int, policy: ShrinkPolicy) -> None:
    """Raise PartitionShrank when `after` rows would be more than the tolerance fewer than `before`."""
    if policy.allow or before <= 0 or after >= before:
        return
    if (before - after) / before > policy.max_share:
        raise PartitionShrank(what=what, page=page, partition=partition, before=before, after=after, policy=policy)


@dataclass(frozen=True)
class Replaced:
    """What a guarded replace did: the stored rows before, those kept (stale), and the rows written."""

    before: int
    kept: int
    written: int


def _where(table: str, extra: str = "") -> sql.Composed:
    return sql.SQL("FROM {} WHERE county = %(county)s AND auction_date = %(auction_date)s" + extra).format(
        sql.Identifier(table))


def replace_case_rows(
    conn: psycopg.Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    county: str,
    auction_date: str,
    scope: Iterable[str],
    keep: Iterable[str] = (),
    page: str,
    partition: str,
    policy: ShrinkPolicy = DEFAULT_POLICY,
    stale_column: bool = True,
) -> Replaced:
    """Replace the stored rows of the cases in `scope` with `rows`; the cases in `keep` keep theirs, marked stale.

    Rows of cases outside `scope` are left alone (a case no longer asked for, e.g. cancelled, keeps its
    rows). Raises PartitionShrank, before writing anything, when the result would hold more than the
    tolerance fewer rows for the scope than are stored.
    """
    rows = list(rows)
    keep = sorted(set(keep))
    params = {"county": county, "auction_date": auction_date, "scope": sorted(set(scope)), "keep": keep}
    before = conn.execute(sql.SQL("SELECT count(*) ") + _where(table, " AND case_number = ANY(%(scope)s)"),
                          params).fetchone()[0]
    kept = conn.execute(sql.SQL("SELECT count(*) ") + _where(table, " AND case_number = ANY(%(keep)s)"),
                        params).fetchone()[0] if keep else 0
    check_shrink(what=f"{table} rows", page=page, partition=partition, before=before, after=len(rows) + kept,
                 policy=policy)
    conn.execute(sql.SQL("DELETE ") + _where(table, " AND case_number = ANY(%(scope)s)"
                                                    " AND NOT case_number = ANY(%(keep)s)"), params)
    if keep and stale_column:
        conn.execute(sql.SQL("UPDATE {} SET stale = true WHERE county = %(county)s AND auction_date = %(auction_date)s"
                             " AND case_number = ANY(%(keep)s)").format(sql.Identifier(table)), params)
    written = writers.copy_rows(conn, table, columns, rows)
    return Replaced(before=before, kept=kept, written=written)


def replace_statuses(
    conn: psycopg.Connection,
    source: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    county: str,
    auction_date: str,
    unknown: Mapping[str, str],
) -> int:
    """Record which cases `source` answered for, replacing the earlier record of those cases.

    A case in `unknown` (case number -> why) keeps its earlier answer marked stale when it had one,
    else it is recorded as not ok with the reason: a failed read is unknown, never "none".
    """
    rows = [dict(r) for r in rows]
    numbers = sorted({r["case_number"] for r in rows} | set(unknown))
    params = {"county": county, "auction_date": auction_date, "source": source, "numbers": numbers}
    earlier = dict(conn.execute(
        "SELECT case_number, ok FROM ingest_status WHERE county = %(county)s AND auction_date = %(auction_date)s"
        " AND source = %(source)s AND case_number = ANY(%(numbers)s)", params).fetchall())
    by_case = {r["case_number"]: r for r in rows}
    for number, why in unknown.items():
        answered = bool(earlier.get(number))
        by_case[number] = {
            "county": county, "auction_date": auction_date, "case_number": number, "source": source,
            "ok": answered, "stale": answered, "detail": f"kept the earlier read: {why}" if answered else why,
        }
    conn.execute("DELETE FROM ingest_status WHERE county = %(county)s AND auction_date = %(auction_date)s"
                 " AND source = %(source)s AND case_number = ANY(%(numbers)s)", params)
    return writers.copy_rows(conn, "ingest_status", STATUS_COLUMNS, by_case.values())

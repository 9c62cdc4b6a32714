"""Batched writes: replace one partition's rows with COPY, and quarantine what could not be parsed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg
from psycopg import sql


def _jsonable(value: Any) -> Any:
    """Dicts and lists go in as JSON text (JSONB columns); tuples stay Postgres arrays."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return list(value) if isinstance(value, tuple) else value


def copy_rows(conn: psycopg.Connection, table: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """COPY rows (mappings with at least `columns`) into `table`; return how many."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row([_jsonable(row.get(c)) for c in columns])
            count += 1
    return count


def copy_tuples(conn: psycopg.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY ready rows (one value per column, JSON already text) into `table`: the bulk path of copy_rows."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    count = 0
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def replace_partition(
    conn: psycopg.Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    county: str,
    auction_date: str,
) -> int:
    """Delete the (county, auction_date) window of `table` and COPY `rows` in; the caller owns the transaction."""
    conn.execute(
        sql.SQL("DELETE FROM {} WHERE county = %s AND auction_date = %s").format(sql.Identifier(table)),
        (county, auction_date),
    )
    return copy_rows(conn, table, columns, rows)


def count_partition(conn: psycopg.Connection, table: str, *, county: str, auction_date: str) -> int:
    query = sql.SQL("SELECT count(*) FROM {} WHERE county = %s AND auction_date = %s").format(sql.Identifier(table))
    return conn.execute(query, (county, auction_date)).fetchone()[0]


QUARANTINE_COLUMNS = ("asset", "partition", "source_url", "reason", "raw", "run_id")


def quarantine(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]]) -> int:
    """Keep rows that could not be parsed, with their reason and source."""
    return copy_rows(conn, "quarantine", QUARANTINE_COLUMNS, rows)

"""Small helpers for reading query results as dicts."""

from __future__ import annotations

from typing import Any

import psycopg


def dicts(conn: psycopg.Connection, query: str, params: Any = None) -> list[dict[str, Any]]:
    cur = conn.execute(query, params)
    if cur.description is None:
        return []
    names = [d.name for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

"""The HTTP response cache: the last good response per request, served stale when a portal is down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from biddeed_assets.store import db

_UPSERT = """
INSERT INTO http_cache (cache_key, url, status_code, headers, body, fetched_at)
VALUES (%s, %s, %s, %s, %s, now())
ON CONFLICT (cache_key) DO UPDATE
SET url = EXCLUDED.url, status_code = EXCLUDED.status_code, headers = EXCLUDED.headers,
    body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at
RETURNING fetched_at
"""

_SELECT = "SELECT cache_key, url, status_code, headers, body, fetched_at FROM http_cache WHERE cache_key = %s"


@dataclass(frozen=True)
class CachedResponse:
    """One remembered response: what the portal answered, and when."""

    cache_key: str
    url: str
    status_code: int
    headers: dict[str, str]
    body: bytes
    fetched_at: dt.datetime


class HttpCache:
    """Reads and upserts `http_cache` rows, each in its own short transaction on its own pooled connection."""

    def __init__(self, pool: ConnectionPool):
        self._pool = pool

    def get(self, key: str) -> CachedResponse | None:
        """The remembered response for this key, or None."""
        with db.transaction(self._pool) as conn:
            row = conn.execute(_SELECT, (key,)).fetchone()
        if row is None:
            return None
        cache_key, url, status_code, headers, body, fetched_at = row
        return CachedResponse(cache_key, url, status_code, dict(headers or {}), bytes(body), fetched_at)

    def put(self, key: str, url: str, status_code: int, headers: Mapping[str, str], body: bytes) -> dt.datetime:
        """Upsert the response for this key (committed at once); return its fetched_at."""
        with db.transaction(self._pool) as conn:
            (fetched_at,) = conn.execute(_UPSERT, (key, url, status_code, Jsonb(dict(headers)), body)).fetchone()
        return fetched_at

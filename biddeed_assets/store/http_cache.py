"""The HTTP response cache: the last good response per request, served stale when a portal is down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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

# Many responses in one statement (one round trip): unnest the columns, each key once; binary parameters, as
# text-escaping the bodies of a bytea[] costs more than fetching them.
_UPSERT_MANY = """
INSERT INTO http_cache (cache_key, url, status_code, headers, body, fetched_at)
SELECT k, u, s, h, b, now() FROM unnest(%b::text[], %b::text[], %b::int[], %b::jsonb[], %b::bytea[]) AS t(k, u, s, h, b)
ON CONFLICT (cache_key) DO UPDATE
SET url = EXCLUDED.url, status_code = EXCLUDED.status_code, headers = EXCLUDED.headers,
    body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at
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

    def put_many(self, responses: Sequence[CachedResponse]) -> int:
        """Upsert many responses (anything with CachedResponse's fields) in one statement, committed at once;
        the last of a key wins, and every row's fetched_at is now. Returns how many rows."""
        latest = {r.cache_key: r for r in responses}
        if not latest:
            return 0
        rows = list(latest.values())
        with db.transaction(self._pool) as conn:
            conn.execute(_UPSERT_MANY, ([r.cache_key for r in rows], [r.url for r in rows],
                                        [r.status_code for r in rows], [Jsonb(dict(r.headers)) for r in rows],
                                        [r.body for r in rows]))
        return len(rows)

"""A psycopg 3 connection pool to the domain database, with pgvector's adapter on every connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from pgvector.psycopg import register_vector
from psycopg_pool import ConnectionPool

from biddeed_assets.store.tracing import TracedCursor


def _configure(conn: psycopg.Connection) -> None:
    conn.cursor_factory = TracedCursor  # every write through this module's connections is a span
    try:
        register_vector(conn)
    except psycopg.ProgrammingError:
        pass  # the vector extension is created by migration 001; before it, plain connections suffice
    conn.commit()


def open_pool(url: str, *, min_size: int = 1, max_size: int = 4) -> ConnectionPool:
    pool = ConnectionPool(url, min_size=min_size, max_size=max_size, configure=_configure, open=False)
    pool.open(wait=True, timeout=30)
    return pool


@contextmanager
def transaction(pool: ConnectionPool) -> Iterator[psycopg.Connection]:
    """One connection, one transaction: committed on success, rolled back on any error."""
    with pool.connection() as conn, conn.transaction():
        yield conn


@contextmanager
def connect(url: str) -> Iterator[psycopg.Connection]:
    """One short-lived connection (commands and scripts); committed when the block succeeds."""
    with psycopg.connect(url) as conn:
        _configure(conn)
        yield conn

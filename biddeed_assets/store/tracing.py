"""Spans for database writes: a psycopg cursor that traces each INSERT, UPDATE, DELETE and COPY it runs.

Only the OpenTelemetry API is used here; the SDK (exporter, run-id attribute) is configured once, by
`defs/tracing.py`. Without a configured SDK the spans are no-ops.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

import psycopg
from opentelemetry import trace
from psycopg import sql

tracer = trace.get_tracer("biddeed.store")
_WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|MERGE\s+INTO|TRUNCATE)\s+\"?([\w.]+)\"?", re.I)


def _statement(query: Any, cursor: psycopg.Cursor) -> str:
    if isinstance(query, sql.Composable):
        try:
            return query.as_string(cursor)
        except psycopg.Error:
            return ""
    return query.decode() if isinstance(query, bytes) else str(query)


def write_of(query: Any, cursor: psycopg.Cursor) -> tuple[str, str] | None:
    """(operation, table) when the statement writes, else None."""
    m = _WRITE.match(_statement(query, cursor)[:200])
    return (m.group(1).split()[0].upper(), m.group(2)) if m else None


@contextmanager
def _span(write: tuple[str, str], cursor: psycopg.Cursor):
    operation, table = write
    with tracer.start_as_current_span(f"db {operation} {table}", kind=trace.SpanKind.CLIENT, attributes={
        "db.system.name": "postgresql", "db.operation.name": operation, "db.collection.name": table,
        "db.namespace": cursor.connection.info.dbname,
    }) as span:
        yield span


class TracedCursor(psycopg.Cursor):
    """A cursor whose writes are spans (operation, table, database, rows)."""

    def execute(self, query, params=None, **kwargs):
        write = write_of(query, self)
        if write is None:
            return super().execute(query, params, **kwargs)
        with _span(write, self) as span:
            result = super().execute(query, params, **kwargs)
            span.set_attribute("db.response.affected_rows", self.rowcount)
            return result

    @contextmanager
    def copy(self, statement, params=None, **kwargs):
        write = write_of(statement, self)
        if write is None:
            with super().copy(statement, params, **kwargs) as copy:
                yield copy
            return
        with _span(write, self) as span:
            with super().copy(statement, params, **kwargs) as copy:
                yield copy
            span.set_attribute("db.response.affected_rows", self.rowcount)

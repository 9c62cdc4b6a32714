"""Imported auction history: one source's cases, properties and outcomes replaced together, or not at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import psycopg
from psycopg import sql

from biddeed_assets.model.history import FACT_NUMBERS, HistoryFileError, read_history, source_name
from biddeed_assets.store import db, migrations, writers

CASE_COLUMNS = (
    "county", "auction_date", "case_number", "auction_type", "status", "plaintiff", "defendant", "final_judgment",
    "opening_bid", "plaintiff_max_bid", "assessed_value", "parcel_id", "property_address", "city", "zip",
    "sold_amount", "sold_to", "court_type", "source", "source_url", "stale", *FACT_NUMBERS, "extra",
)
PROPERTY_COLUMNS = ("county", "auction_date", "case_number", "parcel_id", "site_address", "city", "zip",
                    "assessed_value", "living_area", "beds", "baths", "source", "stale")
OUTCOME_COLUMNS = ("county", "auction_date", "case_number", "status", "sold_amount", "sold_to", "source")
QUARANTINE_ASSET = "import_history"
# Table column -> the history table's column of the same fact.
CANONICAL = {"site_address": "property_address"}


@dataclass(frozen=True)
class ImportCounts:
    """What one import did; `unchanged` when the same bytes were imported before under this source."""

    source: str
    imported: int
    replaced: int
    quarantined: int
    skipped: int
    unchanged: bool = False

    def to_dict(self) -> dict:
        return {"source": self.source, "imported": self.imported, "replaced": self.replaced,
                "quarantined": self.quarantined, "skipped": self.skipped, "unchanged": self.unchanged}


def previous_sha(conn: psycopg.Connection, source: str) -> str | None:
    row = conn.execute("SELECT file_sha256 FROM history_imports WHERE source = %s", (source,)).fetchone()
    return row[0] if row else None


def _owned_elsewhere(conn: psycopg.Connection, source: str, table) -> set[tuple]:
    """Keys (and auction ids) of the file's dates already held by another source: those rows are skipped."""
    if table.empty:
        return set()
    rows = conn.execute(
        "SELECT county, auction_date::text, case_number, auction_id FROM cases"
        " WHERE county = ANY(%s) AND auction_date BETWEEN %s AND %s AND source IS DISTINCT FROM %s",
        (sorted(table["county"].unique()), table["auction_date"].min(), table["auction_date"].max(), source),
    ).fetchall()
    taken = {(county, date, number) for county, date, number, _ in rows}
    taken |= {(county, date, f"auction-id:{aid}") for county, date, _, aid in rows if aid}
    return taken


def _free(table, taken: set[tuple]) -> list[bool]:
    """Which rows no other source holds, by key or by RealForeclose auction id."""
    if not taken:
        return [True] * len(table)
    keys = zip(table["county"], table["auction_date"], table["case_number"], table["auction_id"], strict=True)
    return [(c, d, n) not in taken and (pd.isna(aid) or (c, d, f"auction-id:{aid}") not in taken)
            for c, d, n, aid in keys]


def _values(table, name: str) -> list:
    """A column as COPY values: NaN is NULL."""
    column = table[name]
    return column.astype(object).where(column.notna(), None).tolist()


def _copy(conn: psycopg.Connection, table_name: str, columns: tuple[str, ...], table, fixed: dict) -> int:
    values = [[fixed[c]] * len(table) if c in fixed else _values(table, CANONICAL.get(c, c)) for c in columns]
    return writers.copy_tuples(conn, table_name, columns, zip(*values, strict=True))


def replace_source(conn: psycopg.Connection, history, *, source: str, file_name: str) -> ImportCounts:
    """Replace everything `source` imported before with `history`; the caller's transaction makes it atomic."""
    if previous_sha(conn, source) == history.sha256:
        return ImportCounts(source, 0, 0, 0, 0, unchanged=True)
    replaced = conn.execute("DELETE FROM cases WHERE source = %s", (source,)).rowcount
    conn.execute("DELETE FROM properties WHERE source = %s", (source,))
    conn.execute("DELETE FROM outcomes WHERE source = %s", (source,))
    conn.execute("DELETE FROM quarantine WHERE asset = %s AND partition = %s", (QUARANTINE_ASSET, source))
    table = history.table
    keep = _free(table, _owned_elsewhere(conn, source, table))
    if not all(keep):
        table = table[keep]
    fixed = {"source": source, "stale": False, "source_url": None, "plaintiff": None, "defendant": None,
             "opening_bid": None}
    imported = _copy(conn, "cases", CASE_COLUMNS, table, fixed)
    _copy(conn, "properties", PROPERTY_COLUMNS, table, fixed)
    # The outcome is already in the cases rows just written: copying it server-side spares a second COPY.
    columns = sql.SQL(", ").join(map(sql.Identifier, OUTCOME_COLUMNS))
    conn.execute(sql.SQL("INSERT INTO outcomes ({}) SELECT {} FROM cases WHERE source = %s").format(columns, columns),
                 (source,))
    quarantined = writers.quarantine(conn, (
        {"asset": QUARANTINE_ASSET, "partition": source, "source_url": file_name,
         "reason": f"line {r.line}: {r.reason}", "raw": r.raw, "run_id": None} for r in history.rejected))
    skipped = len(keep) - imported
    conn.execute(
        "INSERT INTO history_imports (source, file_name, file_sha256, rows_read, rows_imported, rows_quarantined,"
        " rows_skipped, unknown_columns) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (source) DO UPDATE SET file_name = EXCLUDED.file_name, file_sha256 = EXCLUDED.file_sha256,"
        " rows_read = EXCLUDED.rows_read, rows_imported = EXCLUDED.rows_imported,"
        " rows_quarantined = EXCLUDED.rows_quarantined, rows_skipped = EXCLUDED.rows_skipped,"
        " unknown_columns = EXCLUDED.unknown_columns, imported_at = now()",
        (source, file_name, history.sha256, history.rows_read, imported, quarantined, skipped,
         list(history.unknown_columns)),
    )
    return ImportCounts(source, imported, replaced, quarantined, skipped)


def imports(conn: psycopg.Connection) -> list[dict]:
    """Every imported source, newest first."""
    cur = conn.execute("SELECT source, file_name, rows_read, rows_imported, rows_quarantined, rows_skipped,"
                       " unknown_columns, imported_at FROM history_imports ORDER BY imported_at DESC")
    names = [d.name for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def source_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Outcomes held per source (real history, live captures, ...): what a training set can draw on."""
    rows = conn.execute("SELECT coalesce(source, 'unknown'), count(*) FROM outcomes GROUP BY 1 ORDER BY 1").fetchall()
    return {source: n for source, n in rows}


def live_outcome_count(conn: psycopg.Connection) -> int:
    """Outcomes the pipeline captured itself (not imported from a history file)."""
    return conn.execute("SELECT count(*) FROM outcomes WHERE source IS NULL"
                        " OR source NOT IN (SELECT source FROM history_imports)").fetchone()[0]


IMPORT_STAGES = 3  # read, validate, store: what `on_stage` is told after each


def import_file(url: str, path: Path, *, source: str | None = None,
                on_stage: Callable[[str], None] = lambda _: None) -> tuple[ImportCounts, tuple[str, ...]]:
    """Read, validate and store one history file in one transaction; raise HistoryFileError for a bad file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HistoryFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    on_stage(f"read {len(data):,} bytes")
    tag = source or source_name(path)
    history = read_history(data, source=tag)
    on_stage("validated")
    migrations.migrate(url)
    with db.connect(url) as conn, conn.transaction():
        counts = replace_source(conn, history, source=tag, file_name=path.name)
    on_stage("stored")
    return counts, history.unknown_columns

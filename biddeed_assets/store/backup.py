"""Backup and restore of the domain database with pg_dump / pg_restore (shipped in the pgserver wheel)."""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql

from biddeed_assets.store.server import ToolError, run_tool


def backup(url: str, path: Path) -> Path:
    """Write a custom-format dump of the database at `url` to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run_tool("pg_dump", "--format=custom", "--no-owner", f"--file={path}", url=url)
    return path


def restore(url: str, path: Path) -> None:
    """Replace the database's contents with the dump at `path` (objects are dropped, then recreated)."""
    if not path.is_file():
        raise ToolError(f"no backup file at {path}")
    run_tool("pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction",
             str(path), url=url)


def table_counts(url: str) -> dict[str, int]:
    """Row count of every table in the public schema: the verification step after a restore."""
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in tables
        }

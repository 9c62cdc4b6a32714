"""Apply sql/NNN_*.sql in order, each in its own transaction, recording what was applied."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import psycopg

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)
"""


def migration_files(sql_dir: Path = SQL_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(sql_dir.glob("*.sql")):
        m = _NAME.match(path.name)
        if m:
            found.append((int(m.group(1)), path))
    versions = [v for v, _ in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number in {sql_dir}")
    return found


def migrate(url: str, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply the migrations not yet applied; return their file names (empty the second time)."""
    applied: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
            conn.execute(_LEDGER)  # only the owner can; the app role reads the ledger of a migrated database
        done = {row[0]: row[1] for row in conn.execute("SELECT version, sha256 FROM schema_migrations")}
        for version, path in migration_files(sql_dir):
            body = path.read_text()
            digest = hashlib.sha256(body.encode()).hexdigest()
            if version in done:
                if done[version] != digest:
                    raise RuntimeError(f"{path.name} changed after it was applied; add a new migration instead")
                continue
            with conn.transaction():
                conn.execute(body)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, sha256) VALUES (%s, %s, %s)",
                    (version, path.name, digest),
                )
            applied.append(path.name)
    return applied

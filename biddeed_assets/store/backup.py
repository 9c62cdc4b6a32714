"""Backup and restore with pg_dump / pg_restore (shipped in the pgserver wheel), verified before anything changes.

A backup set is one directory `<root>/<UTC timestamp>/` holding `biddeed.dump` (the domain database),
`dagster.dump` (Dagster's run, event and schedule storage) and `manifest.json` (when, each archive's size
and sha256, the domain database's per-table row counts). `prune` keeps the sets newer than the retention.

An archive is believed only after `verify_archive`: its size and sha256 match the manifest beside it (when
there is one) and pg_restore reads it whole to /dev/null. A truncated or corrupt archive is refused with
its reason before any database is touched. `restore_verified` restores into a scratch database, checks its
per-table counts against the manifest, and only then swaps it in for the live one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from biddeed_assets.store import config
from biddeed_assets.store.server import ToolError, run_tool

ARCHIVES = {"domain": "biddeed.dump", "dagster": "dagster.dump"}
MANIFEST = "manifest.json"
STAMP = "%Y%m%dT%H%M%SZ"


class ArchiveError(ToolError):
    """An archive that must not be restored: missing, truncated, corrupt, or not what its manifest says."""


def backup(url: str, path: Path) -> Path:
    """Write a custom-format dump of the database at `url` to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    run_tool("pg_dump", "--format=custom", "--no-owner", f"--file={path}", url=url)
    return path


def restore(url: str, path: Path) -> None:
    """Replace the database's contents with the dump at `path` (verified first; objects dropped, then recreated)."""
    verify_archive(path)
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------- backup sets

@dataclass(frozen=True)
class BackupSet:
    """One backup: its directory and manifest."""

    path: Path
    manifest: dict

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["created_at"])

    def archive(self, kind: str = "domain") -> Path:
        return self.path / ARCHIVES[kind]

    def age_s(self, now: dt.datetime | None = None) -> float:
        return ((now or dt.datetime.now(dt.UTC)) - self.created_at).total_seconds()


def backup_root() -> Path:
    """$BIDDEED_BACKUP_DIR, default $BIDDEED_HOME/backups."""
    import os

    return Path(os.environ.get("BIDDEED_BACKUP_DIR") or config.home() / "backups").resolve()


def backup_set(domain_url: str, dagster_url: str | None, root: Path, now: dt.datetime | None = None) -> BackupSet:
    """Dump both databases into a new set under `root`; the manifest is written last, so a set without one is
    unfinished (a crash mid-backup) and never listed."""
    now = now or dt.datetime.now(dt.UTC)
    path = root / now.strftime(STAMP)
    path.mkdir(parents=True, exist_ok=False)
    counts = table_counts(domain_url)
    files = {}
    for kind, url in (("domain", domain_url), ("dagster", dagster_url)):
        if url is None:
            continue
        archive = backup(url, path / ARCHIVES[kind])
        files[ARCHIVES[kind]] = {"database": config.database_name(url), "bytes": archive.stat().st_size,
                                 "sha256": _sha256(archive)}
    manifest = {"created_at": now.isoformat(), "files": files, "table_counts": counts}
    (path / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return BackupSet(path, manifest)


def backup_sets(root: Path) -> list[BackupSet]:
    """Every finished set under `root`, newest first."""
    if not root.is_dir():
        return []
    found = []
    for manifest in root.glob(f"*/{MANIFEST}"):
        try:
            found.append(BackupSet(manifest.parent, json.loads(manifest.read_text())))
        except (OSError, ValueError):
            continue  # an unreadable manifest is no backup; prune leaves it for a person to look at
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def prune(root: Path, retention_days: float, now: dt.datetime | None = None) -> list[Path]:
    """Remove the sets older than the retention; the newest set is always kept."""
    now = now or dt.datetime.now(dt.UTC)
    removed = []
    for old in backup_sets(root)[1:]:
        if old.age_s(now) > retention_days * 86400:
            shutil.rmtree(old.path)
            removed.append(old.path)
    return removed


def manifest_for(archive: Path) -> dict | None:
    """The manifest of the set an archive belongs to, if it has one."""
    beside = archive.parent / MANIFEST
    try:
        return json.loads(beside.read_text()) if beside.is_file() else None
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"the manifest beside {archive} is unreadable: {exc}") from None


def verify_archive(archive: Path) -> None:
    """Refuse an archive that is missing, empty, not what its manifest says, or that pg_restore cannot read whole."""
    if not archive.is_file():
        raise ArchiveError(f"no backup archive at {archive}")
    size = archive.stat().st_size
    if size == 0:
        raise ArchiveError(f"{archive} is empty")
    expected = ((manifest_for(archive) or {}).get("files") or {}).get(archive.name)
    if expected:
        if size != expected["bytes"]:
            raise ArchiveError(f"{archive} is truncated or padded: {size} bytes, the manifest says {expected['bytes']}")
        if _sha256(archive) != expected["sha256"]:
            raise ArchiveError(f"{archive} is corrupt: its sha256 differs from the manifest's")
    try:  # reads every block, so a cut-off data section fails here and not halfway into a restore
        run_tool("pg_restore", "--file=/dev/null", str(archive), url=None)
    except ToolError as exc:
        raise ArchiveError(f"{archive} cannot be read whole: {exc}") from None


# ---------------------------------------------------------------------------------------- verified restore

@dataclass(frozen=True)
class RestoreReport:
    database: str
    seconds: float
    counts: dict[str, int]
    checked_against_manifest: bool
    previous: str | None  # what the replaced database is now called (kept until the next restore)


def _terminate(conn: psycopg.Connection, database: str) -> None:
    conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                 (database,))


def _exists(conn: psycopg.Connection, database: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone() is not None


def restore_verified(admin_url: str, database: str, archive: Path) -> RestoreReport:
    """Restore `archive` as `database`: verify it, restore into a scratch database, check the per-table counts
    against its manifest, then swap the scratch database in (the old one is kept as `<database>_before_restore`)."""
    t0 = time.perf_counter()
    verify_archive(archive)
    manifest = manifest_for(archive)
    scratch, previous = f"{database}_restoring", f"{database}_before_restore"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    scratch_url = config.with_database(admin_url, scratch)
    try:
        run_tool("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", str(archive), url=scratch_url)
        counts = table_counts(scratch_url)
        expected = (manifest or {}).get("table_counts") if archive.name == ARCHIVES["domain"] else None
        if expected is not None and counts != expected:
            wrong = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
            raise ArchiveError(f"the restored copy's row counts differ from the manifest in {', '.join(wrong[:5])}")
    except Exception:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        raise
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(previous)))
        kept = None
        if _exists(conn, database):
            _terminate(conn, database)
            conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(database),
                                                                        sql.Identifier(previous)))
            kept = previous
        conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(scratch), sql.Identifier(database)))
    return RestoreReport(database, round(time.perf_counter() - t0, 2), counts, expected is not None, kept)

"""Backup sets, archives refused before anything is touched, the verified restore, and the drill's RPO/RTO."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import psycopg
import pytest

from biddeed_assets.app import cli, db_drill
from biddeed_assets.store import backup, config


@dataclass(frozen=True)
class _Server:
    admin_url: str
    url: str
    dagster_url: str | None = None


def _alerts(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM alerts").fetchone()[0]


def _add_alerts(url: str, n: int) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO alerts (severity, title, message) SELECT 'info', 'a' || g, 'm' FROM generate_series(1, %s) g",
                     (n,))


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("BIDDEED_BACKUP_DIR", str(tmp_path / "backups"))
    return backup.backup_root()


def test_a_backup_set_holds_verified_archives_and_a_manifest_and_old_sets_are_pruned(db_url, root):
    _add_alerts(db_url, 3)
    old = backup.backup_set(db_url, db_url, root, now=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
    new = backup.backup_set(db_url, None, root)
    assert set(old.manifest["files"]) == {"biddeed.dump", "dagster.dump"} and set(new.manifest["files"]) == {"biddeed.dump"}
    assert new.manifest["table_counts"]["alerts"] == 3
    backup.verify_archive(new.archive())
    assert [s.path for s in backup.backup_sets(root)] == [new.path, old.path]
    (root / "20261201T000000Z").mkdir()  # a set cut off before its manifest is no backup
    assert backup.prune(root, retention_days=30) == [old.path]
    assert [s.path for s in backup.backup_sets(root)] == [new.path]


@pytest.mark.parametrize("damage, reason", [
    (lambda data: data[: len(data) // 2], "truncated"),
    (lambda data: data[:100] + bytes([data[100] ^ 0xFF]) + data[101:], "corrupt"),
    (lambda data: b"", "empty"),
])
def test_a_damaged_archive_is_refused_before_anything_is_touched(db_url, pg_server, root, damage, reason):
    made = backup.backup_set(db_url, None, root)
    archive = made.archive()
    archive.write_bytes(damage(archive.read_bytes()))
    _add_alerts(db_url, 2)
    with pytest.raises(backup.ArchiveError, match=reason):
        backup.restore_verified(pg_server.admin_url, config.database_name(db_url), archive)
    with pytest.raises(backup.ArchiveError):
        backup.restore(db_url, archive)
    assert _alerts(db_url) == 2  # the live database is as it was


def test_an_archive_without_a_manifest_is_still_read_whole_before_use(db_url, tmp_path):
    archive = backup.backup(db_url, tmp_path / "loose.dump")
    archive.write_bytes(archive.read_bytes()[:-40])
    with pytest.raises(backup.ArchiveError, match="cannot be read whole"):
        backup.verify_archive(archive)


def test_the_verified_restore_checks_counts_then_swaps_and_keeps_the_old_database(db_url, pg_server, root):
    _add_alerts(db_url, 4)
    made = backup.backup_set(db_url, None, root)
    _add_alerts(db_url, 10)  # written after the backup: what a restore loses
    name = config.database_name(db_url)
    report = backup.restore_verified(pg_server.admin_url, name, made.archive())
    assert report.checked_against_manifest and report.counts["alerts"] == 4 and report.seconds > 0
    assert _alerts(db_url) == 4
    assert _alerts(config.with_database(pg_server.admin_url, report.previous)) == 14
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{report.previous}" WITH (FORCE)')


def test_the_drill_breaks_a_copy_restores_it_and_measures_rpo_and_rto(db_url, pg_server, root):
    _add_alerts(db_url, 5)
    backup.backup_set(db_url, None, root, now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
    result = db_drill.drill(_Server(pg_server.admin_url, db_url))
    assert 1190 < result["rpo_s"] < 1300 and result["rpo_met"] and result["rto_met"]
    assert 0 < result["rto_s"] < result["rto_objective_s"] and result["checked_against_manifest"]
    assert len(result["broken_tables"]) == 3 and result["rows_verified"] >= 5
    assert _alerts(db_url) == 5  # the live database was never touched
    with psycopg.connect(pg_server.admin_url) as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'biddeed_drill%'").fetchone()[0]
    assert left == 0


def test_db_restore_without_a_file_or_with_a_missing_one_is_one_clear_line(capsys, tmp_path, db_url, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    assert cli.main(["db", "restore"]) == 2
    assert cli.main(["db", "restore", str(tmp_path / "nope.dump"), "--verify"]) != 0
    err = capsys.readouterr().err
    assert "needs a FILE" in err and "no backup archive" in err and "Traceback" not in err


def test_db_backup_and_verified_restore_from_the_command(capsys, db_url, root, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    _add_alerts(db_url, 2)
    assert cli.main(["db", "backup"]) == 0
    [made] = backup.backup_sets(root)
    _add_alerts(db_url, 3)
    assert cli.main(["db", "restore", str(made.path), "--verify"]) == 0
    out = capsys.readouterr().out
    assert "counts match the manifest" in out and _alerts(db_url) == 2
    json.dumps(made.manifest)


def test_the_database_backup_asset_writes_a_verified_set_on_its_hourly_schedule(db_url, root):
    import dagster as dg

    from biddeed_assets.defs.operate.backups import database_backup, database_backup_schedule
    from biddeed_assets.defs.resources import DatabaseResource

    _add_alerts(db_url, 1)
    result = dg.materialize([database_backup], resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    [made] = backup.backup_sets(root)
    metadata = result.asset_materializations_for_node("database_backup")[0].metadata
    assert metadata["domain_rows"].value == sum(made.manifest["table_counts"].values()) >= 1
    assert database_backup_schedule.cron_schedule == "0 * * * *"

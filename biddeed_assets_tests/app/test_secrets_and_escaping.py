"""No database password in any output; a bad dump is one clear line; scraped text never runs downstream."""

import csv
import io
import subprocess
import uuid

import psycopg
import pytest

from biddeed_assets.app import cli
from biddeed_assets.bid_sheet import formats
from biddeed_assets.store import backup, config

PASSWORD = "s3cr3t-Pw_" + uuid.uuid4().hex[:6]


@pytest.fixture
def secret_url(pg_server, db_url, monkeypatch, tmp_path):
    """BIDDEED_DATABASE_URL of a login role with a password, on this test's own database."""
    role = f"r_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
    parts = db_url.split("://", 1)[1]
    url = f"postgresql://{role}:{PASSWORD}@{parts.split('@', 1)[-1] if '@' in parts else parts}"
    monkeypatch.setenv("BIDDEED_DATABASE_URL", url)
    monkeypatch.setenv("BIDDEED_HOME", str(tmp_path / "home"))
    yield url
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f"REASSIGN OWNED BY {role} TO CURRENT_USER")
        conn.execute(f"DROP OWNED BY {role}")
        conn.execute(f"DROP ROLE {role}")


def test_masking_helpers():
    url = "postgresql://app:p%40ss@db.internal:5432/biddeed?sslmode=require"
    assert config.masked(url) == "postgresql://app:***@db.internal:5432/biddeed?sslmode=require"
    assert config.without_password(url) == ("postgresql://app@db.internal:5432/biddeed?sslmode=require", "p@ss")
    assert config.masked("postgresql://postgres:@/biddeed?host=/tmp") == "postgresql://postgres:@/biddeed?host=/tmp"
    assert config.mask_text(f"could not connect to {url}", url) == f"could not connect to {config.masked(url)}"


def test_db_up_url_and_env_never_print_the_password(secret_url, capsys):
    for argv in (["db", "up"], ["db", "url"], ["env"]):
        assert cli.main(argv) == 0, argv
        out = capsys.readouterr()
        assert PASSWORD not in out.out + out.err, argv
    assert cli.main(["db", "url"]) == 0
    assert ":***@" in capsys.readouterr().out


def test_backup_passes_the_password_through_the_environment_not_argv(secret_url, tmp_path, monkeypatch):
    seen = []
    real_run = subprocess.run

    def spy(argv, **kwargs):
        seen.append((argv, kwargs.get("env") or {}))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    dump = backup.backup(secret_url, tmp_path / "b.dump")
    assert dump.stat().st_size > 0
    argv, env = seen[-1]
    assert not any(PASSWORD in a for a in argv)
    assert env.get("PGPASSWORD") == PASSWORD


def test_a_failed_backup_is_one_line_without_the_url_secret(secret_url, capsys, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", config.with_database(secret_url, "no_such_database_here"))
    monkeypatch.setattr("biddeed_assets.store.server.ensure_database", lambda *a, **k: None)
    assert cli.main(["db", "backup", "/tmp/never-written.dump"]) == 1
    err = capsys.readouterr().err
    assert PASSWORD not in err and "Traceback" not in err
    assert err.count("\n") == 1 and "pg_dump failed" in err and "no_such_database_here" in err


@pytest.mark.parametrize("content", [None, b"", b"PGDMP\x00garbage" + bytes(range(256)) * 4])
def test_a_missing_or_corrupt_dump_is_one_clear_line_and_changes_nothing(secret_url, content, tmp_path, capsys):
    with psycopg.connect(secret_url, autocommit=True) as conn:
        conn.execute("INSERT INTO alerts (severity, title, message) VALUES ('info', 'kept', 'kept')")
    before = backup.table_counts(secret_url)
    dump = tmp_path / "broken.dump"
    if content is not None:
        dump.write_bytes(content)
    assert cli.main(["db", "restore", str(dump)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and PASSWORD not in err
    assert ("no backup archive" in err) if content is None else ("is empty" in err or "cannot be read whole" in err)
    assert backup.table_counts(secret_url) == before


ROW = {"case_number": "=HYPERLINK(\"http://evil\",\"x\")", "decision": "BID", "max_bid_calculated": 1000,
       "final_judgment": 2000, "bid_judgment_ratio": 0.5, "ml_third_party_probability": -0.1,
       "plaintiff_name": "@SUM(A1)", "property_address": "<script>alert(1)</script> | [x](javascript:y)",
       "decision_reason": "+cmd|' /C calc'!A0\x1b[31m", "county": "brevard", "auction_date": "2026-12-02"}


def test_csv_neutralizes_formula_cells():
    rows = list(csv.reader(io.StringIO(formats.as_csv([ROW]))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["case_number"].startswith("'=") and cells["plaintiff_name"].startswith("'@")
    assert cells["decision_reason"].startswith("'+")
    assert cells["ml_third_party_probability"] == "-0.1"  # a number is not a formula


def test_markdown_html_and_table_escape_scraped_text():
    md = formats.as_markdown([ROW])
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\[x\\]" in md
    assert md.splitlines()[2].count(" | ") == len(formats.COLUMNS) - 1  # a scraped pipe never adds a column
    page = formats.as_html([ROW])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "\x1b" not in formats.as_table([ROW]) + md

"""`biddeed audit` against a real database: a case's history, the latest rows, and one clear line for bad input."""

import json

import dagster as dg
import pytest

from biddeed_assets.app import audit as audit_app
from biddeed_assets.app import cli
from biddeed_assets.defs.operate.daily_metrics import daily_metrics
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import analysis_writers, audit

PARTITION = {"county": "brevard", "auction_date": "2026-12-02"}
CASE = "05-2025-CA-012345"


@pytest.fixture
def trail(db_url, conn, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    for decision in ("BID", "SKIP"):
        analysis_writers.replace_results(conn, [{**PARTITION, "case_number": CASE, "decision": decision,
                                                 "max_bid_calculated": 90000, "reasons": []}], **PARTITION)
    audit.record_override(conn, **PARTITION, case_number=CASE, field="decision", before="SKIP", after="BID",
                          reason="walked the property", actor="ariel")
    conn.execute("INSERT INTO data_versions (asset, partition, county, partition_date, version, row_count,"
                 " content_hash, run_id, storage_id, materialized_at) VALUES"
                 " ('recommendations', 'brevard|2026-12-02', 'brevard', '2026-12-02', 1, 1, 'ab12', 'run12345', 1, now())")
    return conn


def test_a_cases_history_shows_its_changes_and_the_data_versions_of_its_partition(trail, capsys):
    assert cli.main(["audit", "--case", CASE, "--no-catch-up"]) == 0
    out = capsys.readouterr().out
    assert f"case {CASE} (brevard 2026-12-02)" in out
    assert "recommendations.write" in out and "none -> BID" in out and "BID -> SKIP" in out
    assert "ariel  case.override" in out and "decision: SKIP -> BID" in out
    assert "recommendations v1" in out and "rows 1" in out
    assert cli.main(["audit", "--case", CASE, "--county", "brevard", "--json", "--no-catch-up"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in data["audit"]] == ["recommendations.write", "recommendations.write", "case.override"]
    assert [v["asset"] for v in data["data_versions"]] == ["recommendations"]


def test_without_a_case_the_latest_rows_are_shown(trail, capsys):
    assert cli.main(["audit", "--limit", "2", "--no-catch-up"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "latest audit rows (2):" and "case.override" in lines[1]


@pytest.mark.parametrize("argv", [["--case", "x; DROP TABLE audit_log"], ["--case", ""], ["--county", "atlantis"],
                                  ["--limit", "0"]])
def test_bad_input_is_one_clear_line_and_exit_2(trail, capsys, argv):
    assert cli.main(["audit", *argv, "--no-catch-up"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("biddeed audit: ")


def test_a_case_never_seen_is_reported_not_invented(trail, capsys):
    assert cli.main(["audit", "--case", "05-1999-CA-000001", "--no-catch-up"]) == 1
    assert "no history for case 05-1999-CA-000001" in capsys.readouterr().err


def test_catch_up_records_what_no_sensor_recorded(db_url, conn):
    with dg.instance_for_test() as instance:
        assert dg.materialize([daily_metrics], partition_key="2024-01-01", instance=instance,
                              resources={"database": DatabaseResource(url=db_url)}).success
        assert audit_app.catch_up(instance, conn) == 1
        assert audit_app.catch_up(instance, conn) == 0
    asset, county, day, hashed = conn.execute(
        "SELECT asset, county, partition_date::text, hashed_rows FROM data_versions").fetchone()
    assert (asset, county, day, hashed) == ("daily_metrics", None, "2024-01-01", 1)

"""Every bad invocation is one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest

from biddeed_assets.app import cli
from biddeed_assets.store import config, server

LATIN1 = "case_number\nPE\xd1A\n".encode("latin-1")
FILES = {
    "latin1.json": LATIN1,
    "list.json": b"[1, 2, 3]",
    "words.json": json.dumps({"case": {"case_number": "05-2024-CA-1", "final_judgment": "lots"}}).encode(),
    "liens.json": json.dumps({"case": {"case_number": "05-2024-CA-1"}, "liens": {"type": "MORTGAGE"}}).encode(),
    "not.json": b"case_number: 05-2024-CA-1",
    "latin1.csv": LATIN1,
    "colours.csv": b"colour,size\nred,3\n",
    "unlabelled.csv": b"case_number,final_judgment,assessed_value\n05-2024-CA-1,100000,200000\n",
    "semicolons.csv": b"county;auction_date;final_judgment;outcome\nbrevard;2024-01-03;1000;SOLD\n",
    "empty.csv": b"",
    "page.html": b"<html></html>",
}

# (argv, what the one line must say, exit code); {tmp} is a directory holding FILES.
BAD = [
    (["bid-sheet", "--date", "2026-13-40"], "not a date on the calendar", 2),
    (["bid-sheet", "--date", "12/09/2026"], "not a date as YYYY-MM-DD", 2),
    (["bid-sheet", "--date", "tomorrow"], "'tomorrow' is not a date", 2),
    (["bid-sheet", "--date", "2099-01-01"], "outside the sale-date partitions (2023-01-01 to", 2),
    (["bid-sheet", "--date", "2022-12-31"], "outside the sale-date partitions", 2),
    (["bid-sheet", "--date", "2026-11-25", "--county", "atlantis"], "unknown county 'atlantis'; known: alachua", 2),
    (["bid-sheet", "--date", "2026-11-25", "--format", "xml"], "invalid choice: 'xml'", 2),
    (["bid-sheet"], "the following arguments are required: --date", 2),
    (["bid-sheet", "--date", "2026-11-25", "--colour"], "unrecognized arguments: --colour", 2),
    (["nosuchcommand"], "invalid choice: 'nosuchcommand'", 2),
    ([], "the following arguments are required: command", 2),
    (["materialize", "scraped_cases", "--date", "2026-02-30"], "'2026-02-30' is not a date on the calendar", 2),
    (["materialize", "scraped_cases", "--date", "2026-11-25", "--county", "suwannee"], "'suwannee' is not enabled", 2),
    (["materialize", "scraped_cases", "--date", "2026-11-25", "--simulator", "localhost"], "not an http(s) URL", 2),
    (["materialize", "no_such_asset", "--date", "2026-11-25", "--simulator", "http://127.0.0.1:9"],
     "unknown asset 'no_such_asset'; assets by sale day: agent_verdicts", 2),
    (["materialize", "training_set", "--date", "2026-11-25", "--simulator", "http://127.0.0.1:9"],
     "'training_set' is not partitioned by sale date and county", 2),
    (["analyze", "{tmp}/missing.json"], "no such file: ", 2),
    (["analyze", "{tmp}/latin1.json"], "not UTF-8 text (byte 14)", 2),
    (["analyze", "{tmp}/list.json"], "the file: expected an object", 2),
    (["analyze", "{tmp}/words.json"], 'case.final_judgment: expected a number or null, got "lots"', 2),
    (["analyze", "{tmp}/liens.json"], "liens: expected a list", 2),
    (["analyze", "{tmp}/not.json"], "not JSON", 2),
    (["score", "{tmp}/colours.csv"], "none of the known case columns", 2),
    (["score", "{tmp}/latin1.csv"], "not UTF-8", 2),
    (["score", "{tmp}"], "not a file: ", 2),
    (["evaluate", "{tmp}/unlabelled.csv"], "missing: outcome, sold_to, sold_amount", 2),
    (["evaluate", "{tmp}/unlabelled.csv", "--n-boot", "0"], "'0' is not a whole number of at least 1", 2),
    (["import-history", "{tmp}/colours.csv"], "missing required column(s) county, auction_date", 2),
    (["import-history", "{tmp}/semicolons.csv"], "not comma-separated", 2),
    (["import-history", "{tmp}/empty.csv"], "the file is empty", 2),
    (["import-history", "{tmp}/latin1.csv"], "not UTF-8", 2),
    (["counties", "--today", "12/09/2026"], "'12/09/2026' is not a date as YYYY-MM-DD", 2),
    (["simulate", "--today", "tomorrow"], "'tomorrow' is not a date", 2),
    (["simulate", "--port", "99999"], "not a TCP port", 2),
    (["ui", "--simulator", "127.0.0.1:8765"], "not an http(s) URL", 2),
    (["parse", "no-such-kind", "{tmp}/page.html"], "unknown page kind 'no-such-kind'", 2),
    (["parse", "clerk-sale-list", "{tmp}/missing.html"], "no such file: ", 2),
    (["parse", "realforeclose-load", "{tmp}/page.html", "--date", "2026-13-01"], "is not a date", 2),
    (["audit", "--county", "atlantis"], "unknown county 'atlantis'", 2),
    (["audit", "--case", "x'; DROP TABLE cases; --"], "is not a case number", 2),
    (["audit", "--limit", "0"], "--limit 0 is outside 1..1000", 2),
    (["db", "frobnicate"], "invalid choice: 'frobnicate'", 2),
    (["db", "restore"], "needs a FILE", 2),
    (["runs", "clear"], "needs a RUN_ID", 2),
    (["alerts", "test", "pager"], "unknown channel 'pager'", 2),
    (["bench", "nosuch"], "unknown bench nosuch; known: clerk", 2),
    (["evaluate-real", "--results", "{tmp}/missing.json"], "no real results at", 2),
    (["report", "--date", "12/09/2026", "--format", "html"], "'12/09/2026' is not a date as YYYY-MM-DD", 2),
    (["report", "--date", "2026-11-25", "--county", "atlantis"], "unknown county 'atlantis'", 2),
    (["report", "--date", "2026-11-25", "--format", "docx"], "invalid choice: 'docx'", 2),
    (["experiments", "start", "x", "--min-sample", "-5"], "'-5' is not a whole number of at least 1", 2),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def no_database(monkeypatch):
    """A tripwire: these invocations must fail before any database is started or reached."""
    def started(*args, **kwargs):
        raise AssertionError("a database was started for a bad invocation")

    monkeypatch.setattr(server, "up", started)
    monkeypatch.setattr(server, "start_embedded", started)
    monkeypatch.delenv("BIDDEED_DATABASE_URL", raising=False)


def one_line_failure(capsys, argv: list[str]) -> tuple[int, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out, argv
    lines = captured.err.splitlines()
    assert len(lines) == 1, (argv, captured.err)
    return code, lines[0]


def test_the_list_holds_at_least_25_bad_invocations():
    assert len(BAD) >= 25


@pytest.mark.parametrize(("argv", "says", "code"), BAD, ids=[" ".join(argv) or "(none)" for argv, _, _ in BAD])
def test_a_bad_invocation_is_one_clear_line_before_any_database(argv, says, code, files, no_database, capsys):
    exit_code, line = one_line_failure(capsys, [a.replace("{tmp}", str(files)) for a in argv])
    assert exit_code == code and says in line, line
    assert line.startswith("biddeed") or argv[0] in ("analyze", "score", "evaluate", "import-history", "parse",
                                                    "alerts", "evaluate-real"), line


def test_a_usage_error_is_argparse_s_one_line_not_its_usage_dump(capsys):
    _, line = one_line_failure(capsys, ["bid-sheet", "--date", "2026-13-40"])
    assert line == "biddeed bid-sheet: error: argument --date: '2026-13-40' is not a date on the calendar (YYYY-MM-DD)"


def test_help_still_exits_zero(capsys):
    assert cli.main(["bid-sheet", "--help"]) == 0
    assert "--format" in capsys.readouterr().out


def test_a_bad_invocation_that_needs_the_database_is_one_line_too(db_url, files, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    code, line = one_line_failure(capsys, ["bid-sheet", "--date", "2026-11-25", "--county", "duval"])
    assert code == 1 and "no bid sheet for 2026-11-25 in duval" in line
    (files / "cases.csv").write_text("case_number,final_judgment\n05-2024-CA-1,100000\n")
    code, line = one_line_failure(capsys, ["score", str(files / "cases.csv")])
    assert code == 1 and "no champion model yet" in line


def test_a_database_without_the_tables_says_to_migrate(pg_server, monkeypatch, capsys):
    name = "t_unmigrated_cli"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        monkeypatch.setenv("BIDDEED_DATABASE_URL", config.with_database(pg_server.admin_url, name))
        code, line = one_line_failure(capsys, ["bid-sheet", "--date", "2026-11-25"])
        assert code == 1 and "no BidDeed tables yet" in line and "biddeed db migrate" in line, line
    finally:
        with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("argv", [["bid-sheet", "--date", "2026-13-40"], ["analyze", "{tmp}/latin1.json"]])
def test_the_installed_command_prints_one_line_and_exits_2(argv, files):
    env = {k: v for k, v in os.environ.items() if k != "BIDDEED_DATABASE_URL"}
    done = subprocess.run([sys.executable, "-m", "biddeed_assets.app.cli",
                           *[a.replace("{tmp}", str(files)) for a in argv]],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stdout == "", done.stderr

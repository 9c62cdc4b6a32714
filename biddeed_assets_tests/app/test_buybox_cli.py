"""`biddeed buybox`: add, list, remove and matches; a bad argument is one line and exit 2."""

import json

import pytest

from biddeed_assets.app import cli
from biddeed_assets_tests.defs.operate.test_buybox_alerts import CASE, SALE, write_sheet


@pytest.fixture
def on_db(db_url, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    return db_url


def test_add_list_matches_remove(on_db, conn, capsys):
    assert cli.main(["buybox", "add", "river", "--county", "brevard", "--max-judgment", "100000",
                     "--min-value-to-judgment", "1.5", "--zip", "32940", "--decision", "BID,REVIEW",
                     "--property-type", "SFR"]) == 0
    assert capsys.readouterr().out.strip() == ("saved buy box river: county brevard; judgment <= $100,000; "
                                               "value/judgment >= 1.5; zip 32940; decision BID,REVIEW; type SFR")
    assert cli.main(["buybox", "list", "--json"]) == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed["name"] == "river" and listed["zips"] == ["32940"] and listed["max_judgment"] == 100000
    assert cli.main(["buybox", "matches", "river"]) == 0
    assert "no case has matched buy box river" in capsys.readouterr().out

    write_sheet(conn, {CASE: "BID"})
    assert cli.main(["buybox", "matches"]) == 0  # announces what no sensor tick has announced yet
    captured = capsys.readouterr()
    assert "announced river 1" in captured.err
    [header, _, row] = captured.out.splitlines()
    assert header.split()[:3] == ["buy", "box", "announced"]
    assert row.startswith("river ") and f"brevard  {SALE}  {CASE}  BID" in row and "$90,000" in row
    assert cli.main(["buybox", "matches", "river", "--json"]) == 0
    [match] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (match["case_number"], match["decision"], match["previous_decision"]) == (CASE, "BID", None)

    assert cli.main(["buybox", "list"]) == 0
    assert "(1 cases announced" in capsys.readouterr().out
    assert cli.main(["buybox", "remove", "river"]) == 0
    assert cli.main(["buybox", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("no buy box saved")


@pytest.mark.parametrize(("argv", "says"), [
    (["add"], "a buy box needs a NAME"),
    (["add", "x", "--county", "narnia"], "--county: unknown value 'narnia'"),
    (["add", "x", "--max-judgment", "1e999"], "--max-judgment must be a positive number"),
    (["add", "x", "--min-value-to-judgment", "zero"], "--min-value-to-judgment must be a number"),
    (["add", "x", "--zip", "ABCDE"], "--zip takes 5-digit ZIP codes"),
    (["add", "x", "--decision", "MAYBE"], "--decision: unknown value 'MAYBE'"),
    (["add", "x", "--property-type", "YACHT"], "--property-type: unknown value 'YACHT'"),
    (["add", "x", "--json"], "--json goes with list and matches"),
    (["remove"], "a buy box needs a NAME"),
    (["list", "x"], "takes no NAME"),
    (["list", "--zip", "32940"], "--zip goes with `biddeed buybox add`"),
    (["matches", "--limit", "0"], "--limit must be between 1 and 1000"),
])
def test_bad_arguments_are_one_line_and_exit_2_before_any_database(argv, says, capsys, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")  # never reached
    assert cli.main(["buybox", *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and says in err and err.startswith("biddeed buybox ")


def test_unknown_and_duplicate_names_exit_2(on_db, capsys):
    for argv in (["remove", "ghost"], ["matches", "ghost"]):
        assert cli.main(["buybox", *argv]) == 2
        assert capsys.readouterr().err.strip().endswith("no buy box named 'ghost' (see `biddeed buybox list`)")
    assert cli.main(["buybox", "add", "twice"]) == 0
    assert cli.main(["buybox", "add", "twice"]) == 2
    assert "a buy box named 'twice' exists already" in capsys.readouterr().err

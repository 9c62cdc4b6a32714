"""case_analysis (case_features -> agent_verdicts) -> recommendations over hand-stored ingest rows on a real Postgres."""

import json

import dagster as dg

from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource

DATE = "2026-12-02"
KEY = dg.MultiPartitionKey({"date": DATE, "county": "brevard"})
HOA = "05-2024-CC-035201-XXCC-BC"
BANK = "05-2024-CA-012193-XXCA-BC"
NO_LIENS = "05-2024-CA-012194-XXCA-BC"
CANCELLED = "05-2024-CA-012195-XXCA-BC"


def store_partition(conn):
    cases = [
        (HOA, "JAMES LANDING", "COUNTY", 12000, "SCHEDULED"),
        (BANK, "US BANK NA", "CIRCUIT", 200000, "SCHEDULED"),
        (NO_LIENS, "NATIONSTAR", "CIRCUIT", 150000, "SCHEDULED"),
        (CANCELLED, "PNC BANK", "CIRCUIT", 90000, "CANCELLED"),
    ]
    for number, plaintiff, court, judgment, status in cases:
        conn.execute(
            "INSERT INTO cases (county, auction_date, case_number, auction_type, status, plaintiff, defendant,"
            " final_judgment, court_type) VALUES ('brevard', %s, %s, 'FORECLOSURE', %s, %s, 'J DOE', %s, %s)",
            (DATE, number, status, plaintiff, judgment, court),
        )
        conn.execute(
            "INSERT INTO properties (county, auction_date, case_number, parcel_id, site_address, city, zip,"
            " market_value, year_built, living_area, property_type, sales_history)"
            " VALUES ('brevard', %s, %s, 'P-' || %s, '1 PALM DR', 'MELBOURNE', '32940', 400000, 2000, 1800, 'SFR',"
            " %s)", (DATE, number, number, json.dumps([])),
        )
    liens = [
        (HOA, "MORTGAGE", 180000, 1, "WELLS FARGO BANK NA"), (HOA, "HOA_LIEN", 12000, None, "JAMES LANDING"),
        (BANK, "MORTGAGE", 200000, 1, "US BANK NA"), (BANK, "HOA_LIEN", 5000, None, "VIERA HOA"),
    ]
    for number, kind, amount, position, holder in liens:
        conn.execute(
            "INSERT INTO liens (county, auction_date, case_number, lien_type, amount, position, status, holder,"
            " recorded_date) VALUES ('brevard', %s, %s, %s, %s, %s, 'ACTIVE', %s, '2019-01-01')",
            (DATE, number, kind, amount, position, holder),
        )
    for number in (HOA, BANK):  # the official records were searched for these two only
        for source in ("official_records", "tax_collector"):
            conn.execute(
                "INSERT INTO ingest_status (county, auction_date, case_number, source, ok) VALUES"
                " ('brevard', %s, %s, %s, true)", (DATE, number, source),
            )


def run(db_url):
    return dg.materialize([case_analysis, recommendations], partition_key=KEY,
                          resources={"database": DatabaseResource(url=db_url), "narrator": NarratorResource()}, raise_on_error=False,
                          selection=["case_features", "agent_verdicts", "recommendations"])


def sheet(conn):
    rows = conn.execute(
        "SELECT case_number, decision, decision_reason, max_bid_calculated, surviving_liens, reasons"
        " FROM auction_results WHERE auction_date = %s ORDER BY case_number", (DATE,)).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_the_partition_is_analyzed_into_a_bid_sheet(db_url, conn):
    store_partition(conn)
    result = run(db_url)
    assert result.success
    rows = sheet(conn)
    assert set(rows) == {HOA, BANK, NO_LIENS}  # the cancelled case is not analyzed
    decision, reason, _, surviving, reasons = rows[HOA]
    assert decision == "DO_NOT_BID"
    assert "senior mortgage" in reason and "180,000" in reason
    assert surviving and surviving[0]["type"] == "MORTGAGE"
    assert rows[NO_LIENS][0] != "BID"  # lien data missing: never BID
    assert all(r[4] for r in rows.values())  # every decision has reasons
    features = conn.execute("SELECT features FROM case_features WHERE case_number = %s", (HOA,)).fetchone()[0]
    assert features["senior_mortgage_survives"] == 1.0 and features["county_court"] == 1.0
    assert conn.execute("SELECT count(*) FROM agent_decisions").fetchone()[0] == 3
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "recommendations"]
    assert HOA in event.materialization.metadata["bid_sheet"].value


def test_rematerializing_leaves_one_row_per_case(db_url, conn):
    store_partition(conn)
    assert run(db_url).success and run(db_url).success
    for table in ("case_features", "agent_decisions", "auction_results"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 3


def test_the_bid_sheet_command_prints_every_format(db_url, conn, monkeypatch, capsys):
    from biddeed_assets.app import cli

    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    store_partition(conn)
    assert run(db_url).success
    for fmt, marker in (("table", "DO_NOT_BID"), ("csv", "case_number,decision"), ("md", "| case |"),
                        ("html", "<table class='bid-sheet'>")):
        assert cli.main(["bid-sheet", "--date", DATE, "--county", "brevard", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert marker in out and HOA in out, fmt
        assert fmt == "csv" or "Brevard County, sale of 2026-12-02 (Wednesday): 3 cases" in out.splitlines()[0], out
    assert cli.main(["bid-sheet", "--date", DATE]) == 0  # every county of the day, each under its own title
    assert capsys.readouterr().out.startswith("Bid sheet: Brevard County, sale of 2026-12-02")
    assert cli.main(["bid-sheet", "--date", "2026-12-09"]) == 1
    assert "materialize `recommendations`" in capsys.readouterr().err


def test_the_bid_sheet_reads_in_decision_order_then_max_bid(conn):
    """No decision sorts with DO_NOT_BID (the last word), as before the words were parameters."""
    from biddeed_assets.rules.decisions import DECISIONS
    from biddeed_assets.store.bid_sheets import bid_sheet

    rows = [("C1", "SKIP", 90000), ("C2", "DO_NOT_BID", 500000), ("C3", "BID", 100000), ("C4", "BID", 200000),
            ("C5", "REVIEW", None), ("C6", None, 600000)]
    for number, decision, max_bid in rows:
        conn.execute("INSERT INTO auction_results (county, auction_date, case_number, decision, max_bid_calculated)"
                     " VALUES ('brevard', %s, %s, %s, %s)", (DATE, number, decision, max_bid))
    sheet = bid_sheet(conn, auction_date=DATE, county="brevard")
    assert [(r["case_number"], r["decision"]) for r in sheet] == [
        ("C4", "BID"), ("C3", "BID"), ("C5", "REVIEW"), ("C1", "SKIP"), ("C6", None), ("C2", "DO_NOT_BID")]
    assert list(DECISIONS) == [r["decision"] for r in (sheet[0], sheet[2], sheet[3], sheet[5])]

"""recommendations -> experiment_assignments -> experiment_outcomes -> experiment_report on a real Postgres, the
bid sheet's variant column and `biddeed experiments`."""

import json

import dagster as dg

from biddeed_assets.app import cli
from biddeed_assets.app import experiments as experiments_app
from biddeed_assets.bid_sheet import formats
from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.experiment.experiment_assignments import experiment_assignments
from biddeed_assets.defs.experiment.experiment_outcomes import experiment_outcomes
from biddeed_assets.defs.experiment.experiment_report import experiment_report
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource
from biddeed_assets.store import bid_sheets
from biddeed_assets.store import experiments as store
from biddeed_assets_tests.defs.helpers import metadata
from biddeed_assets_tests.defs.test_analyze_assets import BANK, DATE, HOA, KEY, NO_LIENS, store_partition

ANALYZE = [case_analysis, recommendations]


def run(db_url, assets, key=KEY):
    return dg.materialize(assets, partition_key=key, raise_on_error=False,
                          resources={"database": DatabaseResource(url=db_url), "narrator": NarratorResource()})


def experiments_cli(db_url, *words):
    return experiments_app.command(db_url, cli.build_parser().parse_args(["experiments", *words]))


def assignments(conn):
    return conn.execute("SELECT case_number, variant, decision, max_bid, control_max_bid FROM experiment_assignments"
                        " ORDER BY case_number").fetchall()


def test_cases_are_assigned_judged_and_reported(db_url, conn, capsys):
    store_partition(conn)
    # No experiment yet: nothing is assigned and nothing fails.
    assert run(db_url, [*ANALYZE, experiment_assignments]).success and assignments(conn) == []
    assert experiments_cli(db_url, "start", "arv_70_vs_65", "--variant", "control", "--variant",
                           "arv65:arv_factor=0.65", "--min-sample", "50") == 0
    assert "started arv_70_vs_65: control 50%, arv65 50%" in capsys.readouterr().out
    result = run(db_url, [experiment_assignments])
    assert result.success
    first = assignments(conn)
    assert {r[0] for r in first} == {HOA, BANK, NO_LIENS}
    assert run(db_url, [experiment_assignments]).success and assignments(conn) == first  # a re-run: the same rows
    sheet = {r["case_number"]: r for r in bid_sheets.bid_sheet(conn, auction_date=DATE, county="brevard")}
    for number, variant, _, bid, control_bid in first:
        assert sheet[number]["experiment_variant"] == variant
        assert sheet[number]["max_bid_calculated"] == control_bid  # the control is what the sheet recommends
        assert sheet[number]["variant_max_bid"] == bid
        if variant == "arv65" and bid is not None and control_bid:
            assert bid < control_bid
    table = formats.as_table(list(sheet.values()))
    assert "variant max bid" in table and any(f"{v} " in table for v in ("control", "arv65"))

    for number, amount in ((HOA, 500_000), (BANK, 1_000), (NO_LIENS, None)):
        conn.execute("INSERT INTO outcomes (county, auction_date, case_number, status, sold_amount, sold_to)"
                     " VALUES ('brevard', %s, %s, %s, %s, %s)",
                     (DATE, number, "SOLD" if amount else "CANCELLED", amount, "THIRD_PARTY" if amount else None))
    assert run(db_url, [experiment_outcomes]).success
    judged = dict(conn.execute("SELECT case_number, result FROM experiment_outcomes").fetchall())
    assert judged[HOA] == "PASS"  # DO_NOT_BID: a senior mortgage survives
    assert judged[BANK] == "WON"  # any positive max bid beats $1,000
    assert NO_LIENS not in judged  # cancelled: nothing to judge by

    report = dg.materialize([experiment_report], resources={"database": DatabaseResource(url=db_url)})
    shown = metadata(report, "experiment_report")
    assert "insufficient sample" in shown["arv_70_vs_65"] and "| variant | role |" in shown["arv_70_vs_65"]
    assert shown["arv_70_vs_65 plot"].startswith("![arv_70_vs_65](data:image/png;base64,")
    assert shown["arv_70_vs_65 stop rule"].startswith("continue")

    assert experiments_cli(db_url, "show", "arv_70_vs_65") == 0
    out = capsys.readouterr().out
    assert "WARNING insufficient sample" in out and "two-proportion z" in out
    assert experiments_cli(db_url, "list", "--json") == 0
    [listed] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed["name"] == "arv_70_vs_65" and listed["status"] == "active"
    assert listed["variants"] == ["control", "arv65"] and sum(listed["assignments"].values()) == 3
    assert experiments_cli(db_url, "list") == 0
    assert "control (seed formula; weight 1), arv65 (arv_factor 0.65; weight 1)" in capsys.readouterr().out
    assert experiments_cli(db_url, "end", "arv_70_vs_65", "--winner", "control") == 0
    assert store.active(conn) == []
    # An ended experiment keeps its assignments when the partition is analyzed again.
    assert run(db_url, [experiment_assignments]).success and assignments(conn) == first


def test_bad_experiment_commands_are_one_line_and_exit_2(db_url, capsys):
    assert experiments_cli(db_url, "start", "x", "--variant", "control") == 2
    assert capsys.readouterr().err.strip() == ("biddeed experiments start: an experiment needs at least two variants"
                                               " (the first is the control)")
    assert experiments_cli(db_url, "start", "x", "--variant", "a", "--variant", "b:arv=0.6") == 2
    assert "unknown bid parameter arv" in capsys.readouterr().err
    assert experiments_cli(db_url, "show", "nope") == 2
    assert "no experiment named 'nope'" in capsys.readouterr().err
    assert experiments_cli(db_url, "start", "x", "--variant", "a", "--variant", "b", "--split", "1,2,3") == 2
    assert experiments_cli(db_url, "start", "y", "--variant", "a", "--variant", "b") == 0
    assert experiments_cli(db_url, "start", "y", "--variant", "a", "--variant", "b") == 2
    assert "already exists" in capsys.readouterr().err
    assert experiments_cli(db_url, "end", "y", "--winner", "c") == 2


def test_the_demo_experiment_runs_over_the_stored_sales_and_prints_its_report(db_url, conn, capsys):
    store_partition(conn)
    conn.execute("INSERT INTO outcomes (county, auction_date, case_number, status, sold_amount, sold_to)"
                 " VALUES ('brevard', %s, %s, 'SOLD', 1000, 'THIRD_PARTY')", (DATE, BANK))
    with dg.DagsterInstance.ephemeral() as instance:
        text = experiments_app.run_demo_experiment(db_url, instance)
        recorded = instance.get_latest_materialization_event(dg.AssetKey("experiment_report"))
    assert "insufficient sample" in recorded.asset_materialization.metadata["arv_70_vs_65"].value
    out = capsys.readouterr().out
    assert "experiment arv_70_vs_65: 3 cases assigned over 1 past and 0 coming sale days, 1 judged" in out
    assert "insufficient sample" in text and text in out
    experiments_app.run_demo_experiment(db_url, None)  # a second demo reuses the experiment
    assert len(store.listing(conn)) == 1 and len(assignments(conn)) == 3

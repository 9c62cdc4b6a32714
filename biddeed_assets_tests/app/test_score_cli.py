"""`biddeed score`, `biddeed models` and `biddeed evaluate-real` against a real registry."""

import csv
import io
import json

from biddeed_assets.app import cli, real_evaluation
from biddeed_assets_tests.defs.test_learn_assets import store_history, train
from biddeed_assets_tests.fixtures import data

CSV = """case_number,county,auction_date,plaintiff,final_judgment,assessed_value,unknown_column
05-2024-CA-012193-XXCA-BC,brevard,2026-12-02,US BANK NA,"$200,000",250000,ignored
05-2024-CC-035201-XXCC-BC,brevard,2026-12-02,JAMES LANDING,9000,,
"""


def test_score_without_a_champion_says_how_to_train_one(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    (tmp_path / "cases.csv").write_text(CSV)
    assert cli.main(["score", str(tmp_path / "cases.csv")]) == 1
    assert "no champion model yet" in capsys.readouterr().err


def test_score_writes_a_probability_and_price_per_row(db_url, conn, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    store_history(conn)
    assert train(db_url).success
    (tmp_path / "cases.csv").write_text(CSV)
    assert cli.main(["score", str(tmp_path / "cases.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["case_number"] for r in rows] == ["05-2024-CA-012193-XXCA-BC", "05-2024-CC-035201-XXCC-BC"]
    for r in rows:
        assert 0 <= float(r["third_party_probability"]) <= 1
        assert float(r["price_lower"]) <= float(r["predicted_sale_price"]) <= float(r["price_upper"])
    assert cli.main(["models"]) == 0
    assert "CHAMPION" in capsys.readouterr().out


def test_score_rejects_a_csv_without_case_numbers(db_url, conn, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    store_history(conn)
    assert train(db_url).success
    (tmp_path / "bad.csv").write_text("county,auction_date\nbrevard,2026-12-02\n")
    assert cli.main(["score", str(tmp_path / "bad.csv")]) == 2
    assert "case_number" in capsys.readouterr().err


def test_the_real_brevard_sales_are_read_and_corrected():
    sales = real_evaluation.real_sales(data("brevard_sale_results_2025-09_to_12.json"))
    assert len(sales) == 67 and sum(s["third_party"] for s in sales) == 27
    assert sum(s["amount_corrected"] for s in sales) == 10
    assert max(s["sold_amount"] for s in sales) < 500_000


def test_evaluate_real_reports_auc_and_accuracy_with_the_sample_size(db_url, conn, monkeypatch, capsys):
    data("brevard_sale_results_2025-09_to_12.json")
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    store_history(conn)
    assert train(db_url).success
    assert cli.main(["evaluate-real"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 67 and report["third_party"] == 27
    assert 0 <= report["auc"] <= 1 and 0 <= report["accuracy"] <= 1

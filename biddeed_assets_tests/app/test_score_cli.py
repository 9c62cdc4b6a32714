"""`biddeed score`, `biddeed evaluate`, `biddeed models` and `biddeed evaluate-real` against a real registry."""

import csv
import io
import json

from biddeed_assets.app import cli, history_import, real_evaluation
from biddeed_assets_tests.defs.learning_data import SOURCE, import_history, train
from biddeed_assets_tests.fixtures import data

HEADER = "county,auction_date,auction_id,final_judgment,assessed_value,beds,baths,living_area,plaintiff_max_bid"
ROWS = ["miami_dade,2019-11-04,1,250000,300000,3,2,1500,", "miami_dade,2019-11-04,2,90000,400000,4,3,2400,Hidden"]


def trained(db_url, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    import_history(db_url)
    assert train(db_url).success
    capsys.readouterr()  # the training run's log lines


def scored(capsys, path) -> list[dict]:
    assert cli.main(["score", str(path)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_score_without_a_champion_says_how_to_train_one(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    (tmp_path / "cases.csv").write_text(HEADER + "\n" + ROWS[0] + "\n")
    assert cli.main(["score", str(tmp_path / "cases.csv")]) == 1
    assert "no champion model yet" in capsys.readouterr().err


def test_score_gives_every_row_its_figures_in_input_order_and_ignores_outcomes(db_url, tmp_path, monkeypatch, capsys):
    trained(db_url, monkeypatch, capsys)
    (tmp_path / "cases.csv").write_text("\n".join([HEADER, *ROWS]) + "\n")
    rows = scored(capsys, tmp_path / "cases.csv")
    assert list(rows[0])[:8] == ["auction_id", "sold_probability", "third_party_probability", "predicted_sale_price",
                                 "price_lower", "price_upper", "expected_surplus", "model_version"]
    assert [r["auction_id"] for r in rows] == ["1", "2"]
    for r in rows:
        assert 0 <= float(r["sold_probability"]) <= 1 and 0 <= float(r["third_party_probability"]) <= 1
        assert float(r["price_lower"]) <= float(r["predicted_sale_price"]) <= float(r["price_upper"])
        assert r["model_version"].startswith("real-") and not r["reason"]
    # the outcome columns of the shared file are in the input, never used
    (tmp_path / "labelled.csv").write_text("\n".join([HEADER + ",outcome,sold_to,sold_amount",
                                                      ROWS[0] + ",sold,3rd Party Bidder,900000",
                                                      ROWS[1] + ",cancelled,,"]) + "\n")
    assert scored(capsys, tmp_path / "labelled.csv") == rows


def test_score_refuses_a_file_without_known_columns_and_gives_a_bare_case_number_a_reason(
        db_url, tmp_path, monkeypatch, capsys):
    trained(db_url, monkeypatch, capsys)
    (tmp_path / "bad.csv").write_text("colour,size\nred,3\n")
    assert cli.main(["score", str(tmp_path / "bad.csv")]) == 2
    err = capsys.readouterr().err
    assert "none of the known case columns" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "bare.csv").write_text("case_number\n05-2024-CA-012193-XXCA-BC\n")
    [row] = scored(capsys, tmp_path / "bare.csv")
    assert row["case_number"] == "05-2024-CA-012193-XXCA-BC"
    assert all(row[c] == "" for c in ("sold_probability", "third_party_probability", "predicted_sale_price"))
    assert "final_judgment" in row["reason"]
    (tmp_path / "latin1.csv").write_bytes("case_number\nPE\xd1A\n".encode("latin-1"))
    assert cli.main(["score", str(tmp_path / "latin1.csv")]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_evaluate_prints_each_model_beside_its_baselines_and_writes_the_plot(db_url, tmp_path, monkeypatch, capsys):
    trained(db_url, monkeypatch, capsys)
    lines = history_import.SHIPPED.read_text().splitlines()
    (tmp_path / "late.csv").write_text("\n".join([lines[0], *lines[-1500:]]) + "\n")  # the last sales of 2019
    plot = tmp_path / "calibration.png"
    assert cli.main(["evaluate", str(tmp_path / "late.csv"), "--plot", str(plot), "--n-boot", "50"]) == 0
    out = capsys.readouterr().out
    assert "P(sold | scheduled): n 1500" in out and "P(third party | sold): n " in out
    for predictor in ("model", "ratio", "base_rate"):
        assert out.count(f"  {predictor} ") == 3  # two classifiers and the price
    assert "MdAPE" in out and "coverage" in out and "95% CI" in out
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / "unlabelled.csv").write_text(HEADER + "\n" + ROWS[0] + "\n")
    assert cli.main(["evaluate", str(tmp_path / "unlabelled.csv")]) == 2
    assert "missing: outcome, sold_to, sold_amount" in capsys.readouterr().err


def test_models_shows_each_kind_of_metric_the_sources_and_the_gate(db_url, monkeypatch, capsys):
    trained(db_url, monkeypatch, capsys)
    assert cli.main(["models"]) == 0
    out = capsys.readouterr().out
    blocks = {line.split()[0]: line for line in out.splitlines() if line.startswith(("sale_", "third_"))}
    assert set(blocks) == {"sale_happens_model", "third_party_model", "sale_price_model"}
    assert "CHAMPION" in blocks["third_party_model"]
    after = out.split("sale_price_model", 1)[1]
    assert "median_ape" in after.splitlines()[1] and "roc_auc" not in after.splitlines()[1]
    assert f"{SOURCE}" in out and "history" in out and "trained on real outcomes" in out
    assert "gate decisions (third_party_model)" in out and "promoted" in out


def test_the_real_brevard_sales_are_read_and_corrected():
    sales = real_evaluation.real_sales(data("brevard_sale_results_2025-09_to_12.json"))
    assert len(sales) == 67 and sum(s["third_party"] for s in sales) == 27
    assert sum(s["amount_corrected"] for s in sales) == 10
    assert max(s["sold_amount"] for s in sales) < 500_000


def test_evaluate_real_refuses_to_guess_without_judgments(capsys):
    assert cli.main(["evaluate-real"]) == 2
    out = capsys.readouterr()
    assert "need each case's final judgment" in out.err and json.loads(out.out)["n"] == 67

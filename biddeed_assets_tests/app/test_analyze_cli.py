import json

import pytest

from biddeed_assets.app import cli


def write(tmp_path, data) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(path)


def analyze(tmp_path, capsys, data):
    code = cli.main(["analyze", write(tmp_path, data)])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 else out.err)


def test_a_bank_case_with_the_seeds_numbers_is_a_bid(tmp_path, capsys):
    code, verdict = analyze(tmp_path, capsys, {
        "case": {"case_number": "05-2024-CA-012193-XXCA-BC", "final_judgment": 200000, "plaintiff": "US BANK NA"},
        "liens": [{"type": "MORTGAGE", "amount": 200000, "position": 1}], "arv": 400000, "repairs": 30000,
    })
    assert code == 0
    assert verdict["recommendation"] == "BID" and verdict["max_bid"] == 215000
    assert verdict["bid_judgment_ratio"] == pytest.approx(1.075) and verdict["viable"] is True
    for key in ("profit_margin", "surviving_liens", "extinguished_value", "reasons", "agents"):
        assert key in verdict
    assert verdict["reasons"] and verdict["agents"][0]["recommendation"] in ("BID", "REVIEW", "SKIP", "DO_NOT_BID")


def test_an_hoa_case_with_a_surviving_mortgage_is_do_not_bid(tmp_path, capsys):
    code, verdict = analyze(tmp_path, capsys, {
        "case": {"case_number": "05-2024-CC-035201-XXCC-BC", "final_judgment": 9000, "plaintiff": "JAMES LANDING",
                 "plaintiff_type": "HOA"},
        "liens": [{"type": "MORTGAGE", "amount": 300000, "position": 1}, {"type": "HOA_LIEN", "amount": 9000, "position": 2}],
        "arv": 350000, "repairs": 20000,
    })
    assert code == 0 and verdict["recommendation"] == "DO_NOT_BID"
    assert any("senior mortgage" in r and "300,000" in r for r in verdict["reasons"])
    assert verdict["surviving_liens"][0]["type"] == "MORTGAGE"


def test_missing_lien_data_is_never_a_bid(tmp_path, capsys):
    code, verdict = analyze(tmp_path, capsys, {
        "case": {"case_number": "05-2024-CA-012193-XXCA-BC", "final_judgment": 100000, "plaintiff": "US BANK NA"},
        "arv": 400000, "repairs": 10000,
    })
    assert code == 0 and verdict["recommendation"] == "REVIEW"


@pytest.mark.parametrize("data, field", [
    ({"case": {"final_judgment": 1}}, "case.case_number"),
    ({"case": {"case_number": "X", "final_judgment": "lots"}}, "case.final_judgment"),
    ({"case": {"case_number": "X"}, "liens": [{"amount": 5}]}, "liens[0].type"),
    ({"case": {"case_number": "X"}, "liens": [{"type": "MORTGAGE", "amount": -5}]}, "liens[0].amount"),
    ({"case": {"case_number": "X"}, "arv": [1]}, "arv"),
    ("{not json", "not JSON"),
])
def test_a_malformed_file_is_a_clear_error_naming_the_field(tmp_path, capsys, data, field):
    code, err = analyze(tmp_path, capsys, data)
    assert code == 2 and field in err

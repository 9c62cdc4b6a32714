"""`biddeed parse realforeclose-load|realforeclose-day FILE --county C --date D`: a saved page's county and
sale date; without them records carry nulls, and a bad value is a one-line error (exit 2)."""

from __future__ import annotations

import json

import pytest

from biddeed_assets.app import cli
from biddeed_assets_tests.fixtures import page

DUVAL_RAW = page("realforeclose/duval/load_2026-06-03_raw.json")
FRAGMENT = page("realforeclose/hillsborough/day_2026-06-05_fragment.html")


def _rows(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_a_saved_load_without_county_or_date_gives_records_with_nulls(capsys):
    assert cli.main(["parse", "realforeclose-load", str(DUVAL_RAW)]) == 0
    rows = _rows(capsys)
    assert rows and all("rejected" not in r for r in rows)
    assert {(r["county"], r["auction_date"]) for r in rows} == {(None, None)}


@pytest.mark.parametrize("given", ["2026-06-03", "06/03/2026", "6/3/2026"])
def test_county_and_date_given_are_carried(capsys, given):
    assert cli.main(["parse", "realforeclose-load", str(DUVAL_RAW), "--county", "duval", "--date", given]) == 0
    rows = _rows(capsys)
    assert rows and {(r["county"], r["auction_date"]) for r in rows} == {("duval", "2026-06-03")}


def test_the_day_kind_takes_them_too_and_a_county_by_its_name(capsys):
    assert cli.main(["parse", "realforeclose-day", str(FRAGMENT), "--county", "Hillsborough",
                     "--date", "2026-06-05"]) == 0
    assert [(r["county"], r["auction_date"]) for r in _rows(capsys)] == [("hillsborough", "2026-06-05")] * 2
    assert cli.main(["parse", "realforeclose-load", str(DUVAL_RAW), "--county", "Miami-Dade"]) == 0
    assert {r["county"] for r in _rows(capsys)} == {"miami_dade"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-01"], "--date '2026-13-01' is not a date as YYYY-MM-DD or MM/DD/YYYY"),
        (["--date", "June 3"], "--date 'June 3' is not a date"),
        (["--county", "atlantis"], "--county 'atlantis' is not a known county"),
    ],
)
def test_a_bad_date_or_unknown_county_is_a_one_line_error(capsys, args, message):
    assert cli.main(["parse", "realforeclose-load", str(DUVAL_RAW), *args]) == 2
    out = capsys.readouterr()
    assert out.out == "" and message in out.err and out.err.count("\n") == 1


def test_county_and_date_are_refused_for_a_kind_whose_page_says_its_own(capsys):
    clerk = page("brevard_clerk/sale_list_2017-05.html")
    assert cli.main(["parse", "clerk-sale-list", str(clerk), "--date", "2017-05-10"]) == 2
    assert "apply only to realforeclose-load and realforeclose-day" in capsys.readouterr().err

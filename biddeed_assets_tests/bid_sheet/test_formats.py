"""The bid sheet shows what the sale card says: type, opening bid, certificate, a hidden plaintiff max bid, ceilings."""

import csv
import io

from biddeed_assets.bid_sheet import formats

DEED = {"case_number": "2023-TD-000123", "decision": "REVIEW", "auction_type": "TAX_DEED", "opening_bid": 20000,
        "certificate_number": "2021-4567", "max_bid_calculated": 72500, "max_bid_is_ceiling": True,
        "bid_judgment_ratio": 3.625, "county": "hillsborough", "auction_date": "2026-12-03"}
HIDDEN = {"case_number": "292024CA003026A001HC", "decision": "SKIP", "auction_type": "FORECLOSURE",
          "final_judgment": 100000, "plaintiff_max_bid": None, "plaintiff_max_bid_hidden": True,
          "max_bid_calculated": 50000, "max_bid_is_ceiling": False, "county": "hillsborough"}
SHOWN = {**HIDDEN, "case_number": "292024CA008764A001HC", "plaintiff_max_bid": 90000,
         "plaintiff_max_bid_hidden": False}
UNKNOWN = {**HIDDEN, "case_number": "292024CA033905A001HC", "plaintiff_max_bid_hidden": None}


def cells_by_case(rows):
    titles = [title for _, title in formats.COLUMNS]
    return {cells[0]: dict(zip(titles, cells, strict=True)) for cells in formats.rows_as_cells(rows)}


def test_every_format_shows_type_opening_bid_certificate_and_a_ceiling():
    cells = cells_by_case([DEED])[DEED["case_number"]]
    assert (cells["type"], cells["opening bid"], cells["certificate #"]) == ("TAX_DEED", "$20,000", "2021-4567")
    assert cells["max bid"] == "≤$72,500" and cells["judgment"] == "—"
    for text in (formats.as_table([DEED]), formats.as_markdown([DEED]).replace("\\_", "_"), formats.as_html([DEED])):
        assert "TAX_DEED" in text and "2021-4567" in text and "≤$72,500" in text
    [row] = csv.DictReader(io.StringIO(formats.as_csv([DEED])))
    assert (row["auction_type"], row["opening_bid"], row["max_bid_calculated"], row["max_bid_is_ceiling"]) == (
        "TAX_DEED", "20000", "72500", "True")


def test_a_hidden_plaintiff_max_bid_is_shown_as_hidden_never_a_number():
    cells = cells_by_case([HIDDEN, SHOWN, UNKNOWN])
    assert cells[HIDDEN["case_number"]]["plaintiff max bid"] == "hidden"
    assert cells[SHOWN["case_number"]]["plaintiff max bid"] == "$90,000"
    assert cells[UNKNOWN["case_number"]]["plaintiff max bid"] == "—"  # the card said nothing
    assert cells[HIDDEN["case_number"]]["max bid"] == "$50,000"  # repairs known: no ceiling mark
    rows = list(csv.DictReader(io.StringIO(formats.as_csv([HIDDEN, SHOWN, UNKNOWN]))))
    assert [r["plaintiff_max_bid"] for r in rows] == ["hidden", "90000", ""]


def test_every_titled_format_names_its_county_and_sale_date():
    heading = "Bid sheet: Hillsborough County, sale of 2026-12-03 (Thursday): 1 case"
    assert formats.titled("table", [DEED], "hillsborough", "2026-12-03").splitlines()[0] == heading
    assert formats.titled("md", [DEED], "hillsborough", "2026-12-03").startswith("## Bid sheet: Hillsborough")
    assert formats.titled("html", [DEED], "hillsborough", "2026-12-03").startswith(f"<h2>{heading}</h2>")
    assert formats.title("brevard", "2026-12-02", 3) == "Bid sheet: Brevard County, sale of 2026-12-02 (Wednesday): 3 cases"

"""A RealForeclose county's partition analyzed from its sale cards: max bids, unverified liens, HOA cases, tax deeds."""

import csv
import datetime as dt
import io
import json

import dagster as dg
import pytest

from biddeed_assets.bid_sheet import formats
from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource
from biddeed_assets.store.bid_sheets import bid_sheet
from biddeed_assets_tests.defs.helpers import (
    INTAKE,
    metadata,
    no_step_retries,
    partition,
    resources,
    selection,
)

ANALYSIS = [case_analysis, recommendations]
UNVERIFIED = "liens not verified in Hillsborough"


@pytest.mark.parametrize(("county", "name"), [("hillsborough", "Hillsborough"), ("duval", "Duval")])
def test_a_simulated_realforeclose_day_gets_max_bids_and_ratios_and_never_bids_on_unverified_liens(
        db_url, conn, simulator, county, name):
    date = next(iter(simulator.sim.world.sale_dates(county, dt.date(2026, 11, 26), dt.date(2026, 12, 10))))
    assets = INTAKE + ANALYSIS
    result = dg.materialize(**selection(assets), partition_key=partition(date.isoformat(), county),
                            resources=resources(db_url, simulator.url), run_config=no_step_retries(assets),
                            raise_on_error=False)
    assert result.success
    rows = bid_sheet(conn, auction_date=date.isoformat(), county=county)
    assert rows
    valued = [r for r in rows if r["arv_estimate"] is not None]
    assert len(valued) > len(rows) / 2  # most cards show an assessed or market value
    assert all(r["max_bid_calculated"] is not None and r["bid_judgment_ratio"] is not None for r in valued)
    assert all(r["arv_basis"].startswith("INFERRED: RealForeclose card '") for r in valued)
    assert all(r["max_bid_is_ceiling"] for r in valued)  # the card has no building facts: repairs unknown
    assert not [r for r in rows if r["decision"] == "BID"]
    unverified = f"liens not verified in {name}"
    assert all(unverified in r["reasons"] for r in rows)
    assert all(r["decision_reason"].startswith(f"REVIEW: {unverified}") for r in rows if r["decision"] == "REVIEW")
    meta = metadata(result, "recommendations")
    assert meta["with_max_bid"] == meta["with_ratio"] == len(valued)
    cells = list(csv.DictReader(io.StringIO(formats.as_csv(rows))))
    for cell, row in zip(cells, rows, strict=True):  # "Hidden" on the card is hidden, never a number
        shown = "hidden" if row["plaintiff_max_bid"] is None else str(row["plaintiff_max_bid"])
        assert cell["plaintiff_max_bid"] == shown
    assert "hidden" in {c["plaintiff_max_bid"] for c in cells}
    assert {c["auction_type"] for c in cells} == {"FORECLOSURE"}
    assert "≤$" in formats.as_table(rows)


DATE = "2026-12-03"
KEY = dg.MultiPartitionKey({"date": DATE, "county": "hillsborough"})
CARD = "292024CA003026A001HC"
NO_VALUE = "292024CA008764A001HC"
HOA = "292024CC003290A001HC"
CC_UNNAMED = "292025CC033962A001HC"
TAX_DEED = "2023-TD-000123"


def store_cards(conn):
    """Items as the RealForeclose intake stores them: the card's facts, no appraiser, lien source not available."""
    cards = [
        (CARD, "FORECLOSURE", None, 100000, None, 250000, {"value_label": "property app. market value"}, 90000),
        (NO_VALUE, "FORECLOSURE", None, 120000, None, None, {"max_bid_hidden": True}, None),  # Broward-style card
        (HOA, "FORECLOSURE", "RIVER OAKS HOMEOWNERS ASSOCIATION INC", 9000, None, 200000,
         {"value_label": "assessed value"}, None),
        (CC_UNNAMED, "FORECLOSURE", None, 9000, None, 200000, {"value_label": "assessed value"}, None),
        (TAX_DEED, "TAX_DEED", None, None, 20000, 150000,
         {"value_label": "assessed value", "certificate_number": "2021-4567"}, None),
    ]
    for number, kind, plaintiff, judgment, opening, value, extra, max_bid in cards:
        court = "COUNTY" if "CC" in number else "CIRCUIT" if "CA" in number else None
        conn.execute(
            "INSERT INTO cases (county, auction_date, case_number, auction_type, status, plaintiff, final_judgment,"
            " opening_bid, assessed_value, plaintiff_max_bid, court_type, source, extra, property_address, city, zip)"
            " VALUES ('hillsborough', %s, %s, %s, 'SCHEDULED', %s, %s, %s, %s, %s, %s, 'realforeclose', %s,"
            " '1 BAY ST', 'TAMPA', '33602')",
            (DATE, number, kind, plaintiff, judgment, opening, value, max_bid, court, json.dumps(extra)),
        )
        market = value if "market" in extra.get("value_label", "") else None  # as the intake copies the card
        conn.execute(
            "INSERT INTO properties (county, auction_date, case_number, parcel_id, site_address, assessed_value,"
            " market_value, source) VALUES ('hillsborough', %s, %s, 'P-' || %s, '1 BAY ST', %s, %s, 'realforeclose')",
            (DATE, number, number, value, market),
        )
        for source in ("official_records", "tax_collector"):
            conn.execute(
                "INSERT INTO ingest_status (county, auction_date, case_number, source, ok, detail) VALUES"
                " ('hillsborough', %s, %s, %s, false, 'no portal for this county yet')", (DATE, number, source),
            )


def analyze(db_url):
    return dg.materialize(ANALYSIS, partition_key=KEY, resources={"database": DatabaseResource(url=db_url), "narrator": NarratorResource()},
                          raise_on_error=False)


def test_stored_cards_are_analyzed_by_what_each_card_shows(db_url, conn):
    store_cards(conn)
    assert analyze(db_url).success
    rows = {r["case_number"]: r for r in bid_sheet(conn, auction_date=DATE, county="hillsborough")}
    card = rows[CARD]
    assert float(card["max_bid_calculated"]) == 140000 and float(card["bid_judgment_ratio"]) == 1.4
    assert card["decision"] == "REVIEW" and card["decision_reason"].startswith(f"REVIEW: {UNVERIFIED};")
    assert card["arv_basis"] == "INFERRED: RealForeclose card 'Property App. Market Value'"
    assert float(card["plaintiff_max_bid"]) == 90000
    # a card with no value (Broward's) gives no max bid, and says why
    blank = rows[NO_VALUE]
    assert blank["max_bid_calculated"] is None and blank["bid_judgment_ratio"] is None
    assert blank["decision"] == "REVIEW" and blank["arv_basis"] == "MISSING: no value on the RealForeclose card: ARV unknown"
    assert any(r.startswith("max bid unknown: no ARV") for r in blank["reasons"])
    # an association plaintiff on unverified liens is DO_NOT_BID; county court alone is REVIEW with the reason
    assert rows[HOA]["decision"] == "DO_NOT_BID" and "HOA/COA foreclosure" in rows[HOA]["decision_reason"]
    assert rows[CC_UNNAMED]["decision"] == "REVIEW"
    assert any(r.startswith("county-court (CC) case with no association named") for r in rows[CC_UNNAMED]["reasons"])
    # a tax deed is priced against its opening bid and shows its type, certificate and opening bid
    deed = rows[TAX_DEED]
    assert (deed["auction_type"], deed["certificate_number"], float(deed["opening_bid"])) == (
        "TAX_DEED", "2021-4567", 20000)
    # 70% of 150,000 - 10,000 holding - 22,500 profit (15%), repairs unknown
    assert float(deed["max_bid_calculated"]) == 72500 and float(deed["bid_judgment_ratio"]) == 3.625
    assert "max bid ceiling before repairs is 362% of the $20,000 opening bid: REVIEW" in deed["reasons"]
    assert deed["decision"] == "REVIEW" and UNVERIFIED in deed["reasons"]
    assert not [r for r in rows.values() if r["decision"] == "BID"]
    table = formats.as_table(list(rows.values()))
    assert "TAX_DEED" in table and "2021-4567" in table and "hidden" in table and "$90,000" in table


def test_only_counties_with_no_lien_source_are_unverified_and_named_as_the_registry_names_them():
    from biddeed_assets.model.inputs import CaseInputs

    assert CaseInputs(case={"county": "hillsborough"}).liens_unverified_in == "Hillsborough"
    assert CaseInputs(case={"county": "miami_dade"}).liens_unverified_in == "Miami-Dade"
    assert CaseInputs(case={"county": "brevard"}).liens_unverified_in is None  # official records are searched
    assert CaseInputs(case={"county": "atlantis"}).liens_unverified_in is None

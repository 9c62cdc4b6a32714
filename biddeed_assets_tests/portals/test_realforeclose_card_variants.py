"""Each county's card label variant, read from a page in its real format into the same record fields.

The pages under fixtures/pages/realforeclose/variants/ are the real Hillsborough decoded LOAD with one
county's label or format put in (fixtures/README.md says which edit each is).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.simulator.sites.realforeclose.macros import compress
from biddeed_assets_tests.fixtures import page

DATE = "2026-06-05"


def _records(name: str, county: str = "hillsborough"):
    parsed = rf.parse_items_html(page(f"realforeclose/variants/{name}").read_text(), county=county,
                                 auction_date=DATE, area="W")
    assert parsed.rejected == []
    return parsed.records


def test_pasco_market_value_label_is_the_assessed_value_and_says_so():
    records = _records("pasco_market_value.decoded.html", "pasco")
    assert [(r.assessed_value, r.extra["value_label"]) for r in records] == [
        (330145.00, "Property App. Market Value"),
        (1888407.00, "Property App. Market Value"),
    ]
    real = rf.parse_load(page("realforeclose/hillsborough/load_area_C_2026-06-05.json").read_text(),
                         county="hillsborough", auction_date=DATE).records
    assert [r.extra["value_label"] for r in real] == ["Assessed Value", "Assessed Value"]


def test_city_line_with_or_without_fl_dash_state_or_comma():
    records = _records("city_lines.decoded.html")
    assert [(r.city, r.zip) for r in records] == [("TAMPA", "33610")] * 4


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TAMPA, FL- 33610", ("TAMPA", "33610")),
        ("TAMPA, FL 33610", ("TAMPA", "33610")),
        ("TAMPA 33610", ("TAMPA", "33610")),
        ("TAMPA, 33610", ("TAMPA", "33610")),
        ("WESLEY CHAPEL FL- 33545-1234", ("WESLEY CHAPEL", "33545")),
        ("ST. PETERSBURG, FL", ("ST. PETERSBURG", None)),
        ("", (None, None)),
    ],
)
def test_city_zip_forms(line, expected):
    assert rf.city_zip(line) == expected


@settings(max_examples=100, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("TAMPA ,-FL0123456789\xa0\t"), max_size=40))
def test_any_city_line_gives_a_city_and_a_five_digit_zip_or_nulls(line):
    city, zip_code = rf.city_zip(line)
    assert city is None or (city == city.strip() and city)
    assert zip_code is None or (len(zip_code) == 5 and zip_code.isdigit())


def test_broward_card_without_a_value_row_has_no_assessed_value_never_zero():
    records = _records("broward_no_value.decoded.html", "broward")
    assert [r.assessed_value for r in records] == [None, None]
    assert all("value_label" not in r.extra for r in records)
    assert [r.final_judgment for r in records] == [460909.72, 2125210.55]


def test_tax_deed_cards_read_opening_bid_certificate_and_any_parcel_label():
    records = _records("tax_deed_cards.decoded.html", "lake")
    assert [
        (r.auction_type, r.case_number, r.opening_bid, r.final_judgment, r.extra["certificate_number"], r.parcel_id,
         r.extra["parcel_label"])
        for r in records
    ] == [
        ("TAX_DEED", "2025-TD-000123", 6412.37, None, "2021 / 4518", "25-23-24-0000-00400-0000", "Parcel ID"),
        ("TAX_DEED", "2025-TD-000124", 12980.05, None, "2022-00871", "1234567", "Alternate Key"),
        ("TAX_DEED", "2025-TD-000125", 3105.00, None, "2020 / 11342", "0712345", "Parcel Key"),
    ]
    assert all("other_fields" not in r.extra for r in records)  # every label went to a field


def test_a_card_with_two_parcel_labels_takes_the_parcel_id_and_keeps_the_other():
    html = page("realforeclose/variants/tax_deed_cards.decoded.html").read_text()
    both = html.replace(
        '<tr><td tabindex="0" class="AD_LBL" scope="row">Property Address:',
        '<tr><td tabindex="0" class="AD_LBL" scope="row">Alternate Key:</td><td tabindex="0" class="AD_DTA">'
        '2951843</td></tr><tr><td tabindex="0" class="AD_LBL" scope="row">Property Address:', 1)
    first = rf.parse_items_html(both, county="lake", auction_date=DATE).records[0]
    assert first.parcel_id == "25-23-24-0000-00400-0000"
    assert first.extra["other_parcel_ids"] == {"Alternate Key": "2951843"}


def test_dotted_dashed_and_zero_padded_parcel_ids_are_kept_as_shown():
    records = _records("parcel_id_formats.decoded.html")
    assert [r.parcel_id for r in records] == ["12.34.56.7890", "25-23-24-0000-00400-0000", "00000012345600"]


def test_a_parcel_cell_that_is_only_a_property_appraiser_link():
    records = _records("parcel_appraiser_links.decoded.html")
    assert [r.parcel_id for r in records] == [
        "1234-56-7890",  # ?parcel=
        "202821ZZZ000002134500U",  # &PARCELID=
        "2526110B30000001270",  # &strap=
        "R12345-678",  # /Parcel/<id>
        "34-25-20-0050-01200-0110",  # /Parcel-Details/<id>, as the real Pasco snapshots' links
        None,  # a link that carries no id
    ]
    assert "Property Appraiser" not in {r.parcel_id for r in records}
    assert records[-1].extra["parcel_link"] == "https://www.pa.example/PropertySearch"
    assert records[0].extra["parcel_link"].endswith("?parcel=1234-56-7890")


def test_the_variants_read_the_same_from_a_load_payload():
    html = page("realforeclose/variants/tax_deed_cards.decoded.html").read_text()
    aids = ["1502101", "1502102", "1502103"]
    payload = json.dumps({"retHTML": compress(html), "rlist": ",".join(aids)})
    from_load = rf.parse_load(payload, county="lake", auction_date=DATE, area="W").records
    assert from_load == _records("tax_deed_cards.decoded.html", "lake")
    assert [r.extra for r in from_load] == [r.extra for r in _records("tax_deed_cards.decoded.html", "lake")]

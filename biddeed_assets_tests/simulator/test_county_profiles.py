"""Each simulated RealForeclose county prints its real case-number, parcel and card formats.

The real shapes come from the captures in fixtures/data (snapshots of Pasco, Pinellas, Santa Rosa,
Seminole, Citrus; Miami-Dade's October 2019 list); a shape is the text with digits as 9 and letters as A.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

import httpx
import pytest

from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.portals.counties import REGISTRY
from biddeed_assets.simulator.county_profiles import PROFILES
from biddeed_assets.simulator.sites.realforeclose import cards, items, site
from biddeed_assets.simulator.sites.realforeclose.styles import style_of
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets.simulator.world import TAX_DEED, World
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.fixtures import data

WORLD = World(seed=7)
MONTH = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
SNAPSHOTS = {
    "pasco": "realforeclose_snapshots/pasco_2026-05-01.csv",
    "pinellas": "realforeclose_snapshots/pinellas_2026-08-21.csv",
    "santa_rosa": "realforeclose_snapshots/santarosa_2026-05-05.csv",
    "seminole": "realforeclose_snapshots/seminole_2026-05-04.csv",
}


def shape(text: str) -> str:
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", text))


def real_shapes(county: str) -> tuple[set[str], set[str]]:
    """(case-number shapes, parcel shapes) of the county's real circuit-court (CA) foreclosures."""
    if county == "miami_dade":
        rows = list(csv.DictReader(data("miamidade_auctions_2019-10_with_case_facts.csv").open()))
        pairs = [(r["case_number"], r["parcel_id"]) for r in rows]
    else:
        rows = list(csv.DictReader(data(SNAPSHOTS[county]).open()))
        pairs = [(r["Case #"], r["Parcel ID"]) for r in rows]
    return ({shape(c) for c, _ in pairs if "CA" in c}, {shape(p) for _, p in pairs if p[:1].isdigit()})


def foreclosures(county: str, count: int = 40):
    out = []
    for day in WORLD.sale_dates(county, *MONTH, "FORECLOSURE"):
        out += [truth_for(WORLD.seed, case) for case in WORLD.cases_on(county, day) if case.court == "CA"]
    assert out, f"no {county} foreclosure in December 2026"
    return out[:count]


def test_every_online_county_of_the_registry_has_a_profile_with_a_distinct_clerk_code():
    assert set(PROFILES) == {c.slug for c in REGISTRY if c.foreclosure_online}
    assert len({p.code for p in PROFILES.values()}) == len(PROFILES)
    assert all(p.zips and p.cases[0] >= 1 for p in PROFILES.values())


@pytest.mark.parametrize("county", [*SNAPSHOTS, "miami_dade"])
def test_case_numbers_and_parcels_have_the_real_capture_shapes(county):
    cases, parcels = real_shapes(county)
    for truth in foreclosures(county):
        assert shape(truth.case.case_number) in cases, truth.case.case_number
        assert shape(truth.property.parcel_id) in parcels, truth.property.parcel_id


def test_hillsborough_duval_and_citrus_match_their_real_formats():
    assert all(re.fullmatch(r"29\d{4}CA\d{6}A001HC", t.case.case_number) for t in foreclosures("hillsborough"))
    assert all(re.fullmatch(r"\d{6}[0-9A-Z]{3}\d{12}[A-Z]", t.property.parcel_id) for t in foreclosures("hillsborough"))
    # The real Duval card: 16-2025-CA-005751-AXXX-MA, parcel 035892-0000.
    assert all(re.fullmatch(r"16-\d{4}-CA-\d{6}-[AX]XXX-MA", t.case.case_number) for t in foreclosures("duval"))
    assert all(re.fullmatch(r"\d{6}-\d{4}", t.property.parcel_id) for t in foreclosures("duval"))
    # Citrus's snapshot keeps the year only (the number has spaces) and seven-digit keys: 1459664.
    real_keys = {shape(r["Parcel ID"]) for r in csv.DictReader(data("realforeclose_snapshots/citrus_event_log.csv").open())}
    for truth in foreclosures("citrus"):
        assert truth.case.case_number.split()[0] == truth.case.case_number[:4]
        assert shape(truth.property.parcel_id) in real_keys


def test_the_plaintiff_max_bid_is_hidden_at_each_countys_real_rate():
    for county, low, high in (("pinellas", 0.9, 1.0), ("pasco", 0.0, 0.35), ("broward", 0.0, 0.4)):
        rows = foreclosures(county, count=400)
        share = sum(t.max_bid_hidden for t in rows) / len(rows)
        assert low <= share <= high, (county, share)


def _client(simulator, county):
    return rf.RealForecloseClient(f"{simulator.url}{site.site_path(county)}", httpx.Client(timeout=10), county=county)


def _expanded(simulator, county, day) -> str:
    """The expanded cards of a day's first waiting page, as a browser would get them."""
    with httpx.Client(timeout=10) as raw:
        base = f"{simulator.url}{site.site_path(county)}/index.cfm"
        raw.get(f"{base}?zaction=AUCTION&zmethod=PREVIEW&AUCTIONDATE={rf.site_date(day)}")
        body = raw.get(f"{base}?zaction=AUCTION&zmethod=UPDATE&FNC=LOAD&AREA=W&doR=1").json()
    return rf.expand_macros(body["retHTML"])


def _future_day(county, kind="FORECLOSURE") -> dt.date:
    return next(d for d in WORLD.sale_dates(county, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=62), kind)
                if WORLD.cases_on(county, d))


@pytest.mark.parametrize(("county", "label", "city_line"), [
    ("pasco", "Property App. Market Value:", "{city}, {zip}"),
    ("hillsborough", "Assessed Value:", "{city}, FL- {zip}"),
    ("orange", "Assessed Value:", "{city}, FL {zip}"),
])
def test_cards_print_the_countys_value_label_and_city_line(simulator, county, label, city_line):
    day = _future_day(county)
    html = _expanded(simulator, county, day)
    first = truth_for(WORLD.seed, WORLD.cases_on(county, day)[0]).property
    assert f">{label}<" in html and f">{city_line.format(city=first.city, zip=first.zip)}<" in html
    page = _client(simulator, county).load(day, "W")
    assert not page.rejected and page.records[0].city == first.city and page.records[0].zip == first.zip


def test_broward_cards_have_no_value_row_and_read_as_unknown(simulator):
    day = _future_day("broward")
    assert "Value:<" not in _expanded(simulator, "broward", day)
    page = _client(simulator, "broward").load(day, "W")
    assert page.records and all(r.assessed_value is None for r in page.records)


@pytest.mark.parametrize(("county", "label"), [("citrus", "Alternate Key:"), ("marion", "Parcel Key:")])
def test_parcel_key_labels(simulator, county, label):
    day = _future_day(county)
    html = _expanded(simulator, county, day)
    truths = [truth_for(WORLD.seed, c) for c in WORLD.cases_on(county, day)][:10]
    assert html.count(f">{label}<") == len(truths) and ">Parcel ID:<" not in html
    assert all(f">{t.property.parcel_id}</a>" in html for t in truths)
    page = _client(simulator, county).load(day, "W")
    assert {r.case_number: r.parcel_id for r in page.records} == {
        c.case_number: truth_for(WORLD.seed, c).property.parcel_id for c in WORLD.cases_on(county, day)}


def test_some_cards_print_the_parcel_only_as_a_property_appraiser_link_with_the_parcel_in_its_query():
    style = style_of("pinellas")
    linked = [t for t in foreclosures("pinellas", count=400) if items.link_only(style, t.aid)]
    assert 0.03 < len(linked) / 400 < 0.2
    truth = linked[0]
    card = cards.render_card(items.card_of(items.Item(truth, "W", cards.BLANK), "pinellas"))
    assert ">Property Appraiser</a>" in card and f"&parcel={truth.property.parcel_id}" in card
    assert f">{truth.property.parcel_id}<" not in card
    assert "https://www.pcpao.gov/?pg=" in card
    [record] = rf.parse_items_html(card, county="pinellas", auction_date=truth.case.auction_date).records
    assert record.parcel_id == truth.property.parcel_id  # the parser reads it from the link


def test_tax_deed_days_serve_taxdeed_cards_with_certificate_and_opening_bid(simulator):
    county = "pinellas"
    day = _future_day(county, TAX_DEED)
    assert WORLD.auction_type_on(county, day) == TAX_DEED and day.day <= 7
    month = _client(simulator, county).calendar(day.isoformat()[:7])
    assert next(d for d in month if d.date == day.isoformat()).auction_type == "TAX_DEED"
    html = _expanded(simulator, county, day)
    truths = [truth_for(WORLD.seed, c) for c in WORLD.cases_on(county, day)]
    for label in (">TAXDEED<", ">Certificate #:<", ">Opening Bid:<"):
        assert html.count(label) == min(len(truths), 10)
    assert "Final Judgment" not in html and "Plaintiff Max Bid" not in html
    page = _client(simulator, county).load(day, "W")
    got = {r.case_number: r for r in page.records}
    for truth in truths:
        record = got[truth.case.case_number]
        assert record.auction_type == "TAX_DEED" and record.court_type == "TAX_DEED"
        assert record.opening_bid == pytest.approx(truth.opening_bid) and record.final_judgment is None
        assert record.extra["certificate_number"] == truth.certificate_number


def test_a_tax_deed_sale_goes_to_the_certificate_holder_or_a_third_party_or_is_redeemed(simulator):
    county = "hillsborough"
    closed = [d for d in WORLD.sale_dates(county, TODAY - dt.timedelta(days=items.DROP_OFF_DAYS), TODAY, TAX_DEED)]
    truths = [truth_for(WORLD.seed, c) for d in closed for c in WORLD.cases_on(county, d)]
    assert truths
    page = _client(simulator, county).load(closed[-1], "C", with_status=True)
    expected = {t.case.case_number: t.outcome for t in truths if t.case.auction_date == closed[-1].isoformat()}
    assert {r.case_number: (r.status, r.sold_to, r.sold_amount) for r in page.records} == {
        n: (o.status, o.sold_to, o.sold_amount) for n, o in expected.items()}
    many = [truth_for(WORLD.seed, c) for d in WORLD.sale_dates(county, dt.date(2025, 1, 1), dt.date(2026, 10, 31), TAX_DEED)
            for c in WORLD.cases_on(county, d)]
    assert {t.outcome.sold_to for t in many if t.outcome.status == "SOLD"} == {"CERT_HOLDER", "THIRD_PARTY"}
    assert all(t.outcome.sold_amount >= t.opening_bid for t in many if t.outcome.status == "SOLD")


def test_every_enabled_county_is_served_cheaply(simulator):
    """A county's days are drawn when first asked for: a month calendar of all 37 sites stays quick."""
    import time

    start = time.perf_counter()
    with httpx.Client(timeout=10) as raw:
        for county in site.counties():
            url = f"{simulator.url}{site.site_path(county)}/index.cfm?zaction=USER&zmethod=CALENDAR&selCalDate=02/01/2027"
            assert raw.get(url).status_code == 200, county
    assert time.perf_counter() - start < 30

"""BCPAO parsers on the real captured API responses and the legacy HTML page."""

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import bcpao
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets_tests.fixtures import PAGES

REAL = PAGES / "brevard_bcpao"


def real(name: str) -> str:
    path = REAL / name
    return path.read_text(encoding="utf-8", errors="replace")


def test_account_2627712_values_and_building_facts():
    record = bcpao.parse_account(
        real("account_2627712.json"), source_url="https://www.bcpao.us/api/v1/account/2627712"
    )
    assert record.account == "2627712"
    assert record.parcel_id == "26-36-09-UH-A-3"
    assert record.owner == "SUPPORT 100 PROPERTY MGMT LLC TR"
    assert record.site_address == "2778 WYNDHAM WAY MELBOURNE FL 32940"
    assert (record.street, record.city, record.zip) == ("2778 WYNDHAM WAY", "MELBOURNE", "32940")
    assert record.market_value == 943700.0
    assert record.assessed_value == 859760.0
    assert record.taxable_value == 809760.0
    assert record.homestead is True
    assert record.year_built == 2007
    assert record.living_area == 3142 + 1299 == 4441  # BASE AREA (1st) + BASE AREA (2nd)
    assert record.pool is True
    assert (record.land_use_code, record.land_use_description) == ("0110", "SINGLE FAMILY RESIDENCE")
    assert record.legal_description == "WYNDHAM AT DURAN LOT 3 BLK A"
    assert record.acreage == 0.36
    assert record.photo_url == "https://www.bcpao.us/photos/26/2627712011.jpg"
    assert record.source_url == "https://www.bcpao.us/api/v1/account/2627712"


def test_account_has_no_beds_or_baths_never_zero():
    row = bcpao.parse_account(real("account_2627712.json")).to_dict()
    assert row["beds"] is None and row["baths"] is None


def test_account_sales_history():
    sales = bcpao.parse_account(real("account_2627712.json")).sales
    assert len(sales) == 7
    first = sales[0]
    assert (first.date, first.price, first.deed_type, first.book, first.page) == (
        "2013-12-20",
        100.0,
        "WD",
        "7035",
        "2602",
    )
    assert first.deed_description == "WARRANTY DEED/SPECIAL WARRANTY DEED"
    assert first.qualified is False
    last = sales[-1]
    assert (last.date, last.price, last.book, last.page, last.qualified) == (
        "2005-11-30",
        170000.0,
        "5576",
        "6987",
        True,
    )
    assert [s.deed_type for s in sales] == ["WD", "TD", "TD", "TD", "WD", "WD", "WD"]


def test_search_hit_2627712():
    hits = bcpao.parse_search(real("search_2627712.json"))
    assert hits == [
        bcpao.BcpaoHit(
            account="2627712",
            parcel_id="26-36-09-UH-A-3",
            owner="SUPPORT 100 PROPERTY MGMT LLC TR",
            site_address="2778 WYNDHAM WAY MELBOURNE FL 32940",
            land_use="SINGLE FAMILY RESIDENCE",
            inactive=False,
        )
    ]


def test_legacy_results_page():
    hits = bcpao.parse_legacy_results(real("legacy_results.html"))
    assert hits == [
        bcpao.BcpaoHit(
            account="2815275",
            parcel_id="28-36-35-EY-00598.0-0004.00",
            owner="SPENCER, GERALD & MAGRO, ROBIN",
            site_address="126 NW HURTIG AVE",
        )
    ]


def test_page_kinds_are_json_rows():
    assert set(bcpao.PAGE_KINDS) == {"bcpao-search", "bcpao-account"}
    account = bcpao.PAGE_KINDS["bcpao-account"](real("account_2627712.json"), "u")
    assert json.loads(json.dumps(account))[0]["market_value"] == 943700.0
    assert bcpao.PAGE_KINDS["bcpao-search"](real("search_2627712.json"), None)[0]["account"] == "2627712"
    assert bcpao.PAGE_KINDS["bcpao-search"](real("legacy_results.html"), None)[0]["account"] == "2815275"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("123 OCEAN AVE MELBOURNE BEACH FL 32951", ("123 OCEAN AVE", "MELBOURNE BEACH", "32951")),
        ("1270 SAN JUAN DR MERRITT ISLAND FL 32952", ("1270 SAN JUAN DR", "MERRITT ISLAND", "32952")),
        ("500 MAIN ST WEST MELBOURNE FL 32904-1234", ("500 MAIN ST", "WEST MELBOURNE", "32904")),
        ("1 MAIN ST SOMEWHERE FL 32000", (None, None, "32000")),
        ("NO STATE OR ZIP", (None, None, None)),
        ("", (None, None, None)),
    ],
)
def test_split_site_address(address, expected):
    assert bcpao.split_site_address(address) == expected


def test_unknown_facts_are_none_not_zero():
    record = bcpao.parse_account(json.dumps({"account": "1"}))
    assert record.market_value is None and record.assessed_value is None and record.taxable_value is None
    assert record.year_built is None and record.living_area is None
    assert record.pool is None and record.homestead is None
    assert record.sales == []


def test_vacant_land_without_features_has_no_pool_and_no_homestead():
    record = bcpao.parse_account(
        json.dumps({"account": "1", "buildings": [], "addlXFeatures": [], "exemptions": []})
    )
    assert record.pool is False and record.homestead is False
    assert record.living_area is None and record.year_built is None


def test_living_area_sums_base_areas_of_every_building():
    buildings = [
        {
            "yearBuilt": 1990,
            "subAreaInfo": [
                {"description": "BASE AREA", "grossSqFtArea": 1000},
                {"description": "GARAGE", "grossSqFtArea": 400},
            ],
        },
        {"yearBuilt": 2001, "subAreaInfo": [], "totalBaseArea": 500},
    ]
    record = bcpao.parse_account(json.dumps({"account": "1", "buildings": buildings}))
    assert record.living_area == 1500.0
    assert record.year_built == 1990


def test_multiple_addresses_uses_primary_site_address():
    data = {
        "account": "1",
        "siteAddress": "Multiple Addresses",
        "siteAddresses": [
            {"siteAddress": "9 B ST COCOA FL 32922", "isPrimaryFlag": False},
            {"siteAddress": "7 A ST COCOA FL 32922", "isPrimaryFlag": True},
        ],
    }
    record = bcpao.parse_account(json.dumps(data))
    assert (record.site_address, record.street, record.city, record.zip) == (
        "7 A ST COCOA FL 32922",
        "7 A ST",
        "COCOA",
        "32922",
    )


@pytest.mark.parametrize("text", ["", "   ", "not json", '{"account": null}', "[1, 2]", "null"])
def test_account_garbage_is_parse_error(text):
    with pytest.raises(ParseError):
        bcpao.parse_account(text)


@pytest.mark.parametrize("text", ["", "{}", "[1]", '[{"owner": "X"}]', "<html>"])
def test_search_garbage_is_parse_error(text):
    with pytest.raises(ParseError):
        bcpao.parse_search(text)


def test_empty_search_is_no_hits():
    assert bcpao.parse_search("[]") == []


def _client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_fetch_account_and_search_urls():
    seen = []
    account_json, search_json = real("account_2627712.json"), real("search_2627712.json")

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = account_json if "/account/" in request.url.path else search_json
        return httpx.Response(200, text=body)

    with _client(handler) as http:
        record = bcpao.fetch_account(http, "http://bcpao.test/", "2627712")
        by_parcel = bcpao.search(http, "http://bcpao.test", "26-36-09-UH-A-3")
        by_address = bcpao.search(http, "http://bcpao.test", "2778 Wyndham Way")
    assert record.market_value == 943700.0 and record.source_url == "http://bcpao.test/api/v1/account/2627712"
    assert by_parcel[0].account == by_address[0].account == "2627712"
    assert str(seen[0].url) == "http://bcpao.test/api/v1/account/2627712"
    assert seen[1].url.path == "/api/v1/search" and seen[1].url.params["parcel"] == "26-36-09-UH-A-3"
    assert seen[2].url.params["address"] == "2778 WYNDHAM WAY"
    assert all(r.headers["accept"] == "application/json" for r in seen)


def test_fetch_errors():
    with _client(lambda request: httpx.Response(204)) as http:
        assert bcpao.search(http, "http://bcpao.test", "1 NOWHERE RD") == []
    with _client(lambda request: httpx.Response(503)) as http, pytest.raises(FetchError):
        bcpao.fetch_account(http, "http://bcpao.test", "1")

    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    with _client(refuse) as http, pytest.raises(FetchError):
        bcpao.search(http, "http://bcpao.test", "x")


def _ends_in_result_or_parse_error(fn, text):
    try:
        fn(text, None)
    except ParseError:
        pass


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "account",
                    "valueSummary",
                    "marketVal",
                    "buildings",
                    "subAreaInfo",
                    "description",
                    "grossSqFtArea",
                    "extraFeatureInfo",
                    "exemptions",
                    "salesHistory",
                    "siteAddress",
                    "siteAddresses",
                    "mailingAddress",
                    "propertyUse",
                    "yearBuilt",
                    "code",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text())
def test_any_text_is_result_or_parse_error(text):
    for fn in bcpao.PAGE_KINDS.values():
        _ends_in_result_or_parse_error(fn, text)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(_JSON)
def test_any_json_is_result_or_parse_error(value):
    text = json.dumps(value)
    for fn in bcpao.PAGE_KINDS.values():
        _ends_in_result_or_parse_error(fn, text)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["account_2627712.json", "search_2627712.json", "legacy_results.html"]), st.data())
def test_truncated_real_pages_are_result_or_parse_error(name, data):
    text = real(name)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for fn in bcpao.PAGE_KINDS.values():
        _ends_in_result_or_parse_error(fn, text[start:end])


def test_a_search_hit_without_an_account_is_a_parse_error():
    hits = json.loads(real("search_2627712.json"))
    with pytest.raises(ParseError, match="1 of 2 BCPAO search hits carry no account"):
        bcpao.parse_search(json.dumps(hits + [{"totalCount": 1, "parcelID": "?"}]))


def test_a_search_page_with_fewer_or_more_hits_than_its_total_is_a_parse_error():
    hit = json.loads(real("search_2627712.json"))[0]
    url = bcpao.search_url("http://bcpao.test", "26-36-09-UH-A-3")
    with pytest.raises(ParseError, match="reports 3 hits, so 3 on page 1, but carries 1"):
        bcpao.parse_search(json.dumps([{**hit, "totalCount": 3}]), source_url=url)
    second = url.replace("page=1", "page=2").replace("size=10", "size=2")
    assert len(bcpao.parse_search(json.dumps([{**hit, "totalCount": 3}]), source_url=second)) == 1
    with pytest.raises(ParseError, match="disagree on totalCount"):
        bcpao.parse_search(json.dumps([{**hit, "totalCount": 2}, {**hit, "totalCount": 3}]))


def test_an_account_with_a_list_field_of_another_shape_is_a_parse_error():
    with pytest.raises(ParseError, match="valueSummary must be lists"):
        bcpao.parse_account(json.dumps({"account": "1", "valueSummary": {"marketVal": 1}}))


def test_json_bytes_must_be_utf8_or_carry_a_bom():
    body = real("account_2627712.json")
    record = bcpao.parse_account(body)
    assert bcpao.parse_account(body.encode("utf-16")) == record
    with pytest.raises(ParseError, match="not UTF-8"):
        bcpao.parse_account(body.replace('"account"', '"accountÿ"', 1).encode("latin-1"))

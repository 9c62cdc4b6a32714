"""RealForeclose parsers on real captured pages, and the session flow over a stubbed site."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.rules.case_numbers import court_type_of
from biddeed_assets_tests.fixtures import PAGES

FIXTURES = PAGES / "realforeclose"
HILLS = FIXTURES / "hillsborough"
LOAD_C = (HILLS / "load_area_C_2026-06-05.json").read_text()
LOAD_C_DECODED = (HILLS / "load_area_C_2026-06-05.decoded.html").read_text()
LOAD_R_EMPTY = (HILLS / "load_area_R_2026-06-05_empty.json").read_text()
DUVAL_RAW = (FIXTURES / "duval" / "load_2026-06-03_raw.json").read_text()
CALENDAR = (HILLS / "calendar.html").read_text()
DAY_PAGE = (HILLS / "auction_day_2025-11-27.html").read_text()
WALKED_AWAY = (HILLS / "auction_item_walked_away.html").read_text()

BASE = "https://www.hillsborough.realforeclose.com"
LOAD_C_URL = f"{BASE}/index.cfm?zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=C&AUCTIONDATE=06/05/2026"
EMPTY_LOAD = '{"retHTML":"","rlist":""}'


def _norm(text: str) -> str:
    return " ".join(text.split())


def _fields(record, names):
    return {name: getattr(record, name) for name in names}


def _one(html: str, *, auction_date: str = "2025-11-27", area: str | None = None):
    page = rf.parse_items_html(html, county="hillsborough", auction_date=auction_date, area=area)
    assert page.rejected == []
    assert len(page.records) == 1
    return page.records[0]


def _card(inner: str, aid: str = "1400001") -> str:
    return f'<div id="AITEM_{aid}" aria-label="Auction Details" class="AUCTION_ITEM PREVIEW" aid="{aid}">{inner}</div>'


def _status_box(a="", b="", c="", d="", sl="", st_=""):
    return (
        f'<div class="AUCTION_STATS" tabindex="0"><div class="ASTAT_MSGA ASTAT_LBL">{a}</div>'
        f'<div class="ASTAT_MSGB Astat_DATA">{b}</div><div class="ASTAT_MSGC ASTAT_LBL">{c}</div> '
        f'<div class="ASTAT_MSGD Astat_DATA">{d}</div><div class="ASTAT_MSG_SOLDTO_Label ASTAT_LBL">{sl}</div>'
        f'<div class="ASTAT_MSG_SOLDTO_MSG Astat_DATA">{st_}</div></div>'
    )


WALKED_AWAY_BOX = _status_box("Auction Status", "Bidder Walked Away")
assert WALKED_AWAY_BOX in WALKED_AWAY  # the variants below swap exactly the real status box


def _walked_away_with(box: str) -> str:
    return _card(WALKED_AWAY.replace(WALKED_AWAY_BOX, box))


# --- LOAD payloads ---------------------------------------------------------------------------


def test_macro_expansion_equals_the_decoded_fixture():
    html, aids = rf.decode_load_payload(LOAD_C)
    assert _norm(html) == _norm(LOAD_C_DECODED)
    assert aids == ["1502087", "1497643"]
    assert "@" not in html


def test_hillsborough_closed_area_items_read_exactly():
    page = rf.parse_load(LOAD_C, county="hillsborough", auction_date="2026-06-05", source_url=LOAD_C_URL)
    assert page.rejected == []
    names = [
        "case_number",
        "county",
        "auction_date",
        "auction_type",
        "final_judgment",
        "assessed_value",
        "plaintiff_max_bid",
        "parcel_id",
        "property_address",
        "city",
        "zip",
        "opening_bid",
        "sold_amount",
        "sold_to",
        "source",
        "source_url",
    ]
    common = {
        "county": "hillsborough",
        "auction_date": "2026-06-05",
        "auction_type": "FORECLOSURE",
        "plaintiff_max_bid": None,
        "opening_bid": None,
        "sold_amount": None,
        "sold_to": None,
        "source": "realforeclose",
        "source_url": LOAD_C_URL,
    }
    assert [_fields(r, names) for r in page.records] == [
        {
            **common,
            "case_number": "292025CA006136A001HC",
            "final_judgment": 460909.72,
            "assessed_value": 330145.00,
            "parcel_id": "202821ZZZ000002134500U",
            "property_address": "9715 BELVEDERE DR",
            "city": "SEFFNER",
            "zip": "33584",
        },
        {
            **common,
            "case_number": "292025CA012668A001HC",
            "final_judgment": 2125210.55,
            "assessed_value": 1888407.00,
            "parcel_id": "1829293SL000004000027A",
            "property_address": "4717 W ESTRELLA ST",
            "city": "TAMPA",
            "zip": "33629",
        },
    ]
    assert [r.extra["aid"] for r in page.records] == ["1502087", "1497643"]
    assert [r.court_type for r in page.records] == [court_type_of(r.case_number) for r in page.records]


def test_decoded_html_parses_like_the_payload():
    from_payload = rf.parse_load(LOAD_C, county="hillsborough", auction_date="2026-06-05")
    from_html = rf.parse_items_html(LOAD_C_DECODED, county="hillsborough", auction_date="2026-06-05")
    assert from_html == from_payload


def test_closed_area_item_without_status_is_not_called_scheduled():
    in_c = rf.parse_load(LOAD_C, county="hillsborough", auction_date="2026-06-05", source_url=LOAD_C_URL)
    assert {r.status for r in in_c.records} == {"OTHER"}
    assert {r.extra["area"] for r in in_c.records} == {"C"}
    in_w = rf.parse_load(LOAD_C, county="hillsborough", auction_date="2026-06-05", area="W")
    assert {r.status for r in in_w.records} == {"SCHEDULED"}


def test_auction_date_can_come_from_the_load_url():
    page = rf.parse_load(LOAD_C, county="hillsborough", source_url=LOAD_C_URL)
    assert {r.auction_date for r in page.records} == {"2026-06-05"}


def test_duval_payload_with_leading_whitespace_parses():
    assert DUVAL_RAW[0].isspace() and not DUVAL_RAW.lstrip().startswith("\n")
    page = rf.parse_load(DUVAL_RAW, county="duval", auction_date="2026-06-03")
    assert page.rejected == []
    [record] = page.records
    assert _fields(
        record,
        [
            "case_number",
            "final_judgment",
            "parcel_id",
            "property_address",
            "city",
            "zip",
            "assessed_value",
            "plaintiff_max_bid",
            "court_type",
            "auction_date",
        ],
    ) == {
        "case_number": "16-2025-CA-005751-AXXX-MA",
        "final_judgment": 139493.42,
        "parcel_id": "035892-0000",
        "property_address": "9256 5TH AVE",
        "city": "JACKSONVILLE",
        "zip": "32208",
        "assessed_value": 92567.00,
        "plaintiff_max_bid": None,
        "court_type": "CIRCUIT",
        "auction_date": "2026-06-03",
    }
    assert rf.decode_load_payload(DUVAL_RAW)[1] == ["1501938"]


def test_empty_load_is_detected():
    assert rf.is_empty_load(LOAD_R_EMPTY)
    assert rf.is_empty_load("")
    assert rf.is_empty_load("  \r\n\t ")
    assert rf.is_empty_load(EMPTY_LOAD)
    assert not rf.is_empty_load(LOAD_C)
    assert not rf.is_empty_load(DUVAL_RAW)
    assert not rf.is_empty_load("<html>login</html>")
    assert rf.parse_load(LOAD_R_EMPTY, county="hillsborough", auction_date="2026-06-05") == rf.ParsedPage(
        [], []
    )


@pytest.mark.parametrize(
    "text",
    ["", "   ", "{not json", '{"rlist":"1"}', '{"retHTML":null,"rlist":""}', '["retHTML"]', "<html></html>"],
)
def test_a_body_that_is_not_a_load_payload_is_a_parse_error(text):
    with pytest.raises(ParseError):
        rf.decode_load_payload(text)
    with pytest.raises(ParseError):
        rf.parse_load(text, county="hillsborough", auction_date="2026-06-05")


def test_hidden_max_bid_is_none_and_a_printed_one_is_read():
    assert all(
        r.plaintiff_max_bid is None
        for r in rf.parse_load(LOAD_C, county="h", auction_date="2026-06-05").records
    )
    shown = LOAD_C_DECODED.replace(">Hidden<", ">$350,000.00<", 1)
    records = rf.parse_items_html(shown, county="h", auction_date="2026-06-05").records
    assert [r.plaintiff_max_bid for r in records] == [350000.00, None]


def test_assessed_value_label_variants():
    market = LOAD_C_DECODED.replace("Assessed Value:", "Property App. Market Value:")
    assert market != LOAD_C_DECODED
    records = rf.parse_items_html(market, county="h", auction_date="2026-06-05").records
    assert [r.assessed_value for r in records] == [330145.00, 1888407.00]


def test_city_line_with_and_without_fl_dash():
    without = LOAD_C_DECODED.replace("SEFFNER, FL- 33584", "SEFFNER, 33584").replace(
        "TAMPA, FL- 33629", "TAMPA, 33629"
    )
    assert without.count("FL-") == 0
    records = rf.parse_items_html(without, county="h", auction_date="2026-06-05").records
    assert [(r.city, r.zip) for r in records] == [("SEFFNER", "33584"), ("TAMPA", "33629")]
    spaced = LOAD_C_DECODED.replace("SEFFNER, FL- 33584", "WESLEY CHAPEL, FL 33545")
    assert (
        rf.parse_items_html(spaced, county="h", auction_date="2026-06-05").records[0].city
    ) == "WESLEY CHAPEL"


def test_tax_deed_card_reads_certificate_and_opening_bid():
    tax_deed = (
        LOAD_C_DECODED.replace(">FORECLOSURE<", ">TAXDEED<")
        .replace("Final Judgment Amount:", "Opening Bid:")
        .replace(
            "<tbody>",
            '<tbody><tr><td tabindex="0" class="AD_LBL" scope="row">Certificate #:</td>'
            '<td tabindex="0" class="AD_DTA">2021 / 4518</td></tr>',
        )
    )
    records = rf.parse_items_html(tax_deed, county="h", auction_date="2026-06-05").records
    assert [
        (r.auction_type, r.opening_bid, r.final_judgment, r.extra["certificate_number"]) for r in records
    ] == [
        ("TAX_DEED", 460909.72, None, "2021 / 4518"),
        ("TAX_DEED", 2125210.55, None, "2021 / 4518"),
    ]


def test_walked_away_card_reads_exactly():
    record = _one(_card(WALKED_AWAY))
    assert _fields(
        record,
        [
            "case_number",
            "final_judgment",
            "parcel_id",
            "property_address",
            "city",
            "zip",
            "assessed_value",
            "plaintiff_max_bid",
            "status",
            "sold_amount",
            "sold_to",
        ],
    ) == {
        "case_number": "292019CA004429A001HC",
        "final_judgment": 381225.83,
        "parcel_id": "172727ZZZ000000206300U",
        "property_address": "16262 GATOR HOLE RD",
        "city": "ODESSA",
        "zip": "33556",
        "assessed_value": 422441.00,
        "plaintiff_max_bid": None,
        "status": "OTHER",
        "sold_amount": None,
        "sold_to": None,
    }
    assert record.extra["status_text"] == "Bidder Walked Away"


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        (
            _status_box(
                "Auction Sold",
                "11/27/2025 10:07 AM ET",
                "Amount",
                "$401,100.00",
                "Sold To",
                "3rd Party Bidder",
            ),
            ("SOLD", 401100.00, "THIRD_PARTY"),
        ),
        (
            _status_box(
                "Auction Sold", "11/27/2025 10:02 AM ET", "Amount", "$100.00", "Sold To", "Plaintiff"
            ),
            ("SOLD", 100.00, "PLAINTIFF"),
        ),
        (_status_box("Auction Status", "Canceled per Bankruptcy"), ("CANCELLED", None, None)),
        (_status_box("Auction Status", "Redeemed"), ("REDEEMED", None, None)),
        (_status_box("Auction Status", "Auction to be rescheduled"), ("OTHER", None, None)),
        (_status_box("Auction Starts", "11/27/2025 10:00 AM ET"), ("SCHEDULED", None, None)),
    ],
)
def test_status_box_wordings(box, expected):
    record = _one(_walked_away_with(box))
    assert (record.status, record.sold_amount, record.sold_to) == expected


def test_item_date_and_time_win_over_the_argument():
    record = _one(_walked_away_with(_status_box("Auction Starts", "12/02/2025 11:00 AM ET")))
    assert record.auction_date == "2025-12-02"
    assert record.extra["auction_time"] == "11:00 AM ET"


def test_an_unreadable_item_is_rejected_not_raised():
    broken = LOAD_C_DECODED.replace(">292025CA006136A001HC<", "><", 1)
    page = rf.parse_items_html(broken, county="h", auction_date="2026-06-05", source_url=LOAD_C_URL)
    assert [r.case_number for r in page.records] == ["292025CA012668A001HC"]
    [row] = page.rejected
    assert "Case #" in row.reason and 'id="AITEM_1502087"' in row.raw and row.source_url == LOAD_C_URL


def test_an_item_without_any_date_is_rejected():
    page = rf.parse_load(LOAD_C, county="h")
    assert page.records == [] and len(page.rejected) == 2
    assert all("auction date" in row.reason for row in page.rejected)


def test_an_rlist_aid_without_a_card_is_a_parse_error_naming_the_counts():
    payload = json.loads(LOAD_C)
    payload["rlist"] += ",1999999"
    with pytest.raises(ParseError, match=r"rlist names 3 items but the page carries 2 cards \(no card for 1999999\)"):
        rf.parse_load(json.dumps(payload), county="h", auction_date="2026-06-05", source_url=LOAD_C_URL)


def test_a_card_the_rlist_does_not_name_or_no_rlist_is_a_parse_error():
    payload = json.loads(LOAD_C)
    payload["rlist"] = "1502087"
    with pytest.raises(ParseError, match="cards not in the rlist: 1497643"):
        rf.parse_load(json.dumps(payload), county="h", auction_date="2026-06-05")
    del payload["rlist"]
    with pytest.raises(ParseError, match="no rlist"):
        rf.parse_load(json.dumps(payload), county="h", auction_date="2026-06-05")


# --- calendar and day page -------------------------------------------------------------------

EXPECTED_DECEMBER = [
    ("2025-12-01", 0, 23),
    ("2025-12-02", 3, 5),
    ("2025-12-03", 3, 3),
    ("2025-12-04", 5, 5),
    ("2025-12-05", 9, 12),
    ("2025-12-08", 3, 4),
    ("2025-12-09", 8, 10),
    ("2025-12-10", 6, 6),
    ("2025-12-11", 3, 3),
    ("2025-12-12", 8, 9),
    ("2025-12-15", 6, 6),
    ("2025-12-16", 3, 3),
    ("2025-12-17", 0, 1),
    ("2025-12-18", 5, 6),
    ("2025-12-19", 9, 10),
    ("2025-12-22", 5, 5),
    ("2025-12-29", 6, 6),
]


def test_calendar_days_read_exactly():
    days = rf.parse_calendar(CALENDAR)
    assert [(d.date, d.active, d.scheduled) for d in days] == EXPECTED_DECEMBER
    assert {(d.auction_type, d.time) for d in days} == {("FORECLOSURE", "10:00 AM ET")}
    assert sum(d.scheduled for d in days) == 117


def test_calendar_counts_that_are_not_plain_digits_are_unknown():
    odd = CALENDAR.replace('<span class="CALSCH">23</span>', '<span class="CALSCH">²³</span>')
    assert rf.parse_calendar(odd)[0].scheduled is None


def test_money_reads_dollars_and_refuses_the_rest():
    assert [
        rf.money(v)
        for v in ["$1,234.56", "$92,567.00", "480", 12, "Hidden", "", "$1,23", "1e999", float("inf"), True]
    ] == [
        1234.56,
        92567.00,
        480.0,
        12.0,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_calendar_tax_deed_box():
    tax_deed = CALENDAR.replace(">Foreclosure<br>", ">Tax Deed<br>").replace(
        "</span> FC<br>", "</span> TD<br>"
    )
    assert {d.auction_type for d in rf.parse_calendar(tax_deed)} == {"TAX_DEED"}


def test_a_page_that_is_not_a_calendar_is_a_parse_error():
    with pytest.raises(ParseError):
        rf.parse_calendar(DAY_PAGE)
    with pytest.raises(ParseError):
        rf.parse_calendar("")


def test_day_page_date_and_unknown_area_counts():
    day = rf.parse_day_page(DAY_PAGE)
    assert day == rf.DayPage("2025-11-27", {"R": None, "W": None, "C": None})
    assert not day.says_empty("C")


def _day_page_with(area_pages: dict[str, int]) -> str:
    spans = "".join(f'<span id="max{area}A">{pages}</span>' for area, pages in area_pages.items())
    return DAY_PAGE.replace('<div role="main">', f'<div role="main">{spans}')


def test_day_page_area_page_counts():
    day = rf.parse_day_page(_day_page_with({"W": 2, "C": 0}))
    assert day.area_pages == {"R": None, "W": 2, "C": 0}
    assert day.says_empty("C") and not day.says_empty("W") and not day.says_empty("R")


# --- UPDATE payloads -------------------------------------------------------------------------

UPDATE_BODY = json.dumps(
    {
        "PC": 0,
        "WM": 0,
        "CM": 1,
        "ADATA": {
            "COUNT": 5,
            "AITEM": [
                {
                    "AID": "1502087",
                    "A": "Auction Sold",
                    "B": "06/05/2026 10:07 AM ET",
                    "C": "Amount",
                    "D": "$475,100.00",
                    "SL": "Sold To",
                    "ST": "3rd Party Bidder",
                    "P": "Hidden",
                    "SBH": True,
                },
                {"AID": 1497643, "A": "Auction Status", "B": "Canceled per Bankruptcy"},
                {"AID": "1400003", "A": "R", "B": "Redeemed"},
                {"AID": "1400004", "A": "Auction Status", "B": "Bidder Walked Away"},
                {
                    "AID": "1400005",
                    "A": "Auction Sold",
                    "B": "06/05/2026 10:09 AM ET",
                    "D": "$9,000.00",
                    "ST": "Certificate Holder",
                },
            ],
        },
    }
)


def test_update_statuses():
    statuses = rf.parse_update("\n  " + UPDATE_BODY)
    assert [(s.aid, s.status, s.sold_amount, s.sold_to) for s in statuses] == [
        ("1502087", "SOLD", 475100.00, "THIRD_PARTY"),
        ("1497643", "CANCELLED", None, None),
        ("1400003", "REDEEMED", None, None),
        ("1400004", "OTHER", None, None),
        ("1400005", "SOLD", 9000.00, "CERT_HOLDER"),
    ]
    assert statuses[1].status_text == "Canceled per Bankruptcy"
    assert statuses[0].when == "2026-06-05"


def test_update_reads_like_the_card_status_box():
    card = _one(_card(WALKED_AWAY, aid="77"))
    [status] = rf.parse_update(
        json.dumps(
            {"ADATA": {"COUNT": 1, "AITEM": {"AID": "77", "A": "Auction Status", "B": "Bidder Walked Away"}}}
        )
    )
    assert (status.status, status.status_text) == (card.status, card.extra["status_text"])


def test_update_with_no_items_and_not_an_update():
    assert rf.parse_update('{"ADATA":{"COUNT":0}}') == []
    for bad in ["", "{}", '{"ADATA":[]}', '{"ADATA":{"AITEM":5}}', "nope", "[1]"]:
        with pytest.raises(ParseError):
            rf.parse_update(bad)


def test_apply_statuses_overlays_update_on_load_records():
    records = rf.parse_load(LOAD_C, county="hillsborough", auction_date="2026-06-05", area="C").records
    merged = rf.apply_statuses(records, rf.parse_update(UPDATE_BODY))
    assert [(r.status, r.sold_amount, r.sold_to) for r in merged] == [
        ("SOLD", 475100.00, "THIRD_PARTY"),
        ("CANCELLED", None, None),
    ]
    assert merged[1].extra["status_text"] == "Canceled per Bankruptcy"


# --- CLI page kinds --------------------------------------------------------------------------


def test_page_kinds_give_json_serializable_dicts():
    load = rf.PAGE_KINDS["realforeclose-load"](LOAD_C, LOAD_C_URL)
    assert [(row["county"], row["case_number"], row["auction_date"]) for row in load] == [
        ("hillsborough", "292025CA006136A001HC", "2026-06-05"),
        ("hillsborough", "292025CA012668A001HC", "2026-06-05"),
    ]
    unknown = rf.PAGE_KINDS["realforeclose-load"](DUVAL_RAW, None)
    assert [(row["county"], row["auction_date"], row.get("rejected")) for row in unknown] == [(None, None, None)]
    calendar = rf.PAGE_KINDS["realforeclose-calendar"](CALENDAR, None)
    assert calendar[0] == {
        "date": "2025-12-01",
        "auction_type": "FORECLOSURE",
        "scheduled": 23,
        "active": 0,
        "time": "10:00 AM ET",
    }
    update = rf.PAGE_KINDS["realforeclose-update"](UPDATE_BODY, None)
    assert update[0]["sold_to"] == "THIRD_PARTY"
    json.dumps([load, unknown, calendar, update])


@pytest.mark.parametrize(
    ("url", "county"),
    [
        ("https://www.hillsborough.realforeclose.com/index.cfm", "hillsborough"),
        ("https://duval.realforeclose.com", "duval"),
        ("https://brevard.realtaxdeed.com/x", "brevard"),
        ("http://127.0.0.1:8765/index.cfm", "unknown"),
        (None, "unknown"),
        ("not a url", "unknown"),
    ],
)
def test_county_from_url(url, county):
    assert rf.county_from_url(url) == county


# --- never another exception -----------------------------------------------------------------

_PIECES = re.findall(r"<[^>]*>|[^<]+", json.loads(LOAD_C)["retHTML"]) + [
    "@",
    "@Z",
    "\x00",
    "\ud800",
    "&#0;",
    "<!--",
]
_texts = st.one_of(
    st.text(),
    st.binary().map(lambda raw: raw.decode("utf-8", errors="replace")),
    st.binary().map(lambda raw: raw.decode("latin-1")),
)
_load_like = st.lists(st.sampled_from(_PIECES), max_size=60).map(
    lambda pieces: json.dumps({"retHTML": "".join(pieces), "rlist": "1502087"})
)
_REAL_RET_HTML = json.loads(LOAD_C)["retHTML"]
_spliced = st.tuples(
    st.integers(0, len(_REAL_RET_HTML)), st.integers(0, len(_REAL_RET_HTML)), st.sampled_from(_PIECES)
).map(
    lambda cut: json.dumps(
        {
            "retHTML": _REAL_RET_HTML[: min(cut[:2])] + cut[2] + _REAL_RET_HTML[max(cut[:2]) :],
            "rlist": "1502087,1497643",
        }
    )
)
_fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fuzz
@given(st.one_of(_texts, _load_like, _spliced))
def test_parsers_end_in_a_result_or_parse_error(text):
    for parse in (
        lambda: rf.parse_load(text, county="h", auction_date="2026-06-05"),
        lambda: rf.decode_load_payload(text),
        lambda: rf.parse_calendar(text),
        lambda: rf.parse_update(text),
        lambda: rf.parse_day_page(text),
    ):
        try:
            parse()
        except ParseError:
            pass
    assert isinstance(rf.is_empty_load(text), bool)


@_fuzz
@given(st.one_of(_load_like, _spliced))
def test_damaged_real_payloads_give_records_or_rejected_rows(text):
    try:
        page = rf.parse_load(text, county="h", auction_date="2026-06-05")
    except ParseError as exc:
        assert "rlist" in str(exc)  # the splice lost a card the rlist names, or added one it does not
        return
    for record in page.records:
        assert record.case_number and record.source == "realforeclose"


@_fuzz
@given(
    st.dictionaries(
        st.sampled_from(["AID", "A", "B", "C", "D", "SL", "ST"]),
        st.one_of(st.text(), st.integers(), st.none()),
    )
)
def test_update_items_of_any_shape(item):
    try:
        statuses = rf.parse_update(json.dumps({"ADATA": {"AITEM": [item]}}))
    except ParseError:
        return
    assert all(s.status in (None, "SCHEDULED", "CANCELLED", "SOLD", "REDEEMED", "OTHER") for s in statuses)


# --- size -----------------------------------------------------------------------------------


def _payload_of(count: int, first_aid: int = 2000000) -> str:
    """A real compressed item cloned `count` times with fresh AIDs and case numbers."""
    ret_html = json.loads(LOAD_C)["retHTML"]
    item = ret_html[: ret_html.index('<div id="AITEM_1497643"')]
    items, aids = [], []
    for n in range(count):
        aid = str(first_aid + n)
        items.append(item.replace("1502087", aid).replace("292025CA006136A001HC", f"292025CA9{n:05d}A001HC"))
        aids.append(aid)
    return json.dumps({"retHTML": "".join(items), "rlist": ",".join(aids)})


def test_a_2000_item_payload_reads_every_item():
    # The speed is measured by `biddeed bench ingest`; here, that a large page loses nothing.
    page = rf.parse_load(_payload_of(2000), county="h", auction_date="2026-06-05")
    assert len(page.records) == 2000 and page.rejected == []
    assert len({r.case_number for r in page.records}) == 2000


# --- fetch flow over a stubbed site ----------------------------------------------------------


class FakeSite:
    """The four RealForeclose URLs, with a cookie session and a per-session page cursor per area."""

    def __init__(self, *, pages=None, day_html=DAY_PAGE, cookie_on_preview=None, update_body=UPDATE_BODY):
        self.pages = pages or {"C": [LOAD_C]}
        self.day_html = day_html
        self.cookie_on_preview = list(cookie_on_preview or [])
        self.update_body = update_body
        self.requests: list[httpx.Request] = []
        self.sessions: dict[str, dict[str, int]] = {}

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def calls(self, fnc: str) -> list[httpx.Request]:
        return [
            r for r in self.requests if self._q(r).get("fnc", self._q(r).get("zmethod", "").upper()) == fnc
        ]

    @staticmethod
    def _q(request: httpx.Request) -> dict[str, str]:
        return {key.lower(): value for key, value in request.url.params.items()}

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        q = self._q(request)
        if q.get("zmethod", "").upper() == "PREVIEW":
            return self._preview()
        if q.get("zmethod", "").upper() == "CALENDAR":
            return httpx.Response(200, text=CALENDAR)
        session = self.sessions.get(request.headers.get("cookie", "").removeprefix("CFID="))
        if q.get("fnc") == "LOAD":
            return httpx.Response(200, text=self._load(session, q))
        if q.get("fnc") == "UPDATE":
            return httpx.Response(
                200, text=self.update_body if session is not None else '{"ADATA":{"COUNT":0}}'
            )
        return httpx.Response(404)

    def _preview(self) -> httpx.Response:
        if self.cookie_on_preview and not self.cookie_on_preview.pop(0):
            return httpx.Response(200, text=self.day_html)
        token = f"s{len(self.sessions) + 1}"
        self.sessions[token] = {}
        return httpx.Response(200, text=self.day_html, headers={"Set-Cookie": f"CFID={token}; Path=/"})

    def _load(self, session: dict | None, q: dict[str, str]) -> str:
        if session is None:
            return "" if q.get("area") == "W" else EMPTY_LOAD
        area = q["area"]
        cursor = 0 if q.get("dor") == "1" else session.get(area, 0) + int(q.get("pagedir", "0"))
        session[area] = cursor
        pages = self.pages.get(area, [EMPTY_LOAD])
        return pages[cursor] if cursor < len(pages) else EMPTY_LOAD


def _client(site: FakeSite, **kwargs) -> rf.RealForecloseClient:
    return rf.RealForecloseClient(BASE, site.client(), clock=lambda: 1764254700.0, **kwargs)


def test_load_after_opening_a_session_returns_the_items():
    site = FakeSite()
    page = _client(site).load("2025-11-27", "C")
    assert [r.case_number for r in page.records] == ["292025CA006136A001HC", "292025CA012668A001HC"]
    assert {r.auction_date for r in page.records} == {"2025-11-27"}
    assert {r.county for r in page.records} == {"hillsborough"}
    assert len(site.calls("PREVIEW")) == 1
    [load] = site.calls("LOAD")
    assert str(load.url) == (
        f"{BASE}/index.cfm?zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=C&AUCTIONDATE=11/27/2025"
        "&PageDir=0&doR=1&bypassPage=1&tx=1764254700000"
    )
    assert load.headers["x-requested-with"] == "XMLHttpRequest"
    assert (
        load.headers["referer"] == f"{BASE}/index.cfm?zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE=11/27/2025"
    )


def test_empty_load_without_cookie_reopens_the_session_and_returns_items():
    site = FakeSite(cookie_on_preview=[False, True])  # the first day page set no session cookie
    page = _client(site).load("2025-11-27", "C")
    assert len(page.records) == 2
    assert len(site.calls("PREVIEW")) == 2
    assert len(site.calls("LOAD")) == 2


def test_an_expired_session_is_reopened_once():
    site = FakeSite(pages={"W": [LOAD_C]})
    client = _client(site)
    client.open_session("2025-11-27")
    client.http.cookies.clear()  # the server forgot us: LOAD now answers an empty body
    page = client.load("2025-11-27", "W")
    assert [r.status for r in page.records] == ["SCHEDULED", "SCHEDULED"]
    assert len(site.calls("PREVIEW")) == 2


def test_still_empty_after_a_fresh_session_while_the_day_page_shows_items_is_an_error():
    site = FakeSite(pages={"C": [EMPTY_LOAD]}, day_html=_day_page_with({"C": 1}))
    with pytest.raises(FetchError, match="does not say the area is empty"):
        _client(site).load("2025-11-27", "C")
    assert len(site.calls("PREVIEW")) == 2


def test_still_empty_when_the_day_page_says_nothing_is_an_error():
    site = FakeSite(pages={"C": [EMPTY_LOAD]})
    with pytest.raises(FetchError):
        _client(site).load("2025-11-27", "C")


def test_empty_area_is_believed_when_the_day_page_says_zero_pages():
    site = FakeSite(pages={"C": [EMPTY_LOAD]}, day_html=_day_page_with({"C": 0, "W": 1}))
    assert _client(site).load("2025-11-27", "C") == rf.ParsedPage([], [])
    assert len(site.calls("PREVIEW")) == 2


def test_an_empty_body_is_believed_when_the_day_page_says_zero_pages():
    site = FakeSite(pages={"W": [""]}, day_html=_day_page_with({"W": 0}))
    assert _client(site).load("2025-11-27", "W") == rf.ParsedPage([], [])


def test_load_walks_every_page():
    site = FakeSite(pages={"C": [_payload_of(10), _payload_of(3, first_aid=3000000)]})
    page = _client(site).load("2025-11-27", "C")
    assert len(page.records) == 13 and page.rejected == []
    first, second = site.calls("LOAD")
    assert "PageDir=0&doR=1&bypassPage=1" in str(first.url)
    assert "PageDir=1&doR=0&bypassPage=0" in str(second.url)


def test_load_stops_when_the_site_repeats_a_page():
    site = FakeSite(pages={"C": [_payload_of(10)] * 5})
    page = _client(site).load("2025-11-27", "C")
    assert len(page.records) == 10 and len(site.calls("LOAD")) == 2


def test_load_with_status_overlays_update():
    site = FakeSite()
    page = _client(site).load("2025-11-27", "C", with_status=True)
    assert [(r.status, r.sold_amount) for r in page.records] == [("SOLD", 475100.00), ("CANCELLED", None)]
    [update] = site.calls("UPDATE")
    assert update.url.params["ref"] == "1502087,1497643"


def test_update_asks_ten_aids_at_a_time():
    site = FakeSite()
    client = _client(site)
    client.open_session("2025-11-27")
    client.update([str(1000 + n) for n in range(23)])
    assert [len(r.url.params["ref"].split(",")) for r in site.calls("UPDATE")] == [10, 10, 3]


def test_calendar_month_url_and_days():
    site = FakeSite()
    days = _client(site).calendar("2025-12")
    assert len(days) == 17
    [request] = site.requests
    assert str(request.url) == f"{BASE}/index.cfm?zaction=USER&zmethod=CALENDAR&selCalDate=12/01/2025"


def test_http_errors_and_a_wrong_day_page_are_fetch_errors():
    failing = rf.RealForecloseClient(
        BASE, httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    )
    with pytest.raises(FetchError, match="503"):
        failing.open_session("2025-11-27")
    with pytest.raises(FetchError, match="shows 2025-11-27"):
        _client(FakeSite()).open_session("2025-12-01")


# --- pages prove they are whole ----------------------------------------------------------------


def test_a_cut_calendar_is_a_parse_error_not_lxmls_assertion():
    # lxml raises AssertionError on this cut when asked to parse it; the page is refused first.
    for end in (126, len(CALENDAR) // 3, len(CALENDAR) - 10):
        with pytest.raises(ParseError, match="cut off"):
            rf.parse_calendar(CALENDAR[:end], source_url=f"{BASE}/index.cfm?zmethod=CALENDAR")


def test_a_calendar_missing_day_boxes_names_the_days_it_has():
    boxes = re.findall(r'<div tabindex="0"[^>]*aria-label="December-(?:2[4-9]|3[01])-2025".*?</div>\s*', CALENDAR, re.S)
    assert len(boxes) == 8
    short = CALENDAR
    for box in boxes:
        short = short.replace(box, "", 1)
    with pytest.raises(ParseError, match="December 2025 calendar has day boxes for 23 of its 31 days"):
        rf.parse_calendar(short)
    with pytest.raises(ParseError, match="names no month"):
        rf.parse_calendar(CALENDAR.replace('class="CALDATE" tabindex="0">December 2025<', 'class="CALDATE" tabindex="0"><'))


def test_a_cut_day_page_is_a_parse_error():
    with pytest.raises(ParseError, match="cut off"):
        rf.parse_day_page(_day_page_with({"C": 0})[: len(DAY_PAGE) // 2])


def test_an_update_whose_count_differs_from_its_items_is_a_parse_error():
    body = json.loads(UPDATE_BODY)
    body["ADATA"]["COUNT"] = 6
    with pytest.raises(ParseError, match="COUNT says 6 items but it carries 5"):
        rf.parse_update(json.dumps(body))


def test_bytes_and_re_encoded_payloads_read_like_text():
    records = rf.parse_load(LOAD_C, county="h", auction_date="2026-06-05").records
    for body in (LOAD_C.encode(), LOAD_C.encode("utf-16"), LOAD_C.encode("utf-8-sig")):
        assert rf.parse_load(body, county="h", auction_date="2026-06-05").records == records
    with pytest.raises(ParseError, match="not UTF-8"):
        rf.parse_load(LOAD_C.encode() + b"\xff", county="h", auction_date="2026-06-05")
    assert rf.parse_calendar(CALENDAR.encode("utf-16")) == rf.parse_calendar(CALENDAR)

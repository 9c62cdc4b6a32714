"""The simulated RealForeclose sites, read back over loopback by the project's own client and parsers.

World -> page -> parser -> truth: every value a card or an UPDATE prints must come back as the world's
truth, in every simulated RealForeclose county, through the real session, paging and fault rules.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import httpx
import pytest

from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.simulator.sites.realforeclose import cards, items, site
from biddeed_assets.simulator.sites.realforeclose.macros import compress
from biddeed_assets.simulator.sites.realforeclose.styles import style_of
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.fixtures import page

# The round trips run on a few counties that between them print every card variant the parser reads
# today (site.counties() serves all 37; test_county_profiles.py checks each one's formats).
COUNTIES = ("hillsborough", "duval", "broward", "polk")
# Per county: the card's value row (label, the truth's Property field it prints; None: no row) and city line.
VALUE_ROW = {
    "hillsborough": ("Assessed Value:", "assessed_value"),
    "duval": ("Property App. Market Value:", "market_value"),
    "broward": (None, None),
    "polk": ("Assessed Value:", "assessed_value"),
}
CITY_LINE = {"hillsborough": "{city}, FL- {zip}", "duval": "{city}, {zip}", "broward": "{city}, FL- {zip}",
             "polk": "{city}, FL {zip}"}
EMPTY = {"retHTML": "", "rlist": ""}


def test_every_realforeclose_county_of_the_registry_is_served():
    from biddeed_assets.portals.counties import REGISTRY

    assert set(site.counties()) == {c.slug for c in REGISTRY if c.foreclosure_online}


@pytest.fixture
def http():
    """httpx clients that log every request URL (the list `http.urls`) and are closed after the test."""
    made: list[httpx.Client] = []
    urls: list[str] = []

    def make(**kwargs) -> httpx.Client:
        client = httpx.Client(
            timeout=10, event_hooks={"request": [lambda r: urls.append(str(r.url))]}, **kwargs
        )
        made.append(client)
        return client

    make.urls = urls
    yield make
    for client in made:
        client.close()


def client_for(simulator, http, county: str) -> rf.RealForecloseClient:
    return rf.RealForecloseClient(f"{simulator.url}{site.site_path(county)}", http(), county=county)


def world(simulator):
    return simulator.sim.world


def sale_day(simulator, county, *, after=None, upto=None, min_cases=0, last=False, with_cancelled=False) -> dt.date:
    start = after + dt.timedelta(days=1) if after else upto - dt.timedelta(days=items.DROP_OFF_DAYS)
    end = upto or after + dt.timedelta(days=60)
    days = [
        d
        for d in world(simulator).sale_dates(county, start, end, "FORECLOSURE")
        if len(world(simulator).cases_on(county, d)) > min_cases
        and (not with_cancelled or any(c.status == "CANCELLED" for c in world(simulator).cases_on(county, d)))
    ]
    assert days, f"no {county} sale day in {start}..{end} with more than {min_cases} cases"
    return days[-1] if last else days[0]


def truths(simulator, county, day):
    return [truth_for(world(simulator).seed, case) for case in world(simulator).cases_on(county, day)]


def load_urls(urls: list[str]) -> list[str]:
    return [url for url in urls if "FNC=LOAD" in url]


def raw_url(simulator, county, query: str) -> str:
    return f"{simulator.url}{site.site_path(county)}/index.cfm?{query}"


# --- calendar ---------------------------------------------------------------------------------


@pytest.mark.parametrize("county", COUNTIES)
@pytest.mark.parametrize("month", ["2026-11", "2026-12"])
def test_calendar_lists_exactly_the_worlds_sale_days(simulator, http, county, month):
    first = dt.date.fromisoformat(f"{month}-01")
    last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    expected = []
    for day in world(simulator).sale_dates(county, first, last, auction_type=None):
        count = len(world(simulator).cases_on(county, day))
        kind = world(simulator).auction_type_on(county, day)
        expected.append(rf.CalendarDay(day.isoformat(), kind, count, count if day > TODAY else 0,
                                       style_of(county).sale_time))
    assert expected and client_for(simulator, http, county).calendar(month) == expected
    assert {day.auction_type for day in expected} == {"FORECLOSURE", "TAX_DEED"}


# --- a future sale day: waiting items, round trip ------------------------------------------------


def expected_listing(simulator, county, day) -> list[dict]:
    return [
        {
            "case_number": t.case.case_number,
            "auction_date": day.isoformat(),
            "final_judgment": t.final_judgment,
            "assessed_value": getattr(t.property, VALUE_ROW[county][1]) if VALUE_ROW[county][1] else None,
            "property_address": t.property.street,
            "city": t.property.city,
            "zip": t.property.zip,
            "parcel_id": t.property.parcel_id,
            "plaintiff_max_bid": None if t.max_bid_hidden else t.plaintiff_max_bid,
            "aid": t.aid,
        }
        for t in truths(simulator, county, day)
    ]


def listing(records) -> list[dict]:
    names = [
        "case_number",
        "auction_date",
        "final_judgment",
        "assessed_value",
        "property_address",
        "city",
        "zip",
        "parcel_id",
        "plaintiff_max_bid",
    ]
    return [{**{n: getattr(r, n) for n in names}, "aid": r.extra["aid"]} for r in records]


@pytest.mark.parametrize("county", COUNTIES)
def test_future_sale_day_load_returns_exactly_the_worlds_cases_over_every_page(simulator, http, county):
    day = sale_day(simulator, county, after=TODAY, min_cases=items.PAGE_SIZE)  # more than one page
    client = client_for(simulator, http, county)
    page = client.load(day, "W")
    assert page.rejected == []
    assert listing(page.records) == expected_listing(simulator, county, day)
    assert {(r.status, r.county, r.auction_type, r.extra["area"]) for r in page.records} == {
        ("SCHEDULED", county, "FORECLOSURE", "W")
    }
    if county != "broward":  # Broward's cards mostly show the max bid
        assert any(r.plaintiff_max_bid is None for r in page.records)  # "Hidden" read as unknown
    n = len(page.records)
    loads = load_urls(http.urls)
    assert len(loads) == math.ceil(n / 10) + (n % 10 == 0)  # a full last page is followed by its repeat
    assert "PageDir=1&doR=0" in loads[1]
    # Nothing is closed yet, and the day page says so, so the client believes the empty area.
    assert client.load(day, "C").records == []
    assert client.open_session(day).area_pages == {"R": 0, "W": math.ceil(n / 10), "C": 0}


def test_waiting_cards_print_the_start_where_the_county_prints_status_on_cards(simulator, http):
    day = sale_day(simulator, "duval", after=TODAY)
    record = client_for(simulator, http, "duval").load(day, "W").records[0]
    assert (record.extra["status_text"], record.extra["auction_time"]) == ("Auction Starts", "10:00 AM ET")


# --- a past sale day within the window: closed items, outcomes ---------------------------------


@pytest.mark.parametrize("county", COUNTIES)
def test_past_sale_day_update_gives_the_truths_outcome(simulator, http, county):
    day = sale_day(simulator, county, upto=TODAY, min_cases=items.PAGE_SIZE, last=True, with_cancelled=True)
    client = client_for(simulator, http, county)
    page = client.load(day, "C", with_status=True)
    expected = {t.case.case_number: t.outcome for t in truths(simulator, county, day)}
    assert page.rejected == [] and len(page.records) == len(expected)
    got = {r.case_number: (r.status, r.sold_amount, r.sold_to) for r in page.records}
    assert got == {number: (o.status, o.sold_amount, o.sold_to) for number, o in expected.items()}
    assert {o.status for o in expected.values()} >= {"SOLD", "CANCELLED"}
    assert client.load(day, "W").records == []  # every item of the day is closed
    # Whether the LOADed card already shows the outcome is a county trait; UPDATE always does.
    plain = client.load(day, "C")
    if style_of(county).status_on_card:
        assert [(r.status, r.sold_amount, r.sold_to) for r in plain.records] == [
            (r.status, r.sold_amount, r.sold_to) for r in page.records
        ]
    else:
        assert {r.status for r in plain.records} == {"OTHER"}


def test_update_answers_only_ten_aids_of_the_last_loaded_page_of_a_session(simulator, http):
    county = "hillsborough"
    day = sale_day(simulator, county, upto=TODAY, min_cases=items.PAGE_SIZE, last=True)
    raw = http()

    def update(aids: list[str]) -> dict:
        query = f"zaction=AUCTION&ZMETHOD=UPDATE&FNC=UPDATE&ref={','.join(aids)}"
        return raw.get(raw_url(simulator, county, query)).json()

    def load(first: bool) -> dict:
        flags = "PageDir=0&doR=1&bypassPage=1" if first else "PageDir=1&doR=0&bypassPage=0"
        return raw.get(
            raw_url(simulator, county, f"zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=C&{flags}")
        ).json()

    aids = [t.aid for t in truths(simulator, county, day)]
    no_session = update(aids[:3])
    assert no_session == {"RETURN": "OK", "PC": 0, "WM": 0, "CM": 0, "ADATA": {"COUNT": 0}}
    raw.get(raw_url(simulator, county, f"zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={rf.site_date(day)}"))
    assert load(True)["rlist"].split(",") == aids[:10]
    answer = update(aids[:10])
    assert [item["AID"] for item in answer["ADATA"]["AITEM"]] == aids[:10]
    assert answer["CM"] == len(aids)
    assert update(aids[:11])["ADATA"] == {"COUNT": 0}  # more than ten at once
    load(False)
    assert update(aids[:1])["ADATA"] == {"COUNT": 0}  # no longer the last page LOADed
    assert rf.parse_update(json.dumps(update(aids[10:12])))[0].aid == aids[10]


# --- sessions and faults ----------------------------------------------------------------------


def test_load_without_the_session_cookie_is_an_empty_200_and_the_client_reopens_the_session(simulator, http):
    county = "hillsborough"
    day = sale_day(simulator, county, after=TODAY)
    query = (
        f"zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=W&AUCTIONDATE={rf.site_date(day)}"
        "&PageDir=0&doR=1&bypassPage=1"
    )
    response = http().get(raw_url(simulator, county, query))
    assert (response.status_code, response.json()) == (200, EMPTY)

    client = client_for(simulator, http, county)
    client.open_session(day)
    assert {"CFID", "CFTOKEN"} <= set(client.http.cookies.keys())
    client.http.cookies.clear()  # the session is lost
    page = client.load(day, "W")
    assert listing(page.records) == expected_listing(simulator, county, day)
    assert sum("Zmethod=PREVIEW" in url for url in http.urls) == 2


def test_a_session_belongs_to_its_county(simulator, http):
    day = sale_day(simulator, "duval", after=TODAY)
    raw = http()
    raw.get(raw_url(simulator, "duval", f"zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={rf.site_date(day)}"))
    cookies = {name: raw.cookies[name] for name in ("CFID", "CFTOKEN")}
    other = http(cookies=cookies).get(
        raw_url(simulator, "hillsborough", "zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=W&doR=1")
    )
    assert other.json() == EMPTY


@pytest.mark.parametrize("county", COUNTIES)
def test_empty_load_fault_once_is_recovered_and_a_lasting_one_is_an_error(simulator, http, county):
    day = sale_day(simulator, county, after=TODAY)
    client = client_for(simulator, http, county)
    client.calendar(day.isoformat()[:7])
    simulator.sim.faults.set(f"rf-{county}", "empty_load", count=1)
    client.open_session(day)  # other pages leave the LOAD fault in place
    assert simulator.sim.faults.snapshot()[f"rf-{county}"]["remaining"] == 1
    assert listing(client.load(day, "W").records) == expected_listing(simulator, county, day)
    assert simulator.sim.faults.snapshot() == {}
    assert sum("Zmethod=PREVIEW" in url for url in http.urls) == 2  # the retry re-opened the session

    simulator.sim.faults.set(f"rf-{county}", "empty_load")
    with pytest.raises(FetchError, match="stays empty after a fresh session"):
        client_for(simulator, http, county).load(day, "W")


def test_status_and_content_faults(simulator, http):
    client = client_for(simulator, http, "duval")
    simulator.sim.faults.set("rf-duval", "error_5xx", count=1)
    with pytest.raises(FetchError, match="502"):
        client.calendar("2026-12")
    assert client.calendar("2026-12")
    simulator.sim.faults.set("rf-duval", "malformed", count=1)
    with pytest.raises(ParseError):
        client.calendar("2026-12")
    simulator.sim.faults.set("rf-hillsborough", "block_403")  # another county's fault
    assert client.calendar("2026-12")


# --- time rules -------------------------------------------------------------------------------


def test_items_drop_off_the_site_after_the_window(simulator, http):
    assert items.phase(TODAY, TODAY) == "closed"
    assert items.phase(TODAY - dt.timedelta(days=items.DROP_OFF_DAYS), TODAY) == "closed"
    assert items.phase(TODAY - dt.timedelta(days=items.DROP_OFF_DAYS + 1), TODAY) == "gone"
    county = "hillsborough"
    old = world(simulator).sale_dates(
        county, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=items.DROP_OFF_DAYS + 1)
    )[-1]
    assert world(simulator).cases_on(county, old)
    client = client_for(simulator, http, county)
    assert client.open_session(old) == rf.DayPage(old.isoformat(), {"R": 0, "W": 0, "C": 0})
    assert client.load(old, "C", with_status=True).records == []
    assert json.loads(client.http.get(client.load_url(old, "C", first=True)).text) == EMPTY  # with a session
    assert [d.date for d in client.calendar(old)].count(old.isoformat()) == 1  # still on the calendar


def test_as_of_moves_the_clock_and_a_session_keeps_it(simulator, http):
    county = "duval"
    day = sale_day(simulator, county, after=TODAY)
    raw = http()
    preview = raw.get(
        raw_url(
            simulator, county, f"zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={rf.site_date(day)}&as_of={day}"
        )
    )
    n = len(world(simulator).cases_on(county, day))
    assert rf.parse_day_page(preview.text).area_pages == {"R": 0, "W": 0, "C": math.ceil(n / 10)}
    body = raw.get(raw_url(simulator, county, "zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=C&doR=1")).text
    records = rf.parse_load(body, county=county, auction_date=day.isoformat(), area="C").records
    assert [r.case_number for r in records] == [
        c.case_number for c in world(simulator).cases_on(county, day)
    ][:10]
    month = raw.get(
        raw_url(
            simulator, county, f"zaction=USER&zmethod=CALENDAR&selCalDate={rf.site_date(day)}&as_of={day}"
        )
    )
    assert next(d for d in rf.parse_calendar(month.text) if d.date == day.isoformat()).active == 0


def test_a_day_without_a_sale_prints_no_area_counts(simulator, http):
    county = "hillsborough"  # sells on Tuesdays and Thursdays
    monday = TODAY + dt.timedelta(days=(0 - TODAY.weekday()) % 7 or 7)
    assert not world(simulator).is_sale_day(county, monday)
    day = client_for(simulator, http, county).open_session(monday)
    assert day == rf.DayPage(monday.isoformat(), {"R": None, "W": None, "C": None})


# --- paging -----------------------------------------------------------------------------------


def test_paging_moves_the_sessions_cursor_and_repeats_the_last_page(simulator, http):
    county = "hillsborough"
    day = sale_day(simulator, county, after=TODAY, min_cases=items.PAGE_SIZE)
    aids = [t.aid for t in truths(simulator, county, day)]
    raw = http()
    raw.get(raw_url(simulator, county, f"zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={rf.site_date(day)}"))

    def page(page_dir: int, do_r: int) -> list[str]:
        query = (
            f"zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=W&PageDir={page_dir}&doR={do_r}&bypassPage={do_r}"
        )
        return json.loads(raw.get(raw_url(simulator, county, query)).text)["rlist"].split(",")

    pages_of = [aids[i : i + 10] for i in range(0, len(aids), 10)]
    assert page(0, 1) == pages_of[0]
    assert [page(1, 0) for _ in pages_of[1:]] == pages_of[1:]
    assert page(1, 0) == pages_of[-1]  # past the end: the last page again
    assert page(-1, 0) == pages_of[-2]
    assert page(0, 1) == pages_of[0]  # doR=1 resets the cursor


# --- formats ----------------------------------------------------------------------------------


def test_the_card_is_the_real_card_byte_for_byte():
    real = json.loads(
        page("realforeclose/hillsborough/load_area_C_2026-06-05.json").read_text()
    )
    style = style_of("hillsborough")
    card = cards.Card(
        aid="1502087",
        case_number="292025CA006136A001HC",
        case_url=style.case_link.format(key=2026184274),
        final_judgment=460909.72,
        parcel_id="202821ZZZ000002134500U",
        parcel_url=cards.parcel_url(style, "202821ZZZ000002134500U"),
        street="9715 BELVEDERE DR",
        city_line=style.city_line.format(city="SEFFNER", zip="33584"),
        value_label=style.value_label,
        value=330145.00,
        max_bid=None,
    )
    assert real["retHTML"].startswith(compress(cards.render_card(card)))


def test_load_is_macro_compressed_gzipped_on_request_and_duval_prints_whitespace_first(simulator, http):
    for county in COUNTIES:
        day = sale_day(simulator, county, after=TODAY, min_cases=items.PAGE_SIZE)
        raw = http(headers={"Accept-Encoding": "gzip"})
        raw.get(
            raw_url(simulator, county, f"zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={rf.site_date(day)}")
        )
        response = raw.get(raw_url(simulator, county, "zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=W&doR=1"))
        assert response.headers["content-encoding"] == "gzip"
        text = response.text  # httpx undid the gzip
        assert text[:1].isspace() == bool(style_of(county).load_prefix)
        ret_html = json.loads(text)["retHTML"]
        assert "@A@E_STATS" in ret_html and '<div class="' not in ret_html
        expanded = rf.expand_macros(ret_html)
        assert expanded.count('class="AUCTION_ITEM PREVIEW"') == 10
        if VALUE_ROW[county][0]:
            assert expanded.count(f">{VALUE_ROW[county][0]}<") == 10
        else:
            assert "Value:<" not in expanded
        first = truths(simulator, county, day)[0].property
        assert f">{CITY_LINE[county].format(city=first.city, zip=first.zip)}<" in expanded
    with pytest.raises(ValueError):
        compress("mail@example.com")
    assert (
        rf.expand_macros(compress(cards.text("a@b <AUCTION> table"))) == "a&#64;b &lt;AUCTION&gt; table"
    )


@pytest.mark.parametrize("county", ["brevard", "nowhere"])
def test_other_counties_have_no_realforeclose_site(simulator, http, county):
    response = http().get(raw_url(simulator, county, "zaction=USER&zmethod=CALENDAR&selCalDate=12/01/2026"))
    assert response.status_code == 404

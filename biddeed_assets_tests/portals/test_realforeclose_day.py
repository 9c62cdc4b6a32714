"""The realforeclose-day page kind: a browser-rendered day page (cards expanded in its areas) reads into
the same records as the LOAD payload, once it proves whole."""

from __future__ import annotations

import re

import pytest

from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.portals.errors import ParseError
from biddeed_assets.portals.kinds import page_kinds
from biddeed_assets_tests.fixtures import page

HILLS = "realforeclose/hillsborough"
BROWSER = page(f"{HILLS}/day_2026-06-05_browser.html").read_text()
FRAGMENT = page(f"{HILLS}/day_2026-06-05_fragment.html").read_text()
NO_SALE = page(f"{HILLS}/auction_day_2025-11-27.html").read_text()
LOAD_C = page(f"{HILLS}/load_area_C_2026-06-05.json").read_text()
CARDS = re.findall(r'<div id="AITEM_.*?<div class="AUCTION_ITEM_SPACER">&nbsp;</div>',
                   page(f"{HILLS}/load_area_C_2026-06-05.decoded.html").read_text(), re.S)


def _load_records():
    return rf.parse_load(LOAD_C, county="hillsborough", auction_date="2026-06-05", area="C").records


def test_a_browser_day_page_yields_the_load_payloads_records():
    day = rf.parse_day(BROWSER)
    assert day.rejected == []
    assert day.records == _load_records()  # the county from the page title, the date from its header
    assert [(r.county, r.auction_date, r.extra["area"], r.extra["aid"]) for r in day.records] == [
        ("hillsborough", "2026-06-05", "C", "1502087"),
        ("hillsborough", "2026-06-05", "C", "1497643"),
    ]


def test_a_fragment_without_html_or_head_reads_the_same_given_its_date():
    assert "<html" not in FRAGMENT and "<head" not in FRAGMENT
    day = rf.parse_day(FRAGMENT, county="hillsborough", auction_date="2026-06-05")
    assert day.rejected == [] and day.records == _load_records()


def test_the_page_kind_gives_null_date_and_county_for_an_undated_fragment():
    kind = page_kinds()["realforeclose-day"]
    rows = kind(FRAGMENT, None)
    assert [(r["case_number"], r["county"], r["auction_date"]) for r in rows] == [
        ("292025CA006136A001HC", None, None),
        ("292025CA012668A001HC", None, None),
    ]
    dated = kind(FRAGMENT, None, county="hillsborough", auction_date="2026-06-05")
    assert {(r["county"], r["auction_date"]) for r in dated} == {("hillsborough", "2026-06-05")}


def test_the_real_day_page_of_a_day_without_a_sale_has_no_records():
    assert rf.parse_day(NO_SALE) == rf.ParsedPage([], [])


def test_a_page_with_html_but_no_closing_html_is_a_parse_error():
    cut = BROWSER[: BROWSER.index("</body>")]
    with pytest.raises(ParseError, match="cut off"):
        rf.parse_day(cut)


def test_a_fragment_cut_inside_its_last_card_is_a_parse_error():
    cut = FRAGMENT[: FRAGMENT.index("Plaintiff Max Bid", FRAGMENT.index("AITEM_1497643"))]
    with pytest.raises(ParseError, match="cut off inside item card 1497643"):
        rf.parse_day(cut, auction_date="2026-06-05")


def test_cards_that_do_not_fit_the_pager_are_a_parse_error():
    one_gone = BROWSER.replace(CARDS[1], "", 1)
    assert len(rf.parse_day(one_gone).records) == 1  # one card is still a whole page
    none_left = BROWSER.replace(CARDS[0], "", 1).replace(CARDS[1], "", 1)
    with pytest.raises(ParseError, match="shows 1 page.* but the page carries 0 item cards"):
        rf.parse_day(none_left)
    empty_area = BROWSER.replace('<span id="maxCA">1</span>', '<span id="maxCA">0</span>', 1)
    with pytest.raises(ParseError, match="carries 2 item cards"):
        rf.parse_day(empty_area)
    many = [CARDS[0].replace("1502087", f"15021{n:02d}") for n in range(11)]
    eleven = BROWSER.replace(CARDS[0], "".join(many), 1).replace(CARDS[1], "", 1)
    with pytest.raises(ParseError, match="shows 1 page.* of up to 10 items but the page carries 11 item cards"):
        rf.parse_day(eleven)
    two_pages = eleven.replace('<span id="maxCA">1</span>', '<span id="maxCA">2</span>', 1)
    assert len(rf.parse_day(two_pages).records) == 11  # both pages of the area saved in one page


def test_an_area_count_in_its_title_must_match_the_cards():
    counted = BROWSER.replace('<div class="Sub_Title">Auctions Closed or Canceled</div>',
                              '<div class="Sub_Title">Auctions Closed or Canceled (3)</div>', 1)
    with pytest.raises(ParseError, match="the page says 3 items but carries 2 item cards"):
        rf.parse_day(counted)
    right = counted.replace("Canceled (3)", "Canceled (2)")
    assert rf.parse_day(right).records == _load_records()


def test_a_given_date_the_page_contradicts_is_a_parse_error():
    with pytest.raises(ParseError, match="shows the sale day 2026-06-05, not 2026-06-12"):
        rf.parse_day(BROWSER, auction_date="2026-06-12")


def test_a_page_that_is_not_a_day_page_is_a_parse_error():
    with pytest.raises(ParseError, match="not a RealForeclose day page"):
        rf.parse_day("<div>maintenance</div>")
    with pytest.raises(ParseError):
        rf.parse_day(LOAD_C)

"""Court docket parsers on the real BECA case page and eFACTS register of actions."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import beca_docket as beca
from biddeed_assets.portals.beca_docket import DocketEvent, Outcome
from biddeed_assets.portals.errors import ParseError
from biddeed_assets_tests.fixtures import PAGES

REAL = PAGES / "brevard_beca"


def real(name: str) -> str:
    path = REAL / name
    return path.read_bytes().decode("iso-8859-1")


@pytest.fixture(scope="module")
def docket():
    return beca.parse_docket(real("case_docket.html"))


@pytest.fixture(scope="module")
def register():
    return beca.parse_register_page(real("register_of_actions.html"))


def test_docket_case_facts(docket):
    assert docket.page == "docket"
    assert docket.case_number == "05-2013-CA-026727-XXXX-XX"
    assert docket.title == "BANK AMERICA VS J ARMENTROUT"
    assert docket.plaintiff == "BANK AMERICA NA"
    assert docket.case_type == "FCL-HOMESTEAD $50001-$249999"
    assert docket.homestead is True
    assert (docket.claim_min, docket.claim_max) == (50001.0, 249999.0)
    assert docket.filing_date == "2013-05-02"
    assert docket.case_status == "REOPEN DISPOSED"


def test_docket_final_judgment_date_but_no_amount(docket):
    # The docket records the judgment (11/14/2017) but only its statutory bracket, never its amount.
    assert docket.final_judgment_date == "2017-11-14"
    assert docket.final_judgment_amount is None


def test_docket_events(docket):
    assert len(docket.events) == 99
    assert docket.events[0] == DocketEvent(
        date="2013-05-02", description="NON MILITARY AFFIDAVIT", document_number="1", event_code="5123"
    )
    fee = next(e for e in docket.events if e.description.startswith("ASM:FCL"))
    assert fee == DocketEvent(
        date="2013-05-02", description="ASM:FCL >50,000 < 250,000", amount=906.0, event_code="1310"
    )
    judgment = next(e for e in docket.events if beca.is_judgment_event(e.description))
    assert judgment.description == (
        "FINAL JUDGMENT OF FORECLOSURE >$50,000 AND <$250,000 RECORDED IN THE OFFICIAL RECORDS"
    )
    assert (judgment.date, judgment.document_number, judgment.amount) == ("2017-11-14", "56", None)
    assert docket.events[-1] == DocketEvent(
        date="2018-05-23", description="CAL:FORECLOSURE SALE", event_code="3948"
    )
    assert sum(e.amount for e in docket.events if e.amount) == 956.0  # 906 + 40 + 5 + 5 clerk fees


def test_docket_sale_findings(docket):
    assert beca.sale_events(docket.events) == []
    assert [(e.date, e.description) for e in beca.cancellation_events(docket.events)] == [
        ("2018-02-09", "ORDER CANCELLING FORECLOSURE SALE"),
        ("2018-02-14", "CR: JUDICIAL SALE CANCELLED"),
    ]
    assert beca.scheduled_sale_dates(docket.events) == ["2018-02-14", "2018-05-23"]
    # The latest calendared sale (05/23/2018) had not happened when the page was captured.
    assert beca.outcome_from_events(docket.events) is None
    assert beca.outcome_from_events(docket.events, sale_date="2018-02-14") == Outcome(
        status="CANCELLED", sale_date="2018-02-14", evidence="CR: JUDICIAL SALE CANCELLED"
    )


def test_register_case_facts(register):
    assert register.page == "register"
    assert register.case_number == "05-2008-CA-006267-XXXX-XX"
    assert register.title == "WACHOVIA VS FIRST BREVARD CORP"
    assert register.plaintiff == "WACHOVIA"
    assert register.case_type is None and register.homestead is None and register.filing_date is None
    assert register.final_judgment_date == "2016-09-22"  # ER: F/J FCL 250000 OR GREATER
    assert register.final_judgment_amount is None


def test_register_events(register):
    events = register.events
    assert len(events) == 573
    assert events[0] == DocketEvent(date="2008-02-15", description="ORIGINAL FILING UPDATED")
    assert events[1] == DocketEvent(
        date="2008-02-15", description="CIVIL COVER SHEET", document_number="1", party="TR1"
    )
    assert events[4] == DocketEvent(
        date="2008-02-15", description="ASM: CIRCUIT CIVIL FILING FEE", amount=256.0, party="TR1"
    )
    assert events[-1] == DocketEvent(
        date="2017-04-26", description="ASM: JUDICIAL SALE FORECLOSURE", amount=70.0, party="TR1"
    )
    judgments = [(e.date, e.description) for e in events if beca.is_judgment_event(e.description)]
    assert judgments == [
        ("2012-08-06", "ER: SUMMARY JDGMNT FORECLOSURE"),
        ("2016-09-22", "ER: F/J FCL 250000 OR GREATER"),
    ]
    assert beca.parse_register_of_actions(real("register_of_actions.html")) == events


def test_register_sale_findings(register):
    events = register.events
    assert [(e.date, e.description) for e in beca.sale_events(events)] == [
        ("2017-04-26", "CR: JUDICIAL SALE HELD"),
        ("2017-04-26", "CERTIFICATE OF SALE"),
    ]
    assert [(e.date, e.description) for e in beca.cancellation_events(events)] == [
        ("2012-11-07", "CR: JUDICIAL SALE CANCELLED"),
        ("2016-10-24", "ORDER CANCEL FORECLOSURE SALE"),
        ("2016-10-24", "ORDER RESCHEDULE FCL SALE"),
        ("2016-10-26", "CR: JUDICIAL SALE CANCELLED"),
        ("2017-01-24", "ORDER CANCEL FORECLOSURE SALE"),
        ("2017-01-25", "CR: JUDICIAL SALE CANCELLED"),
    ]
    assert beca.scheduled_sale_dates(events) == ["2012-11-07", "2016-10-26", "2017-01-25", "2017-04-26"]
    # Sold on 04/26/2017; the register names neither the price nor the buyer, so both stay unknown
    # (the $70.00 on that day is the clerk's sale fee).
    assert beca.outcome_from_events(events, plaintiff=register.plaintiff) == Outcome(
        status="SOLD", sale_date="2017-04-26", evidence="CR: JUDICIAL SALE HELD"
    )
    assert [
        beca.outcome_from_events(events, sale_date=d).status for d in beca.scheduled_sale_dates(events)
    ] == [
        "CANCELLED",
        "CANCELLED",
        "CANCELLED",
        "SOLD",
    ]


def test_parse_page_tells_the_two_pages_apart():
    assert beca.parse_page(real("case_docket.html")).page == "docket"
    assert beca.parse_page(real("register_of_actions.html").encode("iso-8859-1")).page == "register"


def test_page_kind_rows_are_json():
    assert set(beca.PAGE_KINDS) == {"beca-docket"}
    rows = beca.PAGE_KINDS["beca-docket"](real("register_of_actions.html"), "http://efacts.test/reg")
    row = json.loads(json.dumps(rows))[0]
    assert row["outcome"]["status"] == "SOLD" and row["source_url"] == "http://efacts.test/reg"
    assert len(row["sale_events"]) == 2 and len(row["cancellation_events"]) == 6
    assert beca.PAGE_KINDS["beca-docket"](real("case_docket.html"), None)[0]["outcome"] is None


@pytest.mark.parametrize(
    ("case_type", "expected"),
    [
        ("FCL-HOMESTEAD $50001-$249999", (True, 50001.0, 249999.0)),
        ("FCL-HOMESTEAD $0-$50000", (True, 0.0, 50000.0)),
        ("FCL-NON-HOMESTD 50001-249999", (False, 50001.0, 249999.0)),
        ("FCL-NON-HOMESTEAD $250000 & >", (False, 250000.0, None)),
        ("FCL-COMMERCIAL $50001-249999", (None, 50001.0, 249999.0)),
        ("REAL PROPERTY/MORTGAGE FCL", (None, None, None)),
        (None, (None, None, None)),
    ],
)
def test_parse_case_type(case_type, expected):
    assert beca.parse_case_type(case_type) == expected


def _ev(date, description, amount=None):
    return DocketEvent(date=date, description=description, amount=amount)


def test_certificate_of_title_naming_plaintiff_or_third_party():
    base = [_ev("2024-03-06", "CAL:FORECLOSURE SALE"), _ev("2024-03-06", "CERTIFICATE OF SALE $150,100.00")]
    to_bank = base + [_ev("2024-03-18", "CERTIFICATE OF TITLE TO BANK OF AMERICA, N.A.")]
    to_buyer = base + [_ev("2024-03-18", "CERTIFICATE OF TITLE - SUNSHINE HOMES LLC")]
    unnamed = base + [_ev("2024-03-18", "CERTIFICATE OF TITLE")]
    plaintiff = "BANK AMERICA NA"
    assert beca.outcome_from_events(to_bank, plaintiff=plaintiff) == Outcome(
        status="SOLD",
        sale_date="2024-03-06",
        sold_amount=150100.0,
        sold_to="PLAINTIFF",
        evidence="CERTIFICATE OF SALE $150,100.00",
    )
    assert beca.outcome_from_events(to_buyer, plaintiff=plaintiff).sold_to == "THIRD_PARTY"
    assert beca.outcome_from_events(unnamed, plaintiff=plaintiff).sold_to is None
    assert beca.outcome_from_events(to_buyer, plaintiff=None).sold_to is None


def test_fees_and_brackets_are_not_amounts():
    events = [
        _ev("2024-01-10", "FINAL JUDGMENT OF FORECLOSURE >$50,000 AND <$250,000"),
        _ev("2024-03-06", "CAL:FORECLOSURE SALE"),
        _ev("2024-03-06", "CR: JUDICIAL SALE HELD"),
        _ev("2024-03-06", "ASM: JUDICIAL SALE FORECLOSURE", amount=70.0),
    ]
    assert beca.final_judgment(events) == ("2024-01-10", None)
    outcome = beca.outcome_from_events(events)
    assert outcome.status == "SOLD" and outcome.sold_amount is None


def test_final_judgment_amount_when_the_docket_states_it():
    events = [
        _ev("2023-05-01", "MOTION FOR SUMMARY FINAL JUDGMENT $999.99"),
        _ev("2023-06-01", "FINAL JUDGMENT OF FORECLOSURE $123,456.78"),
        _ev("2023-07-01", "ORDER VACATING FINAL JUDGMENT"),
    ]
    assert beca.final_judgment(events) == ("2023-06-01", 123456.78)
    assert beca.final_judgment([_ev("2023-06-01", "ER: F/J FCL 250000 OR GREATER", amount=187500.0)]) == (
        "2023-06-01",
        187500.0,
    )
    assert beca.final_judgment([]) == (None, None)


def test_motions_to_cancel_are_not_cancellations():
    events = [
        _ev("2024-03-01", "MOTION TO CANCEL FORECLOSURE SALE"),
        _ev("2024-03-06", "CAL:FORECLOSURE SALE"),
    ]
    assert beca.cancellation_events(events) == []
    assert beca.outcome_from_events(events) is None
    granted = events + [_ev("2024-03-04", "ORDER GRANTING MOTION TO CANCEL FORECLOSURE SALE")]
    assert beca.outcome_from_events(granted).status == "CANCELLED"
    denied = events + [_ev("2024-03-04", "ORDER DENYING MOTION TO CANCEL FORECLOSURE SALE")]
    assert beca.outcome_from_events(denied) is None


def test_no_events_no_outcome():
    assert beca.outcome_from_events([]) is None


def test_names_match():
    assert beca.names_match("BANK OF AMERICA, N.A.", "BANK AMERICA NA")
    assert beca.names_match("WELLS FARGO BANK NA", "WELLS FARGO BANK, N.A., AS TRUSTEE")
    assert not beca.names_match("SUNSHINE HOMES LLC", "BANK AMERICA NA")
    assert not beca.names_match("LLC", "BANK")


def test_case_number_form():
    assert beca.case_number_form("05-2013-CA-026727-XXXX-XX") == {
        "CaseNumber1": "05",
        "CaseNumber2": "2013",
        "CaseNumber3": "CA",
        "CaseNumber4": "026727",
        "CaseNumber5": "XXXX",
        "CaseNumber6": "XX",
    }
    with pytest.raises(ValueError):
        beca.case_number_form("not a case")


@pytest.mark.parametrize(
    "html", ["", "  ", "<html></html>", "<table><tr><th>Case Number</th></tr></table>", "plain text"]
)
def test_pages_without_the_tables_are_parse_errors(html):
    with pytest.raises(ParseError):
        beca.parse_page(html)
    with pytest.raises(ParseError):
        beca.parse_register_of_actions(html)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text())
def test_any_text_is_result_or_parse_error(text):
    for fn in (beca.PAGE_KINDS["beca-docket"], lambda t, u: beca.parse_register_of_actions(t)):
        try:
            fn(text, None)
        except ParseError:
            pass


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["case_docket.html", "register_of_actions.html"]), st.data())
def test_truncated_real_pages_are_result_or_parse_error(name, data):
    text = real(name)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    try:
        beca.PAGE_KINDS["beca-docket"](text[start:end], None)
    except ParseError:
        pass


def test_a_docket_cut_before_its_closing_row_is_refused():
    page = real("case_docket.html")
    end = page.index("Total Number of Document Pages")
    with pytest.raises(ParseError, match="cut off"):
        beca.parse_docket(page[:end], source_url="http://beca.test/all_results.cfm")
    closed_early = page[:end].rsplit("<tr", 1)[0] + "</table></body></html>"
    with pytest.raises(ParseError, match="no closing 'Total Number of Document Pages' row"):
        beca.parse_docket(closed_early)


def test_a_cut_register_page_is_refused():
    page = real("register_of_actions.html")
    with pytest.raises(ParseError, match="cut off"):
        beca.parse_page(page[: len(page) * 2 // 3])

"""Official-records grid parser on the real OnCore pages, and lien/satisfaction matching."""

import datetime as dt
import json

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import official_records as orr
from biddeed_assets.portals.errors import ParseError
from biddeed_assets.portals.official_records import LienRecord, RecordedDocument
from biddeed_assets.simulator.brevard.recorded import Recorded
from biddeed_assets.simulator.sites.official_records_page import results_page as records_page
from biddeed_assets_tests.fixtures import PAGES

REAL = PAGES / "brevard_official_records"


def real(name: str) -> str:
    path = REAL / name
    return path.read_text(encoding="utf-8", errors="replace")


def test_case_search_grid():
    docs = orr.parse_results(real("case_search_results.html"), source_url="http://oncore.test/search")
    assert [(d.doc_type, d.record_date, d.book, d.page, d.cfn) for d in docs] == [
        ("LIS PENDENS", "2008-06-06", "5868", "9752", "2008109947"),
        ("NOTICE", "2009-01-28", "5909", "3036", "2009014291"),
        ("LIS PENDENS", "2009-03-03", "5916", "4112", "2009039557"),
        ("JUDGMENT REAL PROPERTY", "2017-03-23", "7847", "2942", "2017060155"),
        ("APPEAL", "2017-04-19", "7868", "1514", "2017080431"),
    ]
    assert docs[0] == RecordedDocument(
        doc_type="LIS PENDENS",
        record_date="2008-06-06",
        book="5868",
        page="9752",
        cfn="2008109947",
        party_from="BANK OF NEW YORK TR",
        party_to="COOK,WALLACE",
        consideration=None,  # the grid shows $0.00: nothing recorded, so unknown
        legal_description="LT 3 BLK A PB 53 PG 20 WYNDHAM AT DURAN S 09 T 26 R 36 SUBID UH",
        case_number="05-2008-CA-033772-XXXX-XX",
        book_type="OR",
        detail_url="showdetails.aspx?id=6675150&rn=0&pi=0&ref=search",
        source_url="http://oncore.test/search",
    )
    assert docs[1].legal_description is None
    assert docs[2].party_to == "2778 WYNDHAM TR"


def test_name_search_grid():
    docs = orr.parse_results(real("name_search_results.html"))
    assert [(d.doc_type, d.record_date, d.book, d.page, d.cfn, d.party_from, d.party_to) for d in docs] == [
        (
            "LIS PENDENS",
            "2007-06-27",
            "5791",
            "986",
            "2007160192",
            "US BANK NATIONAL ASSN TR",
            "SPENCER,GERALD",
        ),
        ("NOTICE", "2008-09-05", "5885", "7023", "2008168450", "US BANK NATIONAL ASSN TR", "SPENCER,GERALD"),
        (
            "JUDGMENT REAL PROPERTY",
            "2010-04-30",
            "6157",
            "1209",
            "2010080626",
            "US BANK NATIONAL ASSN TR",
            "SPENCER,GERALD",
        ),
        (
            "BANKRUPTCY",
            "2013-06-19",
            "6902",
            "1940",
            "2013134774",
            "BANKRUPTCY COURT UNITED STATES OF AMERICA",
            "SPENCER,GERALD",
        ),
    ]
    assert {d.case_number for d in docs} == {"05-2007-CA-020257-XXXX-XX"}


def test_liens_from_the_real_case_search():
    liens = orr.liens_from_documents(orr.parse_results(real("case_search_results.html")))
    assert liens == [
        LienRecord(
            "LIS_PENDENS",
            "LIS PENDENS",
            None,
            "BANK OF NEW YORK TR",
            "COOK,WALLACE",
            "2008-06-06",
            "5868",
            "9752",
            "2008109947",
        ),
        LienRecord(
            "LIS_PENDENS",
            "LIS PENDENS",
            None,
            "BANK OF NEW YORK TR",
            "2778 WYNDHAM TR",
            "2009-03-03",
            "5916",
            "4112",
            "2009039557",
        ),
        LienRecord(
            "JUDGMENT",
            "JUDGMENT REAL PROPERTY",
            None,
            "BANK OF NEW YORK TR",
            "COOK,WALLACE",
            "2017-03-23",
            "7847",
            "2942",
            "2017060155",
        ),
    ]


def test_search_form_page_is_not_a_result_page():
    with pytest.raises(ParseError, match="no official-records result grid"):
        orr.parse_results(real("search_page.html"))


def test_result_limit_shown_by_style_raises():
    page = real("case_search_results.html")
    shown = page.replace('<tr id=trExceedMessage style="DISPLAY: none"', "<tr id=trExceedMessage", 1)
    assert shown != page
    with pytest.raises(ParseError, match="Maximum limit of 2000 records has been exceeded"):
        orr.parse_results(shown)


def test_result_limit_shown_by_script_raises():
    page = real("name_search_results.html")
    script = '<script>document.getElementById("trExceedMessage").style.display = "";</script>'
    with pytest.raises(ParseError, match="result limit"):
        orr.parse_results(page.replace("</body>", script + "</body>", 1))


def test_hidden_limit_row_on_every_real_page_is_ignored():
    assert len(orr.parse_results(real("case_search_results.html"))) == 5


def _without_grid(page: str) -> str:
    doc = lxml.html.document_fromstring(page)
    grid = doc.xpath("//table[@id='dgResults']")[0]
    grid.getparent().remove(grid)
    return lxml.html.tostring(doc, encoding="unicode")


def test_no_records_message_is_an_empty_list():
    page = _without_grid(real("case_search_results.html"))
    with pytest.raises(ParseError):
        orr.parse_results(page)  # no grid and no message: never silently empty
    shown = page.replace('<div id="zeroResult" style="display: none">', '<div id="zeroResult">', 1)
    assert shown != page
    assert orr.parse_results(shown) == []
    assert (
        orr.parse_results(real("search_page.html").replace("</body>", "Search Returned 0 results</body>"))
        == []
    )


def test_grid_without_rows_but_a_record_count_raises():
    doc = lxml.html.document_fromstring(real("case_search_results.html"))
    for row in doc.xpath("//table[@id='dgResults']//tr[td[@class='stdFontResults']]"):
        row.getparent().remove(row)
    with pytest.raises(ParseError, match="reports 5 records"):
        orr.parse_results(lxml.html.tostring(doc, encoding="unicode"))


def test_page_kind_rows_are_json():
    assert set(orr.PAGE_KINDS) == {"official-records"}
    rows = json.loads(json.dumps(orr.PAGE_KINDS["official-records"](real("case_search_results.html"), None)))
    assert len(rows) == 5
    assert rows[0]["lien"]["lien_type"] == "LIS_PENDENS" and rows[1]["lien"] is None


# ---- lien matching on constructed documents ----


def _doc(doc_type, date, cfn, book=None, page=None, frm=None, to=None, amount=None, legal=None):
    return RecordedDocument(
        doc_type=doc_type,
        record_date=date,
        book=book,
        page=page,
        cfn=cfn,
        party_from=frm,
        party_to=to,
        consideration=amount,
        legal_description=legal,
    )


MTG1 = _doc(
    "MORTGAGE", "2005-11-30", "2005400001", "5581", "3169", "DOE,JOHN", "WELLS FARGO BANK NA", 136000.0
)
MTG2 = _doc("MORTGAGE", "2006-02-02", "2006030002", "5599", "7700", "DOE,JOHN", "BANK OF AMERICA NA", 34000.0)
MTG3 = _doc("MORTGAGE", "2012-05-01", "2012090003", "6600", "1", "DOE,JOHN", "WELLS FARGO BANK NA", 150000.0)


def _by_cfn(liens):
    return {lien.cfn: lien for lien in liens}


def test_active_mortgages_ranked_by_record_date():
    liens = orr.liens_from_documents([MTG3, MTG1, MTG2])
    assert [(lien.cfn, lien.position, lien.status) for lien in liens] == [
        ("2005400001", 1, "ACTIVE"),
        ("2006030002", 2, "ACTIVE"),
        ("2012090003", 3, "ACTIVE"),
    ]
    assert (
        liens[0].holder == "WELLS FARGO BANK NA"
        and liens[0].debtor == "DOE,JOHN"
        and liens[0].amount == 136000.0
    )


def test_satisfaction_citing_book_and_page():
    sat = _doc(
        "SATISFACTION OF MORTGAGE",
        "2012-05-20",
        "2012095555",
        "6610",
        "20",
        "JPMORGAN CHASE",
        "DOE,JOHN",
        legal="SAT OF MTG OR BK 5581 PG 3169 LT 3 BLK A PB 53 PG 20",
    )
    liens = _by_cfn(orr.liens_from_documents([MTG1, MTG2, MTG3, sat]))
    assert liens["2005400001"].status == "SATISFIED" and liens["2005400001"].satisfied_by == "2012095555"
    assert liens["2005400001"].position is None
    assert (liens["2006030002"].position, liens["2012090003"].position) == (1, 2)


def test_satisfaction_citing_cfn():
    sat = _doc("SATISFACTION", "2013-01-02", "2013000001", frm="SOMEONE", to="ELSE", legal="CFN 2006030002")
    liens = _by_cfn(orr.liens_from_documents([MTG1, MTG2, sat]))
    assert liens["2006030002"].status == "SATISFIED" and liens["2005400001"].status == "ACTIVE"


def test_plat_book_page_is_not_a_citation():
    sat = _doc(
        "SATISFACTION OF MORTGAGE",
        "2013-01-02",
        "2013000001",
        frm="X BANK",
        to="ROE,JANE",
        legal="LT 3 BLK A PB 5581 PG 3169",
    )
    assert orr.liens_from_documents([MTG1, sat])[0].status == "ACTIVE"


def test_satisfaction_naming_lender_and_borrower_frees_the_oldest():
    sat = _doc(
        "SATISFACTION OF MORTGAGE", "2012-06-01", "2012100001", frm="WELLS FARGO BANK, N.A.", to="JOHN DOE"
    )
    liens = _by_cfn(orr.liens_from_documents([MTG1, MTG2, MTG3, sat]))
    assert liens["2005400001"].status == "SATISFIED"
    assert liens["2012090003"].status == "ACTIVE" and liens["2006030002"].status == "ACTIVE"
    # A second satisfaction frees the next one; each release frees one lien.
    sat2 = _doc(
        "SATISFACTION OF MORTGAGE", "2015-01-01", "2015000001", frm="WELLS FARGO BANK NA", to="DOE,JOHN"
    )
    liens = _by_cfn(orr.liens_from_documents([MTG1, MTG2, MTG3, sat, sat2]))
    assert liens["2012090003"].status == "SATISFIED" and liens["2006030002"].position == 1


def test_satisfaction_before_the_mortgage_or_by_another_lender_frees_nothing():
    early = _doc(
        "SATISFACTION OF MORTGAGE", "2004-01-01", "2004000001", frm="WELLS FARGO BANK NA", to="DOE,JOHN"
    )
    other = _doc("SATISFACTION OF MORTGAGE", "2012-06-01", "2012100001", frm="SUNTRUST BANK", to="DOE,JOHN")
    partial = _doc(
        "PARTIAL RELEASE OF MORTGAGE",
        "2012-06-01",
        "2012100002",
        frm="WELLS FARGO BANK NA",
        to="DOE,JOHN",
        legal="OR BK 5581 PG 3169",
    )
    liens = orr.liens_from_documents([MTG1, early, other, partial])
    assert [lien.status for lien in liens] == ["ACTIVE"]


def test_release_kind_limits_name_matching():
    hoa = _doc(
        "CLAIM OF LIEN",
        "2010-01-01",
        "2010000001",
        frm="WYNDHAM AT DURAN HOMEOWNERS ASSOCIATION INC",
        to="DOE,JOHN",
        amount=4200.0,
    )
    release_lien = _doc(
        "RELEASE OF LIEN",
        "2011-01-01",
        "2011000001",
        frm="WYNDHAM AT DURAN HOMEOWNERS ASSOCIATION",
        to="DOE,JOHN",
    )
    sat_mtg = _doc(
        "SATISFACTION OF MORTGAGE",
        "2011-01-01",
        "2011000002",
        frm="WYNDHAM AT DURAN HOMEOWNERS ASSOC",
        to="DOE,JOHN",
    )
    assert orr.liens_from_documents([hoa, sat_mtg])[0].status == "ACTIVE"
    lien = orr.liens_from_documents([hoa, release_lien])[0]
    assert (lien.lien_type, lien.status, lien.holder, lien.amount) == (
        "HOA_LIEN",
        "SATISFIED",
        "WYNDHAM AT DURAN HOMEOWNERS ASSOCIATION INC",
        4200.0,
    )


@pytest.mark.parametrize(
    ("doc_type", "frm", "to", "expected"),
    [
        ("MORTGAGE", "DOE,JOHN", "BANK", "MORTGAGE"),
        ("MTG", "DOE,JOHN", "BANK", "MORTGAGE"),
        ("LIS PENDENS", "BANK", "DOE,JOHN", "LIS_PENDENS"),
        ("NOTICE OF LIS PENDENS", "BANK", "DOE,JOHN", "LIS_PENDENS"),
        ("JUDGMENT REAL PROPERTY", "BANK", "DOE,JOHN", "JUDGMENT"),
        ("CERTIFIED COPY OF A COURT JUDGMENT", "ACME", "DOE,JOHN", "JUDGMENT"),
        ("FEDERAL TAX LIEN", "INTERNAL REVENUE SERVICE", "DOE,JOHN", "IRS_LIEN"),
        ("LIEN", "UNITED STATES OF AMERICA", "DOE,JOHN", "IRS_LIEN"),
        ("STATE TAX LIEN", "DEPARTMENT OF REVENUE", "DOE,JOHN", "STATE_TAX_LIEN"),
        ("LIEN", "STATE OF FLORIDA DEPARTMENT OF REVENUE", "DOE,JOHN", "STATE_TAX_LIEN"),
        ("CODE ENFORCEMENT LIEN", "CITY OF PALM BAY", "DOE,JOHN", "CODE_ENFORCEMENT"),
        ("LIEN", "CITY OF COCOA", "DOE,JOHN", "CODE_ENFORCEMENT"),
        ("CLAIM OF LIEN", "PORT MALABAR HOMEOWNERS ASSOCIATION", "DOE,JOHN", "HOA_LIEN"),
        ("CLAIM OF LIEN", "ACME ROOFING LLC", "DOE,JOHN", "MECHANICS"),
        ("CONSTRUCTION LIEN", "ACME ROOFING LLC", "DOE,JOHN", "MECHANICS"),
        ("LIEN", "ACME", "DOE,JOHN", "OTHER"),
        ("SATISFACTION OF MORTGAGE", "BANK", "DOE,JOHN", None),
        ("ASSIGNMENT OF MORTGAGE", "BANK", "OTHER BANK", None),
        ("WARRANTY DEED", "DOE,JOHN", "ROE,JANE", None),
        ("NOTICE", "BANK", "DOE,JOHN", None),
        ("BANKRUPTCY", "BANKRUPTCY COURT UNITED STATES OF AMERICA", "DOE,JOHN", None),
    ],
)
def test_lien_type_of(doc_type, frm, to, expected):
    assert orr.lien_type_of(_doc(doc_type, "2020-01-01", "1", frm=frm, to=to)) == expected


@pytest.mark.parametrize("html", ["", "   ", "<html><body>hello</body></html>", "plain text"])
def test_garbage_is_parse_error(html):
    with pytest.raises(ParseError):
        orr.parse_results(html)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text())
def test_any_text_is_result_or_parse_error(text):
    try:
        orr.PAGE_KINDS["official-records"](text, None)
    except ParseError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(["case_search_results.html", "name_search_results.html", "search_page.html"]), st.data()
)
def test_truncated_real_pages_are_result_or_parse_error(name, data):
    text = real(name)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    try:
        orr.PAGE_KINDS["official-records"](text[start:end], None)
    except ParseError:
        pass


_NAMES = st.sampled_from(
    ["DOE,JOHN", "JOHN DOE", "WELLS FARGO BANK NA", "BANK OF AMERICA", "HOA ASSOCIATION", None]
)
_TYPES = st.sampled_from(
    [
        "MORTGAGE",
        "SATISFACTION OF MORTGAGE",
        "SATISFACTION",
        "RELEASE OF LIEN",
        "CLAIM OF LIEN",
        "LIS PENDENS",
        "JUDGMENT",
        "LIEN",
        "DEED",
        None,
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.builds(
            _doc,
            _TYPES,
            st.sampled_from(["2001-01-01", "2005-05-05", "2010-10-10", None]),
            st.sampled_from(["1", "2", "3", None]),
            st.sampled_from(["10", None]),
            st.sampled_from(["20", None]),
            _NAMES,
            _NAMES,
            st.sampled_from([None, 1000.0]),
            st.sampled_from([None, "OR BK 10 PG 20", "CFN 2"]),
        ),
        max_size=8,
    )
)
def test_lien_matching_invariants(docs):
    liens = orr.liens_from_documents(docs)
    releases = [d for d in docs if orr.is_release(d.doc_type)]
    assert sum(lien.status == "SATISFIED" for lien in liens) <= len(releases)
    positions = sorted(lien.position for lien in liens if lien.position is not None)
    assert positions == list(range(1, len(positions) + 1))
    assert all(
        lien.position is None or (lien.lien_type == "MORTGAGE" and lien.status == "ACTIVE") for lien in liens
    )


# ---- "no liens" only when the site says so; a grid proves its count; garbage rows are no liens ----

_AS_OF = dt.date(2026, 11, 25)
_DOCS = [
    Recorded("MORTGAGE", dt.date(2015, 3, 2), "7301", "1200", "2015040001", "DOE,JOHN", "WELLS FARGO BANK NA",
             180000.0, "LT 3 BLK A PB 53 PG 20", "", "26-36-09-UH-A-3"),
    Recorded("LIS PENDENS", dt.date(2024, 5, 6), "9901", "55", "2024100002", "WELLS FARGO BANK NA", "DOE,JOHN",
             None, "LT 3 BLK A PB 53 PG 20", "05-2024-CA-012193-XXCA-BC", "26-36-09-UH-A-3"),
]


def _sim_page(**kwargs) -> bytes:
    return records_page(_DOCS, searched_for="Parcel Id that Begins with '26-36-09-UH-A-3'", as_of=_AS_OF, **kwargs)


def test_the_simulators_grid_and_zero_results_pages():
    assert [d.cfn for d in orr.parse_results(_sim_page())] == ["2015040001", "2024100002"]
    zero = records_page([], searched_for="Parcel Id that Begins with 'X'", as_of=_AS_OF)
    assert orr.parse_results(zero) == []


def test_an_error_page_without_the_grid_is_not_no_liens():
    # The grid is gone, the zero-results box stays hidden; only the search description is filled in.
    error_page = _sim_page(no_grid=True)
    assert b"Searched for Parcel Id" in error_page
    with pytest.raises(ParseError, match="no zero-results message shown"):
        orr.parse_results(error_page, source_url="http://oncore.test/search.aspx")
    # Text in lbDescForNoResult alone never says "zero results" on the real page either.
    page = _without_grid(real("case_search_results.html")).replace(
        '<span id="lbDescForNoResult"></span>', '<span id="lbDescForNoResult">Searched for Case Number</span>')
    with pytest.raises(ParseError):
        orr.parse_results(page)


def test_no_records_text_counts_only_when_visible():
    hidden = real("search_page.html").replace("</body>", '<div style="DISPLAY: none">No records found</div></body>')
    scripted = real("search_page.html").replace("</body>", "<script>var m='No records found';</script></body>")
    for page in (hidden, scripted):
        with pytest.raises(ParseError):
            orr.parse_results(page)


def test_a_grid_missing_a_row_its_count_reports_is_a_parse_error_naming_the_counts():
    doc = lxml.html.document_fromstring(real("case_search_results.html"))
    last = doc.xpath("//table[@id='dgResults']//tr[td[@class='stdFontResults']]")[-1]
    last.getparent().remove(last)
    with pytest.raises(ParseError, match=r"reports 5 records but the grid has 4 readable rows \(4 rows in all\)"):
        orr.parse_results(lxml.html.tostring(doc, encoding="unicode"), source_url="http://oncore.test/s")


def test_a_page_of_a_paged_result_is_a_parse_error():
    page = real("case_search_results.html").replace('<span id="lblRecordCount"><b>5</b>', '<span id="lblRecordCount"><b>55</b>')
    with pytest.raises(ParseError, match="records 1-5 of 55"):
        orr.parse_results(page)


def test_a_grid_without_a_record_count_cannot_prove_itself():
    page = real("case_search_results.html").replace('<span id="lblRecordCount"><b>5</b>', '<span id="lblRecordCount"><b></b>')
    with pytest.raises(ParseError, match="no record count"):
        orr.parse_results(page)


def test_a_cut_page_is_refused_even_when_the_grid_is_whole():
    page = real("case_search_results.html")
    with pytest.raises(ParseError, match="cut off"):
        orr.parse_results(page[: page.index("disableSubmit()")])


def test_garbage_rows_are_rejected_liens_with_reasons_and_the_rest_is_kept():
    page = _sim_page(bad_rows=True)
    docs = orr.parse_results(page, source_url="http://oncore.test/or")
    assert len(docs) == 3 and docs[-1].record_date is None
    liens = orr.liens_from_documents(docs)
    assert [(lien.lien_type, lien.cfn, lien.amount) for lien in liens] == [
        ("MORTGAGE", "2015040001", 180000.0), ("LIS_PENDENS", "2024100002", None)]
    [rejected] = liens.rejected
    assert "no amount, no readable recorded date and no instrument" in rejected.reason
    assert rejected.source_url == "http://oncore.test/or" and '"doc_type": "MORTGAGE"' in rejected.raw
    rows = orr.results_rows(page, "http://oncore.test/or")
    assert [row.get("rejected") for row in rows][-1] == rejected.reason


def test_a_lien_with_any_one_identifying_field_stands():
    for fields in ({"amount": 5000.0}, {"cfn": "2020000001"}, {"book": "9000", "page": "1"}):
        doc = _doc("CLAIM OF LIEN", None, fields.get("cfn"), fields.get("book"), fields.get("page"),
                   "X HOMEOWNERS ASSOCIATION", "DOE,JOHN", fields.get("amount"))
        assert len(orr.liens_from_documents([doc])) == 1 and orr.liens_from_documents([doc]).rejected == []
    bare = _doc("CLAIM OF LIEN", None, None, frm="X HOMEOWNERS ASSOCIATION", to="DOE,JOHN")
    assert orr.liens_from_documents([bare]) == [] and len(orr.liens_from_documents([bare]).rejected) == 1
    untyped = _doc(None, "2020-01-01", "2020000002", amount=100.0)
    assert [r.reason for r in orr.liens_from_documents([untyped]).rejected] == ["a recorded row without a document type"]

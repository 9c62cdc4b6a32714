import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import clerk_sale_list as clerk
from biddeed_assets.portals.errors import ParseError
from biddeed_assets_tests import fixtures


def test_real_page_of_may_2017():
    page = clerk.parse(fixtures.page("brevard_clerk/sale_list_2017-05.html").read_bytes())
    assert page.rejected == []
    assert [(r.case_number, r.plaintiff, r.defendant, r.auction_date, r.status, r.court_type) for r in page.records] == [
        ("05-2008-CA-022131-XXXX-XX", "BANK NEW YORK", "C DORCANT", "2017-05-10", "SCHEDULED", "CIRCUIT"),
        ("05-2010-CA-047105-XXXX-XX", "HSBC MORTGAGE", "ALBERT FLOWER", "2017-05-10", "SCHEDULED", "CIRCUIT"),
        ("05-2011-CA-052383-XXXX-XX", "OCWEN LOAN SVC", "JAMES H WOOD", "2017-05-10", "SCHEDULED", "CIRCUIT"),
    ]
    assert all(r.county == "brevard" and r.final_judgment is None for r in page.records)


def real_january_2026() -> list[dict]:
    data = json.loads(fixtures.data("brevard_sale_list_2026-01.json").read_text())
    return [
        {**case, "auction_date": day["date"], "status": "CANCELLED" if case["status"] == "CANCELLED" else "SCHEDULED"}
        for day in data["auction_dates"]
        for case in day["cases"]
    ]


def test_the_64_real_cases_of_january_2026_in_the_clerks_format():
    truth = real_january_2026()
    assert len(truth) == 64
    page = clerk.parse(clerk.render(truth))
    assert page.rejected == []
    got = {r.case_number: r for r in page.records}
    assert len(got) == 64
    for case in truth:
        record = got[case["case_number"]]
        assert (record.plaintiff, record.defendant) == (case["plaintiff"], case["defendant"])
        assert (record.auction_date, record.status) == (case["auction_date"], case["status"])
        assert record.court_type == ("COUNTY" if "-CC-" in case["case_number"] else "CIRCUIT")
    assert sum(r.status == "CANCELLED" for r in page.records) == 5
    assert sum(r.court_type == "COUNTY" for r in page.records) == 6


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("05-2024-CA-012193-XXCA-BC", "05-2024-CA-012193-XXCA-BC"),
        (" 05-2008-ca-022131-xxxx-xx ", "05-2008-CA-022131-XXXX-XX"),
        ("052024CC035201XXCCBC", "05-2024-CC-035201-XXCC-BC"),
    ],
)
def test_case_numbers_are_normalized(raw, normalized):
    row = f"<table><tr><th>case_number</th><th>case_title</th><th>comment</th><th>foreclosure_sale_date</th></tr>" \
          f"<tr><td>{raw}</td><td>A VS B</td><td>&nbsp;</td><td>01-07-2026</td></tr></table>"
    assert clerk.parse(row).records[0].case_number == normalized


def test_bad_rows_are_rejected_with_reasons_and_good_rows_kept():
    rows = [
        {"case_number": "05-2024-CA-012193-XXCA-BC", "plaintiff": "US BANK", "defendant": "A", "auction_date": "2026-01-07"},
        {"case_number": "05-20X4-CA-1-XXCA-BC", "plaintiff": "US BANK", "defendant": "B", "auction_date": "2026-01-07"},
        {"case_number": "05-2024-CA-012194-XXCA-BC", "plaintiff": "US BANK", "defendant": "C", "auction_date": "2026-01-07",
         "date_text": "02-30-2026"},
        {"case_number": "05-2024-CA-012195-XXCA-BC", "plaintiff": "US BANK", "defendant": "D", "auction_date": "2026-01-07",
         "date_text": "2026/01/07"},
    ]
    page = clerk.parse(clerk.render(rows), source_url="http://clerk.example/list")
    assert [r.defendant for r in page.records] == ["A"]
    reasons = [r.reason for r in page.rejected]
    assert "not a Brevard case number" in reasons[0]
    assert "not a calendar date" in reasons[1] and "not MM-DD-YYYY" in reasons[2]
    assert all(r.source_url == "http://clerk.example/list" for r in page.rejected)


def test_a_page_without_the_table_is_a_parse_error():
    with pytest.raises(ParseError, match="no foreclosure sale table"):
        clerk.parse(b"<html><body><h3>Please check back later</h3></body></html>")
    with pytest.raises(ParseError, match="empty"):
        clerk.parse(b"   ")


def test_encodings_latin1_utf8_and_utf16_all_read_the_same_names():
    rows = [{"case_number": "05-2024-CA-012193-XXCA-BC", "plaintiff": "BANCO ESPAÑOL", "defendant": "JOSÉ MUÑOZ",
             "auction_date": "2026-01-07"}]
    latin1 = clerk.render(rows)
    as_text = latin1.decode("iso-8859-1")
    for body in (latin1, as_text.encode("utf-8"), as_text.encode("utf-16")):
        record = clerk.parse(body).records[0]
        assert (record.plaintiff, record.defendant) == ("BANCO ESPAÑOL", "JOSÉ MUÑOZ")


def test_titles_split_on_vs():
    assert clerk.split_title("BANK NEW YORK VS C DORCANT") == ("BANK NEW YORK", "C DORCANT")
    assert clerk.split_title("WILMINGTON SAV V. JOHN DOE") == ("WILMINGTON SAV", "JOHN DOE")
    assert clerk.split_title("NO DEFENDANT NAMED") == ("NO DEFENDANT NAMED", None)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_end_in_records_or_a_parse_error(data):
    try:
        page = clerk.parse(data)
    except ParseError:
        return
    assert all(r.case_number for r in page.records)


# ---- the page proves it is whole ----

REAL_MAY_2017 = fixtures.page("brevard_clerk/sale_list_2017-05.html").read_bytes()


def test_a_page_cut_between_rows_is_refused_not_read_short():
    cut = REAL_MAY_2017[: REAL_MAY_2017.index(b"<tr>", REAL_MAY_2017.index(b"05-2010-CA-047105"))]
    assert len(clerk.parse(cut + b"</table></body></html>").records) == 2  # closed, it would read as 2 rows
    with pytest.raises(ParseError, match="cut off"):
        clerk.parse(cut, source_url="http://clerk.test/list")


def test_the_simulators_first_third_of_a_long_list_is_refused():
    page = clerk.render(real_january_2026())
    with pytest.raises(ParseError, match="cut off"):
        clerk.parse(page[: len(page) // 3])


def test_rows_the_markup_opens_but_the_parser_cannot_see_are_a_parse_error():
    hidden = REAL_MAY_2017.replace(b"    <tr>\n        <td class=evenrows>", b"    <!-- <tr> -->\n        <td class=evenrows>", 1)
    with pytest.raises(ParseError, match="opens 4 rows but 3 were read"):
        clerk.parse(hidden)


def test_a_page_re_encoded_as_utf16_reads_the_same():
    body = REAL_MAY_2017.decode("iso-8859-1").encode("utf-16")
    assert clerk.parse(body).records == clerk.parse(REAL_MAY_2017).records


# ---- every date form the real list has used ----


@pytest.mark.parametrize(
    ("text", "iso"),
    [("05-10-2017", "2017-05-10"), ("06/11/2014", "2014-06-11"), ("2017-04-26", "2017-04-26"),
     (" 01-07-2026 ", "2026-01-07")],
)
def test_every_real_date_form_reads(text, iso):
    assert clerk.parse_date(text) == iso


@pytest.mark.parametrize("text", ["2026/01/07", "07.01.2026", "January 7, 2026", "13-45-2026", "2017-02-30", ""])
def test_any_other_date_is_a_parse_error_naming_the_value(text):
    with pytest.raises(ParseError, match=f"sale date {text.strip()!r}"):
        clerk.parse_date(text)


def test_a_page_mixing_the_real_date_forms_reads_every_row():
    forms = {"05-10-2017": "2017-05-10", "06/11/2014": "2014-06-11", "2017-04-26": "2017-04-26"}
    rows = [{"case_number": f"05-2013-CA-01219{i}-XXXX-XX", "plaintiff": "US BANK", "defendant": f"D{i}",
             "auction_date": iso, "date_text": text} for i, (text, iso) in enumerate(forms.items())]
    page = clerk.parse(clerk.render(rows))
    assert page.rejected == []
    assert [r.auction_date for r in page.records] == list(forms.values())

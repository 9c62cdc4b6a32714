"""Tax collector parcel page (real) and RealTDM certificate results (our documented format)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals import tax_collector as tc
from biddeed_assets.portals.errors import ParseError
from biddeed_assets.portals.tax_collector import TaxCertificate, TaxYear
from biddeed_assets_tests.fixtures import PAGES

REAL = PAGES / "brevard_tax_collector"


def real(name: str) -> str:
    path = REAL / name
    return path.read_text(encoding="utf-8")


def test_parcel_bill_2514907():
    state = tc.parse_parcel_bill(real("parcel_bill.html"), source_url="https://brevard.county-taxes.com/x")
    assert state.account == "2514907"
    assert state.geo_number == "25 3706-50-2-11"
    assert state.owner == "KNOWLES, LYNN DEE"
    assert state.situs == "1270 SAN JUAN DR, MERRITT ISLAND"
    assert state.assessed_value == 58380.0
    assert (state.latest_bill_year, state.ad_valorem, state.non_ad_valorem) == (2016, 446.99, 387.95)
    assert state.total_unpaid == 859.99
    assert state.certificate_numbers == ()
    assert state.source_url == "https://brevard.county-taxes.com/x"


def test_parcel_bill_years_shown_and_folded_years_not_invented():
    years = tc.parse_parcel_bill(real("parcel_bill.html")).years
    assert years == [
        TaxYear(2016, "UNPAID", 859.99, (), "$859.99 due"),
        TaxYear(2015, "PAID", None, (), "Paid"),
        TaxYear(2014, "PAID", None, (), "Paid"),
        TaxYear(2013, "PAID", None, (), "Paid"),
        TaxYear(2005, "PAID", None, (), "Paid"),
    ]


def _page(items: str, pay_all: str = "") -> str:
    button = f"<button type='submit'>Pay All: {pay_all}</button>" if pay_all else ""
    return (
        "<html><body><div>Real Estate Account #123</div><ul class='timeline'>"
        f"<div><form>{button}</form></div>{items}</ul></body></html>"
    )


def _li(year: int, inner: str, cls: str = "amount") -> str:
    return f"<li><a href='?year={year}'>{year}</a><div class='{cls}'>{inner}</div></li>"


def test_all_paid_without_pay_all_owes_nothing():
    state = tc.parse_parcel_bill(_page(_li(2023, "<span>Paid</span>") + _li(2022, "Paid")))
    assert state.account == "123" and state.total_unpaid == 0.0


def test_certificates_and_dues_without_pay_all():
    items = _li(2023, "$1,200.50 due", "amount unpaid") + _li(
        2022, "$980.00 due Certificate #2023-4567", "amount unpaid"
    )
    state = tc.parse_parcel_bill(_page(items))
    assert [(y.year, y.status, y.amount_due) for y in state.years] == [
        (2023, "UNPAID", 1200.5),
        (2022, "UNPAID", 980.0),
    ]
    assert state.certificate_numbers == ("2023-4567",)
    assert state.total_unpaid == 2180.5


def test_unknown_year_status_leaves_total_unknown():
    state = tc.parse_parcel_bill(_page(_li(2023, "Pending") + _li(2022, "Paid")))
    assert state.years[0].status is None and state.total_unpaid is None


@pytest.mark.parametrize("html", ["", "  ", "<html><body>no timeline</body></html>", "plain", _page("")])
def test_parcel_page_garbage_is_parse_error(html):
    with pytest.raises(ParseError):
        tc.parse_parcel_bill(html)


REALTDM_HTML = """
<table class="certificates">
  <tr><th>Certificate #</th><th>Tax Year</th><th>Face Amount</th><th>Interest Rate</th><th>Status</th>
      <th>Certificate Holder</th></tr>
  <tr><td>2019-01234</td><td>2018</td><td>$1,234.56</td><td>18.00%</td><td>Issued</td><td>ABC FUND LLC</td></tr>
  <tr><td>2020-00077</td><td>2019</td><td>$987.00</td><td>0.25%</td><td>Redeemed</td><td>XYZ CAPITAL</td></tr>
</table>
"""


def test_realtdm_documented_html_format():
    assert tc.parse_realtdm_certificates(REALTDM_HTML) == [
        TaxCertificate("2019-01234", 2018, 1234.56, 18.0, "ISSUED", "ABC FUND LLC"),
        TaxCertificate("2020-00077", 2019, 987.0, 0.25, "REDEEMED", "XYZ CAPITAL"),
    ]


def test_realtdm_json_and_empty_table():
    data = [
        {
            "certificate_number": "2019-01234",
            "tax_year": 2018,
            "face_amount": "1,234.56",
            "interest_rate": 18,
            "status": "issued",
            "holder": "ABC FUND LLC",
        }
    ]
    assert tc.parse_realtdm_certificates(json.dumps(data)) == [
        TaxCertificate("2019-01234", 2018, 1234.56, 18.0, "ISSUED", "ABC FUND LLC")
    ]
    assert tc.parse_realtdm_certificates(json.dumps({"certificates": []})) == []
    header_only = REALTDM_HTML.split("<tr><td>")[0] + "</table>"
    assert tc.parse_realtdm_certificates(header_only) == []


@pytest.mark.parametrize("text", ["", "<p>nothing</p>", "[1]", "{}", '[{"holder": "X"}]', "{bad json"])
def test_realtdm_garbage_is_parse_error(text):
    with pytest.raises(ParseError):
        tc.parse_realtdm_certificates(text)


def test_page_kinds_are_json_rows():
    assert set(tc.PAGE_KINDS) == {"tax-bill", "realtdm-certificates"}
    bill = json.loads(json.dumps(tc.PAGE_KINDS["tax-bill"](real("parcel_bill.html"), None)))
    assert bill[0]["total_unpaid"] == 859.99 and bill[0]["years"][0]["year"] == 2016
    certs = json.loads(json.dumps(tc.PAGE_KINDS["realtdm-certificates"](REALTDM_HTML, None)))
    assert [c["certificate_number"] for c in certs] == ["2019-01234", "2020-00077"]


def test_parcel_url():
    assert tc.parcel_url(tc.DEFAULT_BASE_URL + "/", 2514907) == (
        "https://brevard.county-taxes.com/public/real_estate/parcels/2514907"
    )


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text())
def test_any_text_is_result_or_parse_error(text):
    for fn in tc.PAGE_KINDS.values():
        try:
            fn(text, None)
        except ParseError:
            pass


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["bill", "realtdm"]), st.data())
def test_truncated_pages_are_result_or_parse_error(which, data):
    text = real("parcel_bill.html") if which == "bill" else REALTDM_HTML
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for fn in tc.PAGE_KINDS.values():
        try:
            fn(text[start:end], None)
        except ParseError:
            pass


def test_a_cut_parcel_page_is_refused_even_after_its_timeline():
    page = real("parcel_bill.html")
    with pytest.raises(ParseError, match="cut off"):
        tc.parse_parcel_bill(page[: page.index("</body>")], source_url="https://brevard.county-taxes.com/x")


def test_a_pay_all_below_the_dues_shown_is_a_parse_error():
    items = _li(2023, "$1,200.50 due", "amount unpaid") + _li(2022, "$980.00 due", "amount unpaid")
    with pytest.raises(ParseError, match=r"Pay All \$1,200.50 is less than the \$2,180.50"):
        tc.parse_parcel_bill(_page(items, pay_all="$1,200.50"))
    assert tc.parse_parcel_bill(_page(items, pay_all="$2,500.00")).total_unpaid == 2500.0  # folded years add


def test_a_cut_certificate_table_is_refused():
    with pytest.raises(ParseError, match="cut off"):
        tc.parse_realtdm_certificates(REALTDM_HTML[: REALTDM_HTML.index("</table>")])
    whole = "<html><body>" + REALTDM_HTML + "</body></html>"
    with pytest.raises(ParseError, match="cut off"):
        tc.parse_realtdm_certificates(whole[:-10])
    assert len(tc.parse_realtdm_certificates(whole.encode("utf-16"))) == 2

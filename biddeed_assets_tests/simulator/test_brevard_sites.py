"""Brevard's simulated county sites over loopback: what the project's own parsers read back is the world's truth."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache
from urllib.parse import urlencode

import httpx
import pytest

from biddeed_assets.portals import bcpao, census, official_records, tax_collector
from biddeed_assets.portals import beca_docket as beca
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.portals.text import names_match
from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.brevard.index import INDEX_START
from biddeed_assets.simulator.truth import CaseTruth, truth_for, zip_demographics
from biddeed_assets.simulator.world import World
from biddeed_assets_tests.conftest import TODAY

PAST_DAYS = (dt.date(2026, 11, 4), dt.date(2026, 11, 18))  # three weeks and one week before TODAY
FUTURE_DAY = dt.date(2026, 12, 16)  # three weeks after TODAY: judgments entered, nothing decided
END = f"{TODAY.month}/{TODAY.day}/{TODAY.year}"


@pytest.fixture
def http():
    with httpx.Client(timeout=10, follow_redirects=True) as client:
        yield client


def truths(simulator, day: dt.date) -> list[CaseTruth]:
    world = simulator.sim.world
    cases = [truth_for(world.seed, c) for c in world.cases_on("brevard", day)]
    assert len(cases) >= 10
    return [t for t in cases if t.case.case_number not in relisted(world.seed)]


@cache
def relisted(seed: int) -> frozenset[str]:
    """Case numbers the world lists on two sale days (the sites show only the later listing)."""
    world = World(seed)
    days = world.sale_dates("brevard", INDEX_START, TODAY + dt.timedelta(days=cal.LIST_HORIZON_DAYS))
    counts = Counter(c.case_number for d in days for c in world.cases_on("brevard", d))
    return frozenset(n for n, k in counts.items() if k > 1)


def fetch_docket(http: httpx.Client, url: str, case_number: str) -> httpx.Response:
    """BECA's flow: the disclaimer, accepting it (session cookies), the case-number form, the docket."""
    assert http.get(f"{url}/beca/beca_splash.cfm").status_code == 200
    http.post(f"{url}/beca/StartSearch.cfm", data={"RadioChk": "Yes", "Submit": "Submit"})
    return http.post(f"{url}/beca/CaseNumber_Search.cfm", data=beca.case_number_form(case_number))


def records_by_parcel(http: httpx.Client, url: str, parcel_id: str) -> httpx.Response:
    query = {
        "bd": "1/1/1981",
        "ed": END,
        "bt": "OR",
        "d": END,
        "pt": "-1",
        "st": "parcelid",
        "pid": parcel_id,
    }
    return http.get(f"{url}/or/search.aspx?{urlencode(query)}")


# ---- BCPAO ----


@pytest.mark.parametrize("day", [PAST_DAYS[0], FUTURE_DAY])
def test_bcpao_account_and_search_read_back_the_truth(simulator, http, day):
    base = f"{simulator.url}/bcpao"
    for truth in truths(simulator, day):
        prop = truth.property
        record = bcpao.fetch_account(http, base, prop.account)
        assert (record.account, record.parcel_id) == (prop.account, prop.parcel_id)
        assert (record.street, record.city, record.zip) == (prop.street, prop.city, prop.zip)
        assert (record.market_value, record.assessed_value, record.taxable_value) == (
            prop.market_value,
            prop.assessed_value,
            prop.taxable_value,
        )
        assert (record.year_built, record.living_area, record.homestead, record.pool) == (
            prop.year_built,
            prop.living_area,
            prop.homestead,
            prop.pool,
        )
        assert (record.beds, record.baths) == (None, None)
        assert record.land_use_code == prop.land_use_code
        assert [s.price for s in record.sales if s.deed_type == "WD"] == [s.price for s in prop.sales]
        assert [h.account for h in bcpao.search(http, base, prop.parcel_id)] == [prop.account]
        assert prop.account in [h.account for h in bcpao.search(http, base, prop.address)]


def test_bcpao_shows_the_buyer_as_owner_after_a_sale(simulator, http):
    sold = [t for t in truths(simulator, PAST_DAYS[0]) if t.outcome.status == "SOLD"]
    record = bcpao.fetch_account(http, f"{simulator.url}/bcpao", sold[0].property.account)
    assert record.sales[0].deed_type == "CT" and record.sales[0].price == sold[0].outcome.sold_amount
    before = http.get(
        bcpao.account_url(f"{simulator.url}/bcpao", sold[0].property.account), params={"as_of": "2026-10-01"}
    )
    assert bcpao.parse_account(before.text).sales[0].deed_type == "WD"


def test_bcpao_unknown_lookups_answer_like_the_api(simulator, http):
    base = f"{simulator.url}/bcpao"
    assert bcpao.search(http, base, "99-99-99-ZZ-00001.0-0001.00") == []
    assert bcpao.search(http, base, "1 NOWHERE LN") == []
    with pytest.raises(FetchError, match="404"):
        bcpao.fetch_account(http, base, "1")


# ---- BECA docket ----


@pytest.mark.parametrize("day", [*PAST_DAYS, FUTURE_DAY])
def test_docket_judgment_and_outcome_read_back_the_truth(simulator, http, day):
    checked = Counter()
    for truth in truths(simulator, day):
        if dt.date.fromisoformat(truth.judgment_date) + dt.timedelta(days=2) > TODAY:
            continue  # the world dated this judgment after today (filing year = sale year): not on the docket yet
        response = fetch_docket(http, simulator.url, truth.case.case_number)
        docket = beca.parse_page(response.content, source_url=str(response.url))
        assert docket.case_number == truth.case.case_number
        assert docket.plaintiff == truth.case.plaintiff
        assert docket.final_judgment_amount == truth.final_judgment
        assert docket.final_judgment_date == truth.judgment_date
        assert docket.filing_date == truth.filing_date
        assert docket.homestead is truth.property.homestead
        outcome = beca.outcome_from_events(docket.events, plaintiff=docket.plaintiff)
        if day > TODAY:
            assert outcome is None
        elif truth.outcome.status == "SOLD":
            assert (outcome.status, outcome.sale_date, outcome.sold_to, outcome.sold_amount) == (
                "SOLD",
                truth.case.auction_date,
                truth.outcome.sold_to,
                truth.outcome.sold_amount,
            )
        else:  # a redemption cancels the sale: the docket says CANCELLED, as the parser knows no REDEEMED
            assert (outcome.status, outcome.sale_date) == ("CANCELLED", truth.case.auction_date)
        checked[outcome.status if outcome else None] += 1
    assert sum(checked.values()) >= 8
    if day < TODAY:
        assert checked["SOLD"] >= 5


def test_docket_needs_the_disclaimer_and_knows_its_cases(simulator, http):
    case = truths(simulator, PAST_DAYS[0])[0].case
    fresh = httpx.Client(timeout=10, follow_redirects=True)
    with fresh:
        no_session = fresh.post(
            f"{simulator.url}/beca/CaseNumber_Search.cfm", data=beca.case_number_form(case.case_number)
        )
    assert no_session.url.path.endswith("beca_splash.cfm")
    unknown = fetch_docket(http, simulator.url, "05-2019-CA-999999-XXXX-XX")
    assert "No Matching Cases Found" in unknown.text
    with pytest.raises(ParseError):
        beca.parse_page(unknown.content)


# ---- Official records ----


def test_official_records_liens_read_back_the_truth(simulator, http):
    for truth in truths(simulator, PAST_DAYS[0]):
        docs = official_records.parse_results(
            records_by_parcel(http, simulator.url, truth.property.parcel_id).content
        )
        liens = official_records.liens_from_documents(docs)
        expected = [
            lien for lien in truth.liens if lien.recorded_date >= "1981-01-01"
        ]  # OnCore starts in 1981
        assert sorted(
            (lien.lien_type, lien.amount or 0, lien.status, lien.recorded_date) for lien in liens
        ) == sorted(
            (lien.lien_type, lien.amount or 0, "ACTIVE" if lien.active else "SATISFIED", lien.recorded_date)
            for lien in expected
        )
        by_date = {(lien.lien_type, lien.recorded_date): lien for lien in liens}
        for lien in expected:
            got = by_date[(lien.lien_type, lien.recorded_date)]
            assert names_match(got.holder, lien.holder), (got, lien)
            assert lien.debtor == "PRIOR OWNER" or names_match(got.debtor, lien.debtor), (got, lien)
            assert (got.book, got.page, got.cfn) == (lien.book, lien.page, lien.cfn)


def test_official_records_by_case_number_and_by_name(simulator, http):
    truth = next(t for t in truths(simulator, PAST_DAYS[0]) if t.outcome.status == "SOLD")
    url = official_records.search_url(f"{simulator.url}/or", case_number=truth.case.case_number, end=END)
    docs = official_records.parse_results(http.get(url).content)
    assert {d.doc_type for d in docs} == {"LIS PENDENS", "CERTIFICATE OF TITLE"}
    assert all(d.case_number == truth.case.case_number for d in docs)
    mortgage = next(
        lien for lien in truth.liens if lien.lien_type == "MORTGAGE" and lien.debtor == truth.case.defendant
    )
    name = next(d.party_to for d in docs if d.doc_type == "LIS PENDENS")  # the owner, as OnCore indexes it
    url = official_records.search_url(f"{simulator.url}/or", name=name, end=END)
    by_name = official_records.parse_results(http.get(url).content)
    assert mortgage.cfn in {d.cfn for d in by_name}


def test_a_search_over_the_result_limit_is_a_parse_error(simulator, http):
    url = official_records.search_url(f"{simulator.url}/or", name="WELLS FARGO BANK", end=END)
    with pytest.raises(ParseError, match="Maximum limit of 2000 records"):
        official_records.parse_results(http.get(url).content)
    nothing = official_records.search_url(f"{simulator.url}/or", name="ZZYZX,QUENTIN", end=END)
    assert official_records.parse_results(http.get(nothing).content) == []


# ---- Tax collector and RealTDM ----


def test_tax_bill_and_certificates_read_back_the_truth(simulator, http):
    seen_unpaid = 0
    for truth in truths(simulator, PAST_DAYS[0]) + truths(simulator, PAST_DAYS[1]):
        url = tax_collector.parcel_url(f"{simulator.url}/tax", truth.property.account)
        state = tax_collector.parse_parcel_bill(http.get(url).content)
        unpaid = {t.year: t.amount for t in truth.taxes if not t.paid}
        assert state.account == truth.property.account
        assert {y.year: y.amount_due for y in state.years if y.status == "UNPAID"} == unpaid
        assert {y.year for y in state.years if y.status == "PAID"} >= {t.year for t in truth.taxes if t.paid}
        assert state.total_unpaid == pytest.approx(sum(unpaid.values()))
        certificates = {t.certificate_number for t in truth.taxes if t.certificate_number}
        assert set(state.certificate_numbers) == certificates
        page = http.get(
            f"{simulator.url}/realtdm/public/certificates", params={"parcel": truth.property.parcel_id}
        )
        sold = tax_collector.parse_realtdm_certificates(page.content)
        assert {(c.certificate_number, c.tax_year, c.face_amount, c.holder) for c in sold} == {
            (t.certificate_number, t.year, t.amount, t.certificate_holder)
            for t in truth.taxes
            if t.certificate_number
        }
        seen_unpaid += bool(unpaid)
    assert seen_unpaid >= 3
    missing = http.get(tax_collector.parcel_url(f"{simulator.url}/tax", "1"))
    assert missing.status_code == 404


# ---- Census ACS ----


def test_census_acs_reads_back_the_zip_demographics(simulator, http):
    zips = ["32940", "32901", "32780"]
    url = census.acs_url(2023, [*zips, "99999"], base_url=f"{simulator.url}/census")
    rows = census.parse_acs(http.get(url).content, source_url=url)
    assert [r.zip for r in rows] == zips
    for row in rows:
        truth = zip_demographics(simulator.sim.world.seed, row.zip)
        assert (row.median_household_income, row.median_home_value, row.housing_units) == (
            truth["median_household_income"],
            truth["median_home_value"],
            truth["housing_units"],
        )
        assert row.vacancy_rate == pytest.approx(truth["vacancy_rate"], abs=1e-4)
        assert row.owner_occupancy_rate == pytest.approx(truth["owner_occupancy_rate"], abs=1e-4)
    assert http.get(census.acs_url(2023, ["99999"], base_url=f"{simulator.url}/census")).status_code == 204
    assert http.get(census.acs_url(2030, zips, base_url=f"{simulator.url}/census")).status_code == 404


# ---- Faults ----


def test_faults_per_portal(simulator, http):
    truth = truths(simulator, PAST_DAYS[0])[0]
    faults = simulator.sim.faults
    account = bcpao.account_url(f"{simulator.url}/bcpao", truth.property.account)
    faults.set("bcpao", "block_403", count=1)
    assert http.get(account).status_code == 403
    assert http.get(account).status_code == 200

    faults.set("official_records", "truncated", count=1)
    with pytest.raises(ParseError):
        official_records.parse_results(
            records_by_parcel(http, simulator.url, truth.property.parcel_id).content
        )

    faults.set("tax", "no_table", count=1)
    with pytest.raises(ParseError):
        tax_collector.parse_parcel_bill(
            http.get(tax_collector.parcel_url(f"{simulator.url}/tax", truth.property.account)).content
        )

    faults.set("census", "rate_429", count=1, retry_after_s=3)
    limited = http.get(census.acs_url(2023, ["32940"], base_url=f"{simulator.url}/census"))
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "3")

    response = fetch_docket(http, simulator.url, truth.case.case_number)  # the flow's pages are all "beca"
    faults.set("beca", "error_5xx", count=1)
    assert http.get(str(response.url)).status_code == 502
    assert http.get(str(response.url)).status_code == 200

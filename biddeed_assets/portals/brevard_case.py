"""Brevard's per-case intake across its portals: docket, official records, appraiser, tax collector.

The clerk's sale list gives only the case number and parties. The rest is reached as an investor
would: the BECA docket by case number (final judgment; after the sale, its outcome); official records
by case number (the lis pendens, whose legal description names the parcel); the parcel's recorded
documents (mortgages, liens, satisfactions); BCPAO by parcel id (values and building facts); the tax
collector by account and RealTDM by parcel (unpaid taxes, certificates).

Every fetch goes through a PortalHttp; a page is `remember`ed as the last good one only after it
parsed, and a result says whether any page behind it was served stale from the cache.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx

from biddeed_assets.portals import bcpao, beca_docket, census, official_records, tax_collector
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.portals.http import PortalHttp, is_stale

T = TypeVar("T")
# Brevard parcel ids are township-range-section-subdivision-block-lot, which the recorded legal spells out.
_LEGAL = re.compile(
    r"\bLT\s+(?P<lot>\d+)\s+BLK\s+(?P<block>\d+)\b.*?\bS\s+(?P<section>\d+)\s+T\s+(?P<township>\d+)"
    r"\s+R\s+(?P<range>\d+)\s+SUBID\s+(?P<sub>[A-Z0-9]+)"
)
REALTDM_URL_TEMPLATE = "{base_url}/public/certificates?{query}"
_DISCLAIMER = threading.Lock()


@dataclass(frozen=True)
class Fetched:
    """A parsed result, where it came from, and whether it was served stale."""

    value: Any
    source_url: str
    stale: bool


def get_parsed(http: PortalHttp, url: str, parse: Callable[[bytes, str], T], *, headers=None,
               empty_statuses: tuple[int, ...] = ()) -> tuple[T | None, httpx.Response]:
    """GET and parse a page; remember it as the last good one only once it parsed."""
    response = http.get(url, headers=headers)
    if response.status_code in empty_statuses:
        return None, response
    if response.status_code != 200:
        raise FetchError(f"{url} answered HTTP {response.status_code}")
    value = parse(response.content, url)
    http.remember(response)
    return value, response


def parcel_id_from_legal(legal: str | None) -> str | None:
    """The Brevard parcel id a recorded legal description names (LT, BLK, S, T, R, SUBID), else None."""
    m = _LEGAL.search(" ".join((legal or "").upper().split()))
    if not m:
        return None
    return (f"{int(m['township']):02d}-{int(m['range']):02d}-{int(m['section']):02d}-{m['sub']}"
            f"-{int(m['block']):05d}.0-{int(m['lot']):04d}.00")


def docket(http: PortalHttp, base_url: str, case_number: str) -> Fetched:
    """The BECA case page: accept the disclaimer once per session, then search by the case number's parts."""
    base = base_url.rstrip("/")
    with _DISCLAIMER:  # one acceptance per session, not one per thread that finds no cookie yet
        if not http.cookies.get("CFID"):
            http.post(beca_docket.BECA_START_URL_TEMPLATE.format(base_url=base),
                      data={"RadioChk": "Yes", "Submit": "Submit"})
    url = beca_docket.BECA_CASE_SEARCH_URL_TEMPLATE.format(base_url=base)
    response = http.post(url, data=beca_docket.case_number_form(case_number))
    if response.status_code != 200:
        raise FetchError(f"docket search for {case_number} answered HTTP {response.status_code}")
    page = beca_docket.parse_page(response.content, source_url=str(response.url))
    if page.case_number and page.case_number.replace("-", "") != case_number.replace("-", ""):
        raise ParseError(f"docket search for {case_number} returned case {page.case_number}", source_url=url)
    http.remember(response)
    return Fetched(page, str(response.url), is_stale(response))


def records_search(http: PortalHttp, base_url: str, **query: str) -> Fetched:
    """Official-records documents for a case number or parcel id, up to `end` (default today)."""
    end = query.pop("end", None) or dt.date.today()
    end_text = f"{end.month}/{end.day}/{end.year}" if isinstance(end, dt.date) else end
    if "parcel_id" in query:
        url = official_records.search_url(base_url, end=end_text).replace("st=fullname", "st=parcelid")
        url += "&" + urlencode({"pid": query["parcel_id"]})
    else:
        url = official_records.search_url(base_url, case_number=query["case_number"], end=end_text)
    docs, response = get_parsed(http, url, lambda body, u: official_records.parse_results(body, source_url=u))
    return Fetched(docs, url, is_stale(response))


def parcel_of_case(http: PortalHttp, base_url: str, case_number: str) -> tuple[str | None, Fetched]:
    """The parcel id named by the case's lis pendens, from a case-number records search."""
    found = records_search(http, base_url, case_number=case_number)
    for doc in found.value:
        parcel = parcel_id_from_legal(doc.legal_description)
        if parcel:
            return parcel, found
    return None, found


def appraiser_record(http: PortalHttp, base_url: str, parcel_id: str) -> Fetched | None:
    """BCPAO's record of a parcel: search by parcel id, then the account; None when BCPAO has no such parcel."""
    url = bcpao.search_url(base_url, parcel_id)
    hits, response = get_parsed(http, url, lambda body, u: bcpao.parse_search(body, source_url=u),
                                headers=bcpao.JSON_HEADERS, empty_statuses=(204,))
    if not hits:
        return None
    stale = is_stale(response)
    account_url = bcpao.account_url(base_url, hits[0].account)
    record, response = get_parsed(http, account_url, lambda body, u: bcpao.parse_account(body, source_url=u),
                                  headers=bcpao.JSON_HEADERS)
    return Fetched(record, account_url, stale or is_stale(response))


def tax_bill(http: PortalHttp, base_url: str, account: str) -> Fetched | None:
    url = tax_collector.parcel_url(base_url, account)
    state, response = get_parsed(http, url, lambda body, u: tax_collector.parse_parcel_bill(body, source_url=u),
                                 empty_statuses=(404,))
    return None if state is None else Fetched(state, url, is_stale(response))


def certificates(http: PortalHttp, base_url: str, parcel_id: str) -> Fetched:
    url = REALTDM_URL_TEMPLATE.format(base_url=base_url.rstrip("/"), query=urlencode({"parcel": parcel_id}))
    certs, response = get_parsed(
        http, url, lambda body, u: tax_collector.parse_realtdm_certificates(body, source_url=u))
    return Fetched(certs, url, is_stale(response))


def demographics(http: PortalHttp, base_url: str, year: int, zips: list[str]) -> Fetched:
    url = census.acs_url(year, zips, base_url=base_url)
    rows, response = get_parsed(http, url, lambda body, u: census.parse_acs(body, source_url=u),
                                empty_statuses=(204,))
    return Fetched(rows or [], url, is_stale(response))

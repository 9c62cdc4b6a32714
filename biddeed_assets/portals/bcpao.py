"""Brevard County Property Appraiser (BCPAO): JSON search and account API, plus the older HTML results page.

The API answers `/api/v1/search?...` with a JSON array of hits and `/api/v1/account/{account}` with one
account object. Values come from `valueSummary[0]` (market, assessed, taxable); living area is the sum of
the buildings' "BASE AREA" sub-areas. The source has no bedroom or bathroom fields, so beds and baths are
always None (never 0).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from biddeed_assets.portals.errors import FetchError, ParseError, parse_errors_only
from biddeed_assets.portals.text import load_html, load_json, text_of

SOURCE = "bcpao"
DEFAULT_BASE_URL = "https://www.bcpao.us"
# Query parameters as the BCPAO web app sends them (address=, parcel=, activeonly, size, page).
SEARCH_URL_TEMPLATE = "{base_url}/api/v1/search?{query}"
ACCOUNT_URL_TEMPLATE = "{base_url}/api/v1/account/{account}"
PROPERTY_PAGE_URL_TEMPLATE = "{base_url}/PropertySearch/#/parcel/{account}"
JSON_HEADERS = {"Accept": "application/json"}
SEARCH_PAGE_SIZE = 10

# Postal cities of Brevard County, longest first so "MELBOURNE BEACH" wins over "MELBOURNE".
BREVARD_CITIES = tuple(
    sorted(
        (
            "CAPE CANAVERAL",
            "COCOA",
            "COCOA BEACH",
            "GRANT",
            "GRANT-VALKARIA",
            "INDIALANTIC",
            "INDIAN HARBOUR BEACH",
            "INDIAN HARBOR BEACH",
            "KENNEDY SPACE CENTER",
            "MALABAR",
            "MELBOURNE",
            "MELBOURNE BEACH",
            "MELBOURNE VILLAGE",
            "MERRITT ISLAND",
            "MICCO",
            "MIMS",
            "PALM BAY",
            "PALM SHORES",
            "PATRICK AFB",
            "PATRICK SFB",
            "ROCKLEDGE",
            "SATELLITE BEACH",
            "SCOTTSMOOR",
            "SEBASTIAN",
            "SHARPES",
            "TITUSVILLE",
            "VALKARIA",
            "VIERA",
            "WEST MELBOURNE",
            "BAREFOOT BAY",
        ),
        key=len,
        reverse=True,
    )
)
_STATE_ZIP = re.compile(r"^(?P<head>.*?)\s+FL\s+(?P<zip>\d{5})(?:-?\d{4})?$")
_PARCEL_ID = re.compile(r"^\d{2}[A-Z]?-\d{2}-\d{2}-[0-9A-Z*]{1,3}(?:-[0-9A-Z.*]+)*$")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class BcpaoHit:
    """One row of a BCPAO search: enough to pick the account to fetch."""

    account: str
    parcel_id: str | None = None
    owner: str | None = None
    site_address: str | None = None
    land_use: str | None = None
    inactive: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Sale:
    """One recorded transfer in the account's sales history."""

    date: str | None  # ISO date
    price: float | None
    deed_type: str | None  # deed code, e.g. WD, TD
    deed_description: str | None
    book: str | None
    page: str | None
    qualified: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class PropertyRecord:
    """An appraiser account: values, building facts and sales; unknown is None, never 0."""

    account: str
    parcel_id: str | None = None
    owner: str | None = None
    site_address: str | None = None
    street: str | None = None
    city: str | None = None
    zip: str | None = None
    market_value: float | None = None
    assessed_value: float | None = None
    taxable_value: float | None = None
    homestead: bool | None = None
    year_built: int | None = None
    living_area: float | None = None
    pool: bool | None = None
    land_use_code: str | None = None
    land_use_description: str | None = None
    legal_description: str | None = None
    acreage: float | None = None
    photo_url: str | None = None
    beds: None = None  # the source has no such field
    baths: None = None  # the source has no such field
    sales: list[Sale] = field(default_factory=list)
    source: str = SOURCE
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def search_url(base_url: str, parcel_or_address: str) -> str:
    """The search URL: a parcel id goes in `parcel=`, anything else in `address=`."""
    term = " ".join(parcel_or_address.split()).upper()
    key = "parcel" if _PARCEL_ID.match(term) else "address"
    query = urlencode({key: term, "activeonly": "true", "size": SEARCH_PAGE_SIZE, "page": 1})
    return SEARCH_URL_TEMPLATE.format(base_url=base_url.rstrip("/"), query=query)


def account_url(base_url: str, account: str | int) -> str:
    return ACCOUNT_URL_TEMPLATE.format(base_url=base_url.rstrip("/"), account=str(account).strip())


def _get(http: Any, url: str, what: str) -> Any:
    try:
        response = http.get(url, headers=JSON_HEADERS)
    except httpx.HTTPError as exc:
        raise FetchError(f"{what} unreachable at {url}: {exc}") from exc
    return response


def search(http: Any, base_url: str, parcel_or_address: str) -> list[BcpaoHit]:
    """Search BCPAO by parcel id or site address; no match is an empty list."""
    url = search_url(base_url, parcel_or_address)
    response = _get(http, url, "BCPAO search")
    if response.status_code == 204:
        return []  # the API answers a search without hits with No Content
    if response.status_code != 200:
        raise FetchError(f"BCPAO search at {url} answered HTTP {response.status_code}")
    return parse_search(response.text, source_url=url)


def fetch_account(http: Any, base_url: str, account: str | int) -> PropertyRecord:
    """GET one account and parse it, or raise FetchError / ParseError."""
    url = account_url(base_url, account)
    response = _get(http, url, "BCPAO account")
    if response.status_code != 200:
        raise FetchError(f"BCPAO account at {url} answered HTTP {response.status_code}")
    if not response.text.strip():
        raise FetchError(f"BCPAO account at {url} is empty")
    return parse_account(response.text, source_url=url)


def _str(value: Any) -> str | None:
    """A trimmed, whitespace-collapsed string, or None for empty and non-scalar values."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _num(value: Any) -> float | None:
    """A finite number from a JSON number or numeric string, else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            number = float(str(value).replace(",", "").replace("$", "").strip())
    except (ValueError, OverflowError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _iso(value: Any) -> str | None:
    m = _ISO_DATE.match(_str(value) or "")
    return m.group(1) if m else None


def _hit(row: dict) -> BcpaoHit | None:
    account = _str(row.get("account")) or _str(row.get("propertyID"))
    if account is None:
        return None
    inactive = row.get("inactiveFlag")
    return BcpaoHit(
        account=account,
        parcel_id=_str(row.get("parcelID")),
        owner=_str(row.get("owners")) or _str(row.get("owner")),
        site_address=_str(row.get("siteAddress")),
        land_use=_str(row.get("landUseCode")),
        inactive=inactive if isinstance(inactive, bool) else None,
    )


def _prove_hits(data: list, source_url: str | None) -> None:
    """Every hit agrees on totalCount, and the page carries as many hits as that count leaves for it."""
    totals = {row.get("totalCount") for row in data if isinstance(row, dict) and "totalCount" in row}
    if not totals:
        return
    if len(totals) > 1 or not all(isinstance(t, int) and not isinstance(t, bool) for t in totals):
        raise ParseError(f"the BCPAO hits disagree on totalCount: {sorted(map(str, totals))}", source_url=source_url)
    total = totals.pop()
    query = parse_qs(urlsplit(source_url or "").query)
    size = _positive(query.get("size"), SEARCH_PAGE_SIZE)
    page = _positive(query.get("page"), 1)
    expected = max(0, min(size, total - (page - 1) * size))
    if len(data) != expected:
        raise ParseError(
            f"the BCPAO search reports {total} hits, so {expected} on page {page}, but carries {len(data)}",
            source_url=source_url,
        )


def _positive(values: list[str] | None, default: int) -> int:
    value = (values or [""])[0]
    return int(value) if value.isdecimal() and int(value) > 0 else default


@parse_errors_only("BCPAO search response")
def parse_search(text: str | bytes, *, source_url: str | None = None) -> list[BcpaoHit]:
    """Parse a `/api/v1/search` response (a JSON array of hits); a hit without an account, or a count of
    hits the response's own totalCount does not allow, is a ParseError."""
    data = load_json(text, "BCPAO response", source_url)
    if not isinstance(data, list):
        raise ParseError("a BCPAO search response must be a JSON array", source_url=source_url)
    hits = [_hit(row) if isinstance(row, dict) else None for row in data]
    if None in hits:
        raise ParseError(
            f"{hits.count(None)} of {len(hits)} BCPAO search hits carry no account", source_url=source_url
        )
    _prove_hits(data, source_url)
    return [h for h in hits if h is not None]


def split_site_address(
    address: str | None, mailing: dict | None = None
) -> tuple[str | None, str | None, str | None]:
    """Split 'STREET CITY FL ZIP' into (street, city, zip); an unknown city leaves street and city None."""
    text = _str(address)
    if text is None:
        return None, None, None
    m = _STATE_ZIP.match(text.upper())
    if not m:
        return None, None, None
    head, zip_code = m.group("head").strip(), m.group("zip")
    if mailing:
        # When the owner lives at the site, the mailing address gives the split for certain.
        mail_formatted = " ".join(str(mailing.get("formatted") or "").split()).upper()
        street, city = _str(mailing.get("addr1")), _str(mailing.get("city"))
        if mail_formatted == f"{head} FL {zip_code}" and street and city:
            return street.upper(), city.upper(), zip_code
    for city in BREVARD_CITIES:
        if head.endswith(" " + city):
            return head[: -len(city)].strip() or None, city, zip_code
    return None, None, zip_code


def _site_address(data: dict) -> str | None:
    address = _str(data.get("siteAddress"))
    if address and "MULTIPLE ADDRESSES" in address.upper():
        addresses = _dicts(data.get("siteAddresses"))
        primary = [a for a in addresses if a.get("isPrimaryFlag") is True] or addresses
        return _str(primary[0].get("siteAddress")) if primary else None
    return address


def _homestead(data: dict) -> bool | None:
    exemptions = data.get("exemptions")
    if not isinstance(exemptions, list):
        return None
    for ex in _dicts(exemptions):
        code = (_str(ex.get("code")) or "").upper()
        desc = (_str(ex.get("description")) or "").upper()
        if code.startswith("HEX") or "HOMESTEAD" in desc:
            return True
    return False


def _buildings(data: dict) -> list[dict] | None:
    buildings = data.get("buildings")
    return _dicts(buildings) if isinstance(buildings, list) else None


def _year_built(buildings: list[dict] | None) -> int | None:
    years = [int(y) for b in buildings or [] if (y := _num(b.get("yearBuilt"))) and 1700 < y < 2200]
    return min(years) if years else None


def _living_area(buildings: list[dict] | None) -> float | None:
    """Sum of BASE AREA sub-areas over all buildings; a building without sub-areas adds its totalBaseArea."""
    total, seen = 0.0, False
    for building in buildings or []:
        subareas = _dicts(building.get("subAreaInfo"))
        base = [
            _num(s.get("grossSqFtArea"))
            for s in subareas
            if (_str(s.get("description")) or "").upper().startswith("BASE AREA")
        ]
        base = [b for b in base if b is not None and b > 0]
        if base:
            total, seen = total + sum(base), True
        elif not subareas and (tba := _num(building.get("totalBaseArea"))):
            total, seen = total + tba, True
    return total if seen else None


def _pool(data: dict, buildings: list[dict] | None) -> bool | None:
    """True when any extra feature is a pool; False only when feature lists are present without one."""
    lists = [data.get("addlXFeatures")] + [b.get("extraFeatureInfo") for b in buildings or []]
    known = [lst for lst in lists if isinstance(lst, list)]
    if not known:
        return None
    for feature in (f for lst in known for f in _dicts(lst)):
        if re.match(r"^(SWIMMING\s+)?POOL\b", (_str(feature.get("description")) or "").upper()):
            return True
    return False


def _sale(row: dict) -> Sale:
    qualified = row.get("qualified")
    return Sale(
        date=_iso(row.get("saleDate")),
        price=_num(row.get("salePrice")),
        deed_type=_str(row.get("deedCode")),
        deed_description=_str(row.get("deedDesc")),
        book=_str(row.get("book")),
        page=_str(row.get("page")),
        qualified=qualified if isinstance(qualified, bool) else None,
    )


_ACCOUNT_LISTS = ("valueSummary", "buildings", "salesHistory", "exemptions", "addlXFeatures", "siteAddresses")


@parse_errors_only("BCPAO account response")
def parse_account(text: str | bytes, *, source_url: str | None = None) -> PropertyRecord:
    """Parse a `/api/v1/account/{account}` response into a PropertyRecord; without its account, or with a
    list field of another shape, it is a ParseError."""
    data = load_json(text, "BCPAO response", source_url)
    if not isinstance(data, dict) or _str(data.get("account")) is None:
        raise ParseError("a BCPAO account response must be an object with an account", source_url=source_url)
    wrong = [key for key in _ACCOUNT_LISTS if data.get(key) is not None and not isinstance(data[key], list)]
    if wrong:
        raise ParseError(f"the BCPAO account's {', '.join(wrong)} must be lists", source_url=source_url)
    values = (_dicts(data.get("valueSummary")) or [{}])[0]
    buildings = _buildings(data)
    use = data.get("propertyUse") if isinstance(data.get("propertyUse"), dict) else {}
    mailing = data.get("mailingAddress") if isinstance(data.get("mailingAddress"), dict) else None
    site = _site_address(data)
    street, city, zip_code = split_site_address(site, mailing)
    return PropertyRecord(
        account=_str(data.get("account")) or "",
        parcel_id=_str(data.get("parcelID")),
        owner=_str(data.get("owner")),
        site_address=site,
        street=street,
        city=city,
        zip=zip_code,
        market_value=_num(values.get("marketVal")),
        assessed_value=_num(values.get("assessedVal")),
        taxable_value=_num(values.get("taxableVal")),
        homestead=_homestead(data),
        year_built=_year_built(buildings),
        living_area=_living_area(buildings),
        pool=_pool(data, buildings),
        land_use_code=_str(use.get("code")),
        land_use_description=_str(use.get("description")),
        legal_description=_str(data.get("legalDescription")),
        acreage=_num(data.get("acreage")),
        photo_url=_str(data.get("photoUrl")),
        sales=[_sale(row) for row in _dicts(data.get("salesHistory"))],
        source_url=source_url,
    )


@parse_errors_only("BCPAO results page")
def parse_legacy_results(html: str | bytes, *, source_url: str | None = None) -> list[BcpaoHit]:
    """Parse the older real_search.asp results page (Account, Owner Name, Property Address, Parcel Id)."""
    doc = load_html(html, "BCPAO results page", source_url, encoding="iso-8859-1")
    for table in doc.iter("table"):
        header = [text_of(th).lower() for th in table.xpath("./tr/th|./tbody/tr/th")]
        if "account" in header and "parcel id" in header:
            return _legacy_rows(table, header)
    raise ParseError("no BCPAO results table (Account ... Parcel Id) on the page", source_url=source_url)


def _legacy_rows(table, header: list[str]) -> list[BcpaoHit]:
    col = {
        name: header.index(name)
        for name in ("account", "owner name", "property address", "parcel id")
        if name in header
    }
    hits = []
    for row in table.xpath("./tr|./tbody/tr"):
        cells = [text_of(td) for td in row.xpath("./td")]
        if len(cells) < len(header) or not re.fullmatch(r"\d+", cells[col["account"]]):
            continue
        hits.append(
            BcpaoHit(
                account=cells[col["account"]],
                parcel_id=cells[col["parcel id"]] or None,
                owner=cells[col["owner name"]] or None if "owner name" in col else None,
                site_address=cells[col["property address"]] or None if "property address" in col else None,
            )
        )
    return hits


@parse_errors_only("BCPAO search response")
def search_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `bcpao-search` view: JSON search hits, or the legacy HTML results page."""
    head = text[:200].decode("latin-1") if isinstance(text, bytes) else text[:200]
    if head.lstrip("\ufeff\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith("<"):
        return [h.to_dict() for h in parse_legacy_results(text, source_url=source_url)]
    return [h.to_dict() for h in parse_search(text, source_url=source_url)]


@parse_errors_only("BCPAO account response")
def account_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `bcpao-account` view: one property record."""
    return [parse_account(text, source_url=source_url).to_dict()]


PAGE_KINDS = {"bcpao-search": search_rows, "bcpao-account": account_rows}

"""Census ACS 5-year API: housing and income figures per ZIP code tabulation area (ZCTA).

The API answers a JSON array of arrays: the first row names the columns (the requested variables, then
the geography, "zip code tabulation area"), each further row is one ZCTA, values as strings. Negative
sentinels (-666666666 "too few samples", -999999999, -888888888, -222222222, ...) mean no estimate and
become None; every variable read here is a count or a dollar figure, so no real value is negative.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.text import load_json

SOURCE = "census_acs5"
DEFAULT_BASE_URL = "https://api.census.gov"
GEOGRAPHY = "zip code tabulation area"
MEDIAN_HOUSEHOLD_INCOME = "B19013_001E"
MEDIAN_HOME_VALUE = "B25077_001E"
HOUSING_UNITS = "B25002_001E"
VACANT_UNITS = "B25002_003E"
OCCUPIED_UNITS = "B25003_001E"
OWNER_OCCUPIED_UNITS = "B25003_002E"
ACS_VARIABLES = (
    MEDIAN_HOUSEHOLD_INCOME,
    MEDIAN_HOME_VALUE,
    HOUSING_UNITS,
    VACANT_UNITS,
    OCCUPIED_UNITS,
    OWNER_OCCUPIED_UNITS,
)
# e.g. https://api.census.gov/data/2022/acs/acs5?get=NAME,B19013_001E,...&for=zip%20code%20tabulation%20area:32940
ACS_URL_TEMPLATE = "{base_url}/data/{year}/acs/acs5?get={variables}&for={geography}:{zips}"


@dataclass(frozen=True, slots=True)
class ZipDemographics:
    """ACS 5-year figures for one ZCTA; rates are fractions in [0, 1], unknown is None."""

    zip: str
    median_household_income: float | None = None
    median_home_value: float | None = None
    housing_units: float | None = None
    vacant_units: float | None = None
    vacancy_rate: float | None = None
    owner_occupancy_rate: float | None = None
    name: str | None = None
    source: str = SOURCE
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def acs_url(
    year: int, zips: list[str] | None = None, *, key: str | None = None, base_url: str = DEFAULT_BASE_URL
) -> str:
    """The ACS 5-year request for our variables; no zips asks for every ZCTA ("*")."""
    url = ACS_URL_TEMPLATE.format(
        base_url=base_url.rstrip("/"),
        year=int(year),
        variables=",".join(("NAME", *ACS_VARIABLES)),
        geography=quote(GEOGRAPHY),
        zips=",".join(zips) if zips else "*",
    )
    return url + (f"&key={quote(key, safe='')}" if key else "")


def estimate(value: Any) -> float | None:
    """An ACS estimate as a number; null, non-numeric and negative sentinel values are None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if number != number or number in (float("inf"), float("-inf")) or number < 0:
        return None
    return number


def _rate(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole <= 0 or part > whole:
        return None
    return part / whole


def _load(text: str | bytes, source_url: str | None) -> list[list[Any]]:
    data = load_json(text, "ACS response", source_url)
    if not isinstance(data, list) or not data or not all(isinstance(row, list) for row in data):
        raise ParseError("an ACS response must be a non-empty JSON array of arrays", source_url=source_url)
    return data


def _requested(source_url: str | None) -> list[str]:
    """The variables the request asked for (its `get=`), which the header must name."""
    try:
        query = parse_qs(urlsplit(source_url or "").query)
    except ValueError:
        return []
    return [v for v in ",".join(query.get("get", [])).split(",") if v]


@parse_errors_only("ACS response")
def parse_acs(text: str | bytes, *, source_url: str | None = None) -> list[ZipDemographics]:
    """Parse an ACS 5-year response by ZCTA; rows keyed by the header row, so column order is free. The
    header must name the geography and every variable the request asked for, and every row must be as
    wide as the header."""
    data = _load(text, source_url)
    header = [str(h) for h in data[0]]
    if GEOGRAPHY not in header:
        raise ParseError(f"the ACS response has no '{GEOGRAPHY}' column", source_url=source_url)
    if not any(v in header for v in ACS_VARIABLES):
        raise ParseError("the ACS response has none of the expected variables", source_url=source_url)
    missing = [v for v in _requested(source_url) if v not in header]
    if missing:
        raise ParseError(f"the ACS header lacks the requested {', '.join(missing)}", source_url=source_url)
    rows = []
    for raw in data[1:]:
        if len(raw) != len(header):
            raise ParseError(
                f"an ACS row has {len(raw)} values for {len(header)} columns", source_url=source_url
            )
        rows.append(_zip_row(dict(zip(header, raw, strict=True)), source_url))
    return rows


def _zip_row(row: dict[str, Any], source_url: str | None) -> ZipDemographics:
    zcta = row.get(GEOGRAPHY)
    if not isinstance(zcta, (str, int)) or isinstance(zcta, bool) or not str(zcta).strip():
        raise ParseError(f"an ACS row has no ZCTA: {row!r}"[:200], source_url=source_url)
    housing, vacant = estimate(row.get(HOUSING_UNITS)), estimate(row.get(VACANT_UNITS))
    name = row.get("NAME")
    return ZipDemographics(
        zip=str(zcta).strip().zfill(5),
        median_household_income=estimate(row.get(MEDIAN_HOUSEHOLD_INCOME)),
        median_home_value=estimate(row.get(MEDIAN_HOME_VALUE)),
        housing_units=housing,
        vacant_units=vacant,
        vacancy_rate=_rate(vacant, housing),
        owner_occupancy_rate=_rate(
            estimate(row.get(OWNER_OCCUPIED_UNITS)), estimate(row.get(OCCUPIED_UNITS))
        ),
        name=name if isinstance(name, str) else None,
        source_url=source_url,
    )


@parse_errors_only("ACS response")
def acs_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `census` view: one row per ZCTA."""
    return [z.to_dict() for z in parse_acs(text, source_url=source_url)]


PAGE_KINDS = {"census": acs_rows}

"""The RealForeclose page kinds of `biddeed parse KIND FILE [--county C --date D]`, as JSON-ready dicts."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from biddeed_assets.portals.errors import parse_errors_only
from biddeed_assets.portals.realforeclose.calendar import parse_calendar
from biddeed_assets.portals.realforeclose.day import parse_day
from biddeed_assets.portals.realforeclose.load import parse_load
from biddeed_assets.portals.realforeclose.readers import county_from_url
from biddeed_assets.portals.realforeclose.update import parse_update
from biddeed_assets.portals.records import ParsedPage


def _rows(page: ParsedPage) -> list[dict]:
    rejected = [{"rejected": row.reason, "raw": row.raw, "source_url": row.source_url} for row in page.rejected]
    return [record.to_dict() for record in page.records] + rejected


def _url_county(source_url: str | None) -> str | None:
    county = county_from_url(source_url)
    return None if county == "unknown" else county


@parse_errors_only("calendar page")
def _calendar_dicts(text: str | bytes, source_url: str | None = None) -> list[dict]:
    return [dataclasses.asdict(day) for day in parse_calendar(text, source_url=source_url)]


@parse_errors_only("LOAD body")
def _load_dicts(
    text: str | bytes, source_url: str | None = None, *, county: str | None = None, auction_date: str | None = None
) -> list[dict]:
    """A saved payload carries no date: records keep a null date and county unless given (or in the URL)."""
    page = parse_load(text, county=county or _url_county(source_url), auction_date=auction_date,
                      source_url=source_url, require_date=False)
    return _rows(page)


@parse_errors_only("day page")
def _day_dicts(
    text: str | bytes, source_url: str | None = None, *, county: str | None = None, auction_date: str | None = None
) -> list[dict]:
    return _rows(parse_day(text, county=county, auction_date=auction_date, source_url=source_url, require_date=False))


@parse_errors_only("UPDATE body")
def _update_dicts(text: str | bytes, source_url: str | None = None) -> list[dict]:
    return [dataclasses.asdict(status) for status in parse_update(text, source_url=source_url)]


PAGE_KINDS: dict[str, Callable[..., list[dict]]] = {
    "realforeclose-calendar": _calendar_dicts,
    "realforeclose-load": _load_dicts,
    "realforeclose-day": _day_dicts,
    "realforeclose-update": _update_dicts,
}

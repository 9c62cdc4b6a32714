"""`biddeed counties`: every county BidDeed knows, its platform, whether it is enabled, its next sale, its sources."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import psycopg

from biddeed_assets.portals import sources
from biddeed_assets.portals.counties import REGISTRY, enabled_slugs
from biddeed_assets.store import config, county_sales, server

TIMEZONE = ZoneInfo("America/New_York")
CONNECT_TIMEOUT_S = 3


def running_database_url() -> str | None:
    """BIDDEED_DATABASE_URL, else the embedded server's URL when it already runs (never starts one)."""
    external = config.external_url()
    if external:
        return external
    from pgserver.utils import PostmasterInfo

    pgdata = server.pgdata_dir()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return None
    return info.get_uri(database=config.DOMAIN_DB)


def next_sales(today: dt.date) -> tuple[dict[str, str], str | None]:
    """County -> next stored sale date, and why there are none when the database cannot say."""
    url = running_database_url()
    if url is None:
        return {}, "the database is not running: next_sale unknown (`biddeed db up`)"
    try:
        with psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            return county_sales.next_sales(conn, today), None
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        return {}, config.mask_text(f"the database could not say ({reason}): next_sale unknown", url)


def _why_disabled(info, enabled: set[str]) -> str | None:
    if info.slug in enabled:
        return None
    if not sources.can_be_enabled(info.slug):
        return sources.describe(sources.for_county(info.slug).sale_list)
    return "not in BIDDEED_COUNTIES"


def rows(today: dt.date) -> tuple[list[dict], str | None]:
    """One row per registry county, and the note on next_sale when the database could not say."""
    enabled = set(enabled_slugs())
    found, note = next_sales(today)
    out = []
    for info in REGISTRY:
        out.append({
            "slug": info.slug,
            "name": info.name,
            "platform": info.platform,
            "enabled": info.slug in enabled,
            "disabled_reason": _why_disabled(info, enabled),
            "site_url": info.site_url,
            "url_derived": info.url_derived,
            "next_sale": found.get(info.slug),
            "sources": sources.summary(info.slug),
            "fetch": sources.describe_county(info.slug),
        })
    return out, note


def text(listing: list[dict], today: dt.date | None = None) -> str:
    """The listing as aligned lines under a title naming the day next_sale counts from: slug, platform,
    enabled, next sale, then what can and cannot be fetched."""
    enabled = sum(row["enabled"] for row in listing)
    lines = [f"{len(listing)} Florida counties, {enabled} enabled" + (f"; next sale on or after {today}" if today else "")]
    width = max(len(row["slug"]) for row in listing)
    for row in listing:
        enabled = "enabled" if row["enabled"] else "disabled"
        url = f" site {row['site_url']}" + (" (derived, unverified)" if row["url_derived"] else "") if row[
            "site_url"] else ""
        lines.append(f"{row['slug']:<{width}}  {row['platform']:<15}  {enabled:<8}  next_sale "
                     f"{row['next_sale'] or 'unknown':<10}  {row['name']}{url}")
        if row["disabled_reason"]:
            lines.append(f"{'':<{width}}  disabled: {row['disabled_reason']}")
        else:
            lines.append(f"{'':<{width}}  {row['fetch']}")
    return "\n".join(lines)


def run(*, as_json: bool, today: dt.date | None = None) -> tuple[str, str | None]:
    """What `biddeed counties` prints (JSON lines or text) and the note for stderr, if any."""
    today = today or dt.datetime.now(TIMEZONE).date()
    listing, note = rows(today)
    if as_json:
        return "\n".join(json.dumps(row, sort_keys=False) for row in listing), note
    return text(listing, today), note

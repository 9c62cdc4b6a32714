"""Every page kind `biddeed parse KIND FILE` understands, gathered from the portal modules."""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from datetime import date, datetime

from biddeed_assets.portals.counties import REGISTRY

_MODULES = ("clerk_sale_list", "realforeclose", "bcpao", "beca_docket", "official_records", "tax_collector", "census")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MDY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def page_kinds() -> dict[str, Callable[..., list[dict]]]:
    kinds: dict[str, Callable] = {}
    for name in _MODULES:
        kinds.update(importlib.import_module(f"biddeed_assets.portals.{name}").PAGE_KINDS)
    return kinds


def takes_sale_context(kind: Callable) -> bool:
    """True for the kinds whose saved page may not say its county and sale date (`--county`, `--date`)."""
    parameters = inspect.signature(kind).parameters
    return "county" in parameters and "auction_date" in parameters


def sale_date_arg(text: str) -> str:
    """An ISO date from YYYY-MM-DD or MM/DD/YYYY; ValueError with a one-line reason otherwise."""
    text = text.strip()
    try:
        if _ISO.match(text):
            return date.fromisoformat(text).isoformat()
        if _MDY.match(text):
            return datetime.strptime(text, "%m/%d/%Y").date().isoformat()
    except ValueError:
        pass
    raise ValueError(f"--date {text!r} is not a date as YYYY-MM-DD or MM/DD/YYYY")


def county_arg(text: str) -> str:
    """The registry slug of a county given by slug or name ('miami_dade', 'Miami-Dade'); ValueError otherwise."""
    wanted = text.strip().lower()
    for county in REGISTRY:
        if wanted in (county.slug, county.name.lower(), county.name.lower().replace("-", "_").replace(" ", "_")):
            return county.slug
    raise ValueError(f"--county {text!r} is not a known county (slugs as `biddeed counties` lists them)")


def sale_context(kind: Callable, args) -> dict[str, str]:
    """The county/auction_date keywords the `parse` command's --county/--date give a kind; ValueError when
    they are malformed, unknown, or given to a kind whose pages say their own."""
    given = {"county": args.county, "auction_date": args.date}
    if not any(given.values()):
        return {}
    if not takes_sale_context(kind):
        raise ValueError("--county and --date apply only to realforeclose-load and realforeclose-day pages")
    context = {}
    if args.county:
        context["county"] = county_arg(args.county)
    if args.date:
        context["auction_date"] = sale_date_arg(args.date)
    return context

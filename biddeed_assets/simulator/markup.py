"""Small formats the simulated pages share: escaped text, money, the offices' date styles, compact JSON."""

from __future__ import annotations

import datetime as dt
import html
import json


def escape(value) -> str:
    """HTML-escaped text; None prints nothing."""
    return html.escape("" if value is None else str(value), quote=True)


def money(value: float) -> str:
    """$1,234.56, as every office prints an amount."""
    return f"${value:,.2f}"


def mdy(day: dt.date) -> str:
    """05/02/2013, as BECA and RealForeclose print dates."""
    return day.strftime("%m/%d/%Y")


def short_mdy(day: dt.date) -> str:
    """6/6/2008, as OnCore prints dates."""
    return f"{day.month}/{day.day}/{day.year}"


def parse_mdy(text: str | None) -> dt.date | None:
    """M/D/YYYY as OnCore's bd/ed/d parameters carry it; anything else is None."""
    try:
        return dt.datetime.strptime((text or "").strip(), "%m/%d/%Y").date()
    except ValueError:
        return None


def dumps(data) -> bytes:
    """JSON as the county APIs print it (json's default separators)."""
    return json.dumps(data).encode()

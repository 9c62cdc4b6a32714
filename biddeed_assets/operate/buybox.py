"""Buy boxes: an investor's saved criteria, which bid-sheet rows match one, and which matches are news.

A criterion left out accepts any case. A criterion that needs a figure the case lacks (no judgment, no
value) does not match it: an unknown is never taken for a yes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from biddeed_assets.bid_sheet.formats import markdown_text
from biddeed_assets.model.features import PROPERTY_TYPES
from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.portals.counties import BY_SLUG
from biddeed_assets.portals.kinds import county_arg
from biddeed_assets.rules.decisions import BID, DECISIONS, REVIEW

DEFAULT_DECISIONS: tuple[str, ...] = (str(BID), str(REVIEW))
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")
_ZIP = re.compile(r"^\d{5}$")


class InvalidBuyBox(ValueError):
    """A buy box argument that cannot be used; the message is one line naming the option."""


@dataclass(frozen=True)
class BuyBox:
    """One saved set of criteria; empty tuples and None accept any case."""

    name: str
    counties: tuple[str, ...] = ()
    max_judgment: float | None = None
    min_value_to_judgment: float | None = None
    zips: tuple[str, ...] = ()
    decisions: tuple[str, ...] = DEFAULT_DECISIONS
    property_types: tuple[str, ...] = ()
    id: int | None = None

    def matches(self, row: Mapping[str, Any]) -> bool:
        """Whether a candidate (a bid-sheet row with its value, ZIP and property type) meets every criterion."""
        if self.counties and row["county"] not in self.counties:
            return False
        if row.get("decision") not in self.decisions:
            return False
        judgment = _number(row.get("final_judgment"))
        if self.max_judgment is not None and (judgment is None or judgment > self.max_judgment):
            return False
        if self.min_value_to_judgment is not None:
            ratio = value_to_judgment(row)
            if ratio is None or ratio < self.min_value_to_judgment:
                return False
        if self.zips and zip5(row.get("zip")) not in self.zips:
            return False
        return not self.property_types or row.get("property_type") in self.property_types

    def criteria(self) -> str:
        """The criteria in words, as `biddeed buybox list` shows them."""
        parts = [f"county {','.join(self.counties)}" if self.counties else "any county"]
        if self.max_judgment is not None:
            parts.append(f"judgment <= ${self.max_judgment:,.0f}")
        if self.min_value_to_judgment is not None:
            parts.append(f"value/judgment >= {self.min_value_to_judgment:g}")
        if self.zips:
            parts.append(f"zip {','.join(self.zips)}")
        parts.append(f"decision {','.join(self.decisions)}")
        if self.property_types:
            parts.append(f"type {','.join(self.property_types)}")
        return "; ".join(parts)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def zip5(value: Any) -> str | None:
    text = str(value or "").strip()[:5]
    return text if _ZIP.match(text) else None


def case_value(row: Mapping[str, Any]) -> float | None:
    """The case's value as the analysis takes it (appraiser market value, else an assessed value)."""
    case = {"assessed_value": row.get("case_assessed_value")}
    prop = {"market_value": row.get("market_value"), "assessed_value": row.get("property_assessed_value")}
    return CaseInputs(case=case, prop=prop).value()


def value_to_judgment(row: Mapping[str, Any]) -> float | None:
    value, judgment = case_value(row), _number(row.get("final_judgment"))
    return None if value is None or not judgment or judgment <= 0 else value / judgment


# --- arguments ---------------------------------------------------------------------------------------------

def _items(values: Iterable[str] | None) -> list[str]:
    """Repeated options and comma lists alike: ["a,b", "c"] -> ["a", "b", "c"]."""
    return [item.strip() for value in values or () for item in str(value).split(",") if item.strip()]


def _positive(option: str, text: str | None) -> float | None:
    if text is None:
        return None
    try:
        number = float(str(text).replace(",", "").replace("$", "").strip())
    except ValueError:
        raise InvalidBuyBox(f"{option} must be a number, not {text!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise InvalidBuyBox(f"{option} must be a positive number, not {text!r}")
    return number


def _choices(option: str, given: list[str], known: Sequence[str], normalize) -> tuple[str, ...]:
    chosen = []
    for item in given:
        value = normalize(item)
        if value not in known:
            raise InvalidBuyBox(f"{option}: unknown value {item!r}; known: {', '.join(known)}")
        if value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def _county_slug(text: str) -> str:
    try:
        return county_arg(text)
    except ValueError:
        return text  # refused by _choices, with the known slugs


def parse(name: str | None, *, counties: Iterable[str] | None = None, max_judgment: str | None = None,
          min_value_to_judgment: str | None = None, zips: Iterable[str] | None = None,
          decisions: Iterable[str] | None = None, property_types: Iterable[str] | None = None) -> BuyBox:
    """A BuyBox from command-line text; InvalidBuyBox names the first bad argument."""
    check_name(name)
    zip_list = _items(zips)
    bad = [z for z in zip_list if not _ZIP.match(z)]
    if bad:
        raise InvalidBuyBox(f"--zip takes 5-digit ZIP codes, not {bad[0]!r}")
    decision_words = _items(decisions)
    return BuyBox(
        name=name,
        counties=_choices("--county", _items(counties), sorted(BY_SLUG), _county_slug),
        max_judgment=_positive("--max-judgment", max_judgment),
        min_value_to_judgment=_positive("--min-value-to-judgment", min_value_to_judgment),
        zips=tuple(dict.fromkeys(zip_list)),
        decisions=_choices("--decision", decision_words, [str(d) for d in DECISIONS],
                           lambda t: t.upper().replace("-", "_")) if decision_words else DEFAULT_DECISIONS,
        property_types=_choices("--property-type", _items(property_types), PROPERTY_TYPES,
                                lambda t: t.upper().replace("_", "-")),
    )


def check_name(name: str | None) -> str:
    if not name:
        raise InvalidBuyBox("a buy box needs a NAME")
    if not _NAME.match(name):
        raise InvalidBuyBox(f"{name!r} is not a buy box name: letters, digits, '.', '_' and '-', at most 60")
    return name


# --- what is news ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    """A case to announce for a buy box; `previous` is the decision announced before, if any."""

    box: BuyBox
    row: Mapping[str, Any]
    previous: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return case_key(self.row)


def case_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    return (row["county"], str(row["auction_date"]), row["case_number"])


def news(box: BuyBox, rows: Iterable[Mapping[str, Any]],
         announced: Mapping[tuple[str, str, str], str]) -> list[Match]:
    """The matching rows never announced for this box, or announced with another decision."""
    found = []
    for row in rows:
        if not box.matches(row):
            continue
        previous = announced.get(case_key(row))
        if previous != row["decision"]:
            found.append(Match(box, row, previous))
    return found


def _money(value: Any) -> str:
    number = _number(value)
    return "unknown" if number is None else f"${number:,.0f}"


def match_line(match: Match) -> str:
    row = match.row
    ratio = value_to_judgment(row)
    changed = f" (was {match.previous})" if match.previous else ""
    return (f"{row['county']} {row['auction_date']} {row['case_number']}: {row['decision']}{changed}, "
            f"max bid {_money(row.get('max_bid_calculated'))}, judgment {_money(row.get('final_judgment'))}, "
            f"value/judgment {'unknown' if ratio is None else f'{ratio:.2f}'}"
            + (f", {row['property_address']}" if row.get("property_address") else ""))


def notice(box: BuyBox, matches: Sequence[Match], *, shown: int = 20) -> tuple[str, str]:
    """The alert's title and message for one box's new matches (the first `shown` listed)."""
    count = len(matches)
    title = f"buy box {box.name}: {count} new match{'es' if count != 1 else ''}"
    lines = [match_line(m) for m in matches[:shown]]
    if count > shown:
        lines.append(f"... and {count - shown} more: biddeed buybox matches {box.name}")
    return title, "\n".join(lines)


# --- the announced matches as a table (the UI's markdown, the command's text) -------------------------------

MATCH_COLUMNS = (
    ("buy_box", "buy box"), ("announced_at", "announced"), ("county", "county"), ("auction_date", "sale date"),
    ("case_number", "case"), ("decision", "decision"), ("previous_decision", "was"), ("final_judgment", "judgment"),
    ("value", "value"), ("max_bid", "max bid"), ("zip", "zip"), ("property_type", "type"),
    ("property_address", "address"),
)
_MONEY_COLUMNS = ("final_judgment", "value", "max_bid")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def match_cells(row: Mapping[str, Any]) -> list[str]:
    """One announced match as display cells; unknown is a dash, scraped text cannot drive a terminal."""
    cells = []
    for key, _ in MATCH_COLUMNS:
        value = row.get(key)
        if value is None:
            cells.append("—")
        elif key in _MONEY_COLUMNS:
            cells.append(_money(value))
        elif key == "announced_at":
            cells.append(f"{value:%Y-%m-%d %H:%M}")
        else:
            cells.append(" ".join(_CONTROL.sub(" ", str(value)).split()))
    return cells


def matches_markdown(rows: Sequence[Mapping[str, Any]], saved: Sequence[Mapping[str, Any]] = ()) -> str:
    """The buy boxes' criteria, then the announced matches as a markdown table."""
    lines = [f"- **{markdown_text(b['name'])}**: {markdown_text(b['box'].criteria())}" for b in saved]
    if not saved:
        lines.append("No buy box saved yet: `biddeed buybox add NAME --county ... --decision BID,REVIEW`.")
    lines += ["", "| " + " | ".join(t for _, t in MATCH_COLUMNS) + " |", "|" + "---|" * len(MATCH_COLUMNS)]
    lines += ["| " + " | ".join(markdown_text(c) for c in match_cells(r)) + " |" for r in rows]
    if not rows:
        lines.append("| " + " | ".join(["no match announced yet"] + [""] * (len(MATCH_COLUMNS) - 1)) + " |")
    return "\n".join(lines)


def matches_table(rows: Sequence[Mapping[str, Any]]) -> str:
    cells = [match_cells(r) for r in rows]
    titles = [t for _, t in MATCH_COLUMNS]
    widths = [max([len(t)] + [len(r[i]) for r in cells]) for i, t in enumerate(titles)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*titles), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in cells])

"""Format the bid sheet (auction_results rows) as a table, CSV, markdown or HTML.

A max bid computed before repairs (repairs unknown) shows as a ceiling ("≤$140,000"; the CSV's
`max_bid_is_ceiling` column); a plaintiff max bid the site shows as "Hidden" shows as "hidden". A case in an
experiment shows its variant's max bid beside the control's ("lean $61,000"; the CSV's `experiment_variant`).
The narrative shows in full in markdown, HTML and CSV (with `narrative_source`); the table cuts it at its width.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Sequence
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
COLUMNS = (
    ("case_number", "case"), ("decision", "decision"), ("auction_type", "type"), ("max_bid_calculated", "max bid"),
    ("variant_max_bid", "variant max bid"),
    ("final_judgment", "judgment"), ("opening_bid", "opening bid"), ("bid_judgment_ratio", "ratio"),
    ("plaintiff_max_bid", "plaintiff max bid"), ("ml_sold_probability", "sold p"),
    ("ml_third_party_probability", "3rd-party p"), ("ml_price_range", "3rd-party price"),
    ("ml_scored_by", "scored by"), ("plaintiff_name", "plaintiff"), ("certificate_number", "certificate #"),
    ("property_address", "address"), ("decision_reason", "reason"), ("narrative", "narrative"),
)
MONEY = ("max_bid_calculated", "variant_max_bid", "final_judgment", "opening_bid", "plaintiff_max_bid")
HIDDEN = "hidden"
CEILING = "≤"  # the max bid is a ceiling before repairs (repairs unknown)


def derived(row: dict, key: str) -> Any:
    """A column computed from the row: the price interval, which model scored it (flagged when stale), a hidden max bid."""
    if key == "plaintiff_max_bid" and row.get("plaintiff_max_bid") is None and row.get("plaintiff_max_bid_hidden"):
        return HIDDEN  # the site shows "Hidden": never a number
    if key == "ml_price_range":
        low, high = row.get("ml_price_lower"), row.get("ml_price_upper")
        return None if low is None or high is None else f"${float(low):,.0f}–${float(high):,.0f}"
    if key == "ml_scored_by":
        version = row.get("ml_model_version")
        return None if version is None else (f"STALE {version}" if row.get("ml_stale") else version)
    return row.get(key)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in MONEY and value != HIDDEN:
        return f"${float(value):,.0f}"
    if key in ("bid_judgment_ratio", "ml_third_party_probability", "ml_sold_probability"):
        return f"{float(value):.2f}"
    return _CONTROL.sub(" ", str(value))  # a scraped escape sequence must not drive the investor's terminal


def shown(row: dict, key: str) -> str:
    """A column of the row as the sheet shows it: money, ratios, a ceiling mark, "—" for unknown."""
    cell = _cell(key, derived(row, key))
    if key == "max_bid_calculated" and row.get("max_bid_is_ceiling") and row.get(key) is not None:
        return CEILING + cell
    if key == "variant_max_bid" and row.get("experiment_variant") is not None:
        mark = CEILING if row.get("variant_max_bid_is_ceiling") and row.get(key) is not None else ""
        return f"{row['experiment_variant']} {mark}{cell}"
    return cell


def rows_as_cells(rows: Sequence[dict]) -> list[list[str]]:
    return [[shown(r, k) for k, _ in COLUMNS] for r in rows]


# Scraped text reaches spreadsheets and markdown viewers: it must never run there as a formula or markup.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#!~"})


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula gets a leading quote; numbers pass as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def markdown_text(value: str) -> str:
    """Scraped text as inert markdown: HTML entities escaped, markdown control characters backslashed."""
    return html.escape(" ".join(value.split()), quote=False).translate(_MARKDOWN_SPECIAL)


def as_markdown(rows: Sequence[dict]) -> str:
    header = "| " + " | ".join(title for _, title in COLUMNS) + " |"
    lines = [header, "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(markdown_text(c) for c in cells) + " |" for cells in rows_as_cells(rows)]
    return "\n".join(lines)


def as_csv(rows: Sequence[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([k for k, _ in COLUMNS] + ["max_bid_is_ceiling", "county", "auction_date", "experiment",
                                               "experiment_variant", "narrative_source"])
    for r in rows:
        writer.writerow([spreadsheet_safe(derived(r, k)) for k, _ in COLUMNS]
                        + [r.get("max_bid_is_ceiling"), spreadsheet_safe(r.get("county")), r.get("auction_date"),
                           r.get("experiment_name"), r.get("experiment_variant"),
                           spreadsheet_safe(r.get("narrative_source"))])
    return out.getvalue()


def as_html(rows: Sequence[dict]) -> str:
    head = "".join(f"<th>{html.escape(t)}</th>" for _, t in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>" for cells in rows_as_cells(rows)
    )
    return f"<table class='bid-sheet'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def as_table(rows: Sequence[dict], width: int = 60) -> str:
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in rows_as_cells(rows)]
    titles = [t for _, t in COLUMNS]
    widths = [max([len(t)] + [len(r[i]) for r in cells]) for i, t in enumerate(titles)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*titles), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in cells])


FORMATS = {"table": as_table, "csv": as_csv, "md": as_markdown, "html": as_html}


def title(county: str, auction_date: Any, cases: int) -> str:
    """What one bid sheet shows: its county and sale date, and how many cases."""
    from biddeed_assets.portals.counties import BY_SLUG

    name = BY_SLUG[county].name if county in BY_SLUG else county
    day = dt.date.fromisoformat(str(auction_date)[:10])
    return f"Bid sheet: {name} County, sale of {day.isoformat()} ({day:%A}): {cases} case{'s' * (cases != 1)}"


def titled(fmt: str, rows: Sequence[dict], county: str, auction_date: Any) -> str:
    """One county's sheet in `fmt`, headed by its title (CSV names county and date in every row instead)."""
    heading = title(county, auction_date, len(rows))
    if fmt == "table":
        return f"{heading}\n\n{as_table(rows)}"
    if fmt == "md":
        return f"## {markdown_text(heading)}\n\n{as_markdown(rows)}"
    if fmt == "html":
        return f"<h2>{html.escape(heading)}</h2>\n{as_html(rows)}"
    return FORMATS[fmt](rows)

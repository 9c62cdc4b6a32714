"""Format the bid sheet (auction_results rows) as a table, CSV, markdown or HTML."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from typing import Any

COLUMNS = (
    ("case_number", "case"), ("decision", "decision"), ("max_bid_calculated", "max bid"),
    ("final_judgment", "judgment"), ("bid_judgment_ratio", "ratio"), ("ml_third_party_probability", "3rd-party p"),
    ("plaintiff_name", "plaintiff"), ("property_address", "address"), ("decision_reason", "reason"),
)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in ("max_bid_calculated", "final_judgment"):
        return f"${float(value):,.0f}"
    if key in ("bid_judgment_ratio", "ml_third_party_probability"):
        return f"{float(value):.2f}"
    return str(value)


def rows_as_cells(rows: Sequence[dict]) -> list[list[str]]:
    return [[_cell(k, r.get(k)) for k, _ in COLUMNS] for r in rows]


def as_markdown(rows: Sequence[dict]) -> str:
    header = "| " + " | ".join(title for _, title in COLUMNS) + " |"
    lines = [header, "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in cells) + " |" for cells in rows_as_cells(rows)]
    return "\n".join(lines)


def as_csv(rows: Sequence[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([k for k, _ in COLUMNS] + ["county", "auction_date"])
    for r in rows:
        writer.writerow([r.get(k) for k, _ in COLUMNS] + [r.get("county"), r.get("auction_date")])
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

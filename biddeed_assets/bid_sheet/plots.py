"""PNG plots of bid sheets and sales for the Dagster UI: decisions per sale day and county, third-party rate by county.

Each function takes plain rows and returns PNG bytes (matplotlib's Agg canvas, no pyplot state), small
enough to embed in markdown metadata as a data URI (see defs/metadata.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

from biddeed_assets.rules.decisions import DECISIONS, Decision

DECISION_COLORS = {Decision.BID: "#2e7d32", Decision.REVIEW: "#f9a825", Decision.SKIP: "#9e9e9e",
                   Decision.DO_NOT_BID: "#c62828"}
DPI = 80


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI)


def _png(fig) -> bytes:
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def decisions_png(counts: Iterable[Mapping]) -> bytes:
    """Stacked bars of BID / REVIEW / SKIP / DO_NOT_BID per (sale day, county); rows: auction_date, county, decision, n."""
    table: dict[tuple[str, str], dict[str, int]] = {}
    for row in counts:
        key = (str(row["auction_date"]), str(row["county"]))
        table.setdefault(key, {})[str(row["decision"])] = int(row["n"])
    keys = sorted(table)
    fig = _figure(7.5, max(2.4, 1.2 + 0.28 * len(keys)))
    ax = fig.add_subplot(1, 1, 1)
    if not keys:
        ax.text(0.5, 0.5, "no bid sheet in this window", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    labels = [f"{day} {county}" for day, county in keys]
    left = [0] * len(keys)
    for decision in DECISIONS:
        widths = [table[k].get(str(decision), 0) for k in keys]
        ax.barh(labels, widths, left=left, color=DECISION_COLORS[str(decision)], label=str(decision))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    from matplotlib.ticker import MaxNLocator

    ax.invert_yaxis()  # the earliest sale day on top, as a calendar reads
    ax.set_xlabel("cases")
    ax.set_title("Decisions per sale day and county")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def third_party_rate_png(rates: Iterable[Mapping]) -> bytes:
    """A bar per county: share of held sales won by a third party, with its count; rows: county, sold, third_party."""
    rows = sorted((r for r in rates if int(r["sold"])), key=lambda r: str(r["county"]))
    fig = _figure(7.5, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    if not rows:
        ax.text(0.5, 0.5, "no sale held in this window", ha="center", va="center")
        ax.set_axis_off()
        return _png(fig)
    shares = [int(r["third_party"]) / int(r["sold"]) for r in rows]
    bars = ax.bar([str(r["county"]) for r in rows], shares, color="#1565c0")
    for bar, row in zip(bars, rows, strict=True):
        ax.annotate(f"{int(row['third_party'])}/{int(row['sold'])}", (bar.get_x() + bar.get_width() / 2,
                    bar.get_height()), ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("third-party share of sales")
    ax.set_title("Third-party rate by county")
    ax.tick_params(axis="x", labelsize=8, rotation=30)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)

"""Case facts (real_features' input columns) from cases and properties, and the outcome training snapshot.

Every stored outcome has a kind: "history" when its source is an imported file (`history_imports`),
"simulated" when it was captured from a loopback portal (the simulator: source_url on 127.0.0.1,
localhost or [::1]; its source is then named "simulator:<source>"), else "live". For live cases the
project derives the facts itself: the times scheduled before are the case's earlier auction dates in
`cases`, the defendant count comes from the defendant text (model/training_data.py), and the position in
the sale order is null unless stored; beds, baths and living area come from `properties`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pandas as pd
import psycopg

from biddeed_assets.model.training_data import defendant_count
from biddeed_assets.store.rows import dicts

FACT_COLUMNS = ("plaintiff", "defendant", "final_judgment", "assessed_value", "plaintiff_max_bid", "case_filing_year",
                "hoa_association_flag", "defendant_count", "previous_auctions", "place_in_line", "day_count", "beds",
                "baths", "living_area", "lot_size")
TEXT_FACTS = ("plaintiff", "defendant")
LOOPBACK = r"^https?://(127\.|localhost|\[::1\])"

_HISTORY = "(SELECT source FROM history_imports)"
_KIND = (f"CASE WHEN o.source IN {_HISTORY} THEN 'history'"
         f" WHEN o.source_url ~ '{LOOPBACK}' THEN 'simulated' ELSE 'live' END")
_SOURCE = (f"CASE WHEN o.source IN {_HISTORY} THEN o.source WHEN o.source_url ~ '{LOOPBACK}'"
           " THEN 'simulator:' || coalesce(o.source, 'unknown') ELSE coalesce(o.source, c.source, 'unknown') END")


def _facts_select(where: str) -> str:
    """The facts of the cases matching `where` (on alias c), with the keys first."""
    return (
        "WITH earlier AS (SELECT county, auction_date, case_number, (row_number() OVER"
        f" (PARTITION BY county, case_number ORDER BY auction_date) - 1)::float8 AS n FROM cases"
        f" WHERE source IS NULL OR source NOT IN {_HISTORY})"
        " SELECT c.county, c.auction_date::text AS auction_date, c.case_number, c.plaintiff, c.defendant,"
        " c.final_judgment::float8 AS final_judgment,"
        " coalesce(c.assessed_value, p.assessed_value, p.market_value)::float8 AS assessed_value,"
        " c.plaintiff_max_bid::float8 AS plaintiff_max_bid,"
        " c.case_filing_year, c.hoa_association_flag, c.defendant_count,"
        " coalesce(c.previous_auctions, e.n) AS previous_auctions, c.place_in_line, c.day_count,"
        " p.beds::float8 AS beds, p.baths::float8 AS baths, p.living_area::float8 AS living_area, c.lot_size"
        " FROM cases c LEFT JOIN properties p USING (county, auction_date, case_number)"
        " LEFT JOIN earlier e USING (county, auction_date, case_number)"
        f" WHERE {where}"
    )


def _with_live_facts(rows: list[dict]) -> list[dict]:
    for row in rows:
        if row.get("defendant_count") is None and row.get("defendant"):
            row["defendant_count"] = defendant_count(row["defendant"])
    return rows


def refresh_training_set(conn: psycopg.Connection, *, through: str | None = None) -> int:
    """Rebuild the snapshot: every held, cancelled or redeemed sale's facts and outcome, with its source and kind."""
    rows = _with_live_facts(dicts(conn, (
        "SELECT f.*, o.status, o.sold_to, o.sold_amount::float8 AS sold_amount, "
        f"{_SOURCE} AS source, {_KIND} AS source_kind"
        " FROM (" + _facts_select("%(through)s::date IS NULL OR c.auction_date <= %(through)s::date") + ") f"
        " JOIN outcomes o ON o.county = f.county AND o.auction_date = f.auction_date::date"
        " AND o.case_number = f.case_number"
        " JOIN cases c ON c.county = f.county AND c.auction_date = f.auction_date::date AND c.case_number = f.case_number"
        " WHERE o.status IN ('SOLD', 'CANCELLED', 'REDEEMED')"), {"through": through}))
    conn.execute("DELETE FROM training_set")
    with conn.cursor() as cur, cur.copy(
            "COPY training_set (county, auction_date, case_number, source, source_kind, facts, status, sold_to,"
            " sold_amount) FROM STDIN") as copy:
        for r in rows:
            facts = {k: r[k] for k in FACT_COLUMNS if r[k] is not None}
            copy.write_row((r["county"], r["auction_date"], r["case_number"], r["source"], r["source_kind"],
                            json.dumps(facts), r["status"], r["sold_to"], r["sold_amount"]))
    return len(rows)


def _frame(rows: list[dict], extra: tuple[str, ...]) -> pd.DataFrame:
    columns = ["county", "auction_date", "case_number", *FACT_COLUMNS, *extra]
    frame = pd.DataFrame(rows, columns=columns)
    for name in FACT_COLUMNS:
        if name not in TEXT_FACTS:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    if "sold_amount" in frame.columns:
        frame["sold_amount"] = pd.to_numeric(frame["sold_amount"], errors="coerce").astype("float64")
    return frame


def training_frame(conn: psycopg.Connection) -> pd.DataFrame:
    """The snapshot as train_outcome_models takes it: keys, facts, status, sold_to, sold_amount, source, source_kind."""
    rows = dicts(conn, "SELECT county, auction_date::text AS auction_date, case_number, facts, status, sold_to,"
                       " sold_amount, source, source_kind FROM training_set ORDER BY auction_date, county, case_number")
    flat = [{**{k: r["facts"].get(k) for k in FACT_COLUMNS}, **{k: v for k, v in r.items() if k != "facts"}}
            for r in rows]
    return _frame(flat, ("status", "sold_to", "sold_amount", "source", "source_kind"))


def training_summary(conn: psycopg.Connection) -> dict[str, Any]:
    """What the snapshot spans: first and last sale, rows, sales, third-party sales per source (with its kind)."""
    first, last, days = conn.execute(
        "SELECT min(auction_date), max(auction_date), count(DISTINCT auction_date) FROM training_set").fetchone()
    sources = {r["source"]: {"kind": r["source_kind"], "rows": r["rows"], "sold": r["sold"],
                             "third_party": r["third_party"], "first_sale": str(r["first_sale"]),
                             "last_sale": str(r["last_sale"])}
               for r in dicts(conn, "SELECT source, source_kind, count(*) AS rows,"
                                    " count(*) FILTER (WHERE status = 'SOLD') AS sold,"
                                    " count(*) FILTER (WHERE sold_to = 'THIRD_PARTY') AS third_party,"
                                    " min(auction_date) AS first_sale, max(auction_date) AS last_sale"
                                    " FROM training_set GROUP BY 1, 2 ORDER BY 1")}
    return {"first_sale": first, "last_sale": last, "sale_days": days, "sources": sources}


def partition_facts(conn: psycopg.Connection, *, county: str, auction_date: str) -> pd.DataFrame:
    """The facts of every case of the partition, in case-number order."""
    rows = dicts(conn, _facts_select("c.county = %s AND c.auction_date = %s") + " ORDER BY c.case_number",
                 (county, auction_date))
    frame = _frame(_with_live_facts(rows), ())
    frame["county"] = frame["county"].astype(object)
    return frame


def recent_facts(conn: psycopg.Connection, *, after: dt.date) -> pd.DataFrame:
    """The facts of every live case with a sale date after `after` (the sample feature drift compares)."""
    rows = dicts(conn, _facts_select(f"c.auction_date > %s AND (c.source IS NULL OR c.source NOT IN {_HISTORY})"),
                 (after,))
    return _frame(_with_live_facts(rows), ())


def nan_to_none(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)

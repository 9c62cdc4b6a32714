"""Read what the bid sheet is made of, and the bid sheet itself."""

from __future__ import annotations

import psycopg

from biddeed_assets.rules.decisions import DECISIONS
from biddeed_assets.store.rows import dicts


def partition_results_inputs(conn: psycopg.Connection, *, county: str, auction_date: str):
    """(case, property, verdict, prediction) for each analyzed case of the partition."""
    rows = dicts(
        conn,
        "SELECT to_jsonb(c) AS case_row, to_jsonb(p) AS prop, d.verdict, to_jsonb(pr) AS prediction"
        " FROM agent_decisions d"
        " JOIN cases c USING (county, auction_date, case_number)"
        " LEFT JOIN properties p USING (county, auction_date, case_number)"
        " LEFT JOIN predictions pr USING (county, auction_date, case_number)"
        " WHERE d.county = %s AND d.auction_date = %s ORDER BY d.case_number",
        (county, auction_date),
    )
    return [(r["case_row"], r["prop"], r["verdict"], r["prediction"]) for r in rows]


def bid_sheet(conn: psycopg.Connection, *, auction_date: str, county: str | None = None) -> list[dict]:
    """The sheet's rows; `ml_stale` is true for a row scored by a version that is no longer the champion, and a case
    in an experiment carries its variant and the variant's max bid (`experiment_variant`, `variant_max_bid`)."""
    query = ("SELECT r.*, (r.ml_model_version IS NOT NULL AND r.ml_model_version IS DISTINCT FROM m.version)"
             " AS ml_stale, x.experiment_name, x.variant AS experiment_variant, x.max_bid AS variant_max_bid,"
             " x.max_bid_is_ceiling AS variant_max_bid_is_ceiling FROM auction_results r LEFT JOIN model_registry m"
             " ON m.model_name = 'third_party_model' AND m.is_champion"
             # The case's variant in the latest active experiment (else the latest ended one), if any.
             " LEFT JOIN LATERAL (SELECT a.experiment_name, a.variant, a.max_bid, a.max_bid_is_ceiling"
             " FROM experiment_assignments a JOIN experiments e ON e.name = a.experiment_name"
             " WHERE a.county = r.county AND a.auction_date = r.auction_date AND a.case_number = r.case_number"
             " ORDER BY e.status = 'active' DESC, e.started_at DESC LIMIT 1) x ON true"
             " WHERE r.auction_date = %s")
    params: list = [auction_date]
    if county:
        query += " AND r.county = %s"
        params.append(county)
    # The words' bid-sheet order, as a parameter (array_position is 1-based); no decision sorts with the last.
    order = "coalesce(array_position(%s::text[], r.decision::text), %s)"
    params += [[str(d) for d in DECISIONS], len(DECISIONS)]
    return dicts(conn, query + f" ORDER BY r.county, {order}, r.max_bid_calculated DESC NULLS LAST, r.case_number", params)


def report_rows(conn: psycopg.Connection, *, auction_date: str, county: str | None = None) -> list[dict]:
    """The sheet's rows with what the printed report adds: appraiser page and photo, unpaid taxes, wiped liens.

    `taxes_due` is null when the tax collector was not searched for the case (unknown, never $0); the liens
    the sale wipes come from the case's verdict (null for a verdict made before they were kept).
    """
    rows = bid_sheet(conn, auction_date=auction_date, county=county)
    query = (
        "SELECT r.county, r.case_number, p.photo_url, p.source_url AS appraiser_url, p.account AS appraiser_account,"
        " d.verdict -> 'extinguished_liens' AS wiped_liens, (d.verdict ->> 'lien_data_missing')::boolean"
        " AS lien_data_missing, s.ok AS taxes_searched, t.taxes_due, t.tax_years,"
        " t.tax_certificates"
        " FROM auction_results r"
        " LEFT JOIN properties p USING (county, auction_date, case_number)"
        " LEFT JOIN agent_decisions d USING (county, auction_date, case_number)"
        " LEFT JOIN ingest_status s ON s.county = r.county AND s.auction_date = r.auction_date"
        "  AND s.case_number = r.case_number AND s.source = 'tax_collector'"
        # An unpaid year of unknown amount makes the total unknown, not smaller.
        " LEFT JOIN LATERAL (SELECT CASE WHEN bool_or(x.paid IS NOT TRUE AND x.amount_due IS NULL) THEN NULL"
        "  ELSE coalesce(sum(x.amount_due) FILTER (WHERE x.paid IS NOT TRUE), 0) END AS taxes_due,"
        "  array_agg(DISTINCT x.tax_year) FILTER (WHERE x.paid IS NOT TRUE AND x.tax_year IS NOT NULL) AS tax_years,"
        "  array_agg(DISTINCT x.certificate_number) FILTER (WHERE x.certificate_number IS NOT NULL)"
        "   AS tax_certificates"
        "  FROM tax_records x WHERE x.county = r.county AND x.auction_date = r.auction_date"
        "  AND x.case_number = r.case_number) t ON true"
        " WHERE r.auction_date = %s" + (" AND r.county = %s" if county else "")
    )
    extra = {(r["county"], r["case_number"]): r
             for r in dicts(conn, query, [auction_date, county] if county else [auction_date])}
    out = []
    for row in rows:
        more = dict(extra.get((row["county"], row["case_number"]), {}))
        if not more.pop("taxes_searched", None):
            more.update(taxes_due=None, tax_years=None)
        out.append({**row, **more})
    return out

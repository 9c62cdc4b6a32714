"""Read one partition's ingested facts as CaseInputs: cases, appraiser records, liens, taxes, ZIP figures."""

from __future__ import annotations

from collections import defaultdict

import psycopg

from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.rules.plaintiffs import classify_plaintiff
from biddeed_assets.store.rows import dicts

ACTIVE_STATUSES = ("SCHEDULED", "SOLD", "OTHER")


def _grouped(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        out[row["case_number"]].append(row)
    return out


def plaintiff_history(conn: psycopg.Connection, *, before: str) -> dict[str, tuple[float, int]]:
    """Third-party share and sample size per canonical plaintiff, from outcomes of sales before `before`."""
    rows = conn.execute(
        "SELECT c.plaintiff, o.sold_to = 'THIRD_PARTY' AS third_party, count(*) FROM outcomes o "
        "JOIN cases c USING (county, auction_date, case_number) "
        "WHERE o.status = 'SOLD' AND o.sold_to IN ('THIRD_PARTY', 'PLAINTIFF') AND o.auction_date < %s "
        "GROUP BY 1, 2",
        (before,),
    ).fetchall()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for plaintiff, third_party, count in rows:
        canonical = classify_plaintiff(plaintiff or "").canonical
        totals[canonical][0] += count if third_party else 0
        totals[canonical][1] += count
    return {name: (wins / n, n) for name, (wins, n) in totals.items() if n}


def county_medians(conn: psycopg.Connection, county: str) -> dict | None:
    """Median ZIP figures over the ZIPs seen in this county's cases: the Neighborhood agent's yardstick."""
    row = conn.execute(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d.median_household_income),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY d.median_home_value),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY d.vacancy_rate)"
        " FROM demographics d WHERE d.zip IN (SELECT DISTINCT zip FROM properties WHERE county = %s"
        " UNION SELECT DISTINCT zip FROM cases WHERE county = %s)",
        (county, county),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return {"median_household_income": row[0], "median_home_value": row[1], "vacancy_rate": row[2]}


def partition_features(conn: psycopg.Connection, *, county: str, auction_date: str) -> dict[str, dict]:
    """The stored feature row of each case of the partition, by case number."""
    rows = dicts(conn, "SELECT case_number, features FROM case_features WHERE county = %s AND auction_date = %s",
                 (county, auction_date))
    return {r["case_number"]: r["features"] for r in rows}


def similar_by_case(conn: psycopg.Connection, *, county: str, auction_date: str, k: int = 5) -> dict[str, list[dict]]:
    """The k most similar earlier cases with a recorded outcome, for each case with stored features."""
    from biddeed_assets.model.embedding import embed
    from biddeed_assets.store import memory

    features = partition_features(conn, county=county, auction_date=auction_date)
    found = memory.similar_cases_many(conn, {number: embed(f) for number, f in features.items()}, k=k)
    out = {}
    for number, neighbours in found.items():
        out[number] = [
            {"case_number": f["case_number"], "auction_date": str(f["auction_date"]), "similarity": f["similarity"],
             "prediction_error": f["prediction_error"], "sold_to": (f["actual_outcome"] or {}).get("sold_to")}
            for f in neighbours if str(f["auction_date"]) < auction_date
        ]
    return out


def partition_inputs(conn: psycopg.Connection, *, county: str, auction_date: str, similar: bool = True) -> list[CaseInputs]:
    """The partition's cases that are still to be sold (cancelled ones are left out), with what is known.

    Without `similar` the cases carry no similar past cases (the caller finds them after storing features).
    """
    key = {"county": county, "auction_date": auction_date}
    where = "WHERE county = %(county)s AND auction_date = %(auction_date)s"
    cases = dicts(conn, f"SELECT * FROM cases {where} AND status = ANY(%(statuses)s) ORDER BY case_number",
                  {**key, "statuses": list(ACTIVE_STATUSES)})
    if not cases:  # a day without a sale: no county-wide lookups (a replayed range has many such days)
        return []
    props = {r["case_number"]: r for r in dicts(conn, f"SELECT * FROM properties {where}", key)}
    liens = _grouped(dicts(conn, f"SELECT * FROM liens {where} ORDER BY recorded_date NULLS LAST, id", key))
    taxes = _grouped(dicts(conn, f"SELECT * FROM tax_records {where} ORDER BY tax_year", key))
    statuses = dicts(conn, f"SELECT case_number, source, ok, detail FROM ingest_status {where}", key)
    searched = {(r["case_number"], r["source"]) for r in statuses if r["ok"]}
    unknown: dict[str, dict[str, str]] = defaultdict(dict)
    for r in statuses:
        if not r["ok"]:
            unknown[r["case_number"]][r["source"]] = r["detail"] or f"{r['source']} had no answer"
    zips = {(props.get(c["case_number"]) or {}).get("zip") or c.get("zip") for c in cases} - {None}
    demographics = {r["zip"]: r for r in dicts(conn, "SELECT * FROM demographics WHERE zip = ANY(%s)", (list(zips),))}
    history = plaintiff_history(conn, before=auction_date)
    neighbours = similar_by_case(conn, county=county, auction_date=auction_date) if similar else {}
    medians = county_medians(conn, county)
    out = []
    for case in cases:
        number = case["case_number"]
        prop = props.get(number)
        zip_code = (prop or {}).get("zip") or case.get("zip")
        rate, samples = history.get(classify_plaintiff(case.get("plaintiff") or "").canonical, (None, 0))
        out.append(CaseInputs(
            case=case,
            prop=prop,
            liens=tuple(liens.get(number, ())) if (number, "official_records") in searched else None,
            taxes=tuple(taxes.get(number, ())) if (number, "tax_collector") in searched else None,
            demographics=demographics.get(zip_code),
            county_medians=medians,
            plaintiff_third_party_rate=rate,
            plaintiff_sample_count=samples,
            similar_cases=tuple(neighbours.get(number, ())),
            unknown=unknown.get(number, {}),
        ))
    return out

"""The audit trail (who changed what, before and after, in which run) and each materialization's data version."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from biddeed_assets.store.rows import dicts

DEFAULT_ACTOR = "biddeed_app"
_ACTOR = "biddeed.actor"
_RUN_ID = "biddeed.run_id"


def tag_session(conn: psycopg.Connection, *, actor: str | None = None, run_id: str | None = None) -> None:
    """Name the actor and run of this transaction's writes (transaction-local: a pooled connection forgets it)."""
    conn.execute("SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                 (_ACTOR, actor or "", _RUN_ID, run_id or ""))


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def record(conn: psycopg.Connection, *, action: str, resource_type: str, resource_id: str,
           before: Any = None, after: Any = None, changes: Mapping[str, Any] | None = None,
           actor: str | None = None, run_id: str | None = None) -> None:
    """Append one audit row; actor and run default to the transaction's tags, else the application itself."""
    conn.execute(
        "INSERT INTO audit_log (actor, action, resource_type, resource_id, before, after, changes, run_id) VALUES ("
        " coalesce(%s, nullif(current_setting(%s, true), ''), %s), %s, %s, %s, %s, %s, %s,"
        " coalesce(%s, nullif(current_setting(%s, true), '')))",
        (actor, _ACTOR, DEFAULT_ACTOR, action[:100], resource_type[:100], resource_id[:100], _json(before),
         _json(after), _json(changes), run_id, _RUN_ID),
    )


# ---------------------------------------------------------------- recommendations (the bid sheet)

def _money(value: Any) -> float | None:
    return None if value is None else float(value)


def _sheet(conn: psycopg.Connection, county: str, auction_date: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute("SELECT case_number, decision, max_bid_calculated FROM auction_results"
                        " WHERE county = %s AND auction_date = %s", (county, auction_date)).fetchall()
    return {case: {"decision": decision, "max_bid": _money(max_bid)} for case, decision, max_bid in rows}


def _summary(sheet: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    bids = [r["max_bid"] for r in sheet.values() if r["max_bid"] is not None]
    return {"cases": len(sheet), "decisions": dict(sorted(Counter(r["decision"] for r in sheet.values()).items())),
            "max_bid_total": round(sum(bids), 2) if bids else None}


@contextmanager
def recommendations_write(conn: psycopg.Connection, *, county: str, auction_date: str) -> Iterator[None]:
    """Around a rewrite of a partition's bid sheet: record its decision counts before and after and each changed case."""
    before = _sheet(conn, county, auction_date)
    yield
    after = _sheet(conn, county, auction_date)
    changes = {case: {"before": before.get(case), "after": after.get(case)}
               for case in sorted(before.keys() | after.keys()) if before.get(case) != after.get(case)}
    record(conn, action="recommendations.write", resource_type="partition", resource_id=f"{auction_date}|{county}",
           before=_summary(before), after=_summary(after), changes=changes)


# ---------------------------------------------------------------- model registry, experiments, overrides

def record_registration(conn: psycopg.Connection, *, model_name: str, version: str) -> None:
    record(conn, action="model.register", resource_type="model", resource_id=f"{model_name}:{version}",
           after={"model_name": model_name, "version": version, "status": "CHALLENGER"})


def record_promotion(conn: psycopg.Connection, *, model_name: str, version: str, note: str) -> None:
    """Before a promotion: the promotion and, when there is one, the retirement of the champion it replaces."""
    row = conn.execute("SELECT version FROM model_registry WHERE model_name = %s AND is_champion",
                       (model_name,)).fetchone()
    previous = row[0] if row else None
    status = conn.execute("SELECT status FROM model_registry WHERE model_name = %s AND version = %s",
                          (model_name, version)).fetchone()
    record(conn, action="model.promote", resource_type="model", resource_id=f"{model_name}:{version}",
           before={"champion": previous, "status": status[0] if status else None},
           after={"champion": version, "status": "CHAMPION", "note": note})
    if previous is not None and previous != version:
        record(conn, action="model.retire", resource_type="model", resource_id=f"{model_name}:{previous}",
               before={"status": "CHAMPION"}, after={"status": "RETIRED", "replaced_by": version})


def record_experiment_change(conn: psycopg.Connection, *, experiment: str, action: str,
                             before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
                             actor: str | None = None) -> None:
    """An experiment created, paused, completed or re-allocated (action e.g. "experiment.complete")."""
    record(conn, action=action, resource_type="experiment", resource_id=experiment, before=before, after=after,
           actor=actor)


def record_override(conn: psycopg.Connection, *, county: str, auction_date: str, case_number: str, field: str,
                    before: Any, after: Any, reason: str, actor: str | None = None) -> None:
    """A person's manual change of one case's value (a decision, a max bid): who, what, why."""
    record(conn, action="case.override", resource_type="case", resource_id=case_number,
           before={field: before}, after={field: after, "reason": reason},
           changes={case_number: {"county": county, "auction_date": auction_date, "field": field,
                                  "before": before, "after": after}}, actor=actor)


# ---------------------------------------------------------------- reading the trail

AUDIT_COLUMNS = "timestamp, actor, action, resource_type, resource_id, before, after, changes, run_id"


def case_history(conn: psycopg.Connection, case_number: str, *, county: str | None = None) -> list[dict]:
    """Every audit row that changed the case (its bid sheet rows, overrides), oldest first."""
    rows = dicts(conn, f"SELECT {AUDIT_COLUMNS} FROM audit_log WHERE changes ? %s ORDER BY timestamp, id",
                 (case_number,))
    if county is None:
        return rows
    return [r for r in rows if r["resource_id"].endswith(f"|{county}")
            or (r["resource_type"] == "case" and r["changes"][case_number].get("county") == county)]


def latest(conn: psycopg.Connection, *, limit: int = 20, county: str | None = None) -> list[dict]:
    """The newest audit rows (of one county's partitions when given), newest first."""
    if county is None:
        return dicts(conn, f"SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY timestamp DESC, id DESC LIMIT %s",
                     (limit,))
    return dicts(conn, f"SELECT {AUDIT_COLUMNS} FROM audit_log WHERE resource_id LIKE %s"
                       " OR (resource_type = 'case' AND jsonb_path_exists(changes, '$.*.county ? (@ == $c)', jsonb_build_object('c', %s::text)))"
                       " ORDER BY timestamp DESC, id DESC LIMIT %s",
                 (f"%|{county}", county, limit))


def case_partitions(conn: psycopg.Connection, case_number: str, *, county: str | None = None) -> list[tuple[str, str]]:
    """The (county, auction_date) partitions a case was listed or analysed in."""
    rows = conn.execute(
        "SELECT county, auction_date FROM cases WHERE case_number = %(c)s"
        " UNION SELECT county, auction_date FROM auction_results WHERE case_number = %(c)s ORDER BY 2, 1",
        {"c": case_number}).fetchall()
    return [(c, d.isoformat()) for c, d in rows if county is None or c == county]


# ---------------------------------------------------------------- data versions

# The table each partitioned asset writes and the column(s) its partition is kept in.
ASSET_TABLES: dict[str, str] = {
    "scraped_cases": "cases", "property_records": "properties", "lien_records": "liens",
    "tax_records": "tax_records", "case_features": "case_features", "agent_verdicts": "agent_decisions",
    "predictions": "predictions", "recommendations": "auction_results", "case_memory": "agent_memory",
    "auction_outcomes": "outcomes", "prediction_audit": "prediction_audit", "daily_metrics": "daily_metrics",
}
DAY_KEYED = {"daily_metrics": "metric_date"}
# Columns that change on every write of the same content (clocks, ids, the run) or without it (whether a
# memory is in the HNSW graph yet): left out of the hash.
VOLATILE = ["id", "ingested_at", "created_at", "updated_at", "captured_at", "fetched_at", "computed_at",
            "pipeline_run_id", "run_id", "processing_time_ms", "graph_pending"]


def content_hash(conn: psycopg.Connection, asset: str, *, county: str | None,
                 day: str | None) -> tuple[int, str] | None:
    """(rows, sha256) of the asset's stored rows of one partition, order-independent; None when not hashable."""
    table = ASSET_TABLES.get(asset)
    if table is None or day is None or (asset not in DAY_KEYED and county is None):
        return None
    if asset in DAY_KEYED:
        where, params = sql.SQL("{} = %s").format(sql.Identifier(DAY_KEYED[asset])), [day]
    else:
        where, params = sql.SQL("county = %s AND auction_date = %s"), [county, day]
    query = sql.SQL(
        "SELECT count(*), encode(sha256(convert_to(coalesce(string_agg(r, E'\\n' ORDER BY r), ''), 'UTF8')), 'hex')"
        " FROM (SELECT (to_jsonb(t) - %s::text[])::text AS r FROM {} t WHERE {}) rows"
    ).format(sql.Identifier(table), where)
    count, digest = conn.execute(query, [VOLATILE, *params]).fetchone()
    return count, digest


def recorded_through(conn: psycopg.Connection) -> dict[str, int]:
    """The newest materialization event already recorded, per asset."""
    return dict(conn.execute("SELECT asset, max(storage_id) FROM data_versions GROUP BY asset").fetchall())


def record_version(conn: psycopg.Connection, *, asset: str, partition: str, county: str | None, day: str | None,
                   row_count: int | None, code_version: str | None, run_id: str, storage_id: int,
                   materialized_at: dt.datetime, hash_content: bool = True) -> bool:
    """One materialization's version (numbered per asset partition); False when it was already recorded."""
    hashed = content_hash(conn, asset, county=county, day=day) if hash_content else None
    cur = conn.execute(
        "INSERT INTO data_versions (asset, partition, county, partition_date, version, row_count, hashed_rows,"
        " content_hash, code_version, run_id, storage_id, materialized_at)"
        " SELECT %(asset)s, %(partition)s, %(county)s, %(day)s,"
        " coalesce(max(version), 0) + 1, %(rows)s, %(hashed)s, %(hash)s, %(code)s, %(run)s, %(sid)s, %(at)s"
        " FROM data_versions WHERE asset = %(asset)s AND partition = %(partition)s"
        " ON CONFLICT (storage_id) DO NOTHING",
        {"asset": asset, "partition": partition, "county": county, "day": day, "rows": row_count,
         "hashed": hashed[0] if hashed else None, "hash": hashed[1] if hashed else None, "code": code_version,
         "run": run_id, "sid": storage_id, "at": materialized_at},
    )
    return cur.rowcount == 1


def versions_of(conn: psycopg.Connection, partitions: list[tuple[str, str]]) -> list[dict]:
    """The data versions of the given (county, date) partitions, oldest first."""
    if not partitions:
        return []
    counties, days = [c for c, _ in partitions], [d for _, d in partitions]
    return dicts(conn, "SELECT dv.* FROM data_versions dv JOIN unnest(%s::text[], %s::date[]) AS p(county, day)"
                       " ON dv.county = p.county AND dv.partition_date = p.day"
                       " ORDER BY dv.materialized_at, dv.storage_id", (counties, days))

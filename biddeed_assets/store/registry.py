"""The model registry: every trained version with its window, features, parameters, metrics and artifact."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg

from biddeed_assets.store import audit
from biddeed_assets.store.rows import dicts


@dataclass(frozen=True)
class RegisteredModel:
    model_name: str
    version: str
    metrics: dict[str, Any]
    artifact: bytes
    is_champion: bool
    status: str
    trained_at: Any = None
    sources: dict[str, Any] | None = None
    data_hash: str | None = None
    window: tuple[str, str] | None = None


def register(conn: psycopg.Connection, *, model_name: str, version: str, window: tuple[str, str],
             features: list[str], feature_hash: str, params: dict, metrics: dict, artifact: bytes,
             notes: str | None = None, sources: dict | None = None, data_hash: str | None = None) -> None:
    """Add a version as a challenger (re-registering the same version is a no-op)."""
    added = conn.execute(
        "INSERT INTO model_registry (model_name, version, training_window_start, training_window_end, feature_list,"
        " feature_hash, params, metrics, artifact, notes, sources, data_hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (model_name, version) DO NOTHING",
        (model_name, version, window[0], window[1], json.dumps(features), feature_hash,
         json.dumps(params, default=str), json.dumps(metrics, default=str), artifact, notes,
         json.dumps(sources or {}, default=str), data_hash),
    ).rowcount
    if added:
        audit.record_registration(conn, model_name=model_name, version=version)


def _model(row: dict | None) -> RegisteredModel | None:
    if row is None:
        return None
    window = (str(row["training_window_start"]), str(row["training_window_end"])) \
        if row.get("training_window_start") is not None else None
    return RegisteredModel(row["model_name"], row["version"], row["metrics"], bytes(row["artifact"]),
                           row["is_champion"], row["status"], row["trained_at"], row.get("sources"),
                           row.get("data_hash"), window)


def champion(conn: psycopg.Connection, model_name: str) -> RegisteredModel | None:
    rows = dicts(conn, "SELECT * FROM model_registry WHERE model_name = %s AND is_champion", (model_name,))
    return _model(rows[0] if rows else None)


def get(conn: psycopg.Connection, model_name: str, version: str) -> RegisteredModel | None:
    rows = dicts(conn, "SELECT * FROM model_registry WHERE model_name = %s AND version = %s", (model_name, version))
    return _model(rows[0] if rows else None)


def latest(conn: psycopg.Connection, model_name: str) -> RegisteredModel | None:
    rows = dicts(conn, "SELECT * FROM model_registry WHERE model_name = %s ORDER BY trained_at DESC, id DESC LIMIT 1",
                 (model_name,))
    return _model(rows[0] if rows else None)


def promote(conn: psycopg.Connection, model_name: str, version: str, note: str) -> None:
    """Make `version` the champion; the previous champion retires (one champion per name, by index)."""
    audit.record_promotion(conn, model_name=model_name, version=version, note=note)
    conn.execute("UPDATE model_registry SET is_champion = false, status = 'RETIRED' WHERE model_name = %s AND is_champion",
                 (model_name,))
    conn.execute("UPDATE model_registry SET is_champion = true, status = 'CHAMPION', notes = %s"
                 " WHERE model_name = %s AND version = %s", (note, model_name, version))


def keep_challenger(conn: psycopg.Connection, model_name: str, version: str, note: str) -> None:
    conn.execute("UPDATE model_registry SET notes = %s WHERE model_name = %s AND version = %s",
                 (note, model_name, version))


def versions(conn: psycopg.Connection, model_name: str | None = None) -> list[dict]:
    query = ("SELECT model_name, version, trained_at, training_window_start, training_window_end, status, is_champion,"
             " metrics, notes, sources, data_hash FROM model_registry")
    if model_name:
        return dicts(conn, query + " WHERE model_name = %s ORDER BY trained_at", (model_name,))
    return dicts(conn, query + " ORDER BY model_name, trained_at")


GATE_DECISION_COLUMNS = ("model_name", "challenger_version", "champion_version", "decision", "reasons",
                         "challenger_metrics", "champion_metrics")


def record_gate_decision(conn: psycopg.Connection, *, model_name: str, challenger_version: str,
                         champion_version: str | None, decision: str, reasons: str,
                         challenger_metrics: dict | None = None, champion_metrics: dict | None = None) -> None:
    """Append one gate decision (promoted, kept as challenger, skipped) with its reasons; rows are never updated."""
    conn.execute(
        "INSERT INTO model_gate_decisions (model_name, challenger_version, champion_version, decision, reasons,"
        " challenger_metrics, champion_metrics) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (model_name, challenger_version, champion_version, decision, reasons,
         json.dumps(challenger_metrics or {}, default=str), json.dumps(champion_metrics or {}, default=str)),
    )


def gate_decisions(conn: psycopg.Connection, model_name: str | None = None) -> list[dict]:
    """Every gate decision, oldest first."""
    query = "SELECT * FROM model_gate_decisions"
    if model_name:
        return dicts(conn, query + " WHERE model_name = %s ORDER BY decided_at, id", (model_name,))
    return dicts(conn, query + " ORDER BY decided_at, id")

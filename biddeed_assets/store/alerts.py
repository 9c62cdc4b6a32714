"""What operators read: alerts (to acknowledge) and insights (what the system noticed), and the retrain trigger."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import psycopg

RETRAIN_CATEGORY = "ml_performance"
RETRAIN_INSIGHT = "Model retraining triggered"
RETRAIN_ALERT = "prediction error above baseline: retraining"


def record_alert(conn: psycopg.Connection, *, severity: str, title: str, message: str, context: Mapping[str, Any]) -> None:
    """One alert (severity info, warning or critical); the title is cut to the column's 200 characters."""
    conn.execute("INSERT INTO alerts (severity, title, message, context) VALUES (%s, %s, %s, %s)",
                 (severity, title[:200], message, json.dumps(dict(context), default=str)))


def record_insight(conn: psycopg.Connection, *, category: str, title: str, content: Mapping[str, Any],
                   priority: str = "high") -> None:
    conn.execute("INSERT INTO insights (category, title, content, priority) VALUES (%s, %s, %s, %s)",
                 (category, title[:200], json.dumps(dict(content), default=str), priority))


def record_retrain_trigger(conn: psycopg.Connection, *, run_key: str, reason: str, evidence: Mapping[str, Any]) -> bool:
    """The insight and the warning of a requested retrain, once per run key (a re-executed run adds none).

    Returns whether they were recorded now.
    """
    seen = conn.execute("SELECT 1 FROM insights WHERE category = %s AND content ->> 'run_key' = %s LIMIT 1",
                        (RETRAIN_CATEGORY, run_key)).fetchone()
    if seen:
        return False
    record_insight(conn, category=RETRAIN_CATEGORY, title=RETRAIN_INSIGHT,
                   content={"reason": reason, "run_key": run_key, "evidence": dict(evidence)})
    record_alert(conn, severity="warning", title=RETRAIN_ALERT, message=reason,
                 context={"run_key": run_key, "n": evidence.get("n")})
    return True

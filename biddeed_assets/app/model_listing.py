"""`biddeed models`: each version's own metrics (classification or price), its training sources, the gate's history."""

from __future__ import annotations

from typing import Any

import psycopg

from biddeed_assets.store import registry

CLASSIFIER_FIGURES = ("n", "positives", "roc_auc", "accuracy", "brier", "ece")
PRICE_FIGURES = ("n", "median_ape", "interval_coverage", "mae")
PRICE_MODELS = frozenset({"sale_price_model"})


def _figure(name: str, value: Any) -> str:
    if value is None:
        return f"{name} —"
    if name in ("n", "positives"):
        return f"{name} {int(value)}"
    return f"{name} {float(value):,.0f}" if name == "mae" else f"{name} {float(value):.3f}"


def _sources(record: dict | None) -> list[str]:
    sources = (record or {}).get("sources") or {}
    lines = [f"    trained on {record.get('training_data', '?')} outcomes:"] if sources else []
    for name, s in sources.items():
        used = "used" if s.get("used") else f"not used ({s.get('why_not', '')})"
        lines.append(f"      {name:<34} {s.get('kind', '?'):<9} {s.get('rows', 0):>7} rows  {used}")
    return lines


def listing(conn: psycopg.Connection) -> str:
    lines = []
    for v in registry.versions(conn):
        m = v["metrics"] or {}
        figures = PRICE_FIGURES if v["model_name"] in PRICE_MODELS else CLASSIFIER_FIGURES
        lines.append(f"{v['model_name']:<18} {v['version']:<22} {v['status']:<10} trained {v['trained_at']:%Y-%m-%d %H:%M}"
                     f"  window {v['training_window_start']}..{v['training_window_end']}")
        lines.append("    holdout: " + ", ".join(_figure(k, m.get(k)) for k in figures))
        lines += _sources(v.get("sources"))
        if v["notes"]:
            lines.append(f"    gate: {v['notes']}")
    decisions = registry.gate_decisions(conn, "third_party_model")
    if decisions:
        lines.append("\ngate decisions (third_party_model), oldest first:")
        lines += [f"  {d['decided_at']:%Y-%m-%d %H:%M:%S}  {d['challenger_version']:<22} {d['decision']:<18} {d['reasons']}"
                  for d in decisions]
    return "\n".join(lines) if lines else "no models registered yet"

"""The `drift_report` asset: 7/30/90-day performance against the baseline, calibration and feature drift."""

import base64
import datetime as dt
import json

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model import drift
from biddeed_assets.model.features import FEATURES
from biddeed_assets.store import learning, registry
from biddeed_assets.store.rows import dicts

PERFORMANCE_COLUMNS = ("accuracy", "precision", "recall", "f1", "roc_auc", "brier", "ece", "mean_abs_error")


def _baseline(champion) -> dict:
    """The champion's own measured holdout figures once it has them, else the seed's."""
    metrics = (champion.metrics if champion else None) or {}
    return {"accuracy": metrics.get("accuracy") or drift.BASELINE_ACCURACY,
            "ece": metrics.get("ece") or drift.BASELINE_CALIBRATION_ERROR,
            "mean_abs_error": metrics.get("mean_abs_error") or drift.BASELINE_ERROR}


def _persist(conn, version: str, day: dt.date, windows: dict, drifted: dict, flags: dict) -> None:
    for name, m in windows.items():
        conn.execute(
            "INSERT INTO model_performance (model_version, snapshot_date, window_days, accuracy, precision_score,"
            " recall_score, f1_score, auc_roc, brier_score, calibration_error, mean_abs_error, feature_drift,"
            " sample_count, drift_detected) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (model_version, snapshot_date, window_days) DO UPDATE SET accuracy = EXCLUDED.accuracy,"
            " precision_score = EXCLUDED.precision_score, recall_score = EXCLUDED.recall_score,"
            " f1_score = EXCLUDED.f1_score, auc_roc = EXCLUDED.auc_roc, brier_score = EXCLUDED.brier_score,"
            " calibration_error = EXCLUDED.calibration_error, mean_abs_error = EXCLUDED.mean_abs_error,"
            " feature_drift = EXCLUDED.feature_drift, sample_count = EXCLUDED.sample_count,"
            " drift_detected = EXCLUDED.drift_detected",
            (version, day, int(m["days"]), *(_r(m.get(k)) for k in PERFORMANCE_COLUMNS),
             json.dumps(drifted), int(m.get("n") or 0), flags[name]),
        )


def _r(value):
    return None if value is None else round(float(value), 4)


@dg.asset(group_name="learn", kinds={"postgres"}, deps=["prediction_audit", "third_party_model"])
def drift_report(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Accuracy, precision, recall, F1, AUC, Brier and calibration over 7/30/90 days, and PSI of every feature."""
    today = dt.date.today()
    with database.connection() as conn:
        champion = registry.champion(conn, "third_party_model")
        audits = learning.audit_frame(conn, since=dt.datetime.now(dt.UTC) - dt.timedelta(days=90))
        training = learning.training_frame(conn)
        recent = learning.features_frame(dicts(
            conn, "SELECT county, auction_date, case_number, features FROM case_features WHERE auction_date > %s",
            (today - dt.timedelta(days=30),)))
    baseline = _baseline(champion)
    windows = drift.window_metrics(audits, as_of=today)
    psi = drift.feature_drift(training, recent, FEATURES) if len(training) and len(recent) else {}
    drifted = drift.drifted_features(psi)
    calibration = drift.calibration_drift(audits["actual_outcome"], audits["predicted_probability"],
                                          baseline_ece=baseline["ece"]) if len(audits) else {}
    flags = {name: drift.should_retrain(m.get("mean_abs_error"), int(m.get("n") or 0), m.get("accuracy"),
                                        int(m.get("n") or 0), baseline["mean_abs_error"], baseline["accuracy"])[0]
             for name, m in windows.items()}
    with database.transaction() as conn:
        _persist(conn, champion.version if champion else "none", today, windows,
                 {k: v for k, v in psi.items() if v is not None}, flags)
    png = drift.drift_plot_png(windows, {"accuracy": baseline["accuracy"], "ece": baseline["ece"]})
    table = ["| window | n | accuracy | AUC | Brier | ECE | mean abs error | drift |", "|---|---|---|---|---|---|---|---|"]
    for name, m in windows.items():
        cells = [_fmt(m.get(k)) for k in ("accuracy", "roc_auc", "brier", "ece", "mean_abs_error")]
        table.append(f"| {name} | {int(m.get('n') or 0)} | " + " | ".join(cells) + f" | {flags[name]} |")
    return dg.MaterializeResult(metadata={
        "model_version": champion.version if champion else "none",
        "baseline": dg.MetadataValue.json(baseline),
        "performance": dg.MetadataValue.md("\n".join(table)),
        "plot": dg.MetadataValue.md(f"![performance](data:image/png;base64,{base64.b64encode(png).decode()})"),
        "calibration": dg.MetadataValue.json({k: v for k, v in calibration.items()}),
        "drifted_features": dg.MetadataValue.json(drifted),
        "psi": dg.MetadataValue.md("| feature | PSI |\n|---|---|\n" + "\n".join(
            f"| {k} | {v:.3f} |" for k, v in sorted(psi.items(), key=lambda kv: -(kv[1] or 0)) if v is not None)),
        "drift_detected": any(flags.values()) or bool(calibration.get("drifted")),
    })


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"



"""The `drift_report` asset: 7/30/90-day performance against the baseline, calibration and feature drift."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.metadata import png_md
from biddeed_assets.defs.resources import DatabaseResource, RetrainPolicy
from biddeed_assets.defs.tracing import traced
from biddeed_assets.model import audit_plots, drift, outcome_models
from biddeed_assets.model.real_evaluation import CLASSIFIERS, calibration_plot
from biddeed_assets.model.real_features import real_features
from biddeed_assets.store import learning, outcome_facts, registry


def _features_of(champion) -> list[str]:
    """The champion's own input features (an older model kind has none this report can rebuild)."""
    if champion is None:
        return []
    try:
        return list(outcome_models.read_manifest(champion.artifact)["features"])
    except ValueError:
        return []


def _calibration(champion) -> dg.MetadataValue | str:
    """The champion's holdout reliability diagram, when its bundle keeps the holdout report."""
    try:
        holdout = outcome_models.read_manifest(champion.artifact).get("report") if champion else None
    except ValueError:
        holdout = None
    if not holdout or not all(name in holdout for name in CLASSIFIERS):
        return "no champion with a holdout report yet"
    return png_md(calibration_plot(holdout), f"calibration of champion {champion.version}")


@dg.asset(group_name="learn", kinds={"postgres"}, deps=["prediction_audit", "third_party_model"])
@traced
def drift_report(context: dg.AssetExecutionContext, database: DatabaseResource,
                 retrain_policy: RetrainPolicy) -> dg.MaterializeResult:
    """Accuracy, precision, recall, F1, AUC, Brier and calibration over 7/30/90 days, and PSI of every feature."""
    today = dt.date.today()
    rule = retrain_policy.rule()
    with database.connection() as conn:
        champion = registry.champion(conn, "third_party_model")
        audits = learning.audit_frame(conn, since=dt.datetime.now(dt.UTC) - dt.timedelta(days=max(drift.WINDOWS)))
        training = real_features(outcome_facts.training_frame(conn))
        recent = real_features(outcome_facts.recent_facts(conn, after=today - dt.timedelta(days=rule.window_days)))
    baseline = rule.baseline(champion)
    windows = drift.window_metrics(audits, as_of=today)
    features = _features_of(champion)
    psi = drift.feature_drift(training, recent, features) if features and len(training) and len(recent) else {}
    drifted = drift.drifted_features(psi)
    calibration = drift.calibration_drift(audits["actual_outcome"], audits["predicted_probability"],
                                          baseline_ece=baseline.calibration_error) if len(audits) else {}
    decisions = {name: rule.decide(m, baseline) for name, m in windows.items()}
    flags = {name: d.retrain for name, d in decisions.items()}
    version = champion.version if champion else "none"
    with database.transaction() as conn:
        learning.save_performance(conn, model_version=version, day=today, windows=windows,
                                  feature_drift={k: v for k, v in psi.items() if v is not None}, flags=flags)
    png = drift.drift_plot_png(windows, {"accuracy": baseline.accuracy, "ece": baseline.calibration_error})
    table = ["| window | n | accuracy | error rate | AUC | Brier | ECE | mean abs error | retrain |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, m in windows.items():
        cells = [_fmt(m.get(k)) for k in ("accuracy", "error_rate", "roc_auc", "brier", "ece", "mean_abs_error")]
        table.append(f"| {name} | {int(m.get('n') or 0)} | " + " | ".join(cells) + f" | {flags[name]} |")
    window = f"{rule.window_days}d"
    return dg.MaterializeResult(metadata={
        "model_version": version,
        "describes": f"champion {version}" if champion else "no champion yet",
        "baseline": dg.MetadataValue.json(baseline.as_dict()),
        "performance": dg.MetadataValue.md("\n".join(table)),
        "retrain_rule": decisions[window].reason if window in decisions else "no such window",
        "plot": png_md(png, "performance"),
        "calibration_curve": _calibration(champion),
        "error_over_time": png_md(audit_plots.error_over_time_png(
            audits, baseline_error=baseline.error_rate, limit=round(baseline.error_rate + rule.error_margin, 9)),
            "prediction error by sale week"),
        "calibration": dg.MetadataValue.json({k: v for k, v in calibration.items()}),
        "drifted_features": dg.MetadataValue.json(drifted),
        "psi": dg.MetadataValue.md("| feature | PSI |\n|---|---|\n" + "\n".join(
            f"| {k} | {v:.3f} |" for k, v in sorted(psi.items(), key=lambda kv: -(kv[1] or 0)) if v is not None)),
        "drift_detected": any(flags.values()) or bool(calibration.get("drifted")),
    })


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"

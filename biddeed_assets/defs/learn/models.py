"""The models: XGBoost third-party classifier and sale-price regressor, registered, promoted only through a gate."""

import json

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model import artifacts, gate, training
from biddeed_assets.store import alerts, learning, registry

MODEL_NAMES = ("third_party_model", "sale_price_model")
MIN_TRAINING_ROWS = 200


class TrainConfig(dg.Config):
    """Training options; the gate's tolerance is how much worse a challenger may be and still be promoted."""

    gate_tolerance: float = 0.01
    holdout_fraction: float = 0.2
    n_jobs: int = 2


def _metric_table(metrics: dict) -> str:
    rows = [f"| {k} | {v:.4f} |" if isinstance(v, float) else f"| {k} | {v} |" for k, v in sorted(metrics.items())]
    return "| metric | holdout |\n|---|---|\n" + "\n".join(rows)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("third_party_model", group_name="learn", kinds={"xgboost"}, deps=["training_set"],
                     description="Calibrated XGBoost probability that a third party outbids the plaintiff."),
        dg.AssetSpec("sale_price_model", group_name="learn", kinds={"xgboost"}, deps=["training_set"],
                     description="XGBoost sale price with a split-conformal 80% interval."),
    ],
    check_specs=[dg.AssetCheckSpec("champion_gate", asset="third_party_model", blocking=True,
                                   description="Promote only if not worse than the champion on the same recent holdout.")],
)
def auction_models(context: dg.AssetExecutionContext, config: TrainConfig, database: DatabaseResource):
    """Train both models on earlier sale dates, evaluate on later ones, register them, and gate the champion."""
    with database.connection() as conn:
        frame = learning.training_frame(conn)
    if len(frame) < MIN_TRAINING_ROWS:
        raise dg.Failure(f"only {len(frame)} sold cases with features: need {MIN_TRAINING_ROWS} to train "
                         "(materialize auction_outcomes and case_features for past sale days first)")
    bundle = training.train(frame, holdout_fraction=config.holdout_fraction,
                            classifier_params={"n_jobs": config.n_jobs}, regressor_params={"n_jobs": config.n_jobs})
    artifact = artifacts.serialize(bundle)
    holdout = frame[frame["auction_date"].between(*bundle.holdout_window)] if bundle.holdout_window else frame.iloc[0:0]
    with database.transaction() as conn:
        for name in MODEL_NAMES:
            registry.register(conn, model_name=name, version=bundle.version, window=bundle.training_window,
                              features=list(bundle.features), feature_hash=bundle.feature_hash,
                              params=bundle.params, metrics=bundle.metrics, artifact=artifact)
        champion = registry.champion(conn, "third_party_model")
        champion_metrics = None
        if champion is not None and champion.version != bundle.version and len(holdout):
            champion_metrics = artifacts.evaluate(artifacts.deserialize(champion.artifact), holdout)
        decision = gate.decide(bundle.version, bundle.metrics, champion.version if champion else None,
                               champion_metrics, config.gate_tolerance)
        for name in MODEL_NAMES:
            if decision.promote:
                registry.promote(conn, name, bundle.version, decision.note)
            else:
                registry.keep_challenger(conn, name, bundle.version, decision.note)
        if not decision.promote:
            alerts.record_alert(conn, severity="warning", title=f"challenger {bundle.version} not promoted",
                                message=decision.note, context={"champion": champion.version if champion else None,
                                                                "challenger": bundle.metrics,
                                                                "champion_metrics": champion_metrics})
    common = {"version": bundle.version, "training_window": " to ".join(bundle.training_window),
              "holdout_window": " to ".join(bundle.holdout_window or ("", "")), "rows": dg.MetadataValue.json(bundle.row_counts),
              "feature_hash": bundle.feature_hash, "promoted": decision.promote}
    yield dg.MaterializeResult(asset_key="third_party_model", metadata={
        **common, **{k: bundle.metrics.get(k) for k in ("roc_auc", "accuracy", "brier", "ece", "f1", "mean_abs_error")},
        "metrics": dg.MetadataValue.md(_metric_table(bundle.metrics))})
    yield dg.MaterializeResult(asset_key="sale_price_model", metadata={
        **common, **{k: bundle.metrics.get(k) for k in ("price_mae", "price_mape", "price_interval_coverage")}})
    yield dg.AssetCheckResult(
        check_name="champion_gate", asset_key="third_party_model", passed=decision.promote,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"decision": decision.outcome, "reasons": decision.note,
                  "champion_before": champion.version if champion else "none",
                  "champion_metrics_on_holdout": dg.MetadataValue.json(json.loads(json.dumps(champion_metrics, default=str)) if champion_metrics else {})},
    )

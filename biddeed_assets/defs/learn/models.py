"""The outcome models: P(sold), calibrated P(third party | sold) and the third-party price, registered and gated."""

import json

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.model import gate, outcome_models, outcome_training, training_data
from biddeed_assets.model.real_evaluation import evaluate_outcomes, flat_metrics
from biddeed_assets.store import alerts, outcome_facts, registry

MODEL_NAMES = ("sale_happens_model", "third_party_model", "sale_price_model")
GATED = "third_party_model"
MIN_TRAINING_ROWS = 200
# registry metrics per model: the generic names the drift rule, the gate and `biddeed models` read <- flat keys
_ALIASES = {
    "sale_happens_model": {k: f"sold_{k}" for k in ("n", "positives", "roc_auc", "accuracy", "brier", "ece")},
    "third_party_model": {k: f"third_party_{k}" for k in ("n", "positives", "roc_auc", "accuracy", "brier", "ece")},
    "sale_price_model": {k: f"price_{k}" for k in ("n", "median_ape", "mae", "interval_coverage")},
}


class TrainConfig(dg.Config):
    """Training options; the gate's tolerance is how much worse a challenger may be and still be promoted."""

    gate_tolerance: float = 0.01
    holdout_fraction: float = 0.2
    n_jobs: int = 2
    n_boot: int = 200


def model_metrics(name: str, flat: dict) -> dict:
    """The registry's figures of one model: its own under generic names (roc_auc, ...), then every flat figure."""
    own = {k: flat.get(v) for k, v in _ALIASES[name].items()}
    if own.get("accuracy") is not None:
        own["error_rate"] = 1.0 - own["accuracy"]
    return {**own, **flat}


def _gate_figures(flat: dict) -> dict:
    return {"roc_auc": flat.get("third_party_roc_auc"), "brier": flat.get("third_party_brier")}


def _champion_on(champion, holdout, n_boot: int) -> tuple[dict | None, str | None]:
    """The champion's gate figures on the challenger's holdout, or None with why it cannot be scored there."""
    try:
        bundle = outcome_models.deserialize(champion.artifact)
    except ValueError:
        return None, f"champion {champion.version} is not an outcome bundle (an older model kind)"
    if not outcome_models.compatible(bundle):
        return None, f"champion {champion.version} was trained on feature set {bundle.feature_version}"
    return _gate_figures(flat_metrics(evaluate_outcomes(bundle, holdout, n_boot=n_boot))), None


def _table(metrics: dict) -> str:
    rows = [f"| {k} | {v:.4f} |" if isinstance(v, float) else f"| {k} | {v} |" for k, v in sorted(metrics.items())]
    return "| metric | holdout |\n|---|---|\n" + "\n".join(rows)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("sale_happens_model", group_name="learn", kinds={"xgboost"}, deps=["training_set"],
                     description="Calibrated XGBoost probability that a scheduled sale is held (not cancelled)."),
        dg.AssetSpec("third_party_model", group_name="learn", kinds={"xgboost"}, deps=["training_set"],
                     description="Calibrated XGBoost probability that a third party outbids the plaintiff, given a sale."),
        dg.AssetSpec("sale_price_model", group_name="learn", kinds={"xgboost"}, deps=["training_set"],
                     description="XGBoost third-party sale price with a split-conformal interval and expected surplus."),
    ],
    check_specs=[dg.AssetCheckSpec("champion_gate", asset="third_party_model", blocking=True,
                                   description="Promote only if not worse than the champion on the same recent holdout.")],
)
@traced
def auction_models(context: dg.AssetExecutionContext, config: TrainConfig, database: DatabaseResource):
    """Train the three outcome models on earlier sale dates (real outcomes first), register them, and gate the champion."""
    with database.connection() as conn:
        frame = outcome_facts.training_frame(conn)
        champion = registry.champion(conn, GATED)
    if len(frame) < MIN_TRAINING_ROWS:
        raise dg.Failure(f"only {len(frame)} stored outcomes: need {MIN_TRAINING_ROWS} to train "
                         "(`biddeed import-history FILE.csv`, or capture auction_outcomes for past sale days)")
    try:
        evidence, _ = outcome_training.select_sources(frame, allow_simulated=True)
    except outcome_training.TrainingDataError as error:
        raise dg.Failure(f"cannot train on the training set: {error}") from None
    # The rows the models would learn from (simulated ones beside real ones are not): the same evidence, the same hash.
    digest = training_data.data_hash(evidence)
    window = (str(evidence["auction_date"].min()), str(evidence["auction_date"].max()))
    if champion is not None and champion.data_hash == digest:
        yield from _skipped(database, champion, digest, window)
        return
    try:
        bundle = outcome_training.train_outcome_models(
            frame, allow_simulated=True, holdout_fraction=config.holdout_fraction, n_boot=config.n_boot,
            classifier_params={"n_jobs": config.n_jobs}, regressor_params={"n_jobs": config.n_jobs})
    except outcome_training.TrainingDataError as error:
        raise dg.Failure(f"cannot train on the training set: {error}") from None
    used = {name for name, s in bundle.sources["sources"].items() if s["used"]}
    holdout = frame[frame["auction_date"].between(*bundle.holdout_window) & frame["source"].isin(used)] \
        if bundle.holdout_window else frame.iloc[0:0]
    challenger = _gate_figures(bundle.metrics)
    champion_figures, why_not = None, None
    if champion is not None and champion.version != bundle.version and len(holdout):
        champion_figures, why_not = _champion_on(champion, holdout, config.n_boot)
    if why_not:
        decision = gate.GateDecision(True, (f"{why_not}: not comparable, the challenger is promoted",))
    else:
        decision = gate.decide(bundle.version, challenger, champion.version if champion else None,
                               champion_figures, config.gate_tolerance)
    artifact = outcome_models.serialize(bundle)
    record = {**bundle.sources, "row_counts": bundle.row_counts, "holdout_window": bundle.holdout_window}
    with database.transaction() as conn:
        for name in MODEL_NAMES:
            registry.register(conn, model_name=name, version=bundle.version, window=bundle.training_window,
                              features=list(bundle.features), feature_hash=bundle.feature_hash,
                              params=bundle.params, metrics=model_metrics(name, bundle.metrics), artifact=artifact,
                              sources=record, data_hash=digest)
            if decision.promote:
                registry.promote(conn, name, bundle.version, decision.note)
            else:
                registry.keep_challenger(conn, name, bundle.version, decision.note)
            registry.record_gate_decision(conn, model_name=name, challenger_version=bundle.version,
                                          champion_version=champion.version if champion else None,
                                          decision=decision.outcome, reasons=decision.note,
                                          challenger_metrics=challenger, champion_metrics=champion_figures)
        if not decision.promote:
            alerts.record_alert(conn, severity="warning", title=f"challenger {bundle.version} not promoted",
                                message=decision.note, context={"champion": champion.version if champion else None,
                                                                "challenger": challenger,
                                                                "champion_metrics": champion_figures})
    common = {"version": bundle.version, "training_window": " to ".join(bundle.training_window),
              "holdout_window": " to ".join(bundle.holdout_window or ("", "")),
              "training_data": bundle.sources["training_data"],
              "sources": dg.MetadataValue.json(json.loads(json.dumps(bundle.sources["sources"]))),
              "rows": dg.MetadataValue.json(bundle.row_counts), "data_hash": digest,
              "feature_hash": bundle.feature_hash, "promoted": decision.promote}
    for name in MODEL_NAMES:
        own = {k: v for k, v in model_metrics(name, bundle.metrics).items() if k in _ALIASES[name] or k == "error_rate"}
        yield dg.MaterializeResult(asset_key=name, metadata={**common, **own, "metrics": dg.MetadataValue.md(_table(own))})
    yield dg.AssetCheckResult(
        check_name="champion_gate", asset_key=GATED, passed=decision.promote, severity=dg.AssetCheckSeverity.ERROR,
        metadata={"decision": decision.outcome, "reasons": decision.note,
                  "champion_before": champion.version if champion else "none",
                  "champion_metrics_on_holdout": dg.MetadataValue.json(champion_figures or {})},
    )


def _skipped(database: DatabaseResource, champion, digest: str, window: tuple[str, str]):
    """A retrain on the champion's own evidence: nothing is trained, the decision is recorded with its reason."""
    reason = (f"the rows to learn from (sales {window[0]} to {window[1]}, data hash {digest[:12]}) are the ones "
              f"champion {champion.version} was trained on: not retrained")
    with database.transaction() as conn:
        for name in MODEL_NAMES:
            registry.record_gate_decision(conn, model_name=name, challenger_version=champion.version,
                                          champion_version=champion.version, decision="skipped", reasons=reason)
    for name in MODEL_NAMES:
        yield dg.MaterializeResult(asset_key=name, metadata={"version": champion.version, "skipped": reason,
                                                             "data_hash": digest, "promoted": False})
    yield dg.AssetCheckResult(check_name="champion_gate", asset_key=GATED, passed=True,
                              metadata={"decision": "skipped", "reasons": reason,
                                        "champion_before": champion.version})

"""The trained model artifact: what a bundle holds, how it scores cases, explains them, and is stored.

A `ModelBundle` is what the `third_party_model` / `sale_price_model` assets register: the calibrated
third-party classifier, the sale-price regressor with its split-conformal interval, the feature list it
was trained on (and its hash), the parameters, the holdout metrics and the training window.

Storage format (`serialize`): a zip archive holding `manifest.json` (format name and version, all
metadata, the calibration map) and each booster in xgboost's own UBJSON model format
(`third_party.ubj`, `sale_price.ubj`). Nothing in it is pickled, so loading an artifact never executes
code; `deserialize` refuses an unknown format or a newer format version.

Feature contributions come from xgboost (`Booster.predict(DMatrix, pred_contribs=True)`) on the
*uncalibrated* booster: exact TreeSHAP, or for bulk scoring of more than EXACT_CONTRIBUTIONS_MAX_ROWS
rows the Saabas approximation (`approx_contribs=True`); both add up to the booster's log-odds margin.
Calibration is monotone non-decreasing, so a feature that raises the margin never lowers the
calibrated probability.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb

from biddeed_assets.model.evaluation import classification_metrics, regression_metrics
from biddeed_assets.model.features import FEATURE_VERSION, FEATURES

FORMAT = "biddeed-model-bundle"
FORMAT_VERSION = 1
KEY_COLUMNS = ("county", "auction_date", "case_number")
EXACT_CONTRIBUTIONS_MAX_ROWS = 5_000  # above this, predict's "auto" explains with Saabas, not TreeSHAP
PROBABILITY_FLOOR = 1e-3  # isotonic maps can reach exactly 0 or 1; nobody is that sure of an auction


def feature_hash(features: Sequence[str] = FEATURES, version: str = FEATURE_VERSION) -> str:
    """sha256 of the ordered feature names and the FEATURE_VERSION: equal hashes, compatible rows."""
    text = "\n".join(features) + "\n#version=" + version
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def feature_matrix(frame: pd.DataFrame, features: Sequence[str] = FEATURES) -> np.ndarray:
    """The float32 matrix of `features` in order; a column missing from the frame, None or text is NaN."""
    out = np.full((len(frame), len(features)), np.nan, dtype=np.float32)
    for j, name in enumerate(features):
        if name in frame.columns:
            out[:, j] = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=np.float32, na_value=np.nan)
    return out


@dataclass(frozen=True)
class Calibration:
    """A monotone map from the booster's raw probability to a calibrated one.

    method "isotonic": piecewise-linear through (x, y) thresholds, clipped at both ends;
    "sigmoid" (Platt): expit(a * margin + b) on the booster's log-odds margin;
    "identity": the raw probability (the calibration slice held one class only).
    """

    method: str
    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()
    a: float = 1.0
    b: float = 0.0

    def apply(self, raw_probability: np.ndarray, margin: np.ndarray) -> np.ndarray:
        if self.method == "isotonic":
            p = np.interp(raw_probability.astype(np.float64), np.asarray(self.x), np.asarray(self.y))
        elif self.method == "sigmoid":
            p = 1.0 / (1.0 + np.exp(-(self.a * margin.astype(np.float64) + self.b)))
        elif self.method == "identity":
            p = raw_probability.astype(np.float64)
        else:
            raise ValueError(f"unknown calibration method {self.method!r}")
        return np.clip(p, PROBABILITY_FLOOR, 1.0 - PROBABILITY_FLOOR)

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "x": list(self.x), "y": list(self.y), "a": self.a, "b": self.b}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Calibration:
        return cls(data["method"], tuple(data["x"]), tuple(data["y"]), float(data["a"]), float(data["b"]))


@dataclass(frozen=True)
class CalibratedClassifier:
    """The third-party classifier: an xgboost booster (binary:logistic) and its calibration map.

    Held as a plain pair rather than sklearn's CalibratedClassifierCV so that the booster is at hand
    for contributions and the whole stores as xgboost JSON + numbers, without pickle. The map is
    fitted with sklearn (IsotonicRegression / LogisticRegression) in `training.fit_calibration`.
    """

    booster: xgb.Booster
    calibration: Calibration

    def margin(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.booster.inplace_predict(X, predict_type="margin"), dtype=np.float64)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """sklearn-style (n, 2) calibrated probabilities of [plaintiff, third party]."""
        p = self.probability(X)
        return np.column_stack([1.0 - p, p])

    def probability(self, X: np.ndarray) -> np.ndarray:
        margin = self.margin(X)
        raw = 1.0 / (1.0 + np.exp(-margin))
        return self.calibration.apply(raw, margin)

    def raw_probability(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.margin(X)))

    def contributions(self, X: np.ndarray, approx: bool = False) -> np.ndarray:
        """Per-feature contributions (n, features + 1), the last column the bias; rows sum to the margin.

        Exact TreeSHAP by default; approx=True uses xgboost's Saabas approximation (tens of times faster).
        """
        matrix = xgb.DMatrix(X, missing=np.nan, feature_names=self.booster.feature_names)
        return self.booster.predict(matrix, pred_contribs=True, approx_contribs=approx)


@dataclass(frozen=True)
class ModelBundle:
    """Everything a registered model version needs to score, explain and be judged.

    classifier: the calibrated third-party classifier; regressor: the sale-price booster (log1p target)
    or None when no sale prices were known; conformal_quantile: the split-conformal half-width of the
    price interval on the log1p scale at `price_interval_level`; metrics: holdout figures (see
    `training.train`); training_window / holdout_window: (first, last) ISO sale dates.
    """

    classifier: CalibratedClassifier
    regressor: xgb.Booster | None
    features: tuple[str, ...]
    feature_version: str
    feature_hash: str
    params: dict[str, Any]
    metrics: dict[str, float | None]
    training_window: tuple[str, str]
    holdout_window: tuple[str, str] | None = None
    conformal_quantile: float | None = None
    price_interval_level: float = 0.8
    row_counts: dict[str, int] = field(default_factory=dict)
    version: str = ""

    def compatible_with(self, features: Sequence[str] = FEATURES, version: str = FEATURE_VERSION) -> bool:
        """True when rows built with `features`/`version` are what this model was trained on."""
        return self.feature_hash == feature_hash(features, version)


def content_version(bundle_parts: Sequence[bytes]) -> str:
    """A short deterministic version id from the model bytes (same data and params, same id)."""
    digest = hashlib.sha256()
    for part in bundle_parts:
        digest.update(hashlib.sha256(part).digest())
    return f"xgb-{digest.hexdigest()[:16]}"


# ---------------------------------------------------------------------------------------- explanations

def _format_value(value: float | None) -> str:
    """A feature value as people read it: 1, 2024, 250,000, 1.32, 0.0123, 312,457; NaN/None is unknown."""
    if value is None or value != value:  # None or NaN
        return "unknown"
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


_EFFECT = {True: " raises the third-party chance (", False: " lowers the third-party chance ("}


def _effect(contribution: float) -> str:
    """' raises/lowers the third-party chance (+0.41)'; the figure is the contribution rounded to cents."""
    cents = int(np.rint(contribution * 100.0))
    sign = "+" if contribution > 0 else "-"
    return f"{_EFFECT[contribution > 0]}{sign}{abs(cents) // 100}.{abs(cents) % 100:02d})"


def _reason(name: str, value: float | None, contribution: float) -> str:
    return f"{name}={_format_value(value)}{_effect(contribution)}"


def top_reasons(contribs_row: Sequence[float], feature_names: Sequence[str], values: Sequence[float | None],
                k: int = 3) -> list[str]:
    """The k features that moved this case's log-odds most, strongest first, as readable sentences.

    e.g. "judgment_to_value=1.32 lowers the third-party chance (-0.41)": the feature, its value, and its
    contribution to the booster's log-odds margin. `contribs_row` holds one contribution per feature,
    optionally followed by the bias (ignored); features with a zero contribution are never named;
    ties go to the feature listed first.
    """
    contribs = np.asarray(contribs_row, dtype=np.float64)[: len(feature_names)]
    order = np.argsort(-np.abs(contribs), kind="stable")[:k]
    return [_reason(feature_names[j], values[j], float(contribs[j])) for j in order if contribs[j] != 0.0]


def _reasons_batch(contribs: np.ndarray, names: Sequence[str], X: np.ndarray, k: int) -> list[list[str]]:
    """top_reasons for every row at once: numpy picks and orders the k strongest, Python only formats."""
    n, m = contribs.shape[0], len(names)
    strength = np.abs(contribs[:, :m]).astype(np.float64)
    rows = np.arange(n)
    prefixes = np.array([f"{name}=" for name in names], dtype=object)
    value_text: dict[float, str] = {}  # flags, counts and years repeat: format each distinct value once
    effect_text: dict[tuple[int, bool], str] = {}
    columns, any_dead = [], False
    for _ in range(min(k, m)):
        j = strength.argmax(axis=1)  # first index among ties, like a stable sort
        c = contribs[rows, j].astype(np.float64)
        live = strength[rows, j] > 0
        strength[rows, j] = -1.0
        cents = np.rint(c * 100.0).astype(np.int64).tolist()
        texts = []
        for v, cent, positive in zip(X[rows, j].astype(np.float64).tolist(), cents, (c > 0).tolist(), strict=True):
            vt = value_text.get(v)
            if vt is None:
                vt = value_text[v] = _format_value(v)
            et = effect_text.get((cent, positive))
            if et is None:
                sign = "+" if positive else "-"
                et = effect_text[(cent, positive)] = f"{_EFFECT[positive]}{sign}{abs(cent) // 100}.{abs(cent) % 100:02d})"
            texts.append(vt + et)
        column = prefixes[j] + np.array(texts, dtype=object)
        if not live.all():
            column[~live] = None
            any_dead = True
        columns.append(column.tolist())
    if not columns:
        return [[] for _ in range(n)]
    if not any_dead:  # the usual case: every row has k non-zero contributions
        return list(map(list, zip(*columns, strict=True)))
    return [[r for r in row if r is not None] for row in zip(*columns, strict=True)]


# ---------------------------------------------------------------------------------------- scoring

def predict(bundle: ModelBundle, frame: pd.DataFrame, *, reasons: bool = True, k: int = 3,
            contributions: str = "auto", keep_contributions: bool = False) -> pd.DataFrame:
    """Score cases: calibrated third-party probability, sale price with its interval, top reasons.

    Columns the frame lacks are unknown (NaN) to the model. The result keeps the frame's index and
    its key columns (county, auction_date, case_number) when present, plus `model_version`.
    contributions: "exact" (TreeSHAP), "approx" (Saabas), or "auto": exact up to
    EXACT_CONTRIBUTIONS_MAX_ROWS rows (every per-partition run), approx for bulk scoring, where exact
    TreeSHAP would cost ~0.1 ms a row on 2 cores. keep_contributions adds each case's non-zero
    per-feature contributions (log-odds, plus "bias") as a dict column, for explanations.
    """
    if contributions not in ("auto", "exact", "approx"):
        raise ValueError(f"contributions must be auto, exact or approx, got {contributions!r}")
    X = feature_matrix(frame, bundle.features)
    out = pd.DataFrame(index=frame.index)
    for key in KEY_COLUMNS:
        if key in frame.columns:
            out[key] = frame[key].to_numpy()
    if len(frame) == 0:
        for name in ("third_party_probability", "predicted_sale_price", "price_lower", "price_upper"):
            out[name] = pd.Series(dtype=float)
        out["top_reasons"] = pd.Series(dtype=object)
        out["model_version"] = pd.Series(dtype=object)
        return out
    out["third_party_probability"] = bundle.classifier.probability(X)
    price, lower, upper = price_interval(bundle, X)
    out["predicted_sale_price"] = price
    out["price_lower"] = lower
    out["price_upper"] = upper
    if reasons:
        approx = contributions == "approx" or (contributions == "auto" and len(frame) > EXACT_CONTRIBUTIONS_MAX_ROWS)
        contribs = bundle.classifier.contributions(X, approx=approx)
        out["top_reasons"] = _reasons_batch(contribs, bundle.features, X, k)
        if keep_contributions:
            names = (*bundle.features, "bias")
            out["contributions"] = [
                {name: round(float(v), 5) for name, v in zip(names, row, strict=True) if v} for row in contribs
            ]
    else:
        out["top_reasons"] = [[] for _ in range(len(frame))]
    out["model_version"] = bundle.version
    return out


def price_interval(bundle: ModelBundle, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Predicted sale price ($) and the conformal interval; all NaN without a price model."""
    n = X.shape[0]
    if bundle.regressor is None:
        nan = np.full(n, np.nan)
        return nan, nan.copy(), nan.copy()
    log_price = np.asarray(bundle.regressor.inplace_predict(X), dtype=np.float64)
    price = np.maximum(np.expm1(log_price), 0.0)
    if bundle.conformal_quantile is None:
        return price, np.full(n, np.nan), np.full(n, np.nan)
    q = bundle.conformal_quantile
    return price, np.maximum(np.expm1(log_price - q), 0.0), np.expm1(log_price + q)


def priced_rows(frame: pd.DataFrame, price_rows: str = "all", label: str = "third_party",
                price: str = "sold_amount") -> np.ndarray:
    """Which rows teach (and judge) the price model: a known, non-negative sold amount, and with
    price_rows="third_party" only sales to a third party."""
    amount = pd.to_numeric(frame[price], errors="coerce") if price in frame.columns else pd.Series(np.nan, frame.index)
    keep = amount.notna() & (amount >= 0)
    if price_rows == "third_party":
        keep &= frame[label] == 1
    elif price_rows != "all":
        raise ValueError(f"price_rows must be 'all' or 'third_party', got {price_rows!r}")
    return keep.to_numpy(dtype=bool)


def evaluate(bundle: ModelBundle, frame: pd.DataFrame, label: str = "third_party",
             price: str = "sold_amount") -> dict[str, float | None]:
    """The bundle's metrics on `frame`, as `train` computes them on its holdout.

    Use it to score the champion on the challenger's holdout, so `gate.decide` sees both
    models on the same recent cases.
    """
    scored = predict(bundle, frame, reasons=False)
    metrics = dict(classification_metrics(pd.to_numeric(frame[label], errors="coerce"),
                                          scored["third_party_probability"]))
    if bundle.regressor is not None and price in frame.columns:
        rows = priced_rows(frame, bundle.params.get("price_rows", "all"), label, price)
        actual = pd.to_numeric(frame[price], errors="coerce").to_numpy(dtype=float)[rows]
        regression = regression_metrics(actual, scored["predicted_sale_price"].to_numpy()[rows],
                                        scored["price_lower"].to_numpy()[rows], scored["price_upper"].to_numpy()[rows])
        metrics.update({f"price_{name}": value for name, value in regression.items()})
        metrics["price_interval_level"] = bundle.price_interval_level
    return metrics


# ---------------------------------------------------------------------------------------- storage

def booster_bytes(booster: xgb.Booster) -> bytes:
    """A booster in xgboost's own UBJSON model format (what every artifact stores; never pickle)."""
    return bytes(booster.save_raw(raw_format="ubj"))


def load_booster(raw: bytes) -> xgb.Booster:
    """The booster `booster_bytes` wrote."""
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    return booster




def serialize(bundle: ModelBundle) -> bytes:
    """The bundle as a zip of manifest.json and xgboost UBJSON boosters (no pickle)."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": bundle.version,
        "features": list(bundle.features),
        "feature_version": bundle.feature_version,
        "feature_hash": bundle.feature_hash,
        "params": bundle.params,
        "metrics": bundle.metrics,
        "training_window": list(bundle.training_window),
        "holdout_window": list(bundle.holdout_window) if bundle.holdout_window else None,
        "conformal_quantile": bundle.conformal_quantile,
        "price_interval_level": bundle.price_interval_level,
        "row_counts": bundle.row_counts,
        "calibration": bundle.classifier.calibration.to_json(),
        "has_regressor": bundle.regressor is not None,
    }
    buffer = io.BytesIO()
    # Fixed timestamps: the same bundle always serializes to the same bytes.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        put("manifest.json", json.dumps(manifest, sort_keys=True, allow_nan=False).encode("utf-8"))
        put("third_party.ubj", booster_bytes(bundle.classifier.booster))
        if bundle.regressor is not None:
            put("sale_price.ubj", booster_bytes(bundle.regressor))
    return buffer.getvalue()


def deserialize(data: bytes) -> ModelBundle:
    """The bundle `serialize` wrote; ValueError for anything else or a newer format version."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a {FORMAT} artifact: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} artifact (format {manifest.get('format')!r})")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise ValueError(f"artifact format version {manifest['format_version']} is newer than {FORMAT_VERSION}")
    with archive:
        classifier = CalibratedClassifier(load_booster(archive.read("third_party.ubj")),
                                          Calibration.from_json(manifest["calibration"]))
        regressor = load_booster(archive.read("sale_price.ubj")) if manifest["has_regressor"] else None
    holdout = manifest.get("holdout_window")
    return ModelBundle(
        classifier=classifier,
        regressor=regressor,
        features=tuple(manifest["features"]),
        feature_version=manifest["feature_version"],
        feature_hash=manifest["feature_hash"],
        params=manifest["params"],
        metrics=manifest["metrics"],
        training_window=tuple(manifest["training_window"]),
        holdout_window=tuple(holdout) if holdout else None,
        conformal_quantile=manifest["conformal_quantile"],
        price_interval_level=float(manifest["price_interval_level"]),
        row_counts={k: int(v) for k, v in manifest["row_counts"].items()},
        version=manifest["version"],
    )

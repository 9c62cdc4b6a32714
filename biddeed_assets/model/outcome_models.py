"""The three outcome models learned from real auctions, as one versioned bundle: how it scores and is stored.

An `OutcomeBundle` holds
- `sold`: P(sold | scheduled), a calibrated xgboost classifier (sale held vs cancelled/redeemed);
- `third_party`: P(third party | sold), calibrated the same way;
- `price`: the third-party sale price, an xgboost regressor on log1p($), with a split-conformal interval
  (half-width `price_quantile` on the log scale at `price_interval_level`) and the calibration slice's
  signed log residuals at 99 quantiles (`price_residuals`), from which the expected surplus is taken;
and what the models were trained on (`sources`, `row_counts`, windows), the baselines fitted on the same
training rows (`baselines`, see real_evaluation), the holdout `metrics` (flat figures) and `report` (the
holdout's full evaluation, which `real_evaluation.calibration_plot` draws).

`score(bundle, frame)` gives, per input row in input order: sold_probability, third_party_probability,
predicted_sale_price, price_lower, price_upper, expected_surplus (the excess of a third-party price over
the judgment, max(0, price - judgment), in expectation over the residual distribution, given a
third-party sale), model_version and `reason` (why a row was not scored: a row without a positive
final judgment has too little to score and gets nulls). Outcome columns in the frame are ignored. The
boosters score through `nan_free` rewrites of themselves that predict the same, faster.

Storage (`serialize`): a zip of manifest.json and the three boosters in xgboost's UBJSON format; nothing
is pickled, and `deserialize` refuses another format or a newer format version.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb

from biddeed_assets.model import nan_free_boosters
from biddeed_assets.model.artifacts import (
    CalibratedClassifier,
    Calibration,
    booster_bytes,
    feature_hash,
    load_booster,
)
from biddeed_assets.model.explanations import reasons_batch
from biddeed_assets.model.real_features import (
    FEATURE_SET_VERSION,
    REAL_FEATURES,
    known_columns,
    real_feature_columns,
)

FORMAT = "biddeed-outcome-bundle"
FORMAT_VERSION = 1
EXACT_CONTRIBUTIONS_MAX_ROWS = 5_000  # beyond this, reasons use Saabas: exact TreeSHAP costs ~0.1 ms a row
SCORE_COLUMNS = ("sold_probability", "third_party_probability", "predicted_sale_price", "price_lower",
                 "price_upper", "expected_surplus", "model_version", "reason")
KEY_COLUMNS = ("county", "auction_date", "case_number", "auction_id")
NO_JUDGMENT = "too little to score: no positive final_judgment"


@dataclass(frozen=True)
class OutcomeBundle:
    """The sale, third-party and price models of one version, with their provenance; see the module doc."""

    sold: CalibratedClassifier
    third_party: CalibratedClassifier
    price: xgb.Booster | None
    price_quantile: float | None
    price_residuals: tuple[float, ...]
    price_interval_level: float
    features: tuple[str, ...]
    feature_version: str
    params: dict[str, Any]
    baselines: dict[str, Any]
    sources: dict[str, Any]
    metrics: dict[str, Any]
    training_window: tuple[str, str]
    holdout_window: tuple[str, str] | None = None
    row_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    version: str = ""
    report: dict[str, Any] = field(default_factory=dict)  # the holdout's evaluation, reliability tables included
    # The boosters rewritten for matrices without NaN (see _NaNFree), made on first score; replace() drops it.
    _nan_free: tuple[_NaNFree | None] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def feature_hash(self) -> str:
        return feature_hash(self.features, self.feature_version)


def _interval(booster: xgb.Booster | None, q: float | None, X: np.ndarray) -> tuple[np.ndarray, ...]:
    """(price, lower, upper, log price) in $ for each row of X; NaN without a price model."""
    n = X.shape[0]
    if booster is None:
        nan = np.full(n, np.nan)
        return nan, nan.copy(), nan.copy(), nan.copy()
    log_price = np.asarray(booster.inplace_predict(X), dtype=np.float64)
    price = np.maximum(np.expm1(log_price), 0.0)
    if q is None:
        return price, np.full(n, np.nan), np.full(n, np.nan), log_price
    return price, np.maximum(np.expm1(log_price - q), 0.0), np.expm1(log_price + q), log_price


def expected_surplus(bundle: OutcomeBundle, log_price: np.ndarray, judgment: np.ndarray) -> np.ndarray:
    """E[max(0, price - judgment)] given a third-party sale, over the stored residual quantiles."""
    residuals = np.asarray(bundle.price_residuals, dtype=np.float64)
    if residuals.size == 0:
        return np.full(log_price.shape, np.nan)
    # expm1(lp + r) - J == exp(lp) * f - (J + 1) with f = exp(r): a residual counts only where f exceeds
    # (J + 1) / exp(lp), so with the factors sorted the sum over them is one search and two suffix sums.
    factors = np.sort(np.exp(residuals))
    tail = np.concatenate([np.cumsum(factors[::-1])[::-1], [0.0]])  # tail[i] = sum(factors[i:])
    base, owed = np.exp(log_price), judgment + 1.0
    known = ~(np.isnan(log_price) | np.isnan(judgment))
    first = np.searchsorted(factors, np.where(known, owed / np.where(known, base, 1.0), np.inf), side="right")
    out = (base * tail[first] - owed * (factors.size - first)) / factors.size
    return np.where(known, np.maximum(out, 0.0), np.nan)


def require_known_columns(frame: pd.DataFrame) -> None:
    """ValueError when the frame has none of the input columns the features read."""
    if len(frame.columns) and not known_columns(frame):
        raise ValueError("none of the known case columns is in the input (expected some of: "
                         "final_judgment, assessed_value, plaintiff_max_bid, auction_date, case_number, county, ...; "
                         f"got: {', '.join(map(str, frame.columns[:8]))})")
    if not len(frame.columns):
        raise ValueError("the input has no columns")


def score(bundle: OutcomeBundle, frame: pd.DataFrame, *, reasons: bool = False, k: int = 3) -> pd.DataFrame:
    """SCORE_COLUMNS per row of `frame` (its index, its order), keys (county, auction_date, ...) first.

    A frame with none of the input columns the features read is a ValueError (it would only give
    confident guesses); outcome columns are ignored. reasons=True adds `top_reasons` (the k features that
    moved the third-party log-odds most, as sentences) and `contributions` (each non-zero one, and the bias):
    exact TreeSHAP up to EXACT_CONTRIBUTIONS_MAX_ROWS rows, Saabas beyond.
    """
    require_known_columns(frame)
    X, judgment = model_inputs(bundle, frame)
    scorable = ~np.isnan(judgment)
    values = {key: frame[key].to_numpy() for key in KEY_COLUMNS if key in frame.columns}
    values.update({name: np.full(len(frame), np.nan) for name in SCORE_COLUMNS[:6]})
    if scorable.any():
        rows = slice(None) if scorable.all() else scorable  # a slice keeps X as it is, no copy
        fast = nan_free(bundle)
        sold, third_party, price_model = (fast.sold, fast.third_party, fast.price) if fast else \
            (bundle.sold, bundle.third_party, bundle.price)
        Xs = fast.inputs(X[rows]) if fast else X[rows]
        values["sold_probability"][rows] = sold.probability(Xs)
        values["third_party_probability"][rows] = third_party.probability(Xs)
        price, lower, upper, log_price = _interval(price_model, bundle.price_quantile, Xs)
        values["predicted_sale_price"][rows] = price
        values["price_lower"][rows] = lower
        values["price_upper"][rows] = upper
        values["expected_surplus"][rows] = expected_surplus(bundle, log_price, judgment[rows])
    out = pd.DataFrame(values, index=frame.index, copy=False)
    out["model_version"] = bundle.version
    out["reason"] = pd.Series(np.where(scorable, None, NO_JUDGMENT), index=frame.index, dtype=object)
    if reasons:
        out["top_reasons"], out["contributions"] = _explanations(bundle, X, scorable, k)
    return out


def model_inputs(bundle: OutcomeBundle, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(the float32 C-ordered matrix of the bundle's features, the final judgment in float64) of `frame`."""
    columns = real_feature_columns(frame, tuple(dict.fromkeys(("final_judgment", *bundle.features))))
    X = np.empty((len(frame), len(bundle.features)), dtype=np.float32)
    for j, name in enumerate(bundle.features):
        X[:, j] = columns[name]
    return X, columns["final_judgment"]


@dataclass(frozen=True)
class _NaNFree:
    """The bundle's boosters rewritten to read a matrix without NaN (model/nan_free_boosters.py)."""

    source: np.ndarray  # the column of the bundle's matrix each column copies
    fill: np.ndarray  # float32 -inf or +inf: what a missing cell becomes in that column
    sold: CalibratedClassifier
    third_party: CalibratedClassifier
    price: xgb.Booster | None

    def inputs(self, X: np.ndarray) -> np.ndarray:
        """The NaN-free float32 matrix these boosters read, from the bundle's matrix X."""
        return nan_free_boosters.nan_free_inputs(X, self.source, self.fill)


def nan_free(bundle: OutcomeBundle) -> _NaNFree | None:
    """The bundle's NaN-free boosters (made once per bundle); None when its trees cannot be rewritten so."""
    if bundle._nan_free is None:
        boosters = [bundle.sold.booster, bundle.third_party.booster] + ([bundle.price] if bundle.price else [])
        rewritten = nan_free_boosters.rewrite(boosters)
        made = None
        if rewritten is not None:
            (sold, third, *price), source, fill = rewritten
            made = _NaNFree(source, fill, CalibratedClassifier(sold, bundle.sold.calibration),
                            CalibratedClassifier(third, bundle.third_party.calibration), price[0] if price else None)
        object.__setattr__(bundle, "_nan_free", (made,))
    return bundle._nan_free[0]


def _explanations(bundle: OutcomeBundle, X: np.ndarray, scorable: np.ndarray, k: int) -> tuple[list, list]:
    """Top reasons and contributions of the third-party model per row; empty for rows not scored."""
    top: list[list[str]] = [[] for _ in range(len(X))]
    kept: list[dict | None] = [None] * len(X)
    rows = np.flatnonzero(scorable)
    if rows.size:
        Xs = X[rows]
        contribs = bundle.third_party.contributions(Xs, approx=rows.size > EXACT_CONTRIBUTIONS_MAX_ROWS)
        names = (*bundle.features, "bias")
        for i, reasons, row in zip(rows.tolist(), reasons_batch(contribs, bundle.features, Xs, k), contribs,
                                   strict=True):
            top[i] = reasons
            kept[i] = {name: round(float(v), 5) for name, v in zip(names, row, strict=True) if v}
    return top, kept


# ---------------------------------------------------------------------------------------- storage

def _manifest(bundle: OutcomeBundle) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": bundle.version,
        "features": list(bundle.features),
        "feature_version": bundle.feature_version,
        "feature_hash": bundle.feature_hash,
        "params": bundle.params,
        "baselines": bundle.baselines,
        "sources": bundle.sources,
        "metrics": bundle.metrics,
        "training_window": list(bundle.training_window),
        "holdout_window": list(bundle.holdout_window) if bundle.holdout_window else None,
        "row_counts": bundle.row_counts,
        "calibration": {"sold": bundle.sold.calibration.to_json(),
                        "third_party": bundle.third_party.calibration.to_json()},
        "price_quantile": bundle.price_quantile,
        "price_residuals": list(bundle.price_residuals),
        "price_interval_level": bundle.price_interval_level,
        "has_price": bundle.price is not None,
        "report": bundle.report,
    }


def serialize(bundle: OutcomeBundle) -> bytes:
    """The bundle as a zip of manifest.json and UBJSON boosters; the same bundle gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        put("manifest.json", json.dumps(_manifest(bundle), sort_keys=True, allow_nan=False).encode("utf-8"))
        put("sold.ubj", booster_bytes(bundle.sold.booster))
        put("third_party.ubj", booster_bytes(bundle.third_party.booster))
        if bundle.price is not None:
            put("sale_price.ubj", booster_bytes(bundle.price))
    return buffer.getvalue()


def read_manifest(data: bytes) -> dict[str, Any]:
    """The manifest of a serialized bundle (metadata only, no boosters loaded); ValueError if not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a {FORMAT} artifact: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} artifact (format {manifest.get('format') if isinstance(manifest, dict) else None!r})")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise ValueError(f"artifact format version {manifest['format_version']} is newer than {FORMAT_VERSION}")
    return manifest


def deserialize(data: bytes) -> OutcomeBundle:
    """The bundle `serialize` wrote."""
    manifest = read_manifest(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        cal = manifest["calibration"]
        sold = CalibratedClassifier(load_booster(archive.read("sold.ubj")), Calibration.from_json(cal["sold"]))
        third = CalibratedClassifier(load_booster(archive.read("third_party.ubj")),
                                     Calibration.from_json(cal["third_party"]))
        price = load_booster(archive.read("sale_price.ubj")) if manifest["has_price"] else None
    holdout = manifest.get("holdout_window")
    return OutcomeBundle(
        sold=sold, third_party=third, price=price,
        price_quantile=manifest["price_quantile"],
        price_residuals=tuple(manifest["price_residuals"]),
        price_interval_level=float(manifest["price_interval_level"]),
        features=tuple(manifest["features"]),
        feature_version=manifest["feature_version"],
        params=manifest["params"],
        baselines=manifest["baselines"],
        sources=manifest["sources"],
        metrics=manifest["metrics"],
        training_window=tuple(manifest["training_window"]),
        holdout_window=tuple(holdout) if holdout else None,
        row_counts=manifest["row_counts"],
        version=manifest["version"],
        report=manifest.get("report") or {},
    )


def compatible(bundle: OutcomeBundle) -> bool:
    """True when this code builds the features the bundle was trained on."""
    return bundle.feature_version == FEATURE_SET_VERSION and all(f in REAL_FEATURES for f in bundle.features)

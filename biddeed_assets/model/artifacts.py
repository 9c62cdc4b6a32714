"""What every stored model is made of: a calibrated xgboost classifier, and boosters stored without pickle.

`CalibratedClassifier` pairs a booster (binary:logistic) with a monotone calibration map (`Calibration`,
fitted in `training.fit_calibration`). Boosters are stored in xgboost's own UBJSON format
(`booster_bytes` / `load_booster`), so loading an artifact never executes code. `feature_hash` names a
feature list and its version: equal hashes, compatible rows. The outcome bundle
(`outcome_models.OutcomeBundle`) is built from these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import xgboost as xgb

PROBABILITY_FLOOR = 1e-3  # isotonic maps can reach exactly 0 or 1; nobody is that sure of an auction


def feature_hash(features: Sequence[str], version: str) -> str:
    """sha256 of the ordered feature names and their version: equal hashes, compatible rows."""
    text = "\n".join(features) + "\n#version=" + version
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def booster_bytes(booster: xgb.Booster) -> bytes:
    """A booster in xgboost's own UBJSON model format (what every artifact stores; never pickle)."""
    return bytes(booster.save_raw(raw_format="ubj"))


def load_booster(raw: bytes) -> xgb.Booster:
    """The booster `booster_bytes` wrote."""
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    return booster

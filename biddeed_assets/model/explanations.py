"""Why a model scored a case as it did: its strongest feature contributions as sentences an investor reads.

Contributions come from xgboost (`Booster.predict(DMatrix, pred_contribs=True)`) on the *uncalibrated*
third-party booster: exact TreeSHAP, or the Saabas approximation for bulk scoring; both add up to the
booster's log-odds margin. Calibration is monotone non-decreasing, so a feature that raises the margin
never lowers the calibrated probability.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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


def reasons_batch(contribs: np.ndarray, names: Sequence[str], X: np.ndarray, k: int) -> list[list[str]]:
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

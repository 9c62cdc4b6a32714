"""The champion/challenger gate: does a newly trained model replace the champion? (pure; no database).

Both metric dicts come from the same recent holdout (the challenger's; the champion is re-scored on it,
`real_evaluation.evaluate_outcomes`). For each (metric, higher_is_better) check the challenger fails when it is worse
than the champion by more than the tolerance; a figure the champion lacks is not compared, one only the
challenger lacks fails. No champion figures (no champion, or no holdout to score it on) -> promote; the
champion re-trained into the same version -> promote (nothing changes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The gate's checks: (metric, True when higher is better).
GATE_CHECKS: tuple[tuple[str, bool], ...] = (("roc_auc", True), ("brier", False))
DEFAULT_TOLERANCE = 0.01


@dataclass(frozen=True)
class GateDecision:
    """Promote the challenger or keep it as one, with one reason per check."""

    promote: bool
    reasons: tuple[str, ...]

    @property
    def note(self) -> str:
        """The reasons as the registry's note and the check's metadata show them."""
        return "; ".join(self.reasons)

    @property
    def outcome(self) -> str:
        return "promoted" if self.promote else "kept as challenger"


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def compare(
    champion_metrics: Mapping[str, Any] | None,
    challenger_metrics: Mapping[str, Any],
    tolerance: float | Mapping[str, float] = DEFAULT_TOLERANCE,
    checks: Sequence[tuple[str, bool]] = GATE_CHECKS,
) -> tuple[bool, list[str]]:
    """(promote?, reasons) of the metric checks; tolerance is one float or a per-metric mapping."""
    if not champion_metrics:
        return True, ["no champion: the challenger is promoted"]
    promote, reasons = True, []
    for name, higher_is_better in checks:
        tol = float(tolerance.get(name, DEFAULT_TOLERANCE) if isinstance(tolerance, Mapping) else tolerance)
        champ = _clean(champion_metrics.get(name))
        chall = _clean(challenger_metrics.get(name))
        if champ is None:
            reasons.append(f"{name}: champion has none, not compared")
            continue
        if chall is None:
            promote = False
            reasons.append(f"{name}: challenger has none (champion {champ:.4f})")
            continue
        worse_by = champ - chall if higher_is_better else chall - champ
        verdict = "worse" if worse_by > tol else "ok"
        if verdict == "worse":
            promote = False
        direction = "higher" if higher_is_better else "lower"
        reasons.append(f"{name}: challenger {chall:.4f} vs champion {champ:.4f} ({direction} is better, "
                       f"tolerance {tol:.4f}): {verdict}")
    return promote, reasons


def decide(
    challenger_version: str,
    challenger_metrics: Mapping[str, Any],
    champion_version: str | None,
    champion_metrics: Mapping[str, Any] | None,
    tolerance: float | Mapping[str, float] = DEFAULT_TOLERANCE,
) -> GateDecision:
    """The gate's call on a challenger against the champion's figures on the same holdout."""
    if champion_version is not None and champion_version == challenger_version:
        return GateDecision(True, ("the same model as the champion",))
    promote, reasons = compare(champion_metrics, challenger_metrics, tolerance)
    return GateDecision(promote, tuple(reasons))

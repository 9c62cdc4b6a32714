"""The champion/challenger gate as a pure function: the metric checks, the tolerance, and the decision."""

from __future__ import annotations

import pytest

from biddeed_assets.model.gate import DEFAULT_TOLERANCE, GateDecision, compare, decide


def test_compare_without_champion_promotes():
    promote, reasons = compare(None, {"roc_auc": 0.6, "brier": 0.3})
    assert promote and "no champion" in reasons[0]
    assert compare({}, {"roc_auc": 0.6})[0]


CHAMPION = {"roc_auc": 0.75, "brier": 0.20}


@pytest.mark.parametrize(
    ("challenger", "tolerance", "promote"),
    [
        ({"roc_auc": 0.76, "brier": 0.19}, 0.01, True),  # better
        ({"roc_auc": 0.745, "brier": 0.205}, 0.01, True),  # worse, within tolerance
        ({"roc_auc": 0.73, "brier": 0.20}, 0.01, False),  # AUC lower by 0.02
        ({"roc_auc": 0.75, "brier": 0.22}, 0.01, False),  # Brier higher by 0.02
        ({"roc_auc": 0.73, "brier": 0.22}, 0.05, True),  # a loose gate lets it through
        ({"roc_auc": None, "brier": 0.19}, 0.01, False),  # the challenger lacks a figure
    ],
)
def test_compare_applies_the_tolerance(challenger, tolerance, promote):
    result, reasons = compare(CHAMPION, challenger, tolerance)
    assert result is promote
    assert len(reasons) == 2
    if not promote:
        assert any("worse" in r or "has none" in r for r in reasons)


def test_compare_per_metric_tolerance_and_missing_champion_figure():
    assert compare(CHAMPION, {"roc_auc": 0.73, "brier": 0.20}, {"roc_auc": 0.03, "brier": 0.0})[0]
    promote, reasons = compare({"roc_auc": None, "brier": 0.2}, {"roc_auc": 0.5, "brier": 0.2})
    assert promote and "not compared" in reasons[0]


def test_decide_promotes_a_challenger_no_worse_than_the_champion():
    decision = decide("v2", {"roc_auc": 0.76, "brier": 0.19}, "v1", CHAMPION)
    assert decision == GateDecision(True, decision.reasons) and len(decision.reasons) == 2
    assert decision.outcome == "promoted" and decision.note == "; ".join(decision.reasons)


def test_decide_keeps_a_worse_challenger():
    decision = decide("v2", {"roc_auc": 0.70, "brier": 0.19}, "v1", CHAMPION)
    assert not decision.promote and decision.outcome == "kept as challenger"
    assert "roc_auc: challenger 0.7000 vs champion 0.7500" in decision.note and "worse" in decision.note


def test_decide_without_champion_figures_promotes():
    assert decide("v1", {"roc_auc": 0.5}, None, None).reasons == ("no champion: the challenger is promoted",)
    # a champion with no holdout to be scored on has no figures either
    assert decide("v2", {"roc_auc": 0.5}, "v1", None).promote


def test_decide_on_the_champions_own_version_changes_nothing():
    decision = decide("v1", {"roc_auc": 0.1, "brier": 0.9}, "v1", CHAMPION)
    assert decision.promote and decision.reasons == ("the same model as the champion",)


def test_decide_takes_the_tolerance():
    worse = {"roc_auc": 0.73, "brier": 0.22}
    assert not decide("v2", worse, "v1", CHAMPION).promote  # DEFAULT_TOLERANCE 0.01
    assert decide("v2", worse, "v1", CHAMPION, tolerance=0.05).promote
    assert DEFAULT_TOLERANCE == 0.01

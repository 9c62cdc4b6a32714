"""The experiment report's statistics on data with known answers, and its false-positive rate on identical arms."""

import math

import numpy as np
import pytest
from scipy import stats

from biddeed_assets.model import ab_report, ab_test

ALPHA = 0.05
FPR_SEEDS = 500
FPR_N = 300  # judged cases per arm in each simulated experiment


def outcomes(variant, won, profit):
    return [{"variant": variant, "result": "WON" if w else "LOST", "won": bool(w), "profit": float(p)}
            for w, p in zip(won, profit, strict=True)]


def arm(rng, variant, n, win_p, mean_profit_when_won):
    won = rng.random(n) < win_p
    profit = np.where(won, rng.exponential(mean_profit_when_won, n), 0.0)  # zero-inflated and skewed, like deals
    return outcomes(variant, won, profit)


def report(rows, *, metric="mean_profit", min_sample=100, variants=("control", "lean")):
    return ab_test.build_report(experiment="t", variants=list(variants), outcomes=rows, primary_metric=metric,
                                min_sample=min_sample, alpha=ALPHA, split={v: 1 for v in variants})


def comparison(rep, metric):
    return next(c for c in rep.comparisons if c.metric == metric)


def test_two_proportion_matches_the_hand_computed_z_test():
    result = ab_test.two_proportion(50, 100, 65, 100)
    pooled = 115 / 200
    z = 0.15 / math.sqrt(pooled * (1 - pooled) * (2 / 100))
    assert result.difference == pytest.approx(0.15)
    assert result.p_value == pytest.approx(2 * stats.norm.sf(z))
    half = 1.959964 * math.sqrt(0.5 * 0.5 / 100 + 0.65 * 0.35 / 100)
    assert (result.ci_low, result.ci_high) == pytest.approx((0.15 - half, 0.15 + half), abs=1e-5)
    assert ab_test.two_proportion(0, 0, 3, 10) is None
    assert ab_test.two_proportion(0, 10, 0, 10).p_value == 1.0  # no wins anywhere: no evidence of a difference


def test_welch_matches_scipy_and_its_interval_covers_the_difference():
    rng = np.random.default_rng(7)
    a, b = rng.normal(0, 1, 40), rng.normal(0.5, 3, 25)
    result = ab_test.welch(a, b)
    assert result.p_value == pytest.approx(stats.ttest_ind(b, a, equal_var=False).pvalue)
    assert result.ci_low < b.mean() - a.mean() < result.ci_high
    assert ab_test.welch([1.0], [2.0, 3.0]) is None


def test_a_truly_better_variant_is_found_significant_and_wins_the_stop_rule():
    rng = np.random.default_rng(11)
    rows = arm(rng, "control", 600, 0.20, 20_000) + arm(rng, "lean", 600, 0.32, 20_000)
    rep = report(rows)
    assert comparison(rep, "win_rate").significant and comparison(rep, "win_rate").lift > 0
    profit = comparison(rep, "mean_profit")
    assert profit.significant and profit.ci_low > 0
    assert rep.should_stop and rep.winner == "lean" and rep.stop_rule.startswith("stop: lean beats control")
    assert rep.warnings == ()


def test_identical_variants_are_not_significant_and_the_control_is_kept():
    rng = np.random.default_rng(12)
    rows = arm(rng, "control", 600, 0.25, 20_000) + arm(rng, "lean", 600, 0.25, 20_000)
    rep = report(rows)
    assert not comparison(rep, "mean_profit").significant
    assert rep.should_stop and rep.winner == "control" and "no significant difference" in rep.stop_rule


def test_below_the_minimum_sample_it_warns_and_says_continue():
    rng = np.random.default_rng(13)
    rows = arm(rng, "control", 40, 0.2, 20_000) + arm(rng, "lean", 300, 0.5, 20_000)
    rep = report(rows, min_sample=100)
    assert not rep.should_stop and rep.winner is None and rep.stop_rule.startswith("continue")
    assert rep.warnings == ("insufficient sample: control has 40 judged cases, the minimum is 100",)
    text = ab_report.as_text(rep)
    assert "WARNING insufficient sample" in text and "two-proportion z" in text and "Welch t" in text
    assert ab_report.plot_markdown(rep).startswith("![t](data:image/png;base64,")


def false_positive_rate(metric):
    """Share of experiments on identical arms (zero-inflated profits) that the metric's test calls significant."""
    significant = 0
    for seed in range(FPR_SEEDS):
        rng = np.random.default_rng(1000 + seed)
        won = rng.random((2, FPR_N)) < 0.25
        if metric == "win_rate":
            result = ab_test.two_proportion(int(won[0].sum()), FPR_N, int(won[1].sum()), FPR_N, ALPHA)
        else:
            profit = np.where(won, rng.exponential(20_000, (2, FPR_N)), 0.0)
            result = ab_test.welch(profit[0], profit[1], ALPHA)
        significant += result.p_value < ALPHA
    return significant / FPR_SEEDS


@pytest.mark.parametrize("metric", ["win_rate", "mean_profit"])
def test_the_false_positive_rate_on_identical_variants_is_near_alpha(metric):
    rate = false_positive_rate(metric)
    print(f"false-positive rate {metric}: {rate:.3f} over {FPR_SEEDS} seeds, n={FPR_N} per arm, alpha {ALPHA}")
    assert 0.02 <= rate <= 0.09


def test_three_arms_share_alpha_between_the_treatments():
    rng = np.random.default_rng(14)
    rows = [r for v in ("control", "a", "b") for r in arm(rng, v, 200, 0.25, 20_000)]
    rep = report(rows, variants=("control", "a", "b"))
    assert {c.variant for c in rep.comparisons} == {"a", "b"}
    assert "alpha 0.025" in rep.stop_rule or "p=" in rep.stop_rule

"""An experiment's report: per variant n, win rate and mean profit, lift over the control, tests and the stop rule.

Win rate (a proportion) is tested with the two-proportion z test (pooled standard error) and its lift gets a
Wald interval (unpooled); mean profit (skewed, zero for every pass or loss) with Welch's t test, which does not
assume equal variances, and a Welch interval. With several treatments each is compared with the control at
alpha / (treatments) (Bonferroni), so the chance of any false winner stays at most alpha.

Stop rule (fixed horizon): while any variant has fewer judged cases than the minimum sample, continue (and warn:
a difference seen now is not evidence). At the minimum sample, stop: a treatment significantly better than the
control on the primary metric wins (the largest lift); else the control is kept, either because a treatment is
significantly worse or because no difference could be shown at that sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

METRIC_TESTS = {"win_rate": "two-proportion z", "mean_profit": "Welch t"}


@dataclass(frozen=True, slots=True)
class LiftTest:
    """A difference (treatment - control), its interval at 1 - alpha, and the two-sided p-value."""

    difference: float
    ci_low: float
    ci_high: float
    p_value: float


def two_proportion(x_control: int, n_control: int, x_treatment: int, n_treatment: int,
                   alpha: float = 0.05) -> LiftTest | None:
    """Two-proportion z test of p_treatment - p_control; None when either group is empty."""
    if n_control <= 0 or n_treatment <= 0:
        return None
    p1, p2 = x_control / n_control, x_treatment / n_treatment
    diff = p2 - p1
    pooled = (x_control + x_treatment) / (n_control + n_treatment)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / n_control + 1 / n_treatment))
    p_value = 1.0 if se_pooled == 0 else float(2 * stats.norm.sf(abs(diff) / se_pooled))
    se = math.sqrt(p1 * (1 - p1) / n_control + p2 * (1 - p2) / n_treatment)
    half = float(stats.norm.ppf(1 - alpha / 2)) * se
    return LiftTest(diff, diff - half, diff + half, p_value)


def welch(control: Sequence[float], treatment: Sequence[float], alpha: float = 0.05) -> LiftTest | None:
    """Welch's t test of mean(treatment) - mean(control); None with fewer than two values in either group."""
    a, b = np.asarray(control, dtype=float), np.asarray(treatment, dtype=float)
    if len(a) < 2 or len(b) < 2:
        return None
    diff = float(b.mean() - a.mean())
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    if se == 0:
        return LiftTest(diff, diff, diff, 1.0 if diff == 0 else 0.0)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    p_value = float(2 * stats.t.sf(abs(diff) / se, df))
    half = float(stats.t.ppf(1 - alpha / 2, df)) * se
    return LiftTest(diff, diff - half, diff + half, p_value)


@dataclass(frozen=True, slots=True)
class VariantSummary:
    """One variant's judged cases: n, bids (not a pass), wins, win rate; profit over the cases where it is known."""

    variant: str
    n: int
    bids: int
    wins: int
    win_rate: float | None
    profit_n: int
    mean_profit: float | None
    total_profit: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """A treatment against the control on one metric: lift, its interval, the test and whether it is significant."""

    variant: str
    metric: str
    test: str
    control_value: float | None
    variant_value: float | None
    lift: float | None  # treatment - control, in the metric's unit
    relative_lift: float | None  # lift / |control value|
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    significant: bool


@dataclass(frozen=True, slots=True)
class ExperimentReport:
    """What the experiment shows now, and what the stop rule says to do."""

    experiment: str
    status: str
    control: str
    primary_metric: str
    min_sample: int
    alpha: float
    split: Mapping[str, float]
    variants: tuple[VariantSummary, ...]
    comparisons: tuple[Comparison, ...]
    warnings: tuple[str, ...] = field(default=())
    should_stop: bool = False
    winner: str | None = None
    stop_rule: str = ""

    def summary(self, name: str) -> VariantSummary:
        return next(v for v in self.variants if v.variant == name)

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def summarize(variant: str, outcomes: Iterable[Mapping]) -> VariantSummary:
    """n, bids, wins and profit of one variant's judged cases (mappings with `result`, `won`, `profit`)."""
    rows = list(outcomes)
    wins = sum(bool(r["won"]) for r in rows)
    profits = [float(r["profit"]) for r in rows if r.get("profit") is not None]
    return VariantSummary(
        variant=variant, n=len(rows), bids=sum(r.get("result") != "PASS" for r in rows), wins=wins,
        win_rate=wins / len(rows) if rows else None, profit_n=len(profits),
        mean_profit=float(np.mean(profits)) if profits else None,
        total_profit=round(float(np.sum(profits)), 2) if profits else None,
    )


def _relative(lift: float | None, base: float | None) -> float | None:
    return None if lift is None or not base else lift / abs(base)


def compare(control: VariantSummary, treatment: VariantSummary, control_profits: Sequence[float],
            treatment_profits: Sequence[float], metric: str, alpha: float) -> Comparison:
    """The treatment against the control on `metric` at level `alpha`."""
    if metric == "win_rate":
        test = two_proportion(control.wins, control.n, treatment.wins, treatment.n, alpha)
        base, value = control.win_rate, treatment.win_rate
    else:
        test = welch(control_profits, treatment_profits, alpha)
        base, value = control.mean_profit, treatment.mean_profit
    if test is None:
        return Comparison(treatment.variant, metric, METRIC_TESTS[metric], base, value, None, None, None, None,
                          None, False)
    return Comparison(treatment.variant, metric, METRIC_TESTS[metric], base, value, test.difference,
                      _relative(test.difference, base), test.ci_low, test.ci_high, test.p_value,
                      test.p_value < alpha)


def build_report(*, experiment: str, variants: Sequence[str], outcomes: Iterable[Mapping], primary_metric: str,
                 min_sample: int, alpha: float, split: Mapping[str, float] | None = None,
                 status: str = "active") -> ExperimentReport:
    """The report of judged outcomes (mappings with `variant`, `result`, `won`, `profit`); variants[0] is the control."""
    grouped: dict[str, list[Mapping]] = {name: [] for name in variants}
    for row in outcomes:
        grouped.setdefault(row["variant"], []).append(row)
    summaries = {name: summarize(name, grouped[name]) for name in variants}
    profits = {name: [float(r["profit"]) for r in grouped[name] if r.get("profit") is not None] for name in variants}
    control, treatments = variants[0], list(variants[1:])
    level = alpha / max(len(treatments), 1)
    comparisons = tuple(
        compare(summaries[control], summaries[t], profits[control], profits[t], metric, level)
        for t in treatments for metric in (primary_metric, *(m for m in METRIC_TESTS if m != primary_metric))
    )
    sample = (lambda s: s.n) if primary_metric == "win_rate" else (lambda s: s.profit_n)
    short = [s for s in summaries.values() if sample(s) < min_sample]
    warnings = tuple(f"insufficient sample: {s.variant} has {sample(s)} judged cases, the minimum is {min_sample}"
                     for s in short)
    primary = [c for c in comparisons if c.metric == primary_metric]
    if short:
        should_stop, winner = False, None
        rule = (f"continue: every variant needs {min_sample} judged cases before the {primary_metric} test is read "
                f"(smallest now {min(sample(s) for s in short)})")
    else:
        better = [c for c in primary if c.significant and (c.lift or 0) > 0]
        should_stop = True
        if better:
            best = max(better, key=lambda c: c.lift or 0)
            winner = best.variant
            rule = (f"stop: {best.variant} beats {control} on {primary_metric} (p={best.p_value:.3g} < "
                    f"{level:.3g}); adopt {best.variant}")
        elif any(c.significant for c in primary):
            winner = control
            rule = f"stop: {control} is significantly better on {primary_metric}; keep {control}"
        else:
            winner = control
            rule = (f"stop: no significant difference on {primary_metric} at the minimum sample "
                    f"(alpha {level:.3g}); keep {control}")
    total = sum((split or {}).values()) or 1.0
    return ExperimentReport(
        experiment=experiment, status=status, control=control, primary_metric=primary_metric,
        min_sample=min_sample, alpha=alpha, split={k: v / total for k, v in (split or {}).items()},
        variants=tuple(summaries.values()), comparisons=comparisons, warnings=warnings,
        should_stop=should_stop, winner=winner, stop_rule=rule,
    )

"""An experiment report as text (the CLI), markdown (the Dagster UI) and a PNG plot of each variant's metrics."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping

import numpy as np

from biddeed_assets.model.ab_test import Comparison, ExperimentReport, VariantSummary, build_report
from biddeed_assets.rules.experiments import Experiment


def report_for(stored: Mapping, outcomes: Iterable[Mapping]) -> ExperimentReport:
    """The report of a stored experiment (an `experiments` row) from its judged outcomes."""
    experiment = Experiment.from_stored(stored)
    return build_report(experiment=experiment.name, variants=[v.name for v in experiment.variants],
                        outcomes=outcomes, primary_metric=experiment.primary_metric,
                        min_sample=experiment.min_sample, alpha=experiment.alpha, split=experiment.split(),
                        status=experiment.status)


def _money(value: float | None) -> str:
    if value is None:
        return "—"
    return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _lift(c: Comparison) -> str:
    if c.lift is None:
        return "—"
    if c.metric == "win_rate":
        return f"{c.lift * 100:+.1f} pts [{c.ci_low * 100:+.1f}, {c.ci_high * 100:+.1f}]"
    return f"{_money(c.lift)} [{_money(c.ci_low)}, {_money(c.ci_high)}]"


def _p(c: Comparison) -> str:
    return "—" if c.p_value is None else f"{c.p_value:.3g}" + (" *" if c.significant else "")


def variant_cells(report: ExperimentReport, v: VariantSummary) -> list[str]:
    share = report.split.get(v.variant)
    role = "control" if v.variant == report.control else "treatment"
    return [v.variant, role, _share(share), str(v.n), str(v.bids), str(v.wins), _share(v.win_rate),
            _money(v.mean_profit), str(v.profit_n)]


VARIANT_TITLES = ["variant", "role", "split", "n", "bids", "wins", "win rate", "mean profit", "profit n"]
COMPARISON_TITLES = ["variant", "metric", "test", "control", "variant value", "lift [CI]", "relative", "p"]


def comparison_cells(c: Comparison) -> list[str]:
    fmt = _share if c.metric == "win_rate" else _money
    return [c.variant, c.metric, c.test, fmt(c.control_value), fmt(c.variant_value), _lift(c),
            _share(c.relative_lift), _p(c)]


def _table(titles: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max([len(t)] + [len(r[i]) for r in rows]) for i, t in enumerate(titles)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*titles), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows]


def _md_table(titles: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)] + ["| " + " | ".join(r) + " |" for r in rows]


def _head(report: ExperimentReport) -> str:
    return (f"experiment {report.experiment} ({report.status}): primary metric {report.primary_metric}, "
            f"minimum sample {report.min_sample} per variant, alpha {report.alpha:g}")


def as_text(report: ExperimentReport) -> str:
    lines = [_head(report), ""]
    lines += _table(VARIANT_TITLES, [variant_cells(report, v) for v in report.variants])
    lines += [""] + _table(COMPARISON_TITLES, [comparison_cells(c) for c in report.comparisons])
    lines += [""] + [f"WARNING {w}" for w in report.warnings] + [report.stop_rule]
    return "\n".join(lines)


def as_markdown(report: ExperimentReport) -> str:
    lines = [f"**{_head(report)}**", ""]
    lines += _md_table(VARIANT_TITLES, [variant_cells(report, v) for v in report.variants])
    lines += [""] + _md_table(COMPARISON_TITLES, [comparison_cells(c) for c in report.comparisons])
    lines += [""] + [f"- **warning** {w}" for w in report.warnings] + [f"- **{report.stop_rule}**"]
    return "\n".join(lines)


def plot_png(report: ExperimentReport) -> bytes:
    """Win rate and mean profit per variant, the treatments with their lift intervals placed on the control."""
    from matplotlib.figure import Figure  # a bare Figure renders with Agg and leaves pyplot's backend alone

    names = [v.variant for v in report.variants]
    fig = Figure(figsize=(7.5, 3.2), dpi=100)
    for i, metric in enumerate(("win_rate", "mean_profit")):
        ax = fig.add_subplot(1, 2, i + 1)
        values = [getattr(v, metric) for v in report.variants]
        heights = [np.nan if x is None else float(x) for x in values]
        control = heights[0]
        errors = [[0.0], [0.0]]
        for c in (c for c in report.comparisons if c.metric == metric):
            low, high = (np.nan, np.nan) if c.ci_low is None else (c.ci_low, c.ci_high)
            value = control + (c.lift if c.lift is not None else np.nan)
            errors[0].append(max(0.0, value - (control + low)) if not np.isnan(low) else 0.0)
            errors[1].append(max(0.0, (control + high) - value) if not np.isnan(high) else 0.0)
        colors = ["tab:gray"] + ["tab:blue"] * (len(names) - 1)
        ax.bar(names, heights, color=colors, yerr=errors if len(errors[0]) == len(names) else None, capsize=4)
        ns = [v.n if metric == "win_rate" else v.profit_n for v in report.variants]
        ax.set_xticks(range(len(names)), [f"{n}\n(n={k})" for n, k in zip(names, ns, strict=True)])
        ax.set_title("win rate" if metric == "win_rate" else "mean profit per case ($)")
        ax.grid(axis="y", alpha=0.3)
    verdict = report.stop_rule.split(";")[0]
    fig.suptitle(f"{report.experiment}: {verdict if len(verdict) <= 90 else verdict[:89] + '…'}", fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def plot_markdown(report: ExperimentReport) -> str:
    """The plot as a markdown image with a data URI: Dagster's UI renders it in the asset's metadata."""
    encoded = base64.b64encode(plot_png(report)).decode()
    return f"![{report.experiment}](data:image/png;base64,{encoded})"

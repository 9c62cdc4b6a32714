"""The audit's prediction error over time as a PNG for the Dagster UI, per sale week, against the retrain limit."""

from __future__ import annotations

import io

import pandas as pd

DPI = 80


def error_over_time_png(audits: pd.DataFrame, *, baseline_error: float | None = None,
                        limit: float | None = None) -> bytes:
    """Weekly error rate (p >= 0.5 called wrong) and mean |p - outcome| by sale week, the baseline and limit dashed.

    audits: auction_date, predicted_probability, actual_outcome (1 third party, 0 plaintiff), prediction_error.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 3.2), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    frame = audits.dropna(subset=["predicted_probability", "actual_outcome", "auction_date"])
    if frame.empty:
        ax.text(0.5, 0.5, "no audited prediction yet", ha="center", va="center")
        ax.set_axis_off()
    else:
        week = pd.to_datetime(frame["auction_date"]).dt.to_period("W").dt.start_time.rename("week")
        wrong = ((frame["predicted_probability"] >= 0.5).astype(float) != frame["actual_outcome"]).astype(float)
        weekly = pd.DataFrame({"error_rate": wrong, "mae": frame["prediction_error"]}).groupby(week).agg(
            error_rate=("error_rate", "mean"), mae=("mae", "mean"), n=("error_rate", "size"))
        ax.plot(weekly.index, weekly["error_rate"], "o-", color="#1565c0", label="error rate")
        ax.plot(weekly.index, weekly["mae"], "s:", color="#6a1b9a", label="mean |p - outcome|")
        for when, row in weekly.iterrows():
            ax.annotate(f"n={int(row['n'])}", (when, row["error_rate"]), textcoords="offset points", xytext=(0, 5),
                        ha="center", fontsize=7)
        for value, style, label in ((baseline_error, "--", "baseline"), (limit, "-.", "retrain above")):
            if value is not None:
                ax.axhline(value, color="#c62828", linestyle=style, linewidth=1, label=f"{label} {value:.3f}")
        ax.set_ylim(0, 1)
        ax.set_title("Prediction error by sale week (audit)")
        ax.legend(loc="upper right", fontsize=7, ncols=2)
        ax.grid(alpha=0.3)
        fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()

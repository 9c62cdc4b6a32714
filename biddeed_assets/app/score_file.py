"""`biddeed score FILE.csv` and `biddeed evaluate FILE.csv`: the champion outcome bundle on a file of cases.

Columns are named as in the shared Miami-Dade history file (or the canonical case record); outcome
columns in a file to score are ignored. A file with none of the known columns is an error; a row with
too little to score (only a case number) gets nulls and a reason.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pandas as pd

from biddeed_assets.model import outcome_models
from biddeed_assets.model.real_evaluation import calibration_plot, evaluate_outcomes
from biddeed_assets.model.real_features import OUTCOME_COLUMNS

OUTPUT = ("sold_probability", "third_party_probability", "predicted_sale_price", "price_lower", "price_upper",
          "expected_surplus", "model_version", "reason")
LABELS = ("outcome", "sold_to", "sold_amount")


class NoChampion(RuntimeError):
    """No model has been promoted yet."""


def read_cases(path: Path) -> pd.DataFrame:
    """The CSV as text columns; ValueError with one line when it is not a CSV of cases."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start})") from None
    if not text.strip():
        raise ValueError("the file is empty")
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ValueError(f"not a CSV: {' '.join(str(error).split())}") from None


def check_columns(frame: pd.DataFrame, *, labelled: bool = False) -> None:
    """ValueError (one line) when the file has no column the features read, or, `labelled`, lacks the outcome."""
    outcome_models.require_known_columns(frame)
    missing = [c for c in LABELS if c not in frame.columns] if labelled else []
    if "outcome" in missing and "status" in frame.columns:
        missing.remove("outcome")
    if missing:
        raise ValueError(f"a labelled file needs the columns {', '.join(LABELS)}; missing: {', '.join(missing)}")


def bundle_of(artifact: bytes) -> outcome_models.OutcomeBundle:
    try:
        return outcome_models.deserialize(artifact)
    except ValueError as error:
        raise NoChampion(f"the champion is not an outcome bundle ({error}); retrain (job retrain_models)") from None


def score(frame: pd.DataFrame, artifact: bytes) -> str:
    """CSV of (case_number when given,) OUTPUT per input row, in input order."""
    bundle = bundle_of(artifact)
    scored = outcome_models.score(bundle, frame.drop(columns=[c for c in OUTCOME_COLUMNS if c in frame.columns]))
    out = pd.DataFrame(index=frame.index)
    for key in ("case_number", "auction_id"):
        if key in frame.columns:
            out[key] = frame[key]
    for column in OUTPUT:
        out[column] = scored[column].map(_fmt) if column not in ("model_version", "reason") else scored[column]
    return out.to_csv(index=False)


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):.4f}" if abs(float(value)) <= 1 else f"{float(value):.0f}"


def evaluate(frame: pd.DataFrame, artifact: bytes, *, n_boot: int = 1000) -> dict[str, Any]:
    """The report of evaluate_outcomes on a labelled file; ValueError when the labels are missing."""
    check_columns(frame, labelled=True)
    return evaluate_outcomes(bundle_of(artifact), frame, n_boot=n_boot)


def _num(value: Any, digits: int = 3) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{float(value):.{digits}f}"


def report_text(report: dict[str, Any]) -> str:
    """Per model: n, positives and each figure beside the ratio-only and base-rate baselines on the same rows."""
    lines = [f"model {report['model_version']}: {report['rows']} rows, {report['rows_not_scored']} not scored "
             "(no positive final_judgment)"]
    for name, title in (("sold", "P(sold | scheduled)"), ("third_party", "P(third party | sold)")):
        part = report[name]
        lines.append(f"\n{title}: n {part['n']}, positives {part['positives']}")
        lines.append(f"  {'':<10} {'AUC':>7} {'95% CI':>15} {'accuracy':>9} {'Brier':>7} {'ECE':>7}")
        for predictor in ("model", "ratio", "base_rate"):
            m = part.get(predictor) or {}
            ci = f"{_num(m.get('roc_auc_low'))}–{_num(m.get('roc_auc_high'))}"
            lines.append(f"  {predictor:<10} {_num(m.get('roc_auc')):>7} {ci:>15} {_num(m.get('accuracy')):>9}"
                         f" {_num(m.get('brier')):>7} {_num(m.get('ece')):>7}")
    price = report["price"]
    lines.append(f"\nthird-party price: n {price['n']}, interval level {price['interval_level']:.0%}")
    lines.append(f"  {'':<10} {'MdAPE':>7} {'coverage':>9} {'MAE $':>10}")
    for predictor in ("model", "ratio", "base_rate"):
        m = price.get(predictor) or {}
        lines.append(f"  {predictor:<10} {_num(m.get('median_ape')):>7} {_num(m.get('interval_coverage')):>9}"
                     f" {_num(m.get('mae'), 0):>10}")
    return "\n".join(lines)


def write_plot(report: dict[str, Any], path: Path) -> None:
    path.write_bytes(calibration_plot(report))

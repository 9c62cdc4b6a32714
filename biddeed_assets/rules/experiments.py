"""A/B tests of the bidding formula: an experiment's variants, which case gets which, and what each would have done.

A variant is a set of `BidParameters` fed to the one max-bid rule (rules/max_bid.py) through the whole analysis,
so its decision is what the pipeline would have said with those knobs. The first variant is the control.

A case's variant is a stable hash of (experiment, case number) mapped onto the traffic split: the same case is
always in the same variant, whatever the run, the process or the order of cases.

After the sale a variant is judged by what it would have done: it bids (up to its max bid) when its decision is
BID or REVIEW (a REVIEW is priced by a person, who bids at most the max bid) and the max bid is positive, else it
PASSes. It WON when its max bid beats the winning bid (the sold amount), else LOST. Profit at the sold price is
ARV - price - repairs - holding - known surviving liens when it won, 0 when it lost or passed (no deal), and
unknown (None) when it won but the ARV or repairs are unknown.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from biddeed_assets.rules.agents import CaseContext
from biddeed_assets.rules.analysis import CaseVerdict, analyze_case
from biddeed_assets.rules.decisions import BID, REVIEW
from biddeed_assets.rules.max_bid import BidParameters

METRICS = ("win_rate", "mean_profit")
STATUSES = ("active", "paused", "completed")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
_HASH_SPAN = float(1 << 64)


@dataclass(frozen=True, slots=True)
class Variant:
    """One arm: its name, the bid parameters it feeds the max-bid rule, and its share of the traffic."""

    name: str
    params: BidParameters
    weight: float


@dataclass(frozen=True, slots=True)
class Experiment:
    """An A/B test of bid parameters; variants[0] is the control."""

    name: str
    variants: tuple[Variant, ...]
    primary_metric: str = "mean_profit"
    min_sample: int = 100
    alpha: float = 0.05
    description: str | None = None
    status: str = "active"

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"experiment name {self.name!r}: lower-case letters, digits, '_', '-', '.' (1-100)")
        names = [v.name for v in self.variants]
        if len(names) < 2:
            raise ValueError("an experiment needs at least two variants (the first is the control)")
        if len(set(names)) != len(names):
            raise ValueError(f"variant names repeat: {', '.join(names)}")
        for name in names:
            if not _NAME.match(name) or len(name) > 50:
                raise ValueError(f"variant name {name!r}: lower-case letters, digits, '_', '-', '.' (1-50)")
        if any(v.weight <= 0 for v in self.variants):
            raise ValueError("every variant needs a positive traffic share")
        if self.primary_metric not in METRICS:
            raise ValueError(f"primary metric {self.primary_metric!r}: choose from {', '.join(METRICS)}")
        if self.min_sample < 1:
            raise ValueError(f"minimum sample must be at least 1, got {self.min_sample}")
        if not 0 < self.alpha < 0.5:
            raise ValueError(f"alpha must be in (0, 0.5), got {self.alpha}")
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r}: choose from {', '.join(STATUSES)}")

    @property
    def control(self) -> Variant:
        return self.variants[0]

    def split(self) -> dict[str, float]:
        """Each variant's share of the traffic (the weights normalized to 1)."""
        total = sum(v.weight for v in self.variants)
        return {v.name: v.weight / total for v in self.variants}

    def variant(self, name: str) -> Variant:
        return next(v for v in self.variants if v.name == name)

    def variant_params(self) -> dict[str, dict[str, Any]]:
        """What the store keeps of each variant: its parameters and weight."""
        return {v.name: {"params": v.params.to_dict(), "weight": v.weight} for v in self.variants}

    @classmethod
    def from_stored(cls, row: Mapping[str, Any]) -> Experiment:
        """From an `experiments` row (variants in order, their parameters in variant_params)."""
        stored = row.get("variant_params") or {}
        variants = tuple(
            Variant(name, BidParameters.from_dict((stored.get(name) or {}).get("params") or {}),
                    float((stored.get(name) or {}).get("weight") or 1.0))
            for name in row["variants"]
        )
        return cls(name=row["name"], variants=variants, primary_metric=row.get("primary_metric") or "mean_profit",
                   min_sample=int(row.get("min_sample") or 100), alpha=float(row.get("alpha") or 0.05),
                   description=row.get("description"), status=row.get("status") or "active")


def parse_variant(spec: str) -> tuple[str, BidParameters]:
    """`NAME` or `NAME:knob=value,knob=value` (knobs of BidParameters, e.g. `lean:arv_factor=0.65`)."""
    name, _, knobs = spec.partition(":")
    values: dict[str, float] = {}
    for item in filter(None, (k.strip() for k in knobs.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"variant {spec!r}: {item!r} is not knob=value")
        try:
            values[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"variant {spec!r}: {value!r} is not a number") from None
    return name.strip(), BidParameters.from_dict(values)


def assign(experiment: str, case_number: str, split: Mapping[str, float]) -> str:
    """The case's variant: a stable hash of (experiment, case number) placed on the cumulative split."""
    digest = hashlib.sha256(f"{experiment}:{case_number}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / _HASH_SPAN
    cumulative = 0.0
    names = list(split)
    for name in names:
        cumulative += split[name]
        if point < cumulative:
            return name
    return names[-1]  # float rounding at the very top of the range


def variant_verdict(context: CaseContext, variant: Variant) -> CaseVerdict:
    """The whole analysis of the case with the variant's bid parameters."""
    return analyze_case(dataclasses.replace(context, bid_parameters=variant.params))


def assignment_rows(experiment: Experiment, contexts: Iterable[CaseContext], *, county: str, auction_date: str,
                    run_id: str | None) -> list[dict[str, Any]]:
    """One experiment_assignments row per case: its variant, the variant's decision and max bid beside the control's."""
    split = experiment.split()
    rows = []
    for context in contexts:
        name = assign(experiment.name, context.case_number, split)
        control = variant_verdict(context, experiment.control)
        verdict = control if name == experiment.control.name else variant_verdict(context, experiment.variant(name))
        rows.append({
            "experiment_name": experiment.name, "county": county, "auction_date": auction_date,
            "case_number": context.case_number, "variant": name, "decision": str(verdict.recommendation),
            "max_bid": verdict.max_bid, "max_bid_is_ceiling": verdict.max_bid_is_ceiling,
            "control_decision": str(control.recommendation), "control_max_bid": control.max_bid,
            "arv": verdict.arv, "repairs": verdict.repairs, "holding_cost": verdict.holding_cost,
            "surviving_liens_value": None if verdict.lien_data_missing else verdict.surviving_value,
            "run_id": run_id,
        })
    return rows


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def judged(assignment: Mapping[str, Any], *, status: str | None, sold_amount: Any,
           sold_to: str | None) -> dict[str, Any] | None:
    """What the assigned variant would have done at the sale; None when there was no sale to judge it by."""
    price = _number(sold_amount)
    if status != "SOLD" or price is None:
        return None
    max_bid = _number(assignment.get("max_bid"))
    bids = assignment.get("decision") in (BID, REVIEW) and max_bid is not None and max_bid > 0
    won = bool(bids and max_bid > price)
    profit: float | None = 0.0
    if won:
        arv, repairs = _number(assignment.get("arv")), _number(assignment.get("repairs"))
        holding = _number(assignment.get("holding_cost")) or 0.0
        liens = _number(assignment.get("surviving_liens_value")) or 0.0
        profit = None if arv is None or repairs is None else round(arv - price - repairs - holding - liens, 2)
    result = "WON" if won else ("LOST" if bids else "PASS")
    return {
        "experiment_name": assignment["experiment_name"], "county": assignment["county"],
        "auction_date": assignment["auction_date"], "case_number": assignment["case_number"],
        "variant": assignment["variant"], "result": result, "won": won, "profit": profit,
        "sold_amount": price, "sold_to": sold_to,
        "metrics": {"won": won, "profit": profit, "result": result, "max_bid": max_bid},
    }


def outcome_rows(pairs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """experiment_outcomes rows from (assignment + outcome status, sold_amount, sold_to) mappings."""
    rows = (judged(p, status=p.get("status"), sold_amount=p.get("sold_amount"), sold_to=p.get("sold_to"))
            for p in pairs)
    return [r for r in rows if r is not None]

"""The seed's risk score, risk levels, and which analysis agents each level deploys.

Score (capped at 1.0): judgment > $500k +0.30 (> $250k +0.15); HOA/COA plaintiff +0.40; plaintiff's
historical third-party sale rate < 0.30 +0.20; commercial, multi-family or industrial property +0.15.
Levels: >= 0.70 CRITICAL, >= 0.50 HIGH, >= 0.30 MEDIUM, else LOW.

An unknown third-party rate (None, or fewer than MIN_RATE_SAMPLES sales behind it when the count is
given) adds nothing and says so in a reason: a rate is never invented. An unknown judgment adds nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from biddeed_assets.rules.plaintiffs import ASSOCIATION_KINDS, PlaintiffKind, coerce_kind

HIGH_JUDGMENT = 500_000.0
ELEVATED_JUDGMENT = 250_000.0
STRUCTURAL_JUDGMENT = 300_000.0
LOW_THIRD_PARTY_RATE = 0.30
MIN_RATE_SAMPLES = 5
SURPRISE_ERROR = 0.30
COMPLEX_PROPERTY_TYPES = frozenset({"COMMERCIAL", "MULTI-FAMILY", "INDUSTRIAL"})


class RiskLevel(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class AgentType(StrEnum):
    FAST_TRACK = "fast_track"
    TITLE_DEEP = "title_deep"
    LIEN_COMPREHENSIVE = "lien_comprehensive"
    NEIGHBORHOOD = "neighborhood"
    STRUCTURAL = "structural"
    THIRD_PARTY_VERIFY = "third_party_verify"


# Independent of each other; they run after the sequential agents and see only those results.
PARALLEL_AGENTS = frozenset({AgentType.NEIGHBORHOOD, AgentType.STRUCTURAL})


@dataclass(slots=True)
class RiskAssessment:
    """Risk score 0..1, its level, and one reason per scored (or unscored) factor."""

    score: float
    level: RiskLevel
    reasons: tuple[str, ...]


def risk_level(score: float) -> RiskLevel:
    """CRITICAL >= 0.7, HIGH >= 0.5, MEDIUM >= 0.3, else LOW."""
    if score >= 0.7:
        return RiskLevel.CRITICAL
    if score >= 0.5:
        return RiskLevel.HIGH
    if score >= 0.3:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


@lru_cache(maxsize=256)  # a few spellings, read by the risk score and the structural agent for every case
def is_complex_property(property_type: str | None) -> bool:
    """Commercial, multi-family or industrial, however spelled ("Multi Family", "MULTIFAMILY")."""
    key = "-".join((property_type or "").upper().replace("_", " ").replace("-", " ").split())
    return key.replace("MULTIFAMILY", "MULTI-FAMILY") in COMPLEX_PROPERTY_TYPES


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def assess_risk(
    judgment: float | None,
    plaintiff_kind: PlaintiffKind | str | None,
    third_party_rate: float | None,
    property_type: str | None,
    *,
    third_party_samples: int | None = None,
) -> RiskAssessment:
    """The seed's composite risk score with a reason for each factor."""
    score = 0.0
    reasons: list[str] = []
    if not _known(judgment):
        reasons.append("judgment unknown: no judgment risk scored")
    elif judgment > HIGH_JUDGMENT:
        score += 0.30
        reasons.append(f"judgment ${judgment:,.0f} > $500,000 (+0.30)")
    elif judgment > ELEVATED_JUDGMENT:
        score += 0.15
        reasons.append(f"judgment ${judgment:,.0f} > $250,000 (+0.15)")
    if coerce_kind(plaintiff_kind) in ASSOCIATION_KINDS:
        score += 0.40
        reasons.append("HOA/COA plaintiff: a senior mortgage may survive (+0.40)")
    if not _known(third_party_rate):
        reasons.append("plaintiff third-party rate unknown: not scored")
    elif third_party_samples is not None and third_party_samples < MIN_RATE_SAMPLES:
        reasons.append(f"plaintiff third-party rate from only {third_party_samples} sale(s): not scored")
    elif third_party_rate < LOW_THIRD_PARTY_RATE:
        score += 0.20
        reasons.append(f"plaintiff lets only {third_party_rate:.0%} go to third parties (+0.20)")
    if is_complex_property(property_type):
        score += 0.15
        reasons.append(f"{property_type} property is complex (+0.15)")
    # Rounded so 0.15 + 0.15 lands on the 0.30 threshold, not a hair under it.
    score = round(min(score, 1.0), 4) if score else 0.0
    return RiskAssessment(score, risk_level(score), tuple(reasons))


def route_agents(level: RiskLevel | str, judgment: float | None = None) -> tuple[AgentType, ...]:
    """The seed's agents for a risk level, in running order."""
    level = level if type(level) is RiskLevel else RiskLevel(str(level).upper())
    if level is RiskLevel.CRITICAL:
        return (
            AgentType.TITLE_DEEP,
            AgentType.LIEN_COMPREHENSIVE,
            AgentType.THIRD_PARTY_VERIFY,
            AgentType.NEIGHBORHOOD,
            AgentType.STRUCTURAL,
        )
    if level is RiskLevel.HIGH:
        agents = (AgentType.TITLE_DEEP, AgentType.LIEN_COMPREHENSIVE, AgentType.NEIGHBORHOOD)
        if _known(judgment) and judgment > STRUCTURAL_JUDGMENT:
            agents += (AgentType.STRUCTURAL,)
        return agents
    if level is RiskLevel.MEDIUM:
        return (AgentType.TITLE_DEEP, AgentType.LIEN_COMPREHENSIVE)
    return (AgentType.FAST_TRACK,)


def _prediction_error(case: Mapping[str, Any] | Any) -> float | None:
    value = (
        case.get("prediction_error") if isinstance(case, Mapping) else getattr(case, "prediction_error", None)
    )
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def adjust_for_similar_cases(
    agents: Sequence[AgentType], similar_cases: Iterable[Mapping[str, Any] | Any] | None
) -> tuple[AgentType, ...]:
    """Add THIRD_PARTY_VERIFY when any similar past case had prediction_error > 0.3."""
    agents = tuple(agents)
    surprised = any(
        (err := _prediction_error(case)) is not None and err > SURPRISE_ERROR for case in similar_cases or ()
    )
    if surprised and AgentType.THIRD_PARTY_VERIFY not in agents:
        agents += (AgentType.THIRD_PARTY_VERIFY,)
    return agents

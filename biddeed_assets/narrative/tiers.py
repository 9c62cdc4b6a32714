"""The router's tiers, their prices, and which tier a task's complexity (and the day's spend) allows.

Tiers, cheapest first: FREE, ULTRA_CHEAP, BUDGET, PRODUCTION, CRITICAL. The seed names BUDGET "CHEAP"
(Haiku-class) and PRODUCTION "QUALITY" (Sonnet-class); its prices per million tokens are the defaults
(FREE $0, ULTRA_CHEAP $0.27 in / $0.44 out, BUDGET $0.25 / $1.25, PRODUCTION $3 / $15), CRITICAL is
Opus-class ($15 / $75). Complexity 0..10 picks the tier: <= 3 FREE, <= 5 ULTRA_CHEAP, <= 7 BUDGET,
<= 9 PRODUCTION, 10 CRITICAL; a FREE-band task that needs reasoning goes to ULTRA_CHEAP.

A case narrative's complexity comes from the seed's routing facts: the risk level (LOW 0, MEDIUM 2,
HIGH 4, CRITICAL 6), the active lien count (2-3: +1, 4 or more: +2, unknown: +1) and the judgment size
(> $250k: +1, > $500k: +2), capped at 10.

Budget: from NEAR_BUDGET_SHARE of the daily budget spent, no tier above ULTRA_CHEAP; at the budget, FREE
only (the hard stop: nothing that costs money is called).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from zoneinfo import ZoneInfo

DAILY_BUDGET_USD = 20.0  # the seed's daily LLM budget; the llm_budget alert uses the same figure
NEAR_BUDGET_SHARE = 0.8
PER_MILLION = 1_000_000


class Tier(IntEnum):
    """Cheapest first, so tiers compare by cost."""

    FREE = 0
    ULTRA_CHEAP = 1
    BUDGET = 2
    PRODUCTION = 3
    CRITICAL = 4


@dataclass(frozen=True, slots=True)
class Price:
    """Dollars per million input and output tokens."""

    input_per_million: float
    output_per_million: float

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return (tokens_in * self.input_per_million + tokens_out * self.output_per_million) / PER_MILLION

    @classmethod
    def parse(cls, text: str) -> Price:
        """'0.27,0.44' (input, output dollars per million tokens)."""
        try:
            low, high = (float(x) for x in text.split(","))
        except ValueError:
            raise ValueError(f"an LLM price must be 'input,output' dollars per million tokens, got {text!r}") from None
        if low < 0 or high < 0:
            raise ValueError(f"an LLM price cannot be negative: {text!r}")
        return cls(low, high)


DEFAULT_PRICES: dict[Tier, Price] = {
    Tier.FREE: Price(0.0, 0.0),
    Tier.ULTRA_CHEAP: Price(0.27, 0.44),
    Tier.BUDGET: Price(0.25, 1.25),
    Tier.PRODUCTION: Price(3.0, 15.0),
    Tier.CRITICAL: Price(15.0, 75.0),
}


@dataclass(frozen=True, slots=True)
class TaskComplexity:
    """What the router knows of a task before calling a model."""

    complexity_score: float  # 0..10
    input_tokens: int = 0
    requires_reasoning: bool = False
    task_type: str = "case_narrative"


RISK_POINTS = {"LOW": 0, "MEDIUM": 2, "HIGH": 4, "CRITICAL": 6}


def case_complexity(risk_level: str | None, active_liens: float | None, judgment: float | None) -> float:
    """The seed's routing facts as a 0..10 score (see the module docstring); an unknown risk level counts as MEDIUM."""
    score = RISK_POINTS.get((risk_level or "MEDIUM").upper(), 2)
    if active_liens is None:
        score += 1  # unknown liens: the narrative must explain what is missing
    elif active_liens >= 4:
        score += 2
    elif active_liens >= 2:
        score += 1
    if judgment is not None:
        score += 2 if judgment > 500_000 else 1 if judgment > 250_000 else 0
    return float(min(score, 10))


def select_tier(task: TaskComplexity) -> Tier:
    score = task.complexity_score
    if score <= 3:
        return Tier.ULTRA_CHEAP if task.requires_reasoning else Tier.FREE
    if score <= 5:
        return Tier.ULTRA_CHEAP
    if score <= 7:
        return Tier.BUDGET
    if score <= 9:
        return Tier.PRODUCTION
    return Tier.CRITICAL


def budget_ceiling(spent_today: float, budget: float) -> Tier:
    """The dearest tier the day's spend still allows."""
    if spent_today >= budget:
        return Tier.FREE
    if spent_today >= NEAR_BUDGET_SHARE * budget:
        return Tier.ULTRA_CHEAP
    return Tier.CRITICAL


def select_tier_with_budget(task: TaskComplexity, spent_today: float, budget: float = DAILY_BUDGET_USD) -> Tier:
    return min(select_tier(task), budget_ceiling(spent_today, budget))


def fallback_chain(primary: Tier) -> list[Tier]:
    """The primary, then up to two cheaper tiers (dearest first), topped up with dearer ones: the seed's
    'Sonnet fails -> Haiku -> DeepSeek' and 'Gemini (FREE) fails -> DeepSeek -> Haiku'."""
    cheaper = [t for t in reversed(Tier) if t < primary][:2]
    dearer = [t for t in Tier if t > primary][: 2 - len(cheaper)]
    return [primary, *cheaper, *dearer]


BUDGET_TZ = ZoneInfo("America/New_York")  # the budget's day is the sale days' (and the llm_budget alert's)


def budget_day_start(now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of today in America/New_York: the spend counted against today's budget starts there."""
    local = (now or dt.datetime.now(dt.UTC)).astimezone(BUDGET_TZ)
    return dt.datetime.combine(local.date(), dt.time(), BUDGET_TZ)

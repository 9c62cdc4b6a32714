"""The smart router: a case narrative from the cheapest model its complexity allows, within the daily budget,
falling back along the tier chain on error, timeout or rate limit, and to the rule-based narrative at the end.

Each call to a model is one RouterCall handed to `log` (the caller stores it in smart_router_logs). Before
every call the day's spend is read again (`spent_today`): past NEAR_BUDGET_SHARE of the budget no tier above
ULTRA_CHEAP is called, and a call whose worst case (the prompt plus max_tokens of output at the tier's price)
would take the day past the budget is never made. A text that introduces a dollar figure or a decision the
facts do not hold is rejected (logged as such) and the rule-based narrative is used instead.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from biddeed_assets.narrative import guard, provider
from biddeed_assets.narrative.facts import CaseFacts
from biddeed_assets.narrative.provider import Completion, ProviderError
from biddeed_assets.narrative.rule_based import RULES_SOURCE, rule_narrative
from biddeed_assets.narrative.tiers import (
    DAILY_BUDGET_USD,
    DEFAULT_PRICES,
    Price,
    TaskComplexity,
    Tier,
    budget_ceiling,
    case_complexity,
    fallback_chain,
    select_tier,
    select_tier_with_budget,
)

TASK_TYPE = "case_narrative"
SYSTEM_PROMPT = (
    "You write a short plain-language note (3 to 5 sentences) for a foreclosure-auction investor about one case. "
    "Use only the facts given. Restate figures exactly as given; never compute, round or invent a figure. "
    "State the given decision and no other. Say what is unknown. No headings, no lists."
)


@dataclass(frozen=True)
class RouterConfig:
    """Where the models are and what they may cost; no base URL or no model means rules only."""

    base_url: str | None = None
    api_key: str | None = None
    models: Mapping[Tier, str] = field(default_factory=dict)
    prices: Mapping[Tier, Price] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    daily_budget_usd: float = DAILY_BUDGET_USD
    timeout_s: float = 20.0
    max_tokens: int = 400

    @property
    def enabled(self) -> bool:
        return bool(self.base_url) and bool(self.models)


@dataclass(frozen=True, slots=True)
class RouterCall:
    """One call to a model, as smart_router_logs keeps it."""

    task_type: str
    complexity_score: float | None
    tier: Tier
    model: str
    latency_ms: int
    tokens_in: int | None
    tokens_out: int | None
    cost_usd: float | None
    success: bool
    outcome: str  # ok | rejected | rate_limited | server_error | http_error | timeout | unreachable | garbage | no_usage
    error_message: str | None
    fallback_from: Tier | None  # the routed tier, when this call is a fallback from it
    case_number: str | None = None
    county: str | None = None
    auction_date: str | None = None


@dataclass(frozen=True, slots=True)
class Narrative:
    text: str
    source: str  # "rules" or the model that wrote it
    tier: Tier | None = None
    fallback_reason: str | None = None  # why the rules wrote it although a router is configured


@dataclass(frozen=True, slots=True)
class Routed:
    completion: Completion
    tier: Tier
    model: str


class NoProvider(Exception):
    """Every tier of the chain failed, was unconfigured or was over the budget."""


class Rejected(Exception):
    """A model answered with text the facts do not support."""


Call = Callable[[Tier, str, list[dict[str, str]]], Completion]


def messages_for(facts: CaseFacts, draft: str) -> list[dict[str, str]]:
    facts_json = json.dumps(facts.to_prompt(), sort_keys=True, default=str)
    return [{"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Facts: {facts_json}\nDraft written from the facts: {draft}\nRewrite the draft."}]


def estimated_tokens(messages: list[dict[str, str]]) -> int:
    """About four characters a token: only for the worst-case budget check, never stored."""
    return math.ceil(sum(len(m["content"]) for m in messages) / 4)


class Router:
    def __init__(self, config: RouterConfig, *, call: Call | None = None, spent_today: Callable[[], float] | None = None,
                 log: Callable[[RouterCall], None] | None = None, client: httpx.Client | None = None):
        self.config = config
        self._client = client
        self._call = call or self._call_provider
        self._spent_today = spent_today or (lambda: 0.0)
        self._log = log or (lambda _call: None)

    # Tier selection and cost (the seed's unit cases).
    def select_tier(self, task: TaskComplexity) -> Tier:
        return select_tier(task)

    def select_tier_with_budget(self, task: TaskComplexity) -> Tier:
        return select_tier_with_budget(task, self._spent_today(), self.config.daily_budget_usd)

    def calculate_cost(self, tier: Tier, tokens_in: int, tokens_out: int) -> float:
        return self.config.prices[tier].cost(tokens_in, tokens_out)

    def _call_provider(self, tier: Tier, model: str, messages: list[dict[str, str]]) -> Completion:
        if self._client is None:
            self._client = httpx.Client()
        return provider.chat(self._client, base_url=self.config.base_url or "", api_key=self.config.api_key,
                             model=model, messages=messages, max_tokens=self.config.max_tokens,
                             timeout_s=self.config.timeout_s)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _scrub(self, text: str) -> str:
        key = self.config.api_key
        return text.replace(key, "***") if key else text

    def _affordable(self, tier: Tier, messages: list[dict[str, str]]) -> bool:
        spent = self._spent_today()
        if tier > budget_ceiling(spent, self.config.daily_budget_usd):
            return False
        worst = self.calculate_cost(tier, estimated_tokens(messages), self.config.max_tokens)
        return worst == 0 or spent + worst <= self.config.daily_budget_usd

    def execute_with_fallback(self, messages: list[dict[str, str]], primary_tier: Tier, *,
                              check: Callable[[str], str | None] | None = None,
                              task: TaskComplexity | None = None, case: Mapping[str, str | None] | None = None) -> Routed:
        """The first tier of the primary's chain that answers; raises NoProvider, or Rejected when `check`
        refuses an answer (a rejected answer ends the chain: the facts decide, not another model)."""
        tried: list[str] = []
        skipped: list[str] = []
        for tier in fallback_chain(primary_tier):
            model = self.config.models.get(tier)
            if model is None or model in tried:
                continue
            if not self._affordable(tier, messages):
                skipped.append(tier.name)
                continue
            tried.append(model)
            started = time.perf_counter()
            record = {"task_type": task.task_type if task else TASK_TYPE,
                      "complexity_score": task.complexity_score if task else None, "tier": tier, "model": model,
                      "fallback_from": primary_tier if tier != primary_tier else None, **(case or {})}
            try:
                completion = self._call(tier, model, messages)
                price = self.config.prices[tier]
                if completion.tokens_in is None or completion.tokens_out is None:
                    if price.input_per_million or price.output_per_million:
                        raise ProviderError("no_usage", "the response has no token usage: its cost is unknown")
                    cost = 0.0
                else:
                    cost = price.cost(completion.tokens_in, completion.tokens_out)
            except ProviderError as exc:
                self._log(RouterCall(**record, latency_ms=_ms(started), tokens_in=None, tokens_out=None,
                                     cost_usd=None, success=False, outcome=exc.outcome,
                                     error_message=self._scrub(str(exc))))
                continue
            reason = check(completion.text) if check else None
            self._log(RouterCall(**record, latency_ms=_ms(started), tokens_in=completion.tokens_in,
                                 tokens_out=completion.tokens_out, cost_usd=cost, success=reason is None,
                                 outcome="rejected" if reason else "ok", error_message=reason))
            if reason:
                raise Rejected(reason)
            return Routed(completion, tier, model)
        over = f"; over the budget: {', '.join(skipped)}" if skipped else ""
        raise NoProvider(("every provider failed" if tried else "no provider called") + over)

    def narrate(self, facts: CaseFacts) -> Narrative:
        """The model's narrative when one answers within budget and restates only the facts, else the rules'."""
        draft = rule_narrative(facts)
        if not self.config.enabled:
            return Narrative(draft, RULES_SOURCE)
        messages = messages_for(facts, draft)
        task = TaskComplexity(case_complexity(facts.risk_level, facts.active_liens, facts.judgment),
                              input_tokens=estimated_tokens(messages))
        case = {"case_number": facts.case_number, "county": facts.county, "auction_date": facts.auction_date}
        try:
            routed = self.execute_with_fallback(messages, self.select_tier_with_budget(task), task=task, case=case,
                                                check=lambda text: guard.rejection(text, facts))
        except Rejected as exc:
            return Narrative(draft, RULES_SOURCE, fallback_reason=f"model text rejected: {exc}")
        except NoProvider as exc:
            return Narrative(draft, RULES_SOURCE, fallback_reason=str(exc))
        return Narrative(routed.completion.text, routed.model, routed.tier)


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)

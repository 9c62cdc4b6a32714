"""The seed's smart-router unit cases (tests/unit/test_smart_router.py), with its CHEAP named BUDGET and its
QUALITY named PRODUCTION, and the case-complexity routing."""

import pytest

from biddeed_assets.narrative.provider import Completion, ProviderError
from biddeed_assets.narrative.router import Router, RouterConfig
from biddeed_assets.narrative.tiers import TaskComplexity, Tier, case_complexity, fallback_chain

MODELS = {tier: f"model-{tier.name.lower()}" for tier in Tier}


@pytest.fixture
def router():
    return Router(RouterConfig(base_url="http://127.0.0.1:9/v1", models=MODELS))


def test_free_tier_for_simple_tasks(router):
    assert router.select_tier(TaskComplexity(complexity_score=2, input_tokens=500, requires_reasoning=False)) == Tier.FREE


def test_quality_tier_for_lien_analysis(router):
    task = TaskComplexity(complexity_score=8, input_tokens=3000, requires_reasoning=True, task_type="lien_analysis")
    assert router.select_tier(task) == Tier.PRODUCTION


def test_ultra_cheap_for_medium_complexity(router):
    task = TaskComplexity(complexity_score=5, input_tokens=1500, requires_reasoning=False)
    assert router.select_tier(task) == Tier.ULTRA_CHEAP


def test_fallback_on_provider_failure():
    answers = [ProviderError("server_error", "Provider error"), Completion("success", 10, 5)]
    calls = []

    def call(tier, model, messages):
        calls.append(model)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    router = Router(RouterConfig(base_url="http://127.0.0.1:9/v1", models=MODELS), call=call)
    routed = router.execute_with_fallback([{"role": "user", "content": "test"}], primary_tier=Tier.FREE)
    assert routed.completion.text == "success"
    assert len(calls) == 2 and calls == ["model-free", "model-ultra_cheap"]


def test_budget_override_forces_cheap_tier():
    router = Router(RouterConfig(base_url="http://127.0.0.1:9/v1", models=MODELS), spent_today=lambda: 18.0)
    tier = router.select_tier_with_budget(TaskComplexity(complexity_score=7, input_tokens=2000, requires_reasoning=True))
    assert router.select_tier(TaskComplexity(complexity_score=7, requires_reasoning=True)) == Tier.BUDGET
    assert tier in (Tier.FREE, Tier.ULTRA_CHEAP)


def test_at_the_budget_only_the_free_tier_remains():
    router = Router(RouterConfig(models=MODELS, daily_budget_usd=20.0), spent_today=lambda: 20.0)
    assert router.select_tier_with_budget(TaskComplexity(complexity_score=10)) == Tier.FREE


def test_cost_calculation_accuracy(router):
    costs = {
        Tier.FREE: (1000, 500, 0.0),
        Tier.ULTRA_CHEAP: (1000, 500, 0.00049),  # DeepSeek pricing
        Tier.BUDGET: (1000, 500, 0.000875),  # Haiku pricing
        Tier.PRODUCTION: (1000, 500, 0.0105),  # Sonnet pricing
    }
    for tier, (tokens_in, tokens_out, expected) in costs.items():
        actual = router.calculate_cost(tier, tokens_in, tokens_out)
        assert abs(actual - expected) < 0.0001, f"{tier}: {actual} != {expected}"


def test_fallback_chains_follow_the_seed():
    assert fallback_chain(Tier.FREE) == [Tier.FREE, Tier.ULTRA_CHEAP, Tier.BUDGET]  # Gemini -> DeepSeek -> Haiku
    assert fallback_chain(Tier.PRODUCTION) == [Tier.PRODUCTION, Tier.BUDGET, Tier.ULTRA_CHEAP]  # Sonnet -> Haiku -> DeepSeek
    assert fallback_chain(Tier.ULTRA_CHEAP) == [Tier.ULTRA_CHEAP, Tier.FREE, Tier.BUDGET]


@pytest.mark.parametrize(("risk", "liens", "judgment", "tier"), [
    ("LOW", 1, 120_000, Tier.FREE),
    ("LOW", None, 300_000, Tier.FREE),  # 0 + 1 + 1
    ("MEDIUM", 2, 300_000, Tier.ULTRA_CHEAP),  # 2 + 1 + 1
    ("HIGH", 2, 100_000, Tier.ULTRA_CHEAP),
    ("HIGH", 4, 300_000, Tier.BUDGET),
    ("CRITICAL", 3, 600_000, Tier.PRODUCTION),
    ("CRITICAL", 5, 600_000, Tier.CRITICAL),
])
def test_a_case_routes_by_risk_level_lien_count_and_judgment(risk, liens, judgment, tier):
    assert Router(RouterConfig()).select_tier(TaskComplexity(case_complexity(risk, liens, judgment))) == tier

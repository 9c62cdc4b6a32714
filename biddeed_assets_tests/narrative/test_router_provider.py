"""The router against a fake OpenAI-compatible provider on loopback, logging to a real Postgres: success, 429,
5xx, timeout, garbage, a rejected text and the daily budget's hard stop."""

import dataclasses

import psycopg
import pytest

from biddeed_assets.narrative.router import Router, RouterConfig
from biddeed_assets.narrative.tiers import Tier, budget_day_start
from biddeed_assets.store import router_logs
from biddeed_assets_tests.narrative import fake_provider
from biddeed_assets_tests.narrative.cases import BANK_CASE, PREDICTION, facts

KEY = "sk-test-secret"
MODELS = {tier: f"model-{tier.name.lower()}" for tier in Tier}
SIMPLE = facts(BANK_CASE, PREDICTION, {"active_liens": 3, "unpaid_taxes": 4200})  # complexity 1: FREE
COMPLEX = dataclasses.replace(SIMPLE, risk_level="CRITICAL", judgment=600_000.0)  # complexity 9: PRODUCTION


@pytest.fixture(scope="module")
def provider():
    fake = fake_provider.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(provider):
    provider.scripts.clear()
    provider.requests.clear()
    provider.reply_text = None
    return provider


def router_for(fake, conn, *, models=MODELS, timeout_s=5.0, budget=20.0) -> Router:
    config = RouterConfig(base_url=fake.url, api_key=KEY, models=models, timeout_s=timeout_s, daily_budget_usd=budget)
    return Router(config, spent_today=lambda: router_logs.spend_since(conn, since=budget_day_start())["cost_usd"] or 0.0,
                  log=lambda call: router_logs.record_call(conn, call, run_id="run-1"))


def logged(conn):
    return [(r["tier_selected"], r["model_used"], r["outcome"]) for r in router_logs.calls(conn, run_id="run-1")]


def test_a_simple_case_is_narrated_by_the_free_tier_and_logged(fake, conn):
    told = router_for(fake, conn).narrate(SIMPLE)
    assert told.source == "model-free" and told.tier == Tier.FREE
    assert told.text.startswith("In short: BID: max bid $185,800")
    [request] = fake.requests
    assert request["path"] == "/v1/chat/completions" and request["auth"] == f"Bearer {KEY}"
    [row] = router_logs.calls(conn, run_id="run-1")
    assert (row["tier_selected"], row["model_used"], row["outcome"], row["success"]) == ("FREE", "model-free", "ok", True)
    assert (row["tokens_input"], row["tokens_output"], float(row["cost_usd"])) == (1000, 500, 0.0)
    assert row["case_number"] == SIMPLE.case_number and row["task_type"] == "case_narrative"
    assert float(row["complexity_score"]) == 1.0 and row["latency_ms"] >= 0 and not row["fallback_used"]


def test_a_rate_limit_falls_back_to_the_next_tier_and_costs_its_price(fake, conn):
    fake.scripts["model-free"] = [429]
    told = router_for(fake, conn).narrate(SIMPLE)
    assert told.source == "model-ultra_cheap"
    assert logged(conn) == [("FREE", "model-free", "rate_limited"), ("ULTRA_CHEAP", "model-ultra_cheap", "ok")]
    second = router_logs.calls(conn, run_id="run-1")[1]
    assert second["fallback_used"] and second["fallback_tier"] == "FREE"
    assert abs(float(second["cost_usd"]) - 0.00049) < 1e-9


def test_server_errors_everywhere_end_in_the_rule_based_narrative(fake, conn):
    for model in MODELS.values():
        fake.scripts[model] = [503]
    told = router_for(fake, conn).narrate(SIMPLE)
    assert told.source == "rules" and told.text.startswith("BID: max bid $185,800")
    assert told.fallback_reason == "every provider failed"
    assert [o for _, _, o in logged(conn)] == ["server_error"] * 3  # the chain is three tiers long


def test_a_timeout_falls_back(fake, conn):
    fake.scripts["model-free"] = [("sleep", 1.5)]
    told = router_for(fake, conn, timeout_s=0.3).narrate(SIMPLE)
    assert told.source == "model-ultra_cheap"
    assert logged(conn)[0] == ("FREE", "model-free", "timeout")


def test_garbage_answers_fall_back_and_a_revoked_key_is_an_http_error(fake, conn):
    fake.scripts.update({"model-free": ["garbage"], "model-ultra_cheap": ["no_choices"], "model-budget": [401]})
    told = router_for(fake, conn).narrate(SIMPLE)
    assert told.source == "rules"
    assert [o for _, _, o in logged(conn)] == ["garbage", "garbage", "http_error"]
    assert all(KEY not in (r["error_message"] or "") for r in router_logs.calls(conn))


def test_a_text_with_a_new_figure_is_rejected_logged_and_replaced_by_the_rules(fake, conn):
    fake.reply_text = "BID up to $999,999: a bargain."
    told = router_for(fake, conn).narrate(SIMPLE)
    assert told.source == "rules" and "$999,999" not in told.text
    assert "model text rejected" in told.fallback_reason
    [row] = router_logs.calls(conn, run_id="run-1")  # a rejection ends the chain: no other model is asked
    assert row["outcome"] == "rejected" and not row["success"] and "$999,999" in row["error_message"]


def test_near_the_budget_a_complex_case_goes_to_a_cheap_tier(fake, conn):
    router_logs.record_call(conn, _spent(17.0), run_id="earlier")
    told = router_for(fake, conn).narrate(COMPLEX)
    assert told.source == "model-ultra_cheap" and fake.models_called() == ["model-ultra_cheap"]


def test_at_the_budget_nothing_that_costs_money_is_called(fake, conn):
    paid = {t: m for t, m in MODELS.items() if t != Tier.FREE}
    router_logs.record_call(conn, _spent(19.9999), run_id="earlier")  # even the cheapest call's worst case is over
    told = router_for(fake, conn, models=paid).narrate(COMPLEX)
    assert told.source == "rules" and "over the budget" in told.fallback_reason
    assert fake.requests == [] and logged(conn) == []
    told = router_for(fake, conn).narrate(COMPLEX)  # a free model still writes, at no cost
    assert told.source == "model-free"


def test_the_application_records_calls_but_never_rewrites_them(conn):
    conn.execute("SET ROLE biddeed_app")
    router_logs.record_call(conn, _spent(0.5), run_id="run-app")
    for statement in ("DELETE FROM smart_router_logs", "UPDATE smart_router_logs SET cost_usd = 0"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
    conn.execute("RESET ROLE")
    assert len(router_logs.calls(conn, run_id="run-app")) == 1


def _spent(cost):
    from biddeed_assets.narrative.router import RouterCall

    return RouterCall(task_type="case_narrative", complexity_score=5.0, tier=Tier.PRODUCTION, model="m", latency_ms=1,
                      tokens_in=1, tokens_out=1, cost_usd=cost, success=True, outcome="ok", error_message=None,
                      fallback_from=None)

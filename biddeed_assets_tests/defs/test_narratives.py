"""Every bid-sheet row has a narrative: the rules' without a router, a model's through the router when configured."""

import dagster as dg
import pytest

from biddeed_assets.bid_sheet import formats
from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource, narrator
from biddeed_assets.narrative.tiers import Price, Tier
from biddeed_assets.store import bid_sheets, router_logs
from biddeed_assets_tests.defs.test_analyze_assets import DATE, HOA, KEY, store_partition
from biddeed_assets_tests.narrative import fake_provider


@pytest.fixture(scope="module")
def provider():
    fake = fake_provider.start()
    yield fake
    fake.stop()


def run(db_url, narrator_resource):
    return dg.materialize([case_analysis, recommendations], partition_key=KEY,
                          resources={"database": DatabaseResource(url=db_url), "narrator": narrator_resource})


def test_without_a_router_the_rules_narrate_every_row(db_url, conn):
    store_partition(conn)
    result = run(db_url, NarratorResource())
    rows = bid_sheets.bid_sheet(conn, auction_date=DATE)
    assert len(rows) == 3 and {r["narrative_source"] for r in rows} == {"rules"}
    hoa = next(r for r in rows if r["case_number"] == HOA)
    assert hoa["narrative"].startswith("DO_NOT_BID") and "MORTGAGE position 1 held by WELLS FARGO BANK NA" in hoa["narrative"]
    assert hoa["narrative"] in formats.as_markdown(rows).replace("\\", "") and hoa["narrative"] in formats.as_csv(rows)
    assert router_logs.calls(conn) == []
    [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "recommendations"]
    assert event.materialization.metadata["narratives_by_source"].value == {"rules": 3}


def test_with_a_router_a_model_narrates_and_each_call_is_logged_with_the_run(db_url, conn, provider):
    store_partition(conn)
    result = run(db_url, NarratorResource(base_url=provider.url, api_key="sk-x", model="fake-model"))
    rows = bid_sheets.bid_sheet(conn, auction_date=DATE)
    assert {r["narrative_source"] for r in rows} == {"fake-model"}
    assert all(r["narrative"].startswith("In short: ") for r in rows)
    calls = router_logs.calls(conn, run_id=result.run_id)
    assert sorted(c["case_number"] for c in calls) == sorted(r["case_number"] for r in rows)
    assert {c["outcome"] for c in calls} == {"ok"}


def test_the_resource_reads_the_environment_and_keeps_the_key_an_env_var(monkeypatch):
    monkeypatch.setenv("BIDDEED_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("BIDDEED_LLM_API_KEY", "sk-secret")
    monkeypatch.setenv("BIDDEED_LLM_MODEL", "default-model")
    monkeypatch.setenv("BIDDEED_LLM_MODEL_CRITICAL", "big-model")
    monkeypatch.setenv("BIDDEED_LLM_PRICE_CRITICAL", "10,50")
    monkeypatch.setenv("BIDDEED_LLM_DAILY_BUDGET_USD", "5")
    resource = narrator()
    assert isinstance(resource.api_key, dg.EnvVar)  # the UI shows the variable's name, never the key
    config = resource.process_config_and_initialize().config()  # as Dagster resolves it for a run
    assert config.models[Tier.CRITICAL] == "big-model" and config.models[Tier.FREE] == "default-model"
    assert config.prices[Tier.CRITICAL] == Price(10.0, 50.0) and config.daily_budget_usd == 5.0
    monkeypatch.delenv("BIDDEED_LLM_BASE_URL")
    assert not narrator().process_config_and_initialize().config().enabled

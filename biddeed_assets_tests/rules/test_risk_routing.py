import pytest

from biddeed_assets.rules.risk_routing import (
    AgentType,
    RiskLevel,
    adjust_for_similar_cases,
    assess_risk,
    risk_level,
    route_agents,
)

A = AgentType


@pytest.mark.parametrize(
    ("judgment", "kind", "rate", "ptype", "score"),
    [
        (100000, "BANK", 0.5, "SINGLE FAMILY", 0.0),
        (250001, "BANK", 0.5, None, 0.15),
        (250000, "BANK", 0.5, None, 0.0),
        (500001, "BANK", 0.5, None, 0.30),
        (100000, "HOA", 0.5, None, 0.40),
        (100000, "CONDO", 0.5, None, 0.40),
        (100000, "Homeowners Association", 0.5, None, 0.40),
        (100000, "BANK", 0.29, None, 0.20),
        (100000, "BANK", 0.30, None, 0.0),
        (100000, "BANK", 0.5, "Multi Family", 0.15),
        (100000, "BANK", 0.5, "INDUSTRIAL", 0.15),
        (600000, "HOA", 0.1, "COMMERCIAL", 1.0),  # 1.05 capped
        (300000, "BANK", 0.5, "commercial", 0.30),
    ],
)
def test_seed_risk_score(judgment, kind, rate, ptype, score):
    assert assess_risk(judgment, kind, rate, ptype).score == pytest.approx(score)


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0.0, RiskLevel.LOW),
        (0.29, RiskLevel.LOW),
        (0.3, RiskLevel.MEDIUM),
        (0.5, RiskLevel.HIGH),
        (0.69, RiskLevel.HIGH),
        (0.7, RiskLevel.CRITICAL),
        (1.0, RiskLevel.CRITICAL),
    ],
)
def test_levels(score, level):
    assert risk_level(score) is level


def test_threshold_sums_land_on_their_level():
    assert assess_risk(300000, "BANK", 0.5, "COMMERCIAL").level is RiskLevel.MEDIUM  # 0.15 + 0.15
    assert assess_risk(600000, "HOA", 0.5, None).level is RiskLevel.CRITICAL  # 0.30 + 0.40


def test_unknown_third_party_rate_adds_nothing_and_says_so():
    risk = assess_risk(100000, "BANK", None, None)
    assert risk.score == 0
    assert any("third-party rate unknown" in r for r in risk.reasons)


def test_rate_from_too_few_sales_is_treated_as_unknown():
    risk = assess_risk(100000, "BANK", 0.0, None, third_party_samples=2)
    assert risk.score == 0
    assert any("only 2 sale" in r for r in risk.reasons)
    assert assess_risk(100000, "BANK", 0.0, None, third_party_samples=5).score == pytest.approx(0.2)


def test_unknown_judgment_adds_nothing():
    risk = assess_risk(None, "HOA", None, None)
    assert risk.score == pytest.approx(0.4)
    assert any("judgment unknown" in r for r in risk.reasons)


def test_routing_per_level():
    assert route_agents(RiskLevel.CRITICAL) == (
        A.TITLE_DEEP,
        A.LIEN_COMPREHENSIVE,
        A.THIRD_PARTY_VERIFY,
        A.NEIGHBORHOOD,
        A.STRUCTURAL,
    )
    assert route_agents(RiskLevel.HIGH, 300000) == (A.TITLE_DEEP, A.LIEN_COMPREHENSIVE, A.NEIGHBORHOOD)
    assert route_agents(RiskLevel.HIGH, 300001) == (
        A.TITLE_DEEP,
        A.LIEN_COMPREHENSIVE,
        A.NEIGHBORHOOD,
        A.STRUCTURAL,
    )
    assert route_agents(RiskLevel.HIGH, None) == (A.TITLE_DEEP, A.LIEN_COMPREHENSIVE, A.NEIGHBORHOOD)
    assert route_agents(RiskLevel.MEDIUM) == (A.TITLE_DEEP, A.LIEN_COMPREHENSIVE)
    assert route_agents(RiskLevel.LOW) == (A.FAST_TRACK,)
    assert route_agents("low") == (A.FAST_TRACK,)


def test_similar_case_hook_adds_third_party_verify_on_a_surprise():
    agents = route_agents(RiskLevel.LOW)
    assert adjust_for_similar_cases(agents, [{"prediction_error": 0.1}, {"prediction_error": 0.31}]) == (
        A.FAST_TRACK,
        A.THIRD_PARTY_VERIFY,
    )


@pytest.mark.parametrize(
    "similar",
    [None, [], [{"prediction_error": 0.3}], [{"prediction_error": None}], [{}], [{"prediction_error": "x"}]],
)
def test_similar_case_hook_leaves_agents_alone(similar):
    assert adjust_for_similar_cases((A.FAST_TRACK,), similar) == (A.FAST_TRACK,)


def test_similar_case_hook_does_not_duplicate():
    critical = route_agents(RiskLevel.CRITICAL)
    assert adjust_for_similar_cases(critical, [{"prediction_error": 0.9}]) == critical


def test_similar_case_hook_reads_objects_too():
    class Case:
        prediction_error = 0.5

    assert A.THIRD_PARTY_VERIFY in adjust_for_similar_cases([A.TITLE_DEEP], [Case()])

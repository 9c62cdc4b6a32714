import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.rules import agents as agents_module
from biddeed_assets.rules.agents import AgentVote, CaseContext, Demographics, RecordedDocument
from biddeed_assets.rules.analysis import CaseVerdict, analyze_case, analyze_many, run_agents
from biddeed_assets.rules.lien_priority import Lien
from biddeed_assets.rules.risk_routing import AgentType
from biddeed_assets.rules.valuation import Sale

DOCS = (
    RecordedDocument("DEED", "2012-03-01", party_to="J DOE"),
    RecordedDocument("LIS PENDENS", "2024-05-01"),
)


def bank_case(**overrides):
    base = dict(
        case_number="05-2024-CA-012193-XXCA-BC",
        county="brevard",
        auction_date="2026-01-07",
        plaintiff="UNITED WHOLESALE",
        final_judgment=150000,
        market_value=350000,
        year_built=2005,
        living_area_sqft=1800,
        liens=(Lien("PROPERTY_TAX", 2000, 0), Lien("MORTGAGE", 150000, 1)),
        lien_data_known=True,
        documents=DOCS,
    )
    base.update(overrides)
    return CaseContext(**base)


def test_clean_bank_case_is_bid():
    verdict = analyze_case(bank_case())
    assert verdict.recommendation == "BID"
    assert verdict.max_bid == 181000  # 245,000 - 27,000 - 10,000 - 25,000 - 2,000 surviving taxes
    assert verdict.surviving_value == 2000
    assert verdict.risk_level == "LOW" and verdict.agents_deployed == ("fast_track",)
    assert verdict.reasons[0].startswith("BID")
    assert (verdict.arv_basis, verdict.repairs_basis) == ("INFERRED", "INFERRED")


def test_hoa_cc_case_with_active_first_mortgage_is_do_not_bid():
    verdict = analyze_case(
        CaseContext(
            case_number="05-2024-CC-035201-XXCC-BC",
            auction_date="2026-01-07",
            plaintiff="JAMES LANDING",
            final_judgment=12000,
            market_value=250000,
            year_built=1995,
            living_area_sqft=1500,
            liens=(
                {"type": "MORTGAGE", "amount": 180000, "position": 1, "holder": "WELLS FARGO BANK"},
                {"type": "HOA_LIEN", "amount": 12000, "position": 2, "holder": "JAMES LANDING"},
            ),
            lien_data_known=True,
        )
    )
    assert verdict.recommendation == "DO_NOT_BID"
    assert verdict.plaintiff_kind == "HOA" and verdict.court_type == "COUNTY"
    assert "senior mortgage" in verdict.reasons[0]
    assert "$180,000" in verdict.reasons[0] and "WELLS FARGO" in verdict.reasons[0]
    assert verdict.early_termination is True
    assert [lien.type for lien in verdict.surviving_liens] == ["MORTGAGE"]


def test_unknown_cc_plaintiff_with_mortgage_is_do_not_bid():
    verdict = analyze_case(
        CaseContext(
            case_number="05-2025-CC-017098-XXCC-BC",
            plaintiff="SOMEWHERE UNHEARD OF",
            liens=(Lien("MORTGAGE", 99000, 1),),
            lien_data_known=True,
        )
    )
    assert verdict.recommendation == "DO_NOT_BID"


def test_lien_do_not_bid_holds_even_when_only_fast_track_runs():
    verdict = analyze_case(
        bank_case(
            plaintiff="K CHERA",
            liens=(
                Lien("MORTGAGE", 250000, 1, holder="WELLS FARGO"),
                Lien("SECOND_MORTGAGE", 40000, 2, holder="K CHERA"),
            ),
        )
    )
    assert verdict.agents_deployed == ("fast_track",)
    assert verdict.recommendation == "DO_NOT_BID"
    assert "senior mortgage" in verdict.reasons[0] and "$250,000" in verdict.reasons[0]


def test_missing_lien_data_is_review_not_bid():
    verdict = analyze_case(bank_case(lien_data_known=False))
    assert verdict.recommendation == "REVIEW"
    assert verdict.lien_data_missing is True
    assert verdict.human_review_required is True
    assert any("lien data missing" in r for r in verdict.reasons)


def test_liens_present_but_flag_false_still_counts_as_missing():
    assert analyze_case(bank_case(lien_data_known=False)).surviving_value is None


def test_bad_ratio_is_skip():
    assert analyze_case(bank_case(final_judgment=400000)).recommendation == "SKIP"


def test_tax_deed_uses_opening_bid_and_keeps_government_liens():
    verdict = analyze_case(
        bank_case(
            case_number="05-2023-TD-000123-XXXX-XX",
            auction_type="TAX_DEED",
            plaintiff=None,
            final_judgment=None,
            opening_bid=20000,
            liens=(
                Lien("TAX_CERTIFICATE", 5000, 0),
                Lien("MORTGAGE", 90000, 1),
                Lien("CODE_ENFORCEMENT", 3000, 2),
            ),
        )
    )
    assert verdict.judgment_amount == 20000
    assert [lien.type for lien in verdict.surviving_liens] == ["CODE_ENFORCEMENT"]
    assert verdict.extinguished_value == 90000


def test_high_risk_runs_the_parallel_agents_after_the_sequential_ones(monkeypatch):
    seen: dict[str, set[str]] = {}

    def spy(name):
        def agent(case, features, prior):
            seen[name] = set(prior)
            return AgentVote(name, "BID", 0.9, ("spy",))

        return agent

    for agent_type in AgentType:
        monkeypatch.setitem(agents_module.AGENTS, agent_type, spy(str(agent_type)))
    votes, stopped = run_agents(bank_case(), {}, list(AgentType))
    assert stopped is False
    assert list(votes) == [
        "fast_track",
        "title_deep",
        "lien_comprehensive",
        "third_party_verify",
        "neighborhood",
        "structural",
    ]
    sequential = {"fast_track", "title_deep", "lien_comprehensive", "third_party_verify"}
    assert seen["neighborhood"] == seen["structural"] == sequential
    assert seen["lien_comprehensive"] == {"fast_track", "title_deep"}


def test_do_not_bid_stops_the_sequence(monkeypatch):
    calls = []

    def blocker(case, features, prior):
        calls.append("title_deep")
        return AgentVote("title_deep", "DO_NOT_BID", 0.9, ("blocked",))

    def other(case, features, prior):
        calls.append("other")
        return AgentVote("x", "BID", 0.9, ("x",))

    monkeypatch.setitem(agents_module.AGENTS, AgentType.TITLE_DEEP, blocker)
    for agent_type in (AgentType.LIEN_COMPREHENSIVE, AgentType.NEIGHBORHOOD, AgentType.STRUCTURAL):
        monkeypatch.setitem(agents_module.AGENTS, agent_type, other)
    votes, stopped = run_agents(
        bank_case(),
        {},
        [AgentType.TITLE_DEEP, AgentType.LIEN_COMPREHENSIVE, AgentType.NEIGHBORHOOD, AgentType.STRUCTURAL],
    )
    assert stopped is True and calls == ["title_deep"] and list(votes) == ["title_deep"]


def test_critical_case_deploys_every_verifier():
    verdict = analyze_case(
        bank_case(
            case_number="05-2024-CC-035201-XXCC-BC",
            plaintiff="XYZ HOMEOWNERS ASSOCIATION",
            final_judgment=600000,
            liens=(Lien("HOA_LIEN", 9000, 1),),
            demographics=Demographics(70000, 320000, 0.05),
            county_medians=Demographics(60000, 300000, 0.08),
        )
    )
    assert verdict.risk_level == "CRITICAL"
    assert len(verdict.agents) == 5
    assert verdict.agents_deployed[-2:] == ("neighborhood", "structural")


def test_similar_case_surprise_adds_third_party_verify():
    verdict = analyze_case(bank_case(similar_cases=({"prediction_error": 0.5},)))
    assert verdict.agents_deployed == ("fast_track", "third_party_verify")


def test_overrides_are_input_basis():
    verdict = analyze_case(bank_case(arv_override=500000, repairs_override=10000, holding_cost=5000))
    assert (verdict.arv, verdict.arv_basis, verdict.repairs, verdict.repairs_basis) == (
        500000,
        "INPUT",
        10000,
        "INPUT",
    )
    assert verdict.holding_cost == 5000


def test_to_dict_is_json():
    verdict = analyze_case(bank_case(sales=(Sale("2025-01-01", 400000),)))
    data = json.loads(json.dumps(verdict.to_dict()))
    assert data["recommendation"] == verdict.recommendation
    assert data["agents"][0]["agent"] == "fast_track"
    assert isinstance(data["reasons"], list) and data["reasons"]


def test_analyze_many_keeps_order_and_reads_mappings():
    verdicts = analyze_many([bank_case(), {"case_number": "X-1"}, bank_case(final_judgment=400000)])
    assert [v.recommendation for v in verdicts] == ["BID", "SKIP", "SKIP"]  # nothing known: cannot value
    assert all(isinstance(v, CaseVerdict) for v in verdicts)


def test_empty_context_is_explained():
    verdict = analyze_case(CaseContext(case_number=""))
    assert verdict.recommendation in {"REVIEW", "SKIP"}
    assert verdict.reasons and verdict.max_bid is None


# --- property-based -----------------------------------------------------------------------------

money = (
    st.none() | st.floats(min_value=-1e3, max_value=2e6) | st.sampled_from([float("nan"), float("inf"), 0.0])
)
maybe_text = st.none() | st.text(max_size=20)
lien = st.builds(
    Lien,
    type=st.sampled_from(
        ["MORTGAGE", "SECOND_MORTGAGE", "HOA_LIEN", "PROPERTY_TAX", "IRS_LIEN", "JUDGMENT", "??"]
    ),
    amount=st.none() | st.floats(min_value=0, max_value=1e6),
    position=st.none() | st.integers(0, 5),
    status=st.sampled_from([None, "ACTIVE", "SATISFIED"]),
    holder=maybe_text,
)
demographics = st.none() | st.builds(Demographics, money, money, st.none() | st.floats(0, 1))
contexts = st.builds(
    CaseContext,
    case_number=st.sampled_from(
        ["05-2024-CC-035201-XXCC-BC", "05-2024-CA-012193-XXCA-BC", "2024CA001429", "", "junk"]
    ),
    county=maybe_text,
    auction_date=st.sampled_from([None, "2026-01-07", "not a date"]),
    auction_type=st.sampled_from([None, "FORECLOSURE", "TAX_DEED"]),
    plaintiff=st.sampled_from(
        [None, "", "US BANK NA", "JAMES LANDING", "XYZ HOMEOWNERS ASSOCIATION", "K CHERA"]
    ),
    plaintiff_kind=st.sampled_from([None, "HOA", "BANK", "COUNTY", "weird"]),
    court_type=st.sampled_from([None, "COUNTY", "CIRCUIT"]),
    final_judgment=money,
    opening_bid=money,
    property_type=st.sampled_from([None, "SINGLE FAMILY", "COMMERCIAL", ""]),
    market_value=money,
    year_built=st.none() | st.integers(1700, 2100),
    living_area_sqft=money,
    zip=maybe_text,
    sales=st.none()
    | st.lists(st.builds(Sale, st.sampled_from(["2025-01-01", "bad"]), st.floats(0, 1e6)), max_size=2).map(
        tuple
    ),
    liens=st.none() | st.lists(lien, max_size=4).map(tuple),
    lien_data_known=st.booleans(),
    documents=st.none()
    | st.lists(
        st.builds(
            RecordedDocument, st.sampled_from(["DEED", "MORTGAGE", "LIS PENDENS", "SATISFACTION", "X"])
        ),
        max_size=3,
    ).map(tuple),
    lis_pendens=st.none() | st.booleans(),
    demographics=demographics,
    county_medians=demographics,
    plaintiff_third_party_rate=st.none() | st.floats(0, 1),
    plaintiff_sample_count=st.none() | st.integers(0, 100),
    similar_cases=st.none()
    | st.lists(st.fixed_dictionaries({"prediction_error": st.none() | st.floats(0, 1)}), max_size=3).map(
        tuple
    ),
    arv_override=money,
    repairs_override=money,
    holding_cost=money,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(contexts)
def test_analyze_case_never_raises_and_always_explains(ctx):
    verdict = analyze_case(ctx)
    assert verdict.recommendation in {"BID", "REVIEW", "SKIP", "DO_NOT_BID"}
    assert verdict.reasons and all(isinstance(r, str) and r for r in verdict.reasons)
    assert verdict.max_bid is None or verdict.max_bid >= 0
    json.dumps(verdict.to_dict())
    if any(vote.do_not_bid for vote in verdict.agents):
        assert verdict.recommendation == "DO_NOT_BID"
    if not ctx.lien_data_known:
        assert verdict.recommendation != "BID"
    if verdict.recommendation == "BID":
        assert verdict.bid_judgment_ratio is not None and verdict.bid_judgment_ratio >= 0.75

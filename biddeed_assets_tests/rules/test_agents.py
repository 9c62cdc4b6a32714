import pytest

from biddeed_assets.rules.agents import (
    AGENTS,
    AgentVote,
    CaseContext,
    Demographics,
    RecordedDocument,
    build_features,
    fast_track,
    lien_comprehensive,
    neighborhood,
    structural,
    third_party_verify,
    title_deep,
    unsatisfied_mortgages,
)
from biddeed_assets.rules.lien_priority import Lien
from biddeed_assets.rules.risk_routing import AgentType

BANK_LIENS = (Lien("PROPERTY_TAX", 2500, 0), Lien("MORTGAGE", 180000, 1), Lien("JUDGMENT", 4000, 2))
DOCS = (
    RecordedDocument("DEED", "2012-03-01", party_to="J DOE"),
    RecordedDocument("MORTGAGE", "2012-03-01", 180000, party_to="US BANK", instrument="2012001"),
    RecordedDocument("LIS PENDENS", "2024-05-01"),
)


def case(**overrides):
    base = dict(
        case_number="05-2024-CA-012193-XXCA-BC",
        auction_date="2026-01-07",
        plaintiff="US BANK NA",
        final_judgment=150000,
        market_value=350000,
        year_built=2005,
        living_area_sqft=1800,
        liens=BANK_LIENS,
        lien_data_known=True,
        documents=DOCS,
    )
    base.update(overrides)
    return CaseContext(**base)


def run(agent, ctx, features=None):
    return agent(ctx, build_features(ctx) if features is None else features, {})


def test_every_agent_is_registered():
    assert set(AGENTS) == set(AgentType)


@pytest.mark.parametrize("agent", list(AGENTS.values()))
def test_agents_work_without_precomputed_features(agent):
    ctx = case()
    assert agent(ctx, {}, {}) == agent(ctx, build_features(ctx), {})


def test_fast_track_uses_the_ratio():
    vote = run(fast_track, case())
    assert vote.agent == "fast_track"
    assert vote.recommendation == "BID"  # max bid 180,500 vs judgment 150,000
    assert run(fast_track, case(final_judgment=400000)).recommendation == "SKIP"
    assert run(fast_track, case(final_judgment=None)).recommendation == "SKIP"


def test_title_deep_clear_title_is_bid():
    vote = run(title_deep, case())
    assert vote.recommendation == "BID"
    assert any("lis pendens of record" in r for r in vote.reasons)


def test_title_deep_without_lis_pendens_is_review():
    vote = run(title_deep, case(documents=DOCS[:2]))
    assert vote.recommendation == "REVIEW"
    assert any("no lis pendens" in r for r in vote.reasons)


def test_title_deep_without_documents_is_review():
    assert run(title_deep, case(documents=())).recommendation == "REVIEW"
    assert run(title_deep, case(documents=(), lis_pendens=True)).recommendation == "BID"


def test_title_deep_hoa_with_surviving_senior_mortgage_is_do_not_bid():
    ctx = case(
        case_number="05-2024-CC-035201-XXCC-BC",
        plaintiff="JAMES LANDING",
        liens=(Lien("MORTGAGE", 180000, 1), Lien("HOA_LIEN", 9000, 2)),
    )
    vote = run(title_deep, ctx)
    assert vote.do_not_bid and vote.recommendation == "DO_NOT_BID"
    assert "senior mortgage" in vote.reasons[0] and "$180,000" in vote.reasons[0]


def test_title_deep_hoa_with_an_open_mortgage_of_record_and_no_lien_data():
    ctx = case(
        case_number="05-2024-CC-035201-XXCC-BC", plaintiff="JAMES LANDING", liens=None, lien_data_known=False
    )
    vote = run(title_deep, ctx)
    assert vote.recommendation == "DO_NOT_BID"
    assert "unsatisfied senior mortgage" in vote.reasons[0]


def test_unsatisfied_mortgages_matches_satisfactions():
    docs = [
        RecordedDocument("MORTGAGE", "2005-01-01", 100000, instrument="A"),
        RecordedDocument("MORTGAGE", "2010-01-01", 150000, instrument="B"),
        RecordedDocument("SATISFACTION OF MORTGAGE", "2010-02-01", references="A"),
    ]
    assert [d.instrument for d in unsatisfied_mortgages(docs)] == ["B"]
    docs[2] = RecordedDocument("RELEASE", "2010-02-01")
    assert [d.instrument for d in unsatisfied_mortgages(docs)] == ["B"]


def test_lien_comprehensive():
    assert run(lien_comprehensive, case()).recommendation == "BID"
    assert run(lien_comprehensive, case(lien_data_known=False)).recommendation == "REVIEW"
    hoa = case(plaintiff_kind="HOA", liens=(Lien("MORTGAGE", 1, 1), Lien("HOA_LIEN", 1, 2)))
    assert run(lien_comprehensive, hoa).do_not_bid is True


def test_neighborhood_compares_with_county_medians():
    county = Demographics(60000, 300000, 0.10)
    strong = run(neighborhood, case(demographics=Demographics(75000, 350000, 0.05), county_medians=county))
    weak = run(neighborhood, case(demographics=Demographics(40000, 200000, 0.20), county_medians=county))
    assert (strong.recommendation, weak.recommendation) == ("BID", "SKIP")
    assert len(strong.reasons) == 3


def test_neighborhood_without_data_is_low_confidence_review():
    vote = run(neighborhood, case())
    assert (vote.recommendation, vote.confidence) == ("REVIEW", 0.2)


def test_structural():
    assert run(structural, case()).recommendation == "BID"
    assert run(structural, case(year_built=1960, market_value=900000)).recommendation == "REVIEW"
    missing = run(structural, case(year_built=None))
    assert missing.recommendation == "REVIEW" and "year built" in missing.reasons[0]
    assert run(structural, case(market_value=60000)).recommendation == "SKIP"  # repairs 27k of 60k
    assert run(structural, case(property_type="COMMERCIAL")).recommendation == "REVIEW"


def test_third_party_verify():
    assert (
        run(
            third_party_verify, case(plaintiff_third_party_rate=0.5, plaintiff_sample_count=40)
        ).recommendation
        == "BID"
    )
    low = run(third_party_verify, case(plaintiff_third_party_rate=0.1, plaintiff_sample_count=40))
    assert low.recommendation == "SKIP"
    unknown = run(third_party_verify, case())
    assert (unknown.recommendation, unknown.confidence) == ("REVIEW", 0.2)
    few = run(third_party_verify, case(plaintiff_third_party_rate=0.9, plaintiff_sample_count=2))
    assert few.recommendation == "REVIEW"


def test_third_party_verify_reads_similar_cases():
    similar = tuple({"sold_to": "THIRD_PARTY"} for _ in range(3)) + ({"sold_to": "PLAINTIFF"},)
    vote = run(third_party_verify, case(similar_cases=similar))
    assert vote.recommendation == "BID"
    surprised = run(
        third_party_verify,
        case(
            plaintiff_third_party_rate=0.5,
            plaintiff_sample_count=40,
            similar_cases=({"prediction_error": 0.6},),
        ),
    )
    assert surprised.recommendation == "REVIEW"
    assert any("surprised" in r for r in surprised.reasons)


def test_vote_do_not_bid_spellings_agree():
    assert AgentVote("x", "DO_NOT_BID", 0.5, ()).do_not_bid is True


def test_context_from_dict():
    ctx = CaseContext.from_dict(
        {
            "case_number": "05-2024-CA-012193-XXCA-BC",
            "liens": [{"type": "MORTGAGE", "amount": "100000", "position": 1}],
            "lien_data_known": True,
            "sales": [{"date": "2025-01-01", "price": 1}],
            "documents": [{"doc_type": "DEED", "recorded_date": "2020-01-01"}],
            "demographics": {"median_income": 50000},
            "similar_cases": [{"prediction_error": 0.1}],
            "not_a_field": 1,
        }
    )
    assert ctx.liens == (Lien("MORTGAGE", 100000.0, 1),)
    assert ctx.demographics == Demographics(50000.0)
    assert ctx.documents[0].doc_type == "DEED"
    assert isinstance(ctx.similar_cases, tuple)


def test_reads_the_portal_parsers_records():
    from biddeed_assets.portals.bcpao import Sale as BcpaoSale
    from biddeed_assets.portals.census import ZipDemographics
    from biddeed_assets.portals.official_records import LienRecord
    from biddeed_assets.portals.official_records import RecordedDocument as OfficialDocument

    def lien(lien_type, amount, date, position=None, holder=None, status="ACTIVE"):
        return LienRecord(lien_type, None, amount, holder, "J DOE", date, None, None, None, status, position)

    ctx = CaseContext.from_dict(
        {
            "case_number": "05-2024-CC-035201-XXCC-BC",
            "auction_date": "2026-01-07",
            "plaintiff": "JAMES LANDING",
            "living_area": 1500,
            "liens": [
                lien("MORTGAGE", 150000, "2015-01-01", 1, "WELLS FARGO"),
                lien("HOA_LIEN", 6000, "2024-01-01", holder="JAMES LANDING"),
                lien("LIS_PENDENS", None, "2024-03-01"),
            ],
            "lien_data_known": True,
            "sales": [BcpaoSale("2025-01-01", 300000, "WD", None, None, None, True)],
            "market_value": 200000,
            "documents": [OfficialDocument("DEED", "2015-01-01", cfn="1", party_to="J DOE")],
            "demographics": ZipDemographics("32940", 80000, 350000, vacancy_rate=0.05),
            "county_medians": {
                "median_household_income": 60000,
                "median_home_value": 300000,
                "vacancy_rate": 0.1,
            },
        }
    )
    assert ctx.living_area_sqft == 1500
    assert ctx.documents[0].recorded_date == "2015-01-01" and ctx.documents[0].instrument == "1"
    features = build_features(ctx)
    assert features["liens"].do_not_bid is True
    assert "WELLS FARGO" in features["liens"].reason
    assert features["arv"].value == 250000  # blended with the qualified BCPAO sale
    assert run(neighborhood, ctx).recommendation == "BID"
    direct = case(
        demographics=ZipDemographics("32940", 80000, 350000, vacancy_rate=0.05),
        county_medians=Demographics(60000, 300000, 0.1),
    )
    assert run(neighborhood, direct).recommendation == "BID"

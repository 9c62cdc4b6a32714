import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddeed_assets.rules.agents import AgentVote
from biddeed_assets.rules.consensus import VOTING_WEIGHTS, consensus_decision


def vote(agent, rec, confidence=0.8):
    return AgentVote(agent, rec, confidence, ("test",))


def test_seed_weights():
    assert dict(VOTING_WEIGHTS) == {
        "lien_comprehensive": 0.35,
        "title_deep": 0.25,
        "fast_track": 0.15,
        "neighborhood": 0.10,
        "structural": 0.10,
        "third_party_verify": 0.05,
    }


def test_unanimous_bid_is_consensus():
    result = consensus_decision([vote("lien_comprehensive", "BID"), vote("title_deep", "BID")])
    assert (result.recommendation, result.share, result.consensus, result.human_review_required) == (
        "BID",
        1.0,
        True,
        False,
    )


def test_weighted_shares():
    # lien 0.35*1.0 BID, title 0.25*0.6 REVIEW -> BID share 0.35/0.5 = 0.70: not above 0.70.
    result = consensus_decision([vote("lien_comprehensive", "BID", 1.0), vote("title_deep", "REVIEW", 0.6)])
    assert result.distribution["BID"] == pytest.approx(0.7)
    assert result.recommendation == "REVIEW"
    assert result.human_review_required is True
    assert result.consensus is False


def test_just_above_seventy_percent_is_consensus():
    result = consensus_decision([vote("lien_comprehensive", "BID", 1.0), vote("title_deep", "REVIEW", 0.5)])
    assert result.share == pytest.approx(0.35 / 0.475, rel=1e-5)
    assert (result.recommendation, result.consensus) == ("BID", True)


def test_skip_winner_without_consensus_stands_but_asks_for_review():
    result = consensus_decision(
        [
            vote("lien_comprehensive", "SKIP", 0.8),
            vote("title_deep", "BID", 0.8),
            vote("fast_track", "REVIEW", 0.8),
        ]
    )
    assert result.recommendation == "SKIP"
    assert result.consensus is False
    assert result.human_review_required is True


def test_unknown_agent_weighs_point_one():
    result = consensus_decision([vote("mystery", "SKIP", 1.0), vote("third_party_verify", "BID", 1.0)])
    assert result.distribution["SKIP"] == pytest.approx(0.1 / 0.15, rel=1e-5)


def test_no_votes_is_skip():
    result = consensus_decision([])
    assert (result.recommendation, result.share, result.consensus) == ("SKIP", 0.0, False)


def test_zero_confidence_everywhere_is_review():
    result = consensus_decision([vote("fast_track", "BID", 0.0)])
    assert result.recommendation == "REVIEW"


def test_guard_keeps_a_minority_do_not_bid():
    votes = [
        vote("lien_comprehensive", "BID", 1.0),
        vote("title_deep", "BID", 1.0),
        vote("fast_track", "BID", 1.0),
        vote("third_party_verify", "DO_NOT_BID", 0.1),
    ]
    result = consensus_decision(votes)
    assert result.recommendation == "DO_NOT_BID"
    assert result.guard_applied is True
    assert result.human_review_required is True
    assert "third_party_verify" in result.reasons[0]


def test_do_not_bid_flag_alone_counts():
    flagged = AgentVote("structural", "BID", 0.9, ("x",), do_not_bid=True)
    assert flagged.recommendation == "DO_NOT_BID"
    assert (
        consensus_decision([vote("lien_comprehensive", "BID", 1.0), flagged]).recommendation == "DO_NOT_BID"
    )


def test_tie_goes_to_the_cautious_side():
    result = consensus_decision([vote("neighborhood", "BID", 0.5), vote("structural", "SKIP", 0.5)])
    assert result.recommendation == "SKIP"


agents = st.sampled_from(list(VOTING_WEIGHTS) + ["other"])
recs = st.sampled_from(["BID", "REVIEW", "SKIP", "DO_NOT_BID"])
votes_strategy = st.lists(
    st.builds(AgentVote, agents, recs, st.floats(0, 1), st.just(("r",)), st.booleans()), max_size=8
)


@given(votes_strategy)
def test_consensus_never_turns_do_not_bid_into_bid(votes):
    result = consensus_decision(votes)
    assert result.reasons
    if any(v.do_not_bid or v.recommendation == "DO_NOT_BID" for v in votes):
        assert result.recommendation == "DO_NOT_BID"
    else:
        assert result.recommendation != "DO_NOT_BID"
    if result.recommendation == "BID":
        assert result.consensus
    assert abs(sum(result.distribution.values()) - 1.0) < 1e-4 or sum(result.distribution.values()) == 0


def test_vote_validation():
    with pytest.raises(ValueError):
        AgentVote("fast_track", "MAYBE", 0.5, ())
    with pytest.raises(ValueError):
        AgentVote("fast_track", "BID", 1.5, ())
    with pytest.raises(ValueError):
        AgentVote("fast_track", "BID", float("nan"), ())

"""Weighted voting over the agents' recommendations (the seed's multi-agent consensus).

Each vote counts weight * confidence (weights below; an agent not listed counts 0.10). The scores per
recommendation are normalized to shares; the largest share wins, and there is consensus when it is
above 0.70. Without consensus a BID or REVIEW winner becomes REVIEW with human_review_required, while a
SKIP or DO_NOT_BID winner stands. Ties go to the more cautious recommendation.

Guard (added on purpose, not in the seed): if any agent voted DO_NOT_BID, the result is DO_NOT_BID
whatever the shares say. Weighted voting could otherwise outvote a surviving-mortgage finding, and a
senior mortgage that survives the sale is a fact, not an opinion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from biddeed_assets.rules.agents import AgentVote
from biddeed_assets.rules.decisions import BID, DECISIONS, DO_NOT_BID, REVIEW, SEVERITY, SKIP

VOTING_WEIGHTS: Mapping[str, float] = {
    "lien_comprehensive": 0.35,
    "title_deep": 0.25,
    "fast_track": 0.15,
    "neighborhood": 0.10,
    "structural": 0.10,
    "third_party_verify": 0.05,
}
DEFAULT_WEIGHT = 0.10
CONSENSUS_SHARE = 0.70
# Tie-break order: a tie between BID and DO_NOT_BID must not come out BID.
_CAUTIOUS_FIRST = tuple(sorted(DECISIONS, key=SEVERITY.__getitem__, reverse=True))


@dataclass(slots=True)
class ConsensusResult:
    """The voted recommendation, the winner's share of the weighted vote, and whether a human must look."""

    recommendation: str
    share: float
    consensus: bool
    human_review_required: bool
    distribution: Mapping[str, float]
    reasons: tuple[str, ...]
    guard_applied: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "recommendation": self.recommendation,
            "share": self.share,
            "consensus": self.consensus,
            "human_review_required": self.human_review_required,
            "distribution": dict(self.distribution),
            "reasons": list(self.reasons),
            "guard_applied": self.guard_applied,
        }


def consensus_decision(votes: Iterable[AgentVote]) -> ConsensusResult:
    """Weighted-vote the agents' recommendations; any DO_NOT_BID vote makes the result DO_NOT_BID."""
    votes = list(votes)
    if not votes:
        return ConsensusResult(
            SKIP, 0.0, False, True, dict.fromkeys(DECISIONS, 0.0), ("no valid agent votes",)
        )
    scores = dict.fromkeys(DECISIONS, 0.0)
    for vote in votes:
        scores[vote.recommendation] += VOTING_WEIGHTS.get(vote.agent, DEFAULT_WEIGHT) * vote.confidence
    total = sum(scores.values())
    # Most decisions get no vote: their share is 0.0 without a round().
    shares = {k: round(v / total, 6) if v else 0.0 for k, v in scores.items()} if total > 0 else scores
    winner = max(_CAUTIOUS_FIRST, key=shares.__getitem__)
    share = shares[winner]
    has_consensus = share > CONSENSUS_SHARE

    blockers = [vote.agent for vote in votes if vote.do_not_bid]
    if blockers:
        guard = winner != DO_NOT_BID
        reasons = (f"DO_NOT_BID from {', '.join(blockers)}: no vote can override it",)
        # When the guard overrides the majority the agents disagreed, which a human should see.
        return ConsensusResult(
            DO_NOT_BID,
            shares[DO_NOT_BID],
            not guard and has_consensus,
            guard,
            shares,
            reasons,
            guard_applied=guard,
        )
    if total <= 0:
        return ConsensusResult(REVIEW, 0.0, False, True, shares, ("no agent was confident: human review",))
    if not has_consensus and winner in (BID, REVIEW):
        reasons = (f"agents disagree: {winner} has only {share:.0%} of the weighted vote",)
        return ConsensusResult(REVIEW, share, False, True, shares, reasons)
    reasons = (
        f"{winner} with {share:.0%} of the weighted vote" + ("" if has_consensus else " (no consensus)"),
    )
    return ConsensusResult(winner, share, has_consensus, not has_consensus, shares, reasons)

"""One case's verdict: risk -> routed agents -> consensus -> max bid -> BID / REVIEW / SKIP / DO_NOT_BID.

The agents deployed for the risk level run in two phases. Sequential agents (all but NEIGHBORHOOD and
STRUCTURAL) run in routing order, each seeing the votes before it, and the first DO_NOT_BID stops the
analysis. NEIGHBORHOOD and STRUCTURAL are pure and independent, so the seed's "parallel" phase is just
running them one after the other; both see only the sequential votes, never each other's.

The final recommendation is the most cautious of three: the consensus, the lien limit (DO_NOT_BID when a
senior mortgage survives or an association forecloses on unchecked liens; REVIEW when lien data is missing
or unclear, "liens not verified in <County Name>" when the county has no lien source) and the max-bid
ratio decision (against the judgment; a tax deed's opening bid). So missing lien data never yields BID,
and no vote can lift a DO_NOT_BID.

The per-case records (CaseContext, Demographics, Lien, the lien, bid, risk and value analyses, the votes,
the consensus and CaseVerdict) are slotted dataclasses that are not frozen: each is built once and then
only read, and a frozen dataclass's __init__ sets every field through object.__setattr__, which was a
sixth of the analysis' time. Records handed out by a cache (Plaintiff, CaseNumber, BidParameters) stay
frozen, since a change to one would reach every later case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from biddeed_assets.rules.agents import (
    AGENTS,
    AgentVote,
    CaseContext,
    basis_name,
    build_features,
)
from biddeed_assets.rules.consensus import ConsensusResult, consensus_decision
from biddeed_assets.rules.decisions import DO_NOT_BID, REVIEW, most_cautious
from biddeed_assets.rules.lien_priority import Lien, LienAnalysis, unverified_reason
from biddeed_assets.rules.max_bid import MaxBidResult
from biddeed_assets.rules.risk_routing import (
    PARALLEL_AGENTS,
    AgentType,
    adjust_for_similar_cases,
    route_agents,
)
from biddeed_assets.rules.valuation import Estimate

__all__ = ["CaseContext", "CaseVerdict", "analyze_case", "analyze_many", "run_agents"]


@dataclass(slots=True)
class CaseVerdict:
    """The bid-sheet row for one case: recommendation, max bid, liens, agents, and why."""

    case_number: str
    county: str | None
    auction_date: str | None
    recommendation: str  # BID | REVIEW | SKIP | DO_NOT_BID
    max_bid: float | None
    profit_margin: float | None
    viable: bool
    bid_judgment_ratio: float | None
    judgment_amount: float | None  # what the max bid is compared with: final judgment (tax deed: opening bid)
    auction_type: str | None  # FORECLOSURE | TAX_DEED
    max_bid_is_ceiling: bool  # repairs unknown: max_bid is before repairs
    surviving_liens: tuple[Lien, ...]
    surviving_value: float | None
    extinguished_value: float | None
    extinguished_liens: tuple[Lien, ...]  # the junior liens the sale wipes (the foreclosed lien excluded)
    irs_redemption_120d: bool
    lien_data_missing: bool
    reasons: tuple[str, ...]  # never empty; the first says why this recommendation
    agents: tuple[AgentVote, ...]
    risk_score: float
    risk_level: str
    agents_deployed: tuple[str, ...]
    early_termination: bool
    consensus_recommendation: str
    consensus_share: float
    consensus: bool
    human_review_required: bool
    arv: float | None
    arv_basis: str  # INPUT | INFERRED | MISSING
    arv_note: str
    repairs: float | None
    repairs_basis: str
    repairs_note: str
    holding_cost: float
    plaintiff_canonical: str | None
    plaintiff_kind: str
    court_type: str | None
    filing_year: int | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serializable dict (lists, strings, numbers, None)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["surviving_liens"] = [lien.to_dict() for lien in self.surviving_liens]
        data["extinguished_liens"] = [lien.to_dict() for lien in self.extinguished_liens]
        data["agents"] = [vote.to_dict() for vote in self.agents]
        data["agents_deployed"] = list(self.agents_deployed)
        data["reasons"] = list(self.reasons)
        return data


def run_agents(
    case: CaseContext, features: Mapping[str, Any], deployed: Sequence[AgentType]
) -> tuple[dict[str, AgentVote], bool]:
    """Run sequential agents (stop at the first DO_NOT_BID), then the independent ones; votes by name."""
    votes: dict[str, AgentVote] = {}
    prior = MappingProxyType(votes)
    for agent in deployed:
        if agent in PARALLEL_AGENTS:
            continue
        vote = AGENTS[agent](case, features, prior)
        votes[str(agent)] = vote
        if vote.do_not_bid:
            return votes, True
    # Neighborhood and Structural read only the sequential votes, never each other's. They are a few
    # microseconds of pure Python each: a thread hand-off per case cost more than the agents themselves.
    sequential = MappingProxyType(dict(votes))
    for agent in deployed:
        if agent in PARALLEL_AGENTS:
            votes[str(agent)] = AGENTS[agent](case, features, sequential)
    return votes, False


def _headline(
    final: str,
    consensus: ConsensusResult,
    liens: LienAnalysis,
    bid: MaxBidResult,
    votes: Mapping[str, AgentVote],
    case: CaseContext,
) -> str:
    if final == DO_NOT_BID:
        blocker = next((v for v in votes.values() if v.do_not_bid), None)
        named = [r for r in liens.reasons if "senior mortgage" in r]
        why = blocker.reasons[0] if blocker and blocker.reasons else (named or [*liens.reasons, ""])[0]
        return f"{DO_NOT_BID}: {why}" if why else str(DO_NOT_BID)
    ratio = "n/a" if bid.bid_judgment_ratio is None else f"{bid.bid_judgment_ratio:.0%}"
    unverified = unverified_reason(case.liens_unverified_in) if liens.data_missing and case.liens_unverified_in else None
    first = f"{unverified}; " if unverified and final == REVIEW else ""
    why = unverified or (f"liens unknown: {liens.unknown_because}" if liens.unknown_because else None)
    ceiling = " (ceiling before repairs)" if bid.repairs_unknown else ""
    return (
        f"{final}: {first}most cautious of consensus {consensus.recommendation} ({consensus.share:.0%}), "
        f"lien limit {liens.recommendation_floor}{f' ({why})' if why else ''}, "
        f"bid/{basis_name(case)} ratio {ratio}{ceiling} -> {bid.recommendation}"
    )


def _dedupe(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(filter(None, lines)))


def _neighbour_reasons(similar) -> list[str]:
    """Name the similar past cases the router consulted, with what happened and how wrong the model was."""
    if not similar:
        return []
    parts = []
    for c in list(similar)[:3]:
        get = c.get if isinstance(c, Mapping) else (lambda k, c=c: getattr(c, k, None))
        sim, error, sold_to = get("similarity"), get("prediction_error"), get("sold_to")
        detail = ", ".join(filter(None, (
            f"similarity {sim:.2f}" if isinstance(sim, float) else None,
            f"sold to {sold_to}" if sold_to else None,
            f"model error {error:.2f}" if isinstance(error, float) else None,
        )))
        parts.append(f"{get('case_number')} ({detail})" if detail else str(get("case_number")))
    return ["similar past cases: " + "; ".join(parts)]


def analyze_case(case: CaseContext, features: dict[str, Any] | None = None) -> CaseVerdict:
    """Route, run the agents, vote, and combine with the lien limit and the max-bid ratio.

    `features` is build_features(case) when the caller has derived it already.
    """
    if features is None:
        features = build_features(case)
    risk = features["risk"]
    liens: LienAnalysis = features["liens"]
    bid: MaxBidResult = features["bid"]
    arv: Estimate = features["arv"]
    repairs: Estimate = features["repairs"]
    plaintiff = features["plaintiff"]
    deployed = adjust_for_similar_cases(route_agents(risk.level, features["judgment"]), case.similar_cases)
    votes, stopped = run_agents(case, features, deployed)
    consensus = consensus_decision(votes.values())
    if stopped or liens.do_not_bid or consensus.recommendation == DO_NOT_BID:
        final = DO_NOT_BID
    else:
        final = most_cautious(consensus.recommendation, liens.recommendation_floor, bid.recommendation)
    reasons = _dedupe(
        [
            _headline(final, consensus, liens, bid, votes, case),
            *bid.reasons,
            *liens.reasons,
            *consensus.reasons,
            f"risk {risk.level} ({risk.score:.2f}): " + "; ".join(risk.reasons),
            f"ARV {arv.basis}: {arv.note}",
            f"repairs {repairs.basis}: {repairs.note}",
            *_neighbour_reasons(case.similar_cases),
        ]
    )
    return CaseVerdict(
        case_number=case.case_number,
        county=case.county,
        auction_date=case.auction_date,
        recommendation=final,
        max_bid=bid.max_bid,
        profit_margin=bid.profit_margin,
        viable=bid.viable,
        bid_judgment_ratio=bid.bid_judgment_ratio,
        judgment_amount=bid.final_judgment,
        auction_type=case.auction_type,
        max_bid_is_ceiling=bid.repairs_unknown,
        surviving_liens=tuple(liens.surviving_liens),
        surviving_value=liens.surviving_value,
        extinguished_value=liens.extinguished_value,
        extinguished_liens=tuple(liens.extinguished_liens),
        irs_redemption_120d=liens.irs_redemption_120d,
        lien_data_missing=liens.data_missing,
        reasons=reasons,
        agents=tuple(votes.values()),
        risk_score=risk.score,
        risk_level=str(risk.level),
        agents_deployed=tuple(map(str, deployed)),
        early_termination=stopped,
        consensus_recommendation=consensus.recommendation,
        consensus_share=consensus.share,
        consensus=consensus.consensus,
        human_review_required=consensus.human_review_required or final == REVIEW,
        arv=arv.value,
        arv_basis=arv.basis,
        arv_note=arv.note,
        repairs=repairs.value,
        repairs_basis=repairs.basis,
        repairs_note=repairs.note,
        holding_cost=bid.holding_cost,
        plaintiff_canonical=plaintiff.canonical,
        plaintiff_kind=str(features["plaintiff_kind"]),
        court_type=plaintiff.court_type,
        filing_year=plaintiff.filing_year,
    )


def analyze_many(cases: Iterable[CaseContext | Mapping[str, Any]]) -> list[CaseVerdict]:
    """Verdicts for many cases in order; mappings are read with CaseContext.from_dict."""
    return [
        analyze_case(case if isinstance(case, CaseContext) else CaseContext.from_dict(case)) for case in cases
    ]

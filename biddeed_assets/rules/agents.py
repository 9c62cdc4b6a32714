"""The six analysis agents: pure functions (case, features, prior votes) -> AgentVote.

`build_features(case)` derives once what several agents read (plaintiff kind, lien analysis, ARV,
repairs, max bid, risk); an agent given a features mapping without a key derives that key itself, so
each agent can also be called alone with features={}. `prior` holds the votes already cast, by agent
name; NEIGHBORHOOD and STRUCTURAL run after the sequential agents and see only their votes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from biddeed_assets.rules.decisions import BID, DO_NOT_BID, REVIEW, SEVERITY, SKIP
from biddeed_assets.rules.lien_priority import (
    Lien,
    LienAnalysis,
    Proceeding,
    analyze_liens,
    coerce_lien,
    money,
)
from biddeed_assets.rules.max_bid import (
    DEFAULT_HOLDING_COST,
    SEED_PARAMETERS,
    BidParameters,
    MaxBidResult,
    calculate,
)
from biddeed_assets.rules.plaintiffs import PlaintiffKind, classify_plaintiff, coerce_kind
from biddeed_assets.rules.risk_routing import (
    MIN_RATE_SAMPLES,
    SURPRISE_ERROR,
    AgentType,
    assess_risk,
    is_complex_property,
)
from biddeed_assets.rules.valuation import Estimate, Sale, coerce_sale, estimate_arv, estimate_repairs


@dataclass(slots=True)
class Demographics:
    """ACS figures for a ZIP or a county: median household income, median home value, vacancy 0..1."""

    median_income: float | None = None
    median_home_value: float | None = None
    vacancy_rate: float | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | Any | None) -> Demographics | None:
        """From a dict or an object such as the Census parser's ZipDemographics."""
        if data is None or isinstance(data, Demographics):
            return data
        get = _reader(data)
        income = get("median_income")
        return cls(
            _num(income if income is not None else get("median_household_income")),
            _num(get("median_home_value")),
            _num(get("vacancy_rate")),
        )


@dataclass(frozen=True, slots=True)
class RecordedDocument:
    """An official-records document: DEED, MORTGAGE, SATISFACTION, LIS PENDENS, ASSIGNMENT, LIEN, ..."""

    doc_type: str
    recorded_date: str | None = None
    amount: float | None = None
    party_from: str | None = None
    party_to: str | None = None
    instrument: str | None = None  # this document's clerk file number / book-page
    references: str | None = None  # the instrument a satisfaction or assignment refers to

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | Any) -> RecordedDocument:
        """From a dict or an object; reads the official-records parser's names too (record_date, cfn, ...)."""
        if isinstance(data, RecordedDocument):
            return data
        get = _reader(data)

        def first(*keys: str) -> str | None:
            value = next((get(k) for k in keys if get(k) is not None), None)
            return None if value is None else str(value)

        return cls(
            doc_type=first("doc_type", "type") or "",
            recorded_date=first("recorded_date", "record_date"),
            amount=_num(get("amount") if get("amount") is not None else get("consideration")),
            party_from=first("party_from"),
            party_to=first("party_to"),
            instrument=first("instrument", "cfn"),
            references=first("references"),
        )


@dataclass(slots=True)
class CaseContext:
    """Everything known about one case before the sale; unknown is None (liens: see lien_data_known)."""

    case_number: str
    county: str | None = None
    auction_date: str | None = None  # ISO date; the as-of date for sales recency and building age
    auction_type: str | None = "FORECLOSURE"  # FORECLOSURE | TAX_DEED
    plaintiff: str | None = None
    plaintiff_kind: str | None = None  # overrides the classification of `plaintiff` when given
    court_type: str | None = None  # CIRCUIT | COUNTY | TAX_DEED; from the case number when None
    final_judgment: float | None = None
    opening_bid: float | None = None  # stands in for the judgment in a tax deed sale
    plaintiff_max_bid: float | None = None  # as the site shows it; None when "Hidden" or not shown
    property_type: str | None = None
    market_value: float | None = None  # appraiser market (just) value, else the sale card's value
    value_source: str | None = None  # where market_value comes from when not the appraiser (the card's label)
    year_built: int | None = None
    living_area_sqft: float | None = None
    zip: str | None = None
    sales: tuple[Sale, ...] | None = ()
    liens: tuple[Lien, ...] | None = None
    lien_data_known: bool = False  # False: liens are treated as missing whatever the tuple holds
    lien_data_gap: str | None = None  # why liens are unknown: the source that failed, when known
    liens_unverified_in: str | None = None  # the county's name when it has no lien source at all
    documents: tuple[RecordedDocument, ...] | None = ()
    lis_pendens: bool | None = None  # None: tell from documents
    demographics: Demographics | None = None  # the property's ZIP
    county_medians: Demographics | None = None
    plaintiff_third_party_rate: float | None = None
    plaintiff_sample_count: int | None = None
    similar_cases: tuple[Mapping[str, Any], ...] | None = ()
    arv_override: float | None = None
    repairs_override: float | None = None
    holding_cost: float | None = None  # None: the default $10,000
    bid_parameters: BidParameters | None = None  # None: the seed's formula (an experiment's variant sets its own)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CaseContext:
        """From a flat mapping (a CaseRecord.to_dict(), a DB row, JSON): unknown keys ignored, nested values converted."""
        names = _CONTEXT_FIELDS
        values = {k: v for k, v in data.items() if k in names}
        if "living_area_sqft" not in values and "living_area" in data:
            values["living_area_sqft"] = data["living_area"]  # BCPAO's name
        if values.get("liens") is not None:
            values["liens"] = tuple(coerce_lien(item) for item in values["liens"])
        if values.get("similar_cases") is not None:
            values["similar_cases"] = tuple(values["similar_cases"])
        values["sales"] = tuple(coerce_sale(s) for s in values.get("sales") or ())
        values["documents"] = tuple(RecordedDocument.from_mapping(d) for d in values.get("documents") or ())
        for key in ("demographics", "county_medians"):
            values[key] = Demographics.from_mapping(values.get(key))
        return cls(**values)


_CONTEXT_FIELDS = frozenset(f.name for f in dataclasses.fields(CaseContext))


@dataclass(slots=True)
class AgentVote:
    """One agent's recommendation, confidence 0..1 and reasons; DO_NOT_BID always sets do_not_bid."""

    agent: str
    recommendation: str
    confidence: float
    reasons: tuple[str, ...]
    do_not_bid: bool = False

    def __post_init__(self) -> None:
        if self.recommendation not in SEVERITY:
            raise ValueError(f"unknown recommendation {self.recommendation!r}")
        if not (isinstance(self.confidence, int | float) and 0.0 <= self.confidence <= 1.0):
            raise ValueError(f"confidence {self.confidence!r} is not in 0..1")
        # The two spellings of "do not bid" must agree, so the consensus guard cannot miss one.
        if self.do_not_bid or self.recommendation == DO_NOT_BID:
            self.do_not_bid = True
            self.recommendation = DO_NOT_BID

    def to_dict(self) -> dict[str, Any]:
        return {
            "agent": self.agent,
            "recommendation": self.recommendation,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "do_not_bid": self.do_not_bid,
        }


AgentFn = Callable[[CaseContext, Mapping[str, Any], Mapping[str, AgentVote]], AgentVote]


def _reader(item: Mapping[str, Any] | Any) -> Callable[[str], Any]:
    # type() first: an ABC isinstance check costs more than the read it guards, and most items are dicts
    return item.get if type(item) is dict or isinstance(item, Mapping) else lambda key: getattr(item, key, None)


def _num(value: Any) -> float | None:
    if type(value) is float:  # the common case, without the conversions below
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


@lru_cache(maxsize=4096)  # auction dates repeat across a day's cases
def _year(iso_date: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(str(iso_date)[:10]).year if iso_date else None
    except ValueError:
        return None


def is_tax_deed(case: CaseContext) -> bool:
    return _is_tax_deed_type(case.auction_type)


@lru_cache(maxsize=64)  # read three times per case; a few spellings in all
def _is_tax_deed_type(auction_type: str | None) -> bool:
    return (auction_type or "").strip().upper().replace(" ", "_") == "TAX_DEED"


def decision_judgment(case: CaseContext) -> float | None:
    """The amount the max bid is compared with: the final judgment, or a tax deed's opening bid (it has no judgment)."""
    if is_tax_deed(case):
        return case.opening_bid if _known(case.opening_bid) else None
    return case.final_judgment if _known(case.final_judgment) else None


def basis_name(case: CaseContext) -> str:
    """What the bid ratio is taken against, for reasons: "opening bid" for a tax deed, else "judgment"."""
    return "opening bid" if is_tax_deed(case) else "judgment"


def build_features(case: CaseContext) -> dict[str, Any]:
    """Derived facts several agents and the verdict read: plaintiff, liens, ARV, repairs, max bid, risk."""
    plaintiff = classify_plaintiff(case.plaintiff, case.case_number, case.court_type)
    # An override the rules cannot read falls back to the classified name rather than to UNKNOWN.
    override = coerce_kind(case.plaintiff_kind) if case.plaintiff_kind else PlaintiffKind.UNKNOWN
    kind = override if override is not PlaintiffKind.UNKNOWN else plaintiff.kind
    liens = analyze_liens(
        case.plaintiff_kind if override is not PlaintiffKind.UNKNOWN else kind,
        (case.liens or ()) if case.lien_data_known else None,
        auction_type=case.auction_type,
        plaintiff_name=case.plaintiff,
        unknown_because=case.lien_data_gap,
        unverified_in=case.liens_unverified_in,
        kind_from_court=plaintiff.kind_from_court and override is PlaintiffKind.UNKNOWN,
    )
    arv = estimate_arv(
        case.market_value, case.sales or (), as_of=case.auction_date, override=case.arv_override,
        source=case.value_source,
    )
    repairs = estimate_repairs(
        case.year_built,
        case.living_area_sqft,
        as_of_year=_year(case.auction_date),
        override=case.repairs_override,
    )
    judgment = decision_judgment(case)
    bid = calculate(
        arv.value,
        repairs.value,
        case.holding_cost if case.holding_cost is not None else DEFAULT_HOLDING_COST,
        final_judgment=judgment,
        surviving_liens_value=None if liens.data_missing else liens.surviving_value,
        basis_name=basis_name(case),
        plaintiff_max_bid=case.plaintiff_max_bid,
        params=case.bid_parameters or SEED_PARAMETERS,
    )
    risk = assess_risk(
        judgment,
        kind,
        case.plaintiff_third_party_rate,
        case.property_type,
        third_party_samples=case.plaintiff_sample_count,
    )
    return {
        "plaintiff": plaintiff,
        "plaintiff_kind": kind,
        "court_type": plaintiff.court_type,
        "filing_year": plaintiff.filing_year,
        "judgment": judgment,
        "liens": liens,
        "arv": arv,
        "repairs": repairs,
        "bid": bid,
        "risk": risk,
    }


def _feature(features: Mapping[str, Any], case: CaseContext, key: str, kind: type) -> Any:
    value = features.get(key)
    return value if isinstance(value, kind) else build_features(case)[key]


def _lien_analysis(case: CaseContext, features: Mapping[str, Any]) -> LienAnalysis:
    return _feature(features, case, "liens", LienAnalysis)


def _max_bid(case: CaseContext, features: Mapping[str, Any]) -> MaxBidResult:
    return _feature(features, case, "bid", MaxBidResult)


def _vote(agent: AgentType, recommendation: str, confidence: float, reasons: Iterable[str]) -> AgentVote:
    return AgentVote(str(agent), recommendation, round(min(1.0, max(0.0, confidence)), 4), tuple(reasons))


# --- FAST_TRACK -------------------------------------------------------------------------------------


def fast_track(case: CaseContext, features: Mapping[str, Any], prior: Mapping[str, AgentVote]) -> AgentVote:
    """The max-bid/judgment ratio decision alone: BID >= 0.75, REVIEW >= 0.60, else SKIP."""
    bid = _max_bid(case, features)
    ratio = bid.bid_judgment_ratio
    if ratio is None:
        return _vote(AgentType.FAST_TRACK, bid.recommendation, 0.5, bid.reasons)
    # Confidence grows with the distance from the nearest threshold.
    if bid.recommendation == BID:
        confidence = 0.6 + (ratio - 0.75)
    elif bid.recommendation == SKIP:
        confidence = 0.6 + (0.60 - ratio)
    else:
        confidence = 0.5
    return _vote(AgentType.FAST_TRACK, bid.recommendation, min(confidence, 0.95), bid.reasons)


# --- TITLE_DEEP -------------------------------------------------------------------------------------


def _doc_kind(doc: RecordedDocument) -> str:
    text = " ".join(doc.doc_type.upper().replace("_", " ").split())
    for kind in ("LIS PENDENS", "SATISFACTION", "RELEASE", "ASSIGNMENT", "DEED", "MORTGAGE"):
        if kind in text:
            return "SATISFACTION" if kind == "RELEASE" else kind
    return text


def unsatisfied_mortgages(documents: Iterable[RecordedDocument]) -> list[RecordedDocument]:
    """Mortgages of record with no satisfaction/release recorded against them."""
    docs = list(documents)
    mortgages = [d for d in docs if _doc_kind(d) == "MORTGAGE"]
    satisfactions = [d for d in docs if _doc_kind(d) == "SATISFACTION"]
    referenced = {d.references for d in satisfactions if d.references}
    open_ = [m for m in mortgages if not (m.instrument and m.instrument in referenced)]
    # Satisfactions that name no instrument are matched to the oldest open mortgages.
    unmatched = sum(1 for d in satisfactions if not d.references)
    open_.sort(key=lambda d: d.recorded_date or "")
    return open_[unmatched:]


def title_deep(case: CaseContext, features: Mapping[str, Any], prior: Mapping[str, AgentVote]) -> AgentVote:
    """Lis pendens, the chain of title from official records, and liens that survive the sale."""
    liens = _lien_analysis(case, features)
    docs = [RecordedDocument.from_mapping(d) for d in case.documents or ()]
    kinds = [_doc_kind(d) for d in docs]
    reasons: list[str] = []
    issues = 0
    if liens.do_not_bid and not liens.data_missing:
        named = tuple(r for r in liens.reasons if "senior mortgage" in r)
        return AgentVote(str(AgentType.TITLE_DEEP), DO_NOT_BID, 0.95, named or liens.reasons, True)
    open_mortgages = unsatisfied_mortgages(docs)
    if liens.proceeding is Proceeding.ASSOCIATION and open_mortgages:
        first = open_mortgages[0]
        reasons.append(
            f"HOA/COA foreclosure with an unsatisfied senior mortgage of record: MORTGAGE recorded "
            f"{first.recorded_date or 'date unknown'} to {first.party_to or 'lender unknown'}, {money(first.amount)}"
        )
        return AgentVote(str(AgentType.TITLE_DEEP), DO_NOT_BID, 0.9, tuple(reasons), True)
    if liens.do_not_bid:  # an association forecloses and the liens could not be checked
        return AgentVote(str(AgentType.TITLE_DEEP), DO_NOT_BID, 0.8, liens.reasons, True)
    lis_pendens = (
        case.lis_pendens if case.lis_pendens is not None else ("LIS PENDENS" in kinds if docs else None)
    )
    if lis_pendens is None:
        issues += 1
        reasons.append("lis pendens unknown: no official-records documents")
    elif not lis_pendens:
        issues += 1
        reasons.append("no lis pendens of record: later buyers or lienors may not be bound by the judgment")
    else:
        reasons.append("lis pendens of record")
    if docs:
        deeds = sorted((d for d in docs if _doc_kind(d) == "DEED"), key=lambda d: d.recorded_date or "")
        if deeds:
            last = deeds[-1]
            reasons.append(
                f"vested by deed recorded {last.recorded_date or 'date unknown'} to {last.party_to or 'owner unknown'}"
            )
        else:
            issues += 1
            reasons.append("no vesting deed among the documents searched: chain of title unconfirmed")
        if len(open_mortgages) > 1:
            reasons.append(f"{len(open_mortgages)} unsatisfied mortgages of record")
    if liens.data_missing:
        issues += 1
        reasons.append("lien data missing: surviving liens cannot be cleared")
    elif liens.surviving_liens:
        reasons.append(
            f"{len(liens.surviving_liens)} lien(s) survive the sale: {money(liens.surviving_value)}"
        )
    if issues:
        return _vote(AgentType.TITLE_DEEP, REVIEW, 0.6, reasons)
    return _vote(AgentType.TITLE_DEEP, BID, 0.75, reasons or ["title clear of surviving liens"])


# --- LIEN_COMPREHENSIVE ------------------------------------------------------------------------------


def lien_comprehensive(
    case: CaseContext, features: Mapping[str, Any], prior: Mapping[str, AgentVote]
) -> AgentVote:
    """Lien priority: DO_NOT_BID when a senior mortgage survives, REVIEW when lien data is missing."""
    liens = _lien_analysis(case, features)
    if liens.do_not_bid:
        return AgentVote(str(AgentType.LIEN_COMPREHENSIVE), DO_NOT_BID, 0.95, liens.reasons, True)
    if liens.data_missing:
        return _vote(AgentType.LIEN_COMPREHENSIVE, REVIEW, 0.5, liens.reasons)
    if liens.recommendation_floor == REVIEW:
        return _vote(AgentType.LIEN_COMPREHENSIVE, REVIEW, 0.6, liens.reasons)
    confidence = 0.7 if liens.irs_redemption_120d else 0.85
    return _vote(AgentType.LIEN_COMPREHENSIVE, BID, confidence, liens.reasons)


# --- NEIGHBORHOOD ------------------------------------------------------------------------------------

STRONG_RATIO = 1.0
WEAK_RATIO = 0.75
HIGH_VACANCY_FACTOR = 1.5


def _ratio_points(name: str, zip_value: float | None, county_value: float | None) -> tuple[int, str] | None:
    if not _known(zip_value) or not _known(county_value) or county_value <= 0:
        return None
    ratio = zip_value / county_value
    points = 1 if ratio >= STRONG_RATIO else -1 if ratio < WEAK_RATIO else 0
    return points, f"ZIP {name} {ratio:.0%} of the county median"


def neighborhood(case: CaseContext, features: Mapping[str, Any], prior: Mapping[str, AgentVote]) -> AgentVote:
    """ZIP income, home value and vacancy against county medians."""
    zip_, county = (
        Demographics.from_mapping(case.demographics),
        Demographics.from_mapping(case.county_medians),
    )
    scored: list[tuple[int, str]] = []
    if zip_ is not None and county is not None:
        for name, z, c in (
            ("income", zip_.median_income, county.median_income),
            ("home value", zip_.median_home_value, county.median_home_value),
        ):
            if (hit := _ratio_points(name, z, c)) is not None:
                scored.append(hit)
        zv, cv = zip_.vacancy_rate, county.vacancy_rate
        if _known(zv) and _known(cv) and cv >= 0:
            points = 1 if zv <= cv else -1 if zv > HIGH_VACANCY_FACTOR * cv else 0
            scored.append((points, f"ZIP vacancy {zv:.1%} vs county {cv:.1%}"))
    if not scored:
        return _vote(
            AgentType.NEIGHBORHOOD, REVIEW, 0.2, ["no ZIP demographics or county medians to compare"]
        )
    total = sum(points for points, _ in scored)
    decision = BID if total >= 2 else SKIP if total <= -2 else REVIEW
    return _vote(AgentType.NEIGHBORHOOD, decision, 0.4 + 0.1 * len(scored), [text for _, text in scored])


# --- STRUCTURAL --------------------------------------------------------------------------------------

MAX_REPAIR_SHARE = 0.35
OLD_BUILDING_YEARS = 50
MIN_LIVING_AREA = 400


def structural(case: CaseContext, features: Mapping[str, Any], prior: Mapping[str, AgentVote]) -> AgentVote:
    """Building age, living area and type; missing facts give REVIEW."""
    if is_complex_property(case.property_type):
        return _vote(
            AgentType.STRUCTURAL,
            REVIEW,
            0.6,
            [f"{case.property_type} building needs a professional inspection"],
        )
    year = _year(case.auction_date)
    known = (
        ("year built", case.year_built is not None),
        ("living area", _known(case.living_area_sqft)),
        ("auction date", year is not None),
    )
    missing = [name for name, ok in known if not ok]
    if missing:
        return _vote(AgentType.STRUCTURAL, REVIEW, 0.3, [f"building facts missing: {', '.join(missing)}"])
    age = year - case.year_built
    reasons = [f"{age}-year-old building, {case.living_area_sqft:,.0f} sq ft"]
    repairs = _feature(features, case, "repairs", Estimate)
    arv = _feature(features, case, "arv", Estimate)
    if _known(repairs.value) and _known(arv.value) and arv.value > 0:
        share = repairs.value / arv.value
        reasons.append(f"repairs {money(repairs.value)} are {share:.0%} of ARV")
        if share > MAX_REPAIR_SHARE:
            return _vote(AgentType.STRUCTURAL, SKIP, 0.65, reasons)
    if age < 0 or case.living_area_sqft < MIN_LIVING_AREA:
        reasons.append("building facts implausible: check the appraiser record")
        return _vote(AgentType.STRUCTURAL, REVIEW, 0.5, reasons)
    if age >= OLD_BUILDING_YEARS:
        reasons.append("50+ years old: roof, plumbing and electrical need an inspection")
        return _vote(AgentType.STRUCTURAL, REVIEW, 0.55, reasons)
    return _vote(AgentType.STRUCTURAL, BID, 0.7 if age < 30 else 0.6, reasons)


# --- THIRD_PARTY_VERIFY ------------------------------------------------------------------------------

GOOD_THIRD_PARTY_RATE = 0.40
LOW_THIRD_PARTY_RATE = 0.30


def _get(case: Mapping[str, Any] | Any, key: str) -> Any:
    return case.get(key) if isinstance(case, Mapping) else getattr(case, key, None)


def third_party_verify(
    case: CaseContext, features: Mapping[str, Any], prior: Mapping[str, AgentVote]
) -> AgentVote:
    """The plaintiff's history of letting third parties win, and how similar past cases turned out."""
    rate, samples = case.plaintiff_third_party_rate, case.plaintiff_sample_count
    reasons: list[str] = []
    decision, confidence = REVIEW, 0.2
    if _known(rate) and (samples is None or samples >= MIN_RATE_SAMPLES):
        decision = BID if rate >= GOOD_THIRD_PARTY_RATE else SKIP if rate < LOW_THIRD_PARTY_RATE else REVIEW
        confidence = 0.5 if samples is None else min(0.9, 0.4 + samples / 100)
        basis = "sample size unknown" if samples is None else f"{samples} sales"
        reasons.append(f"plaintiff sold to third parties in {rate:.0%} of past sales ({basis})")
        if decision == SKIP:
            reasons.append("the plaintiff usually keeps the property: a third-party win is unlikely")
    else:
        reasons.append("plaintiff third-party rate unknown or from too few sales")
    similar = list(case.similar_cases or ())
    outcomes = [str(_get(c, "sold_to") or "").upper() for c in similar if _get(c, "sold_to")]
    if len(outcomes) >= 3:
        share = outcomes.count("THIRD_PARTY") / len(outcomes)
        reasons.append(f"{share:.0%} of {len(outcomes)} similar past cases went to a third party")
        if decision == REVIEW and confidence <= 0.2:
            decision = BID if share >= 0.5 else SKIP if share < 0.2 else REVIEW
            confidence = 0.4
    surprises = [
        c for c in similar if (e := _num(_get(c, "prediction_error"))) is not None and e > SURPRISE_ERROR
    ]
    if surprises:
        reasons.append(f"{len(surprises)} similar case(s) surprised the model (error > {SURPRISE_ERROR})")
        confidence *= 0.7
        if decision == BID:
            decision = REVIEW
    return _vote(AgentType.THIRD_PARTY_VERIFY, decision, confidence, reasons)


AGENTS: dict[AgentType, AgentFn] = {
    AgentType.FAST_TRACK: fast_track,
    AgentType.TITLE_DEEP: title_deep,
    AgentType.LIEN_COMPREHENSIVE: lien_comprehensive,
    AgentType.NEIGHBORHOOD: neighborhood,
    AgentType.STRUCTURAL: structural,
    AgentType.THIRD_PARTY_VERIFY: third_party_verify,
}

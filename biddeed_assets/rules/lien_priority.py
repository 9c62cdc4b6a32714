"""Which recorded liens survive a Florida foreclosure or tax-deed sale, and what that means for a bid.

Priority order (most senior first): property taxes, special assessments, 1st/2nd/3rd mortgages, HOA/COA
liens, mechanics' liens, code enforcement, judgments, IRS liens, state tax liens. Between two liens
the recorded `position` decides (lower is senior), then the recorded date, then that default order.

- A mortgage foreclosure wipes every lien junior to the foreclosed mortgage; liens senior to it survive.
- An HOA/COA foreclosure wipes only what is junior to the association's lien, so an active first
  mortgage survives it: DO_NOT_BID, naming the mortgage and its amount. Any surviving mortgage (also a
  junior-mortgage foreclosure under a live first) is DO_NOT_BID: the buyer would owe it.
- Property taxes and government special assessments survive every foreclosure (reported as surviving).
- A tax deed wipes everything except government liens: local-government liens survive (F.S. 197.552:
  municipal, county, special district, CDD liens such as code enforcement and special assessments); the
  delinquent taxes are the claim being sold (paid from the bid); a federal (IRS) lien is discharged only
  when the IRS had notice 25 days before the sale (26 U.S.C. 7425(b)), which is not checkable here, so it
  is counted as surviving (conservative). State tax liens are not local and are wiped.
- An active IRS lien sets the 120-day federal redemption flag (26 U.S.C. 7425(d)).
- SATISFIED/RELEASED liens are ignored; a lien with no status is taken as active.
- Missing lien data (None), an unknown foreclosing party, a lien of unknown type, or a surviving lien of
  unknown amount caps the recommendation at REVIEW, never BID. A county with no lien source at all says
  "liens not verified in <County Name>". Missing liens on an association foreclosure whose plaintiff names
  the association is still DO_NOT_BID (the first mortgage it leaves alive cannot be ruled out); a
  county-court (CC) case with no plaintiff named is REVIEW with a reason.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from biddeed_assets.rules.decisions import BID, DO_NOT_BID, REVIEW
from biddeed_assets.rules.plaintiffs import (
    ASSOCIATION_KINDS,
    MORTGAGE_KINDS,
    PlaintiffKind,
    classify_plaintiff,
    coerce_kind,
)


class LienCategory(StrEnum):
    PROPERTY_TAX = "PROPERTY_TAX"
    SPECIAL_ASSESSMENT = "SPECIAL_ASSESSMENT"
    MORTGAGE = "MORTGAGE"
    HOA_COA = "HOA_COA"
    MECHANICS = "MECHANICS"
    CODE_ENFORCEMENT = "CODE_ENFORCEMENT"
    JUDGMENT = "JUDGMENT"
    IRS = "IRS"
    STATE_TAX = "STATE_TAX"
    NOT_A_LIEN = "NOT_A_LIEN"
    OTHER = "OTHER"


class Proceeding(StrEnum):
    MORTGAGE = "MORTGAGE_FORECLOSURE"
    ASSOCIATION = "ASSOCIATION_FORECLOSURE"
    TAX_DEED = "TAX_DEED"
    UNKNOWN = "UNKNOWN"


# Default seniority when neither positions nor dates say: the position order.
PRIORITY_ORDER: tuple[str, ...] = (
    "PROPERTY_TAX",
    "SPECIAL_ASSESSMENT",
    "FIRST_MORTGAGE",
    "SECOND_MORTGAGE",
    "THIRD_MORTGAGE",
    "HOA_COA",
    "MECHANICS",
    "CODE_ENFORCEMENT",
    "JUDGMENT",
    "IRS",
    "STATE_TAX",
)
_RANK = {name: i for i, name in enumerate(PRIORITY_ORDER)}
_UNKNOWN_RANK = len(PRIORITY_ORDER)

_TYPE_TABLE: dict[str, tuple[LienCategory, str]] = {}
for _names, _category, _rank_name in (
    (
        (
            "PROPERTY_TAX",
            "PROPERTY_TAXES",
            "TAX",
            "TAXES",
            "TAX_LIEN",
            "TAX_CERTIFICATE",
            "TAX_CERT",
            "AD_VALOREM",
            "DELINQUENT_TAXES",
            "REAL_ESTATE_TAX",
            "REAL_ESTATE_TAXES",
        ),
        LienCategory.PROPERTY_TAX,
        "PROPERTY_TAX",
    ),
    (
        ("SPECIAL_ASSESSMENT", "SPECIAL_ASSESSMENTS", "NON_AD_VALOREM", "NON_AD_VALOREM_ASSESSMENT"),
        LienCategory.SPECIAL_ASSESSMENT,
        "SPECIAL_ASSESSMENT",
    ),
    (
        ("MORTGAGE", "MTG", "MTGE", "FIRST_MORTGAGE", "1ST_MORTGAGE", "REVERSE_MORTGAGE"),
        LienCategory.MORTGAGE,
        "FIRST_MORTGAGE",
    ),
    (("SECOND_MORTGAGE", "2ND_MORTGAGE", "HELOC"), LienCategory.MORTGAGE, "SECOND_MORTGAGE"),
    (("THIRD_MORTGAGE", "3RD_MORTGAGE"), LienCategory.MORTGAGE, "THIRD_MORTGAGE"),
    (
        (
            "HOA",
            "HOA_LIEN",
            "COA",
            "COA_LIEN",
            "CONDO_LIEN",
            "CONDOMINIUM_LIEN",
            "ASSOCIATION_LIEN",
            "CLAIM_OF_LIEN",
            "HOA_ASSESSMENT",
            "HOA_COA",
        ),
        LienCategory.HOA_COA,
        "HOA_COA",
    ),
    (
        ("MECHANICS", "MECHANICS_LIEN", "MECHANIC_LIEN", "CONSTRUCTION_LIEN"),
        LienCategory.MECHANICS,
        "MECHANICS",
    ),
    (
        ("CODE_ENFORCEMENT", "CODE_ENFORCEMENT_LIEN", "CODE_LIEN", "MUNICIPAL_LIEN", "UTILITY_LIEN"),
        LienCategory.CODE_ENFORCEMENT,
        "CODE_ENFORCEMENT",
    ),
    (
        ("JUDGMENT", "JUDGMENT_LIEN", "CERTIFIED_JUDGMENT", "MONEY_JUDGMENT"),
        LienCategory.JUDGMENT,
        "JUDGMENT",
    ),
    (
        ("IRS", "IRS_LIEN", "FEDERAL_TAX_LIEN", "FEDERAL_TAX", "NOTICE_OF_FEDERAL_TAX_LIEN"),
        LienCategory.IRS,
        "IRS",
    ),
    (
        ("STATE_TAX", "STATE_TAX_LIEN", "DOR_LIEN", "DEPARTMENT_OF_REVENUE"),
        LienCategory.STATE_TAX,
        "STATE_TAX",
    ),
    (
        ("LIS_PENDENS", "SATISFACTION", "RELEASE", "DEED", "ASSIGNMENT", "NOTICE_OF_COMMENCEMENT"),
        LienCategory.NOT_A_LIEN,
        "",
    ),
):
    for _name in _names:
        _TYPE_TABLE[_name] = (_category, _rank_name)

INACTIVE_STATUSES = frozenset({"SATISFIED", "RELEASED", "RELEASE", "PAID", "DISCHARGED", "CANCELLED", "VOID"})
SUPER_PRIORITY = frozenset({LienCategory.PROPERTY_TAX, LienCategory.SPECIAL_ASSESSMENT})
LOCAL_GOVERNMENT = frozenset({LienCategory.SPECIAL_ASSESSMENT, LienCategory.CODE_ENFORCEMENT})
TAX_DEED_PLAINTIFFS = frozenset({"COUNTY", "TAX_COLLECTOR", "TAX_DEED", "CERT_HOLDER", "CERTIFICATE_HOLDER"})


@lru_cache(maxsize=512)
def classify_lien_type(lien_type: str | None) -> tuple[LienCategory, int]:
    """Category and default rank (0 = most senior) of a lien type as written ("HOA_LIEN", "2nd mortgage")."""
    key = "_".join((lien_type or "").upper().replace("'", "").replace("-", " ").replace("/", " ").split())
    category, rank_name = _TYPE_TABLE.get(key, (LienCategory.OTHER, ""))
    return category, _RANK.get(rank_name, _UNKNOWN_RANK)


# The rules read a lien's category a dozen times per case: the table's own spellings are one dict
# lookup away, any other spelling goes through classify_lien_type.
_CATEGORY_OF = {name: classify_lien_type(name)[0] for name in _TYPE_TABLE}
_RANK_OF = {name: classify_lien_type(name)[1] for name in _TYPE_TABLE}


@dataclass(slots=True)
class Lien:
    """One recorded lien; position 0/1/2... with lower more senior; amount in dollars or None."""

    type: str
    amount: float | None = None
    position: int | None = None
    status: str | None = None
    holder: str | None = None
    recorded_date: str | None = None

    @property
    def category(self) -> LienCategory:
        try:
            return _CATEGORY_OF[self.type]
        except KeyError:
            return classify_lien_type(self.type)[0]

    @property
    def rank(self) -> int:
        try:
            return _RANK_OF[self.type]
        except KeyError:
            return classify_lien_type(self.type)[1]

    @property
    def is_active(self) -> bool:
        return _active_status(self.status)

    @property
    def is_mortgage(self) -> bool:
        return self.category is LienCategory.MORTGAGE

    def describe(self) -> str:
        """'MORTGAGE position 1 held by WELLS FARGO, $300,000' for reasons."""
        parts = [self.type]
        if self.position is not None:
            parts.append(f"position {self.position}")
        if self.holder:
            parts.append(f"held by {self.holder}")
        if self.recorded_date:
            parts.append(f"recorded {self.recorded_date}")
        return " ".join(parts) + ", " + money(self.amount)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@lru_cache(maxsize=256)
def _active_status(status: str | None) -> bool:
    return (status or "").strip().upper() not in INACTIVE_STATUSES


def money(amount: float | None) -> str:
    """'$300,000' or 'amount unknown'."""
    return "amount unknown" if amount is None else f"${amount:,.0f}"


def _to_float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = (
            float(str(value).replace("$", "").replace(",", "")) if isinstance(value, str) else float(value)
        )
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _to_int(value: Any) -> int | None:
    number = _to_float(value)
    return None if number is None else int(number)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def coerce_lien(item: Lien | Mapping[str, Any] | Any) -> Lien:
    """A Lien from a Lien, a dict {type, amount, position, status?, holder?, recorded_date?} or any object."""
    if isinstance(item, Lien):
        return item
    get = item.get if isinstance(item, Mapping) else lambda k, d=None: getattr(item, k, d)
    return Lien(
        type=str(get("type") or get("lien_type") or ""),
        amount=_to_float(get("amount")),
        position=_to_int(get("position")),
        status=_text(get("status")),
        holder=_text(get("holder")),
        recorded_date=_text(get("recorded_date")),
    )


@dataclass(slots=True)
class LienAnalysis:
    """What survives the sale; recommendation_floor is the best recommendation the liens allow."""

    do_not_bid: bool
    recommendation_floor: str  # BID (no limit) | REVIEW | DO_NOT_BID
    surviving_liens: list[Lien]
    surviving_value: float | None  # None when a survivor's amount is unknown or lien data is missing
    extinguished_value: float | None  # junior liens wiped by the sale, foreclosed lien excluded
    irs_redemption_120d: bool
    reasons: tuple[str, ...]
    data_missing: bool
    proceeding: Proceeding = Proceeding.UNKNOWN
    foreclosed_lien: Lien | None = None
    extinguished_liens: list[Lien] = field(default_factory=list)
    unknown_because: str | None = None  # when data_missing: the source that failed, when known

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def to_dict(self) -> dict[str, Any]:
        return {
            "do_not_bid": self.do_not_bid,
            "recommendation_floor": self.recommendation_floor,
            "surviving_liens": [lien.to_dict() for lien in self.surviving_liens],
            "surviving_value": self.surviving_value,
            "extinguished_value": self.extinguished_value,
            "irs_redemption_120d": self.irs_redemption_120d,
            "reasons": list(self.reasons),
            "data_missing": self.data_missing,
            "proceeding": str(self.proceeding),
            "foreclosed_lien": self.foreclosed_lien.to_dict() if self.foreclosed_lien else None,
            "extinguished_liens": [lien.to_dict() for lien in self.extinguished_liens],
        }


@lru_cache(maxsize=256)  # a handful of (kind, auction type) pairs, read once or twice per case
def proceeding_for(plaintiff_kind: PlaintiffKind | str | None, auction_type: str | None = None) -> Proceeding:
    """The kind of sale: tax deed, association (HOA/COA) foreclosure, mortgage foreclosure, or unknown."""
    raw = str(plaintiff_kind or "").strip().upper().replace(" ", "_")
    if (auction_type or "").strip().upper().replace(" ", "_") == "TAX_DEED" or raw in TAX_DEED_PLAINTIFFS:
        return Proceeding.TAX_DEED
    kind = coerce_kind(plaintiff_kind)
    if kind in ASSOCIATION_KINDS:
        return Proceeding.ASSOCIATION
    if kind in MORTGAGE_KINDS:
        return Proceeding.MORTGAGE
    return Proceeding.UNKNOWN


def is_senior(a: Lien, b: Lien) -> bool:
    """True when lien a is senior to lien b: by position, else recorded date, else the default order."""
    if a.position is not None and b.position is not None and a.position != b.position:
        return a.position < b.position
    if a.recorded_date and b.recorded_date and a.recorded_date != b.recorded_date:
        return a.recorded_date < b.recorded_date
    return a.rank < b.rank


def _seniority_key(lien: Lien) -> tuple[int, str, int]:
    position = lien.position if lien.position is not None else 1_000_000
    return (position, lien.recorded_date or "9999", lien.rank)


@lru_cache(maxsize=4096)  # a few dozen lien holders and plaintiffs, met again and again
def _same_party(holder: str | None, plaintiff_name: str | None) -> bool:
    if not holder or not plaintiff_name:
        return False
    return classify_plaintiff(holder).canonical == classify_plaintiff(plaintiff_name).canonical


def _foreclosed(candidates: list[Lien], plaintiff_name: str | None) -> tuple[Lien | None, bool]:
    """The plaintiff's own lien when a holder matches its name, else the most senior; and whether matched."""
    if not candidates:
        return None, False
    held = [lien for lien in candidates if _same_party(lien.holder, plaintiff_name)]
    pool = held or candidates
    return (pool[0] if len(pool) == 1 else min(pool, key=_seniority_key)), bool(held)


def _is_local_government(lien: Lien) -> bool:
    if lien.category in LOCAL_GOVERNMENT:
        return True
    if lien.category in (LienCategory.IRS, LienCategory.STATE_TAX, LienCategory.PROPERTY_TAX):
        return False
    return bool(lien.holder) and classify_plaintiff(lien.holder).kind is PlaintiffKind.GOVERNMENT


def _survives_tax_deed(lien: Lien) -> bool:
    return _is_local_government(lien) or lien.category is LienCategory.IRS


def _sum(liens: Iterable[Lien]) -> float | None:
    if not liens:  # round() is dear and 0.0 is already rounded
        return 0.0
    total = 0.0
    for lien in liens:
        if lien.amount is None:
            return None
        total += lien.amount
    return round(total, 2)


def unverified_reason(county_name: str) -> str:
    """The reason a decision is capped when a county's liens cannot be checked at all."""
    return f"liens not verified in {county_name}"


def _missing(
    proceeding: Proceeding,
    unknown_because: str | None = None,
    *,
    unverified_in: str | None = None,
    kind_from_court: bool = False,
) -> LienAnalysis:
    missing = "lien data missing: surviving liens unknown, at most REVIEW"
    reasons = [unverified_reason(unverified_in)] if unverified_in else []
    reasons.append(f"liens unknown: {unknown_because}; {missing}" if unknown_because else missing)
    floor = REVIEW
    if proceeding is Proceeding.ASSOCIATION and kind_from_court:
        # CC alone is strong but not certain evidence (county court also hears small mortgage and other
        # lien cases), so without a plaintiff name a person must look: REVIEW, not DO_NOT_BID.
        reasons.insert(0, "county-court (CC) case with no association named as plaintiff: probably an HOA/COA "
                          "foreclosure, which a first mortgage survives; check the docket before bidding")
    elif proceeding is Proceeding.ASSOCIATION:
        floor = DO_NOT_BID
        reasons.insert(0, "HOA/COA foreclosure: a first mortgage survives it and the liens cannot be checked, "
                          "so the buyer may owe it")
    return LienAnalysis(
        do_not_bid=floor == DO_NOT_BID,
        recommendation_floor=floor,
        surviving_liens=[],
        surviving_value=None,
        extinguished_value=None,
        irs_redemption_120d=False,
        reasons=tuple(reasons),
        data_missing=True,
        proceeding=proceeding,
        unknown_because=unknown_because,
    )


def _split(
    proceeding: Proceeding, active: list[Lien], plaintiff_name: str | None, reasons: list[str]
) -> tuple[Lien | None, list[Lien], list[Lien], list[Lien]]:
    """Foreclosed lien, survivors, extinguished, and liens whose fate cannot be told."""
    if proceeding is Proceeding.TAX_DEED:
        taxes = [lien for lien in active if lien.category is LienCategory.PROPERTY_TAX]
        rest = [lien for lien in active if lien.category is not LienCategory.PROPERTY_TAX]
        if taxes:
            reasons.append(f"tax deed sale: delinquent taxes ({money(_sum(taxes))}) are the claim being sold")
        survivors = [lien for lien in rest if _survives_tax_deed(lien)]
        extinguished = [lien for lien in rest if not _survives_tax_deed(lien)]
        if any(lien.category is LienCategory.IRS for lien in survivors):
            reasons.append("a tax deed discharges a federal tax lien only if the IRS had notice 25 days before the "
                           "sale (26 U.S.C. 7425(b)), which cannot be checked here: the IRS lien is counted as surviving")
        return (taxes[0] if taxes else None), survivors, extinguished, []
    if proceeding is Proceeding.UNKNOWN:
        survivors = [lien for lien in active if lien.category in SUPER_PRIORITY]
        unclear = [lien for lien in active if lien.category not in SUPER_PRIORITY]
        if unclear:
            reasons.append("foreclosing party unknown: cannot tell which liens the sale wipes")
        return None, survivors, [], unclear
    wanted = LienCategory.HOA_COA if proceeding is Proceeding.ASSOCIATION else LienCategory.MORTGAGE
    candidates = [lien for lien in active if lien.category is wanted]
    target, matched = _foreclosed(candidates, plaintiff_name)
    # With a plaintiff name that holds none of several candidate liens, a junior holder may be the one
    # foreclosing (leaving the senior alive), so the other candidates' fate is unclear.
    unsure_target = len(candidates) > 1 and not matched and bool(plaintiff_name)
    if len(candidates) > 1 and not matched:
        reasons.append(
            f"{len(candidates)} candidate liens, none held by the plaintiff: assumed the most senior is foreclosed"
        )
    survivors: list[Lien] = []
    extinguished: list[Lien] = []
    unclear: list[Lien] = []
    for lien in active:
        if lien is target:
            continue
        if lien.category in SUPER_PRIORITY:
            survivors.append(lien)
        elif target is None:
            # The foreclosed lien is not in the records: an association's lien is still junior to a
            # recorded mortgage in practice, anything else cannot be placed.
            if proceeding is Proceeding.ASSOCIATION and lien.is_mortgage:
                survivors.append(lien)
            else:
                unclear.append(lien)
        elif is_senior(lien, target):
            survivors.append(lien)
        else:
            extinguished.append(lien)
    if target is None and active:
        what = "association lien" if proceeding is Proceeding.ASSOCIATION else "mortgage"
        reasons.append(f"the foreclosed {what} is not among the recorded liens")
    if unsure_target:
        unclear.extend(lien for lien in extinguished if lien.category is wanted)
        extinguished = [lien for lien in extinguished if lien.category is not wanted]
    return target, survivors, extinguished, unclear


_SALE_NAMES = {
    Proceeding.ASSOCIATION: "HOA/COA foreclosure",
    Proceeding.MORTGAGE: "junior-mortgage foreclosure",
    Proceeding.TAX_DEED: "tax deed sale",
    Proceeding.UNKNOWN: "sale",
}


def _active_liens(liens: Iterable[Lien | Mapping[str, Any] | Any]) -> tuple[list[Lien], int]:
    """The active liens (documents that are no lien left out), and how many were satisfied or released."""
    active: list[Lien] = []
    satisfied = 0
    for item in liens:
        lien = item if type(item) is Lien else coerce_lien(item)
        if not _active_status(lien.status):
            satisfied += 1
        elif lien.category is not LienCategory.NOT_A_LIEN:
            active.append(lien)
    return active, satisfied


@dataclass(slots=True)
class LienFate:
    """Which liens the sale leaves alive and which it wipes, without the reasons analyze_liens writes."""

    survivors: list[Lien]
    extinguished: list[Lien]

    @property
    def surviving_value(self) -> float | None:
        return _sum(self.survivors)

    @property
    def extinguished_value(self) -> float | None:
        return _sum(self.extinguished)


def lien_fate(
    plaintiff_kind: PlaintiffKind | str | None,
    liens: Iterable[Lien | Mapping[str, Any] | Any],
    *,
    auction_type: str | None = None,
    plaintiff_name: str | None = None,
) -> LienFate:
    """The survivors and the wiped liens exactly as analyze_liens splits them, for callers that need no reasons."""
    active, _ = _active_liens(liens)
    _, survivors, extinguished, _ = _split(proceeding_for(plaintiff_kind, auction_type), active, plaintiff_name, [])
    return LienFate(survivors, extinguished)


def analyze_liens(
    plaintiff_kind: PlaintiffKind | str | None,
    liens: Iterable[Lien | Mapping[str, Any] | Any] | None,
    *,
    auction_type: str | None = None,
    plaintiff_name: str | None = None,
    unknown_because: str | None = None,
    unverified_in: str | None = None,
    kind_from_court: bool = False,
) -> LienAnalysis:
    """Surviving and extinguished liens for this sale; None liens means lien data is missing (REVIEW).

    `unknown_because` names the source that failed when liens are None, e.g. "official_records page unreadable";
    `unverified_in` names the county when it has no lien source at all; `kind_from_court` says an association
    kind was only inferred from a county-court case number (REVIEW rather than DO_NOT_BID when liens are missing).
    """
    proceeding = proceeding_for(plaintiff_kind, auction_type)
    if liens is None:
        return _missing(proceeding, unknown_because, unverified_in=unverified_in, kind_from_court=kind_from_court)
    reasons: list[str] = []
    active, satisfied = _active_liens(liens)
    if satisfied:
        reasons.append(f"{satisfied} satisfied/released lien(s) ignored")
    target, survivors, extinguished, unclear = _split(proceeding, active, plaintiff_name, reasons)

    floor = BID
    senior_mortgages = [lien for lien in survivors if lien.is_mortgage]
    for lien in senior_mortgages:
        reasons.append(
            f"{_SALE_NAMES[proceeding]} leaves a senior mortgage alive: {lien.describe()}; the buyer takes "
            "title subject to it"
        )
    for lien in survivors:
        if lien.category is LienCategory.PROPERTY_TAX:
            reasons.append(f"property taxes survive the sale: {money(lien.amount)}")
        elif not lien.is_mortgage:
            reasons.append(f"surviving lien: {lien.describe()}")
    unknown_types = [lien for lien in active if lien.category is LienCategory.OTHER]
    for lien in unknown_types:
        reasons.append(f"lien type {lien.type!r} not recognized: its priority is not modelled")
    for lien in unclear:
        reasons.append(f"cannot tell whether this lien survives: {lien.describe()}")
    surviving_value = _sum(survivors)
    if survivors and surviving_value is None:
        reasons.append("a surviving lien has no amount: total surviving debt unknown")
    if unknown_types or unclear or (survivors and surviving_value is None):
        floor = REVIEW
    if senior_mortgages:
        floor = DO_NOT_BID

    extinguished_value = _sum(extinguished)
    if extinguished:
        reasons.append(f"{len(extinguished)} junior lien(s) wiped by the sale: {money(extinguished_value)}")
    irs = [lien for lien in active if lien.category is LienCategory.IRS]
    if irs:
        reasons.append(
            f"IRS lien ({money(_sum(irs))}): the United States may redeem within 120 days after the sale"
        )
    if not reasons:
        reasons.append("no active liens besides the one foreclosed" if target else "no active liens recorded")
    return LienAnalysis(
        do_not_bid=bool(senior_mortgages),
        recommendation_floor=floor,
        surviving_liens=survivors,
        surviving_value=surviving_value,
        extinguished_value=extinguished_value,
        irs_redemption_120d=bool(irs),
        reasons=tuple(reasons),
        data_missing=False,
        proceeding=proceeding,
        foreclosed_lien=target,
        extinguished_liens=extinguished,
    )

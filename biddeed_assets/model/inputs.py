"""Everything known about one case before the sale, as the analysis and the features read it."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from biddeed_assets.portals import sources
from biddeed_assets.portals.counties import county as county_info
from biddeed_assets.portals.realforeclose import SOURCE as REALFORECLOSE
from biddeed_assets.rules.agents import CaseContext, Demographics, build_features
from biddeed_assets.rules.lien_priority import Lien, _to_int
from biddeed_assets.rules.valuation import Sale, coerce_sale

_CONTEXT_NAMES = tuple(f.name for f in dataclasses.fields(CaseContext))


@dataclass(frozen=True, slots=True)
class CaseInputs:
    """One case's ingested facts; None means the source was not (or could not be) read."""

    case: Mapping[str, Any]
    prop: Mapping[str, Any] | None = None  # the appraiser record
    liens: tuple[Mapping[str, Any], ...] | None = None
    taxes: tuple[Mapping[str, Any], ...] | None = None
    demographics: Mapping[str, Any] | None = None
    county_medians: Mapping[str, Any] | None = None
    plaintiff_third_party_rate: float | None = None
    plaintiff_sample_count: int = 0
    similar_cases: tuple[Mapping[str, Any], ...] = field(default=())
    unknown: Mapping[str, str] = field(default_factory=dict)  # source -> why it failed for this case

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.case["county"], str(self.case["auction_date"]), self.case["case_number"])

    def unpaid_taxes(self) -> float | None:
        if self.taxes is None:
            return None
        return sum(float(t["amount_due"] or 0) for t in self.taxes if t.get("paid") is False)

    def value(self) -> float | None:
        """The appraiser's market value, else the sale list's assessed value."""
        prop = self.prop or {}
        for candidate in (prop.get("market_value"), self.case.get("assessed_value"), prop.get("assessed_value")):
            if candidate is not None:
                return float(candidate)
        return None

    @property
    def liens_unverified_in(self) -> str | None:
        """The county's name when it has no lien source at all (sources.liens is NotAvailable), else None."""
        try:
            unavailable = isinstance(sources.for_county(self.case["county"]).liens, sources.NotAvailable)
        except KeyError:  # a county outside the registry: nothing says either way
            return None
        return county_info(self.case["county"]).name if unavailable else None

    def value_source(self) -> str | None:
        """Where value() comes from when not the appraiser's market value: the sale card's own label, say."""
        prop = self.prop or {}
        if prop.get("market_value") is not None:  # a RealForeclose property row is a copy of the card
            return self._card_label() if prop.get("source") == REALFORECLOSE else None
        on_card = self.case.get("source") == REALFORECLOSE
        if self.case.get("assessed_value") is not None:
            return self._card_label() if on_card else f"sale list's {self._value_label()}"
        if prop.get("assessed_value") is not None:
            return "appraiser's assessed value"
        return "RealForeclose card" if on_card else None

    def _value_label(self) -> str:
        return (self.case.get("extra") or {}).get("value_label") or "assessed value"

    def _card_label(self) -> str:
        return f"RealForeclose card '{self._value_label().title()}'"

    def rule_liens(self) -> tuple[Lien, ...] | None:
        """The recorded liens as the lien rules read them (lis pendens apart); None when they are unknown."""
        if self.liens is None:
            return None
        return tuple([_rule_lien(lien) for lien in self.liens if lien["lien_type"] != "LIS_PENDENS"])

    def derive(self) -> Derived:
        """The case's rules context and the facts the verdict derives from it (see Derived)."""
        context = self.to_context()
        return Derived(context, build_features(context))

    def to_context(self, **overrides: Any) -> CaseContext:
        """The rules' CaseContext for this case."""
        prop = self.prop or {}
        case = self.case
        get = case.get
        liens = self.liens
        # Built as CaseContext.from_dict would convert it, without the per-case round trip through a dict.
        context = CaseContext(
            case_number=case["case_number"],
            county=case["county"],
            auction_date=str(case["auction_date"]),
            auction_type=get("auction_type") or "FORECLOSURE",
            plaintiff=get("plaintiff"),
            court_type=get("court_type"),
            final_judgment=_f(get("final_judgment")),
            opening_bid=_f(get("opening_bid")),
            plaintiff_max_bid=_f(get("plaintiff_max_bid")),
            property_type=prop.get("property_type"),
            market_value=self.value(),
            value_source=self.value_source(),
            year_built=prop.get("year_built"),
            living_area_sqft=_f(prop.get("living_area")),
            zip=prop.get("zip") or get("zip"),
            sales=_sales(prop.get("sales_history")),
            liens=self.rule_liens() or (),
            lien_data_known=liens is not None,
            lien_data_gap=self.unknown.get("official_records") if liens is None else None,
            liens_unverified_in=self.liens_unverified_in if liens is None else None,
            lis_pendens=any(lien["lien_type"] == "LIS_PENDENS" for lien in liens) if liens is not None else None,
            demographics=Demographics.from_mapping(self.demographics),
            county_medians=Demographics.from_mapping(self.county_medians),
            plaintiff_third_party_rate=self.plaintiff_third_party_rate,
            plaintiff_sample_count=self.plaintiff_sample_count,
            similar_cases=tuple(self.similar_cases),
        )
        if not overrides:
            return context
        if "living_area" in overrides and "living_area_sqft" not in overrides:  # the appraiser's name for it
            overrides = {**overrides, "living_area_sqft": overrides["living_area"]}
        return CaseContext.from_dict({**{name: getattr(context, name) for name in _CONTEXT_NAMES}, **overrides})


@dataclass(slots=True)
class Derived:
    """One case's rules context and what the verdict derives from it first (rules.agents.build_features).

    The verdict's analysis and the feature row both start from these, so a step that makes both derives
    them once; the similar past cases, found from the feature row, are set on the context afterwards.
    """

    context: CaseContext
    features: dict[str, Any]


def _rule_lien(lien: Mapping[str, Any]) -> Lien:
    get = lien.get
    amount, position, status, holder, recorded = (
        get("amount"), get("position"), get("status"), get("holder"), get("recorded_date"))
    return Lien(
        str(lien["lien_type"] or ""),
        _amount(amount),
        None if position is None else _to_int(position),
        None if status is None else str(status),
        None if holder is None else str(holder),
        str(recorded) if recorded else None,
    )


def _amount(value: Any) -> float | None:
    if type(value) is float:  # as the store hands amounts over
        return value if math.isfinite(value) else None
    return None if value is None else _finite(_num(value))


def _sales(history: Any) -> tuple[Sale, ...]:
    if not history:
        return ()
    return tuple(
        coerce_sale({"date": s.get("date"), "price": s.get("price"), "qualified": s.get("qualified")}) for s in history
    )


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _num(value: Any) -> float | None:
    """A number as a float; None for None or text (an amount the page did not give as a number)."""
    return None if value is None or isinstance(value, str) else float(value)


def _finite(value: float | None) -> float | None:
    return value if value is None or math.isfinite(value) else None

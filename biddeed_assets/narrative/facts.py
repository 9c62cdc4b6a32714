"""What a narrative may say about one case: the figures and words the pipeline computed, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One bid-sheet row's decision, money, liens, taxes, model figures and unknowns (None: unknown)."""

    case_number: str
    county: str | None
    auction_date: str | None
    decision: str
    reasons: tuple[str, ...]
    max_bid: float | None
    max_bid_is_ceiling: bool
    judgment: float | None
    judgment_label: str  # "judgment", or a tax deed's "opening bid"
    bid_judgment_ratio: float | None
    arv: float | None
    arv_basis: str | None
    repairs: float | None
    surviving_liens: tuple[Mapping[str, Any], ...]
    extinguished_value: float | None
    lien_data_missing: bool
    active_liens: float | None
    unpaid_taxes: float | None
    risk_level: str | None
    sold_probability: float | None
    third_party_probability: float | None
    price_lower: float | None
    price_upper: float | None
    model_version: str | None
    human_review_required: bool

    def money(self) -> list[float]:
        """Every dollar figure of the facts (the reasons' figures are read from their text by the guard)."""
        values = [self.max_bid, self.judgment, self.arv, self.repairs, self.extinguished_value, self.unpaid_taxes,
                  self.price_lower, self.price_upper, *(lien.get("amount") for lien in self.surviving_liens)]
        return [float(v) for v in values if v is not None]

    def text(self) -> str:
        """The facts' own words (reasons), where the decision words and figures they allow are found."""
        return "\n".join((self.decision, *self.reasons))

    def to_prompt(self) -> dict[str, Any]:
        """The facts as the model is shown them."""
        return {
            "case_number": self.case_number, "decision": self.decision, "reasons": list(self.reasons),
            "max_bid": self.max_bid, "max_bid_is_ceiling_before_repairs": self.max_bid_is_ceiling,
            self.judgment_label.replace(" ", "_"): self.judgment, "bid_ratio": self.bid_judgment_ratio,
            "arv": self.arv, "arv_basis": self.arv_basis, "repairs": self.repairs,
            "surviving_liens": [dict(lien) for lien in self.surviving_liens],
            "wiped_junior_liens_total": self.extinguished_value, "lien_data_missing": self.lien_data_missing,
            "unpaid_taxes": self.unpaid_taxes, "risk_level": self.risk_level,
            "p_sold": self.sold_probability, "p_third_party": self.third_party_probability,
            "third_party_price_interval": None if self.price_lower is None else [self.price_lower, self.price_upper],
        }


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def case_facts(row: Mapping[str, Any], verdict: Mapping[str, Any], features: Mapping[str, Any] | None) -> CaseFacts:
    """The facts of a bid-sheet row (bid_sheet.rows.result_row), its verdict and its case_features row."""
    features = features or {}
    liens: Sequence[Mapping[str, Any]] = row.get("surviving_liens") or []
    tax_deed = row.get("auction_type") == "TAX_DEED"
    return CaseFacts(
        case_number=row["case_number"], county=row.get("county"),
        auction_date=None if row.get("auction_date") is None else str(row["auction_date"]),
        decision=str(row["decision"]), reasons=tuple(row.get("reasons") or ()),
        max_bid=_num(row.get("max_bid_calculated")), max_bid_is_ceiling=bool(row.get("max_bid_is_ceiling")),
        judgment=_num(verdict.get("judgment_amount", row.get("opening_bid") if tax_deed else row.get("final_judgment"))),
        judgment_label="opening bid" if tax_deed else "judgment",
        bid_judgment_ratio=_num(row.get("bid_judgment_ratio")),
        arv=_num(row.get("arv_estimate")), arv_basis=row.get("arv_basis"), repairs=_num(row.get("repair_estimate")),
        surviving_liens=tuple({"type": lien.get("type"), "amount": _num(lien.get("amount")),
                               "position": lien.get("position"), "holder": lien.get("holder")} for lien in liens),
        extinguished_value=_num(row.get("extinguished_value")),
        lien_data_missing=bool(verdict.get("lien_data_missing")),
        active_liens=_num(features.get("active_liens")), unpaid_taxes=_num(features.get("unpaid_taxes")),
        risk_level=row.get("risk_level"),
        sold_probability=_num(row.get("ml_sold_probability")),
        third_party_probability=_num(row.get("ml_third_party_probability")),
        price_lower=_num(row.get("ml_price_lower")), price_upper=_num(row.get("ml_price_upper")),
        model_version=row.get("ml_model_version"), human_review_required=bool(row.get("human_review_required")),
    )

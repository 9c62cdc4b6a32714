"""`biddeed analyze FILE.json`: the rules on one case given by hand, with field-by-field validation."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from biddeed_assets.rules.agents import CaseContext
from biddeed_assets.rules.analysis import analyze_case

CASE_REQUIRED = ("case_number",)
NUMBER_FIELDS = ("final_judgment", "opening_bid", "assessed_value", "plaintiff_max_bid")
PROPERTY_NUMBERS = ("market_value", "assessed_value", "year_built", "living_area")


class InputError(ValueError):
    """The file is not a valid analysis input; the message names the field."""


def _number(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{field}: expected a number or null, got {json.dumps(value)}")
    if value < 0:
        raise InputError(f"{field}: must not be negative, got {value}")
    return float(value)


def _mapping(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"{field}: expected an object, got {json.dumps(value)[:60]}")
    return value


def _liens(raw: Any) -> list[dict] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise InputError("liens: expected a list of {type, amount, position, status?}")
    liens = []
    for i, item in enumerate(raw):
        item = _mapping(item, f"liens[{i}]")
        if not isinstance(item.get("type"), str) or not item["type"].strip():
            raise InputError(f"liens[{i}].type: expected a lien type such as MORTGAGE or HOA_LIEN")
        position = item.get("position")
        if position is not None and (isinstance(position, bool) or not isinstance(position, int)):
            raise InputError(f"liens[{i}].position: expected an integer, got {json.dumps(position)}")
        status = item.get("status")
        if status is not None and str(status).upper() not in ("ACTIVE", "SATISFIED", "UNKNOWN"):
            raise InputError(f"liens[{i}].status: expected ACTIVE, SATISFIED or UNKNOWN, got {json.dumps(status)}")
        liens.append({**item, "amount": _number(item.get("amount"), f"liens[{i}].amount")})
    return liens


def context_from_input(data: Any) -> CaseContext:
    """Validate the documented input and build the rules' context."""
    data = _mapping(data, "the file")
    case = _mapping(data.get("case"), "case")
    for name in CASE_REQUIRED:
        if not isinstance(case.get(name), str) or not case[name].strip():
            raise InputError(f"case.{name}: required text")
    numbers = {name: _number(case.get(name), f"case.{name}") for name in NUMBER_FIELDS}
    prop = _mapping(data.get("property") or {}, "property")
    prop_numbers = {name: _number(prop.get(name), f"property.{name}") for name in PROPERTY_NUMBERS}
    liens = _liens(data.get("liens"))
    fields = {
        "case_number": case["case_number"], "county": case.get("county") or "unknown",
        "auction_date": case.get("auction_date"), "auction_type": case.get("auction_type") or "FORECLOSURE",
        "plaintiff": case.get("plaintiff"), "plaintiff_kind": case.get("plaintiff_type"),
        "court_type": case.get("court_type"), "final_judgment": numbers["final_judgment"],
        "opening_bid": numbers["opening_bid"], "property_type": prop.get("property_type"),
        "market_value": prop_numbers["market_value"] or prop_numbers["assessed_value"] or numbers["assessed_value"],
        "year_built": int(prop_numbers["year_built"]) if prop_numbers["year_built"] else None,
        "living_area": prop_numbers["living_area"], "zip": prop.get("zip") or case.get("zip"),
        "sales": prop.get("sales") or (), "liens": liens or (), "lien_data_known": liens is not None,
        "arv_override": _number(data.get("arv"), "arv"), "repairs_override": _number(data.get("repairs"), "repairs"),
    }
    if data.get("holding_cost") is not None:
        fields["holding_cost"] = _number(data["holding_cost"], "holding_cost")
    try:
        return CaseContext.from_dict(fields)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc)) from exc


def analyze_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}") from exc
    return analyze_case(context_from_input(data)).to_dict()

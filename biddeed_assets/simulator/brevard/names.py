"""Party names as each Brevard office writes them, and how OnCore compares names and case numbers."""

from __future__ import annotations

import re
from functools import lru_cache

from biddeed_assets.simulator import calibration as cal

_ASSOCIATION_WORDS = re.compile(r"\b(HOA|ASSN|ASSOCIATION|HOMEOWNERS|CONDO|CONDOMINIUM|POA|COA)\b")

_SURNAMES = frozenset((*cal.LAST_NAMES, "PRESTON", "OKAFOR"))


def _person(name: str) -> tuple[str, str] | None:
    """(first names, last name) of one of the world's people; None for an entity (lender, company, heirs)."""
    first, _, last = name.rpartition(" ")
    return (first, last) if first and last in _SURNAMES and name not in cal.ENTITY_DEFENDANTS else None


def records_name(name: str) -> str:
    """OnCore indexes people as LAST,FIRST ('COOK,WALLACE')."""
    person = _person(name)
    return f"{person[1]},{person[0]}" if person else name


def appraiser_name(name: str) -> str:
    """BCPAO and the tax collector print LAST, FIRST."""
    person = _person(name)
    return f"{person[1]}, {person[0]}" if person else name


def docket_name(name: str) -> str:
    """BECA lists participants as LAST FIRST ('ARMENTROUT JENNIFER')."""
    person = _person(name)
    return f"{person[1]} {person[0]}" if person else name


def association_name(name: str, kind: str) -> str:
    """The recorded name of an association plaintiff ('JAMES LANDING' -> '... HOMEOWNERS ASSOCIATION INC')."""
    if _ASSOCIATION_WORDS.search(name):
        return name
    return f"{name} {'CONDOMINIUM' if kind == 'CONDO' else 'HOMEOWNERS'} ASSOCIATION INC"



@lru_cache(maxsize=65536)
def normalized(text: str) -> str:
    """Upper case, punctuation to spaces, runs collapsed: how OnCore compares names and case numbers."""
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text.upper()).split())

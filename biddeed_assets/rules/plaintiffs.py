"""Plaintiff names as clerks print them -> a canonical name and a kind (bank, servicer, HOA, ...).

Sale lists truncate and abbreviate ("LAKEVIEW", "FREEDOM MORT", "OCWEN LOAN SVC", "BANK NY MELLON"), so
a name is normalized (abbreviations expanded, punctuation and OF/THE/AND dropped) and matched against
an alias table built from the real Brevard sale lists; names not in the table are classified by their
words (BANK, MORTGAGE, HOMEOWNERS, CONDOMINIUM, SECRETARY OF, LLC, a person's initials, ...). A
county-court (CC) foreclosure whose plaintiff is still unknown is treated as an HOA/COA lien case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from biddeed_assets.rules.case_numbers import InvalidCaseNumber, parse_any


class PlaintiffKind(StrEnum):
    BANK = "BANK"
    SERVICER = "SERVICER"
    TRUSTEE = "TRUSTEE"
    GSE = "GSE"
    HOA = "HOA"
    CONDO = "CONDO"
    GOVERNMENT = "GOVERNMENT"
    PRIVATE = "PRIVATE"
    UNKNOWN = "UNKNOWN"


ASSOCIATION_KINDS = frozenset({PlaintiffKind.HOA, PlaintiffKind.CONDO})
# A foreclosing lender holds a mortgage; these kinds foreclose mortgages (GOVERNMENT: HUD, FHFC, USDA).
MORTGAGE_KINDS = frozenset(
    {
        PlaintiffKind.BANK,
        PlaintiffKind.SERVICER,
        PlaintiffKind.TRUSTEE,
        PlaintiffKind.GSE,
        PlaintiffKind.GOVERNMENT,
        PlaintiffKind.PRIVATE,
    }
)


@dataclass(frozen=True, slots=True)
class Plaintiff:
    """A classified plaintiff: canonical name, kind, why, and what the case number says."""

    raw: str | None
    canonical: str | None
    kind: PlaintiffKind
    reason: str
    court_type: str | None = None
    filing_year: int | None = None
    kind_from_court: bool = False  # the kind was inferred from a county-court (CC) case, not from a name

    @property
    def is_association(self) -> bool:
        return self.kind in ASSOCIATION_KINDS


_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "MTGE": ("MORTGAGE",),
    "MTG": ("MORTGAGE",),
    "MORT": ("MORTGAGE",),
    "MORTG": ("MORTGAGE",),
    "MORTGA": ("MORTGAGE",),
    "MORTGAG": ("MORTGAGE",),
    "SVC": ("SERVICING",),
    "SVCG": ("SERVICING",),
    "SVCS": ("SERVICES",),
    "SERV": ("SERVICING",),
    "TRST": ("TRUST",),
    "TRSTE": ("TRUSTEE",),
    "TTEE": ("TRUSTEE",),
    "SAV": ("SAVINGS",),
    "SAVS": ("SAVINGS",),
    "NATL": ("NATIONAL",),
    "NAT": ("NATIONAL",),
    "ASSN": ("ASSOCIATION",),
    "ASSOC": ("ASSOCIATION",),
    "ASN": ("ASSOCIATION",),
    "CONDO": ("CONDOMINIUM",),
    "CONDOS": ("CONDOMINIUM",),
    "CONDOMINIUMS": ("CONDOMINIUM",),
    "HOMEOWNER": ("HOMEOWNERS",),
    "HOMEOWNERS'": ("HOMEOWNERS",),
    "COMM": ("COMMUNITY",),
    "CMNTY": ("COMMUNITY",),
    "FED": ("FEDERAL",),
    "FEDL": ("FEDERAL",),
    "NY": ("NEW", "YORK"),
    "CU": ("CREDIT", "UNION"),
    "FINL": ("FINANCIAL",),
    "AMER": ("AMERICA",),
    "BK": ("BANK",),
    "BNK": ("BANK",),
    "SECY": ("SECRETARY",),
    "HSG": ("HOUSING",),
    "DEPT": ("DEPARTMENT",),
}
# "A" stays: it is an initial in "A CHARLESWELL" far more often than an article.
_STOPWORDS = frozenset({"OF", "THE", "AND", "AS", "FOR"})
_PUNCT = re.compile(r"[^A-Z0-9' ]+")


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(_ABBREVIATIONS.get(token, (token,)))
    # "U S BANK" / "N A" are the same words as "US BANK" / "NA".
    text = " ".join(out)
    text = re.sub(r"\bU S\b", "US", text)
    text = re.sub(r"\bN A\b", "NA", text)
    return text.split()


def normalize_name(text: str | None) -> str:
    """Upper-case, punctuation-free, abbreviation-expanded spelling of a name, keeping OF/THE/AND."""
    if not text:
        return ""
    upper = text.upper().replace("&", " AND ").replace(".", "")
    upper = _PUNCT.sub(" ", upper).replace("'", "")
    return " ".join(_expand(upper.split()))


def _match_tokens(normalized: str) -> tuple[str, ...]:
    return tuple(t for t in normalized.split() if t not in _STOPWORDS)


# (alias as clerks write it, canonical legal name or None to keep the normalized name, kind, exact?)
# "exact" aliases are community names that must not swallow a longer name ("NORTHFIELD BANK").
_ALIAS_ROWS: tuple[tuple[str, str | None, PlaintiffKind, bool], ...] = (
    # banks and credit unions
    ("US BANK", "U.S. BANK NATIONAL ASSOCIATION", PlaintiffKind.BANK, False),
    ("JPMORGAN", "JPMORGAN CHASE BANK, N.A.", PlaintiffKind.BANK, False),
    ("JP MORGAN", "JPMORGAN CHASE BANK, N.A.", PlaintiffKind.BANK, False),
    ("CHASE", "JPMORGAN CHASE BANK, N.A.", PlaintiffKind.BANK, False),
    ("WELLS FARGO", "WELLS FARGO BANK, N.A.", PlaintiffKind.BANK, False),
    ("BANK OF AMERICA", "BANK OF AMERICA, N.A.", PlaintiffKind.BANK, False),
    ("PNC", "PNC BANK, N.A.", PlaintiffKind.BANK, False),
    ("CITIBANK", "CITIBANK, N.A.", PlaintiffKind.BANK, False),
    ("CITIMORTGAGE", "CITIMORTGAGE, INC.", PlaintiffKind.BANK, False),
    ("CITIZENS BANK", "CITIZENS BANK, N.A.", PlaintiffKind.BANK, False),
    ("HSBC MORTGAGE", "HSBC MORTGAGE CORPORATION (USA)", PlaintiffKind.BANK, False),
    ("HSBC", "HSBC BANK USA, N.A.", PlaintiffKind.BANK, False),
    ("TRUIST", "TRUIST BANK", PlaintiffKind.BANK, False),
    ("SUNTRUST", "TRUIST BANK (SUNTRUST)", PlaintiffKind.BANK, False),
    ("REGIONS", "REGIONS BANK", PlaintiffKind.BANK, False),
    ("FIFTH THIRD", "FIFTH THIRD BANK", PlaintiffKind.BANK, False),
    ("TD BANK", "TD BANK, N.A.", PlaintiffKind.BANK, False),
    ("WACHOVIA", "WACHOVIA BANK (WELLS FARGO)", PlaintiffKind.BANK, False),
    ("MIDFIRST", "MIDFIRST BANK", PlaintiffKind.BANK, False),
    ("FLAGSTAR", "FLAGSTAR BANK", PlaintiffKind.BANK, False),
    ("BANKUNITED", "BANKUNITED, N.A.", PlaintiffKind.BANK, False),
    ("SEACOAST", "SEACOAST NATIONAL BANK", PlaintiffKind.BANK, False),
    ("SPACE COAST", "SPACE COAST CREDIT UNION", PlaintiffKind.BANK, False),
    ("COMMUNITY CREDIT UNION", "COMMUNITY CREDIT UNION", PlaintiffKind.BANK, False),
    ("LAUNCH", "LAUNCH CREDIT UNION", PlaintiffKind.BANK, False),
    ("NAVY FEDERAL", "NAVY FEDERAL CREDIT UNION", PlaintiffKind.BANK, False),
    ("SUNCOAST", "SUNCOAST CREDIT UNION", PlaintiffKind.BANK, False),
    ("FAIRWINDS", "FAIRWINDS CREDIT UNION", PlaintiffKind.BANK, False),
    ("MIDFLORIDA", "MIDFLORIDA CREDIT UNION", PlaintiffKind.BANK, False),
    # mortgage lenders and servicers
    ("LAKEVIEW", "LAKEVIEW LOAN SERVICING, LLC", PlaintiffKind.SERVICER, False),
    ("NATIONSTAR", "NATIONSTAR MORTGAGE LLC (MR. COOPER)", PlaintiffKind.SERVICER, False),
    ("MR COOPER", "NATIONSTAR MORTGAGE LLC (MR. COOPER)", PlaintiffKind.SERVICER, False),
    ("NEWREZ", "NEWREZ LLC", PlaintiffKind.SERVICER, False),
    ("SHELLPOINT", "NEWREZ LLC (SHELLPOINT MORTGAGE SERVICING)", PlaintiffKind.SERVICER, False),
    ("NEW RESIDENTIAL", "NEW RESIDENTIAL MORTGAGE LLC", PlaintiffKind.SERVICER, False),
    ("FREEDOM", "FREEDOM MORTGAGE CORPORATION", PlaintiffKind.SERVICER, False),
    ("PLANET HOME", "PLANET HOME LENDING, LLC", PlaintiffKind.SERVICER, False),
    ("PENNYMAC", "PENNYMAC LOAN SERVICES, LLC", PlaintiffKind.SERVICER, False),
    ("ROCKET", "ROCKET MORTGAGE, LLC", PlaintiffKind.SERVICER, False),
    ("QUICKEN", "ROCKET MORTGAGE, LLC (QUICKEN LOANS)", PlaintiffKind.SERVICER, False),
    ("UNITED WHOLESALE", "UNITED WHOLESALE MORTGAGE, LLC", PlaintiffKind.SERVICER, False),
    ("CARRINGTON", "CARRINGTON MORTGAGE SERVICES, LLC", PlaintiffKind.SERVICER, False),
    ("OCWEN", "OCWEN LOAN SERVICING, LLC", PlaintiffKind.SERVICER, False),
    ("PHH", "PHH MORTGAGE CORPORATION", PlaintiffKind.SERVICER, False),
    ("SELECT PORTFOLIO", "SELECT PORTFOLIO SERVICING, INC.", PlaintiffKind.SERVICER, False),
    ("SPECIALIZED LOAN", "SPECIALIZED LOAN SERVICING LLC", PlaintiffKind.SERVICER, False),
    ("VILLAGE CAPITAL", "VILLAGE CAPITAL & INVESTMENT LLC", PlaintiffKind.SERVICER, False),
    ("AMERIHOME", "AMERIHOME MORTGAGE COMPANY, LLC", PlaintiffKind.SERVICER, False),
    ("SWBC", "SWBC MORTGAGE CORPORATION", PlaintiffKind.SERVICER, False),
    ("UNION HOME", "UNION HOME MORTGAGE CORP.", PlaintiffKind.SERVICER, False),
    ("HALLMARK HOME", "HALLMARK HOME MORTGAGE, LLC", PlaintiffKind.SERVICER, False),
    ("DATA MORTGAGE", "DATA MORTGAGE, INC.", PlaintiffKind.SERVICER, False),
    ("MORTGAGE ASSETS", "MORTGAGE ASSETS MANAGEMENT, LLC", PlaintiffKind.SERVICER, False),
    ("FINANCE OF AMERICA", "FINANCE OF AMERICA REVERSE LLC", PlaintiffKind.SERVICER, False),
    ("REVERSE MORTGAGE FUNDING", "REVERSE MORTGAGE FUNDING LLC", PlaintiffKind.SERVICER, False),
    ("REVERSE MORTGAGE SOLUTIONS", "REVERSE MORTGAGE SOLUTIONS, INC.", PlaintiffKind.SERVICER, False),
    ("LOANDEPOT", "LOANDEPOT.COM, LLC", PlaintiffKind.SERVICER, False),
    ("CALIBER", "CALIBER HOME LOANS, INC.", PlaintiffKind.SERVICER, False),
    ("GUILD", "GUILD MORTGAGE COMPANY LLC", PlaintiffKind.SERVICER, False),
    ("CROSSCOUNTRY", "CROSSCOUNTRY MORTGAGE, LLC", PlaintiffKind.SERVICER, False),
    ("CMG", "CMG MORTGAGE, INC.", PlaintiffKind.SERVICER, False),
    ("BAYVIEW", "BAYVIEW LOAN SERVICING, LLC", PlaintiffKind.SERVICER, False),
    ("RUSHMORE", "RUSHMORE LOAN MANAGEMENT SERVICES LLC", PlaintiffKind.SERVICER, False),
    ("FAY SERVICING", "FAY SERVICING, LLC", PlaintiffKind.SERVICER, False),
    ("ROUNDPOINT", "ROUNDPOINT MORTGAGE SERVICING LLC", PlaintiffKind.SERVICER, False),
    ("CENLAR", "CENLAR FSB", PlaintiffKind.SERVICER, False),
    ("LOANCARE", "LOANCARE, LLC", PlaintiffKind.SERVICER, False),
    ("DITECH", "DITECH FINANCIAL LLC", PlaintiffKind.SERVICER, False),
    ("GREEN TREE", "GREEN TREE SERVICING LLC", PlaintiffKind.SERVICER, False),
    ("SETERUS", "SETERUS, INC.", PlaintiffKind.SERVICER, False),
    ("MIDLAND MORTGAGE", "MIDLAND MORTGAGE (MIDFIRST BANK)", PlaintiffKind.SERVICER, False),
    # trustees of securitized loans
    ("US BANK TRUST", "U.S. BANK TRUST NATIONAL ASSOCIATION", PlaintiffKind.TRUSTEE, False),
    ("BANK OF NEW YORK", "THE BANK OF NEW YORK MELLON", PlaintiffKind.TRUSTEE, False),
    ("BNY MELLON", "THE BANK OF NEW YORK MELLON", PlaintiffKind.TRUSTEE, False),
    ("DEUTSCHE", "DEUTSCHE BANK NATIONAL TRUST COMPANY", PlaintiffKind.TRUSTEE, False),
    ("WILMINGTON SAVINGS", "WILMINGTON SAVINGS FUND SOCIETY, FSB", PlaintiffKind.TRUSTEE, False),
    ("WILMINGTON TRUST", "WILMINGTON TRUST, N.A.", PlaintiffKind.TRUSTEE, False),
    ("WILMINGTON", None, PlaintiffKind.TRUSTEE, False),
    ("CHRISTIANA TRUST", "CHRISTIANA TRUST", PlaintiffKind.TRUSTEE, False),
    # government-sponsored enterprises
    ("FEDERAL HOME", "FEDERAL HOME LOAN MORTGAGE CORPORATION (FREDDIE MAC)", PlaintiffKind.GSE, False),
    ("FREDDIE MAC", "FEDERAL HOME LOAN MORTGAGE CORPORATION (FREDDIE MAC)", PlaintiffKind.GSE, False),
    ("FEDERAL NATIONAL", "FEDERAL NATIONAL MORTGAGE ASSOCIATION (FANNIE MAE)", PlaintiffKind.GSE, False),
    ("FANNIE MAE", "FEDERAL NATIONAL MORTGAGE ASSOCIATION (FANNIE MAE)", PlaintiffKind.GSE, False),
    (
        "GOVERNMENT NATIONAL",
        "GOVERNMENT NATIONAL MORTGAGE ASSOCIATION (GINNIE MAE)",
        PlaintiffKind.GSE,
        False,
    ),
    ("GINNIE MAE", "GOVERNMENT NATIONAL MORTGAGE ASSOCIATION (GINNIE MAE)", PlaintiffKind.GSE, False),
    # government
    (
        "SECRETARY OF HOUSING",
        "SECRETARY OF HOUSING AND URBAN DEVELOPMENT (HUD)",
        PlaintiffKind.GOVERNMENT,
        False,
    ),
    (
        "HOUSING AND URBAN DEVELOPMENT",
        "SECRETARY OF HOUSING AND URBAN DEVELOPMENT (HUD)",
        PlaintiffKind.GOVERNMENT,
        False,
    ),
    ("HUD", "SECRETARY OF HOUSING AND URBAN DEVELOPMENT (HUD)", PlaintiffKind.GOVERNMENT, False),
    ("FLORIDA HOUSING FINANCE", "FLORIDA HOUSING FINANCE CORPORATION", PlaintiffKind.GOVERNMENT, False),
    ("UNITED STATES", "UNITED STATES OF AMERICA", PlaintiffKind.GOVERNMENT, False),
    ("USA", "UNITED STATES OF AMERICA", PlaintiffKind.GOVERNMENT, False),
    ("USDA", "USDA RURAL DEVELOPMENT", PlaintiffKind.GOVERNMENT, False),
    ("RURAL HOUSING", "USDA RURAL DEVELOPMENT", PlaintiffKind.GOVERNMENT, False),
    ("SECRETARY OF VETERANS", "SECRETARY OF VETERANS AFFAIRS", PlaintiffKind.GOVERNMENT, False),
    ("STATE OF FLORIDA", "STATE OF FLORIDA", PlaintiffKind.GOVERNMENT, False),
    ("BREVARD COUNTY", "BREVARD COUNTY", PlaintiffKind.GOVERNMENT, False),
    # community associations seen on Brevard county-court (CC) sale lists
    ("JAMES LANDING", None, PlaintiffKind.HOA, True),
    ("CENTRAL VIERA", "CENTRAL VIERA COMMUNITY ASSOCIATION", PlaintiffKind.HOA, True),
    ("DIANA SHORES", None, PlaintiffKind.HOA, True),
    ("NORTHFIELD", None, PlaintiffKind.HOA, True),
    ("VISTA OAKS", None, PlaintiffKind.HOA, True),
    ("TOWN HOMES", None, PlaintiffKind.HOA, True),
    ("PALMAS", None, PlaintiffKind.HOA, True),
)


@dataclass(frozen=True, slots=True)
class _Alias:
    key: tuple[str, ...]
    text: str
    canonical: str | None
    kind: PlaintiffKind
    exact: bool


ALIASES: tuple[_Alias, ...] = tuple(
    _Alias(_match_tokens(normalize_name(text)), text, canonical, kind, exact)
    for text, canonical, kind, exact in _ALIAS_ROWS
)

_CONDO_WORDS = frozenset({"CONDOMINIUM", "COA", "COOPERATIVE"})
_HOA_WORDS = frozenset({"HOMEOWNERS", "HOA", "POA"})
_HOA_PHRASES = (
    "PROPERTY OWNERS",
    "HOME OWNERS",
    "COMMUNITY ASSOCIATION",
    "MASTER ASSOCIATION",
    "OWNERS ASSOCIATION",
    "MAINTENANCE ASSOCIATION",
    "CIVIC ASSOCIATION",
)
_GOVERNMENT = re.compile(
    r"\b(CITY|TOWN|VILLAGE|STATE|COUNTY|DEPARTMENT|SECRETARY|BOARD) OF\b|\bUNITED STATES\b"
    r"|\bHOUSING (FINANCE )?AUTHORITY\b|\bCOMMUNITY DEVELOPMENT DISTRICT\b|\bCDD\b|^\w+ COUNTY$"
    r"|\bCOUNTY COMMISSIONERS\b|\bTAX COLLECTOR\b"
)
_PRIVATE_TRUST = re.compile(r"\b(REVOCABLE|LIVING|FAMILY|LAND) TRUST\b|\bESTATE OF\b")
_TRUSTEE_WORDS = frozenset({"TRUSTEE", "TRUST"})
_BANK_WORDS = frozenset({"BANK", "FSB", "SAVINGS", "NA", "BANCORP"})
_BANK_PHRASES = ("CREDIT UNION", "NATIONAL ASSOCIATION")
_LENDER_WORDS = frozenset(
    {"MORTGAGE", "LOAN", "LOANS", "LENDING", "LENDER", "SERVICING", "FUNDING", "FINANCIAL", "FINANCE"}
)
_COMPANY_WORDS = frozenset(
    {
        "LLC",
        "INC",
        "CORP",
        "CORPORATION",
        "LP",
        "LTD",
        "LLP",
        "PLLC",
        "COMPANY",
        "CO",
        "HOLDINGS",
        "INVESTMENTS",
        "INVESTORS",
        "CAPITAL",
        "PROPERTIES",
        "PARTNERS",
        "FUND",
        "VENTURES",
        "GROUP",
    }
)
# Words that name a subdivision or condo building rather than a lender ("JAMES LANDING", "VISTA OAKS").
_COMMUNITY_WORDS = frozenset(
    {
        "LANDING",
        "LANDINGS",
        "SHORES",
        "OAKS",
        "ESTATES",
        "LAKES",
        "TOWNHOMES",
        "PALMS",
        "POINTE",
        "ISLES",
        "HARBOR",
        "HARBOUR",
        "GARDENS",
        "TERRACE",
        "WOODS",
        "RESERVE",
        "PRESERVE",
        "CROSSING",
        "CROSSINGS",
        "COVE",
        "PLANTATION",
        "RIDGE",
        "TRACE",
        "MANOR",
        "COMMONS",
        "VILLAS",
        "CREEK",
        "GROVE",
        "HAMMOCK",
        "SPRINGS",
        "HEIGHTS",
        "MEADOWS",
        "PINES",
        "TOWERS",
        "VILLAGES",
        "CLUB",
        "SUBDIVISION",
    }
)


def _alias_for(tokens: tuple[str, ...]) -> _Alias | None:
    best: _Alias | None = None
    for alias in ALIASES:
        n = len(alias.key)
        hit = tokens == alias.key if alias.exact else tokens[:n] == alias.key
        if hit and (best is None or n > len(best.key)):
            best = alias
    return best


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


def _looks_like_person(tokens: tuple[str, ...]) -> bool:
    # Clerks print individuals as "K CHERA", "STUART R KALB": 2-4 words, one of them an initial.
    return 2 <= len(tokens) <= 4 and any(len(t) == 1 and t.isalpha() for t in tokens)


def _by_words(normalized: str, tokens: tuple[str, ...]) -> tuple[PlaintiffKind, str] | None:
    words = set(tokens)
    if words & _CONDO_WORDS:
        return PlaintiffKind.CONDO, "condominium/cooperative association word in the name"
    if words & _HOA_WORDS or _has_phrase(normalized, _HOA_PHRASES):
        return PlaintiffKind.HOA, "homeowners/property-owners association word in the name"
    if _GOVERNMENT.search(normalized):
        return PlaintiffKind.GOVERNMENT, "government body named (city/county/state/agency)"
    if _PRIVATE_TRUST.search(normalized):
        return PlaintiffKind.PRIVATE, "a personal trust or estate"
    if words & _TRUSTEE_WORDS:
        return PlaintiffKind.TRUSTEE, "trust or trustee named"
    if words & _BANK_WORDS or _has_phrase(normalized, _BANK_PHRASES):
        return PlaintiffKind.BANK, "bank/credit-union word in the name"
    if words & _LENDER_WORDS:
        return PlaintiffKind.SERVICER, "mortgage/loan/servicing word in the name"
    if "ASSOCIATION" in words:
        return PlaintiffKind.HOA, "an association with no lender word"
    if words & _COMPANY_WORDS:
        return PlaintiffKind.PRIVATE, "a company with no lender word: private lender or investor"
    if _looks_like_person(tokens):
        return PlaintiffKind.PRIVATE, "reads like an individual's name (initial and surname)"
    if words & _COMMUNITY_WORDS:
        return PlaintiffKind.HOA, "reads like a subdivision or condo name, not a lender"
    return None


def _case_facts(case_number: str | None) -> tuple[str | None, int | None]:
    if not case_number:
        return None, None
    try:
        parsed = parse_any(case_number)
    except InvalidCaseNumber:
        return None, None
    return parsed.court_type, parsed.filing_year


@lru_cache(maxsize=8192)
def _classify_name(name: str) -> tuple[str | None, PlaintiffKind, str]:
    normalized = normalize_name(name)
    tokens = _match_tokens(normalized)
    if not tokens:
        return None, PlaintiffKind.UNKNOWN, "no plaintiff name"
    alias = _alias_for(tokens)
    if alias is not None:
        canonical = alias.canonical or normalized
        # "US BANK NA AS TRUSTEE FOR ..." sues as a trustee even though the alias is a bank.
        if "TRUSTEE" in tokens and alias.kind in (PlaintiffKind.BANK, PlaintiffKind.SERVICER):
            return canonical, PlaintiffKind.TRUSTEE, f"known alias {alias.text!r}, suing as trustee"
        return canonical, alias.kind, f"known alias {alias.text!r}"
    by_words = _by_words(normalized, tokens)
    if by_words is not None:
        return normalized, by_words[0], by_words[1]
    return normalized, PlaintiffKind.UNKNOWN, "name not recognized"


def classify_plaintiff(
    name: str | None, case_number: str | None = None, court_type: str | None = None
) -> Plaintiff:
    """Canonical name and kind of a plaintiff; a CC case with an unknown plaintiff reads as an HOA/COA."""
    if case_number is None:  # a lien holder's name
        return _classified(name, court_type or None, None)
    case_court, year = _case_facts(case_number)
    return _classified(name, court_type or case_court, year)


# Keyed by what repeats (a few dozen plaintiffs, courts and filing years), not by the case number, which
# never does: called per case by the features and the agents, and per lien holder by the lien rules.
@lru_cache(maxsize=8192)
def _classified(name: str | None, court: str | None, year: int | None) -> Plaintiff:
    canonical, kind, reason = (
        _classify_name(name.strip())
        if name and name.strip()
        else (
            None,
            PlaintiffKind.UNKNOWN,
            "no plaintiff name",
        )
    )
    if kind is PlaintiffKind.UNKNOWN and court == "COUNTY":
        kind = PlaintiffKind.HOA
        reason = "county-court (CC) foreclosure with an unrecognized plaintiff: almost always an HOA/COA lien"
        return Plaintiff(name, canonical, kind, reason, court, year, kind_from_court=True)
    return Plaintiff(name, canonical, kind, reason, court, year)


_KIND_SYNONYMS: dict[str, PlaintiffKind] = {
    "COUNTY": PlaintiffKind.GOVERNMENT,
    "CITY": PlaintiffKind.GOVERNMENT,
    "STATE": PlaintiffKind.GOVERNMENT,
    "GOV": PlaintiffKind.GOVERNMENT,
    "TAX_COLLECTOR": PlaintiffKind.GOVERNMENT,
    "COA": PlaintiffKind.CONDO,
    "CONDOMINIUM": PlaintiffKind.CONDO,
    "ASSOCIATION": PlaintiffKind.HOA,
    "POA": PlaintiffKind.HOA,
    "HOMEOWNERS": PlaintiffKind.HOA,
    "LENDER": PlaintiffKind.BANK,
    "CREDIT_UNION": PlaintiffKind.BANK,
    "INDIVIDUAL": PlaintiffKind.PRIVATE,
    "PERSON": PlaintiffKind.PRIVATE,
}


def coerce_kind(value: PlaintiffKind | str | None) -> PlaintiffKind:
    """A PlaintiffKind from an enum, its name, a synonym ("COUNTY", "COA") or the seed's free text."""
    if isinstance(value, PlaintiffKind):
        return value
    if not value:
        return PlaintiffKind.UNKNOWN
    text = str(value).strip().upper().replace(" ", "_").replace("-", "_")
    if text in PlaintiffKind.__members__:
        return PlaintiffKind[text]
    if text in _KIND_SYNONYMS:
        return _KIND_SYNONYMS[text]
    # The seed tests plaintiff_type by substring ("HOA" or "ASSOCIATION" anywhere).
    if "HOA" in text or "ASSOCIATION" in text:
        return PlaintiffKind.HOA
    if "CONDO" in text:
        return PlaintiffKind.CONDO
    return PlaintiffKind.UNKNOWN

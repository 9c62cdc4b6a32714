"""Florida case numbers: validation, normalization and what they tell (court, filing year)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Brevard (county code 05): 05-2024-CA-012193-XXCA-BC (since 2024) or 05-2008-CA-022131-XXXX-XX (older).
_BREVARD = re.compile(
    r"^(?P<county>\d{2})-?(?P<year>\d{4})-?(?P<court>[A-Z]{2})-?(?P<seq>\d{6})"
    r"-?(?P<suffix>XX[A-Z]{2}-?[A-Z]{2}|XXXX-?XX)$"
)
# Other clerks print the same parts with other separators or suffixes (e.g. 292024CA001234A001HC).
_GENERIC = re.compile(
    r"(?:^|[^0-9])(?:\d{2}-?)?(?P<year>(?:19|20)\d{2})-?(?P<court>CA|CC|TD)-?(?P<seq>\d{4,7})"
)
# Miami-Dade puts the sequence before the court: 2014-009791-CA-01.
_SEQUENCE_FIRST = re.compile(r"^(?P<year>(?:19|20)\d{2})-?(?P<seq>\d{4,7})-?(?P<court>CA|CC|TD)(?:-?\d{2})?$")

COURTS = {"CA": "CIRCUIT", "CC": "COUNTY", "TD": "TAX_DEED"}


class InvalidCaseNumber(ValueError):
    """The text is not a case number of the expected form."""


@dataclass(frozen=True, slots=True)
class CaseNumber:
    normalized: str
    county_code: str | None
    filing_year: int
    court_code: str
    sequence: str

    @property
    def court_type(self) -> str:
        return COURTS.get(self.court_code, "OTHER")

    @property
    def is_county_court(self) -> bool:
        """A county-court (CC) foreclosure is nearly always an HOA/COA lien case."""
        return self.court_code == "CC"


def _clean(text: str) -> str:
    # str.split() splits on exactly the characters regex \s matches (str.isspace), without the regex call.
    return "".join((text or "").upper().split())


def parse_brevard(text: str, *, max_year: int | None = None) -> CaseNumber:
    """Validate and normalize a Brevard clerk case number; raise InvalidCaseNumber if it is not one."""
    m = _BREVARD.match(_clean(text))
    if not m:
        raise InvalidCaseNumber(f"not a Brevard case number: {text!r}")
    return _brevard_number(m, text, max_year)


def _brevard_number(m: re.Match[str], text: str, max_year: int | None) -> CaseNumber:
    county, year_text, court, seq, suffix = m.groups()
    year = int(year_text)
    if year < 1970 or (max_year is not None and year > max_year):
        raise InvalidCaseNumber(f"implausible filing year {year} in {text!r}")
    if court not in COURTS:
        raise InvalidCaseNumber(f"unknown court code {court!r} in {text!r}")
    suffix = suffix.replace("-", "")
    suffix = f"{suffix[:4]}-{suffix[4:]}"
    return CaseNumber(f"{county}-{year}-{court}-{seq}-{suffix}", county, year, court, seq)


# One case's number is read by the features, the plaintiff rules and the agents in turn; the result is frozen.
@lru_cache(maxsize=4096)
def parse_any(text: str) -> CaseNumber:
    """Read the year, court and sequence of any Florida county's case number, keeping its own spelling."""
    raw = _clean(text)
    if not raw:
        raise InvalidCaseNumber("empty case number")
    # Most counties' numbers are not Brevard's: match first rather than raise and catch.
    if brevard := _BREVARD.match(raw):
        try:
            return _brevard_number(brevard, raw, None)
        except InvalidCaseNumber:
            pass
    m = _GENERIC.search(raw) or _SEQUENCE_FIRST.match(raw)
    if not m:
        raise InvalidCaseNumber(f"no year and court code in case number {text!r}")
    return CaseNumber(raw, None, int(m["year"]), m["court"], m["seq"])


def court_type_of(text: str) -> str | None:
    """CIRCUIT, COUNTY or TAX_DEED as the case number says, or None when it does not say."""
    try:
        return parse_any(text).court_type
    except InvalidCaseNumber:
        return None

"""Never trust a model's text for numbers or decisions: every dollar figure and decision word it writes must be
one the case's facts already hold, else the text is rejected (and the rule-based narrative is used)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from biddeed_assets.narrative.facts import CaseFacts
from biddeed_assets.rules.decisions import BID, DO_NOT_BID, REVIEW, SKIP

MAX_CHARS = 2000
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6}
# "$185,800", "$ 1.2 million", "$186k", "185,800 dollars", a bare "185,800", a bare 5+ digit number.
_DOLLARS = re.compile(
    r"\$\s?(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<ma>k|thousand|million|mn|mm|m)?\b"
    r"|(?P<b>\d[\d,]*(?:\.\d+)?)\s*(?P<mb>k|thousand|million|mn|mm|m)?\s+(?:dollars|usd)\b"
    r"|(?<![\d.,$])(?P<c>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{5,}(?:\.\d+)?)(?![\d,]*%)",
    re.IGNORECASE,
)
_DO_NOT_BID = re.compile(r"\bDO[\s_-]*NOT[\s_-]*BID\b|\bdon'?t\s+bid\b", re.IGNORECASE)
_SKIP = re.compile(r"\bskip\b", re.IGNORECASE)
_UPPER_WORDS = re.compile(rf"\b({BID}|{REVIEW})\b")  # upper case only: "bid" and "review" are ordinary words too


def figures(text: str) -> list[tuple[float, float]]:
    """Each dollar figure in the text as (value, tolerance): '$186k' is 186,000 give or take 500."""
    found = []
    for match in _DOLLARS.finditer(text):
        digits = match.group("a") or match.group("b") or match.group("c")
        unit = (match.group("ma") or match.group("mb") or "").lower()
        number = digits.replace(",", "")
        try:
            value = float(number)
        except ValueError:
            continue
        scale = _MULTIPLIERS.get(unit, 1.0)
        decimals = len(number.partition(".")[2])
        found.append((value * scale, max(0.5, 0.5 * scale * 10 ** -decimals)))
    return found


def decision_words(text: str) -> set[str]:
    words = {str(DO_NOT_BID)} if _DO_NOT_BID.search(text) else set()
    rest = _DO_NOT_BID.sub(" ", text)
    if _SKIP.search(rest):
        words.add(str(SKIP))
    words.update(_UPPER_WORDS.findall(rest))
    return words


def _known(value: float, tolerance: float, allowed: Iterable[float]) -> bool:
    return any(abs(value - a) <= tolerance for a in allowed)


def rejection(text: str, facts: CaseFacts) -> str | None:
    """Why the model's narrative cannot be used for this case, or None when every figure and word is the facts'."""
    if not text or not text.strip():
        return "empty narrative"
    if len(text) > MAX_CHARS:
        return f"narrative longer than {MAX_CHARS} characters"
    own = facts.text()
    allowed = [abs(v) for v in facts.money()] + [abs(v) for v, _ in figures(own)]
    for value, tolerance in figures(text):
        if not _known(abs(value), tolerance, allowed):
            return f"introduces a dollar figure not in the case's facts: ${value:,.0f}"
    extra = decision_words(text) - decision_words(own) - {facts.decision}
    if extra:
        return f"states a decision not in the case's facts: {', '.join(sorted(extra))}"
    return None

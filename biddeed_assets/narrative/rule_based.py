"""A plain-language narrative of one case, written from the reasons and figures already computed (no network)."""

from __future__ import annotations

from biddeed_assets.narrative.facts import CaseFacts
from biddeed_assets.rules.decisions import REVIEW
from biddeed_assets.rules.lien_priority import money

RULES_SOURCE = "rules"

_OPENINGS = {REVIEW: f"{REVIEW} before bidding"}  # the other words open the narrative as they are


def _why(facts: CaseFacts) -> str | None:
    """The first reason without its leading decision word (the narrative already opens with it)."""
    if not facts.reasons:
        return None
    first = facts.reasons[0]
    head, sep, rest = first.partition(": ")
    return rest if sep and head == facts.decision else first


def _max_bid(facts: CaseFacts) -> str:
    if facts.max_bid is None:
        return "no max bid can be computed"
    ceiling = "at most " if facts.max_bid_is_ceiling else ""
    text = f"max bid {ceiling}{money(facts.max_bid)}"
    if facts.judgment is not None and facts.bid_judgment_ratio is not None:
        text += f" ({facts.bid_judgment_ratio:.0%} of the {money(facts.judgment)} {facts.judgment_label})"
    elif facts.judgment is None:
        text += f" ({facts.judgment_label} unknown)"
    if facts.max_bid_is_ceiling:
        text += ", a ceiling before repairs"
    return text


def _liens(facts: CaseFacts) -> str:
    if facts.lien_data_missing:
        return "Liens: not verified, so what survives the sale is unknown."
    parts = []
    if facts.surviving_liens:
        listed = "; ".join(
            f"{lien.get('type') or 'lien'}{'' if lien.get('position') is None else ' position ' + str(lien['position'])}"
            f"{'' if not lien.get('holder') else ' held by ' + str(lien['holder'])}, {money(lien.get('amount'))}"
            for lien in facts.surviving_liens)
        parts.append(f"survive the sale (the buyer takes them on): {listed}")
    else:
        parts.append("none recorded survives the sale")
    if facts.extinguished_value:
        parts.append(f"the sale wipes {money(facts.extinguished_value)} of junior liens")
    return "Liens: " + "; ".join(parts) + "."


def _taxes(facts: CaseFacts) -> str:
    if facts.unpaid_taxes is None:
        return "Taxes: unknown."
    if facts.unpaid_taxes == 0:
        return "Taxes: none unpaid."
    return f"Taxes: {money(facts.unpaid_taxes)} unpaid, and property taxes survive the sale."


def _models(facts: CaseFacts) -> str | None:
    figures = []
    if facts.sold_probability is not None:
        figures.append(f"{facts.sold_probability:.0%} chance the sale happens")
    if facts.third_party_probability is not None:
        figures.append(f"{facts.third_party_probability:.0%} chance a third party wins it")
    if facts.price_lower is not None and facts.price_upper is not None:
        figures.append(f"a third-party price between {money(facts.price_lower)} and {money(facts.price_upper)}")
    if not figures:
        return None
    return f"Models ({facts.model_version or 'unversioned'}): " + ", ".join(figures) + "."


def unknowns(facts: CaseFacts) -> list[str]:
    """What the decision had to do without."""
    missing = []
    if facts.judgment is None:
        missing.append(f"the {facts.judgment_label}")
    if facts.arv is None:
        missing.append("the after-repair value")
    if facts.repairs is None:
        missing.append("repairs")
    if facts.lien_data_missing:
        missing.append("the liens")
    if facts.unpaid_taxes is None:
        missing.append("the taxes")
    if facts.third_party_probability is None:
        missing.append("a model prediction")
    return missing


def rule_narrative(facts: CaseFacts) -> str:
    """Decision and max bid, why, liens, taxes, the models' figures and what is unknown, in a few sentences."""
    opening = f"{_OPENINGS.get(facts.decision, facts.decision)}: {_max_bid(facts)}."
    why = _why(facts)
    sentences = [opening]
    if why:
        sentences.append(f"Why: {why}.")
    formula = next((r for r in facts.reasons[1:] if "of ARV" in r), None)
    if formula:
        sentences.append(f"Max bid: {formula}.")
    sentences += [_liens(facts), _taxes(facts)]
    models = _models(facts)
    if models:
        sentences.append(models)
    missing = unknowns(facts)
    if missing:
        sentences.append("Unknown: " + ", ".join(missing) + ".")
    if facts.human_review_required and facts.decision != REVIEW:
        sentences.append("The agents disagreed: a person should look at it.")
    return " ".join(sentences)

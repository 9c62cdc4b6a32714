"""A model's narrative may restate the case's figures and decision, never add one."""

import pytest

from biddeed_assets.narrative import guard
from biddeed_assets_tests.narrative.cases import BANK_CASE, HOA_CASE, PREDICTION, facts

BANK = facts(BANK_CASE, PREDICTION, {"active_liens": 3, "unpaid_taxes": 4200})
HOA = facts(HOA_CASE)


@pytest.mark.parametrize("text", [
    "Bid up to $185,800, well over the $150,000 judgment; the sale wipes $9,000 of junior liens.",
    "BID: the max bid is about $186k and the $4,200 tax certificate survives.",
    "A third party would likely pay between 150,000 and 190,000 dollars; 41% chance it wins.",
    "We recommend you BID. The formula leaves 70% of ARV $350,000 minus repairs.",
])
def test_restated_figures_pass(text):
    assert guard.rejection(text, BANK) is None


@pytest.mark.parametrize(("text", "why"), [
    ("Bid up to $200,000 on this one.", "dollar figure not in the case's facts: $200,000"),
    ("The house could fetch $1.2 million after repairs.", "$1,200,000"),
    ("Expect about 420,000 dollars of profit.", "$420,000"),
    ("Liens total 275000 in all.", "$275,000"),
    ("This is a REVIEW case: the judgment is $150,000.", "states a decision not in the case's facts: REVIEW"),
    ("Better to skip it.", "SKIP"),
    ("Do not bid: the liens are unclear.", "DO_NOT_BID"),
    ("", "empty narrative"),
])
def test_a_new_figure_or_decision_is_rejected(text, why):
    assert why in (guard.rejection(text, BANK) or "")


def test_a_decision_word_the_facts_themselves_use_is_allowed():
    # The HOA case's reasons say its ratio alone would be SKIP; a model may say so, never BID.
    assert guard.rejection("DO NOT BID: the $300,000 mortgage survives; the ratio alone would SKIP.", HOA) is None
    assert "BID" in guard.rejection("The agents say BID, at most $9,000.", HOA)


def test_percentages_and_years_are_not_dollar_figures():
    assert guard.figures("124% of it, filed in 2024, 0.41 chance") == []

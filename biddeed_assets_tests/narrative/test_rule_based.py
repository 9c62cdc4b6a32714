"""The rule-based narrative says the decision, max bid, why, liens, taxes, the models' figures and what is unknown."""

from biddeed_assets.narrative import guard
from biddeed_assets.narrative.rule_based import rule_narrative
from biddeed_assets_tests.narrative.cases import BANK_CASE, HOA_CASE, PREDICTION, UNKNOWN_LIENS_CASE, facts


def test_a_bid_names_max_bid_liens_wiped_and_surviving_taxes_and_the_models():
    text = rule_narrative(facts(BANK_CASE, PREDICTION, {"active_liens": 3, "unpaid_taxes": 4200}))
    assert text.startswith("BID: max bid $185,800 (124% of the $150,000 judgment).")
    assert "TAX_CERTIFICATE, $4,200" in text and "wipes $9,000 of junior liens" in text
    assert "Taxes: $4,200 unpaid" in text
    assert "82% chance the sale happens" in text and "between $150,000 and $190,000" in text
    assert "third_party_model-v3" in text and "Unknown" not in text


def test_an_hoa_foreclosure_says_the_senior_mortgage_survives():
    text = rule_narrative(facts(HOA_CASE, None, {"active_liens": 2, "unpaid_taxes": 0}))
    assert text.startswith("DO_NOT_BID")
    assert "MORTGAGE position 1, $300,000" in text and "senior mortgage alive" in text
    assert "Unknown: a model prediction." in text


def test_what_is_unknown_is_said_never_guessed():
    case = facts(UNKNOWN_LIENS_CASE)
    text = rule_narrative(case)
    assert case.decision == "REVIEW" and text.startswith("REVIEW before bidding: max bid at most $")
    assert "Liens: not verified" in text and "Taxes: unknown." in text
    assert "Unknown: repairs, the liens, the taxes, a model prediction." in text


def test_the_rules_own_narratives_pass_the_guard():
    for spec in (BANK_CASE, HOA_CASE, UNKNOWN_LIENS_CASE):
        case = facts(spec, PREDICTION, {"active_liens": 2, "unpaid_taxes": 1234.5})
        assert guard.rejection(rule_narrative(case), case) is None

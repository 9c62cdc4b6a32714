"""Buy-box criteria: what matches, what is news, and arguments that are refused with one line."""

import pytest

from biddeed_assets.operate.buybox import BuyBox, InvalidBuyBox, news, notice, parse

ROW = {"county": "brevard", "auction_date": "2026-12-09", "case_number": "05-2024-CA-000111-XXCA-BC",
       "decision": "BID", "final_judgment": 100_000, "market_value": 250_000, "case_assessed_value": None,
       "property_assessed_value": None, "zip": "32940", "property_type": "SFR", "max_bid_calculated": 120_000,
       "property_address": "1 OCEAN AVE"}


def test_each_criterion_filters_and_an_unknown_figure_never_matches():
    box = parse("ocean", counties=["Brevard"], max_judgment="$150,000", min_value_to_judgment="2",
                zips=["32940,32937"], decisions=["bid", "review"], property_types=["sfr"])
    assert box.counties == ("brevard",) and box.max_judgment == 150_000 and box.property_types == ("SFR",)
    assert box.matches(ROW)
    assert not box.matches({**ROW, "county": "duval"})
    assert not box.matches({**ROW, "decision": "SKIP"})
    assert not box.matches({**ROW, "final_judgment": 150_001})
    assert not box.matches({**ROW, "final_judgment": None})  # unknown judgment: not "under the limit"
    assert not box.matches({**ROW, "market_value": 150_000})  # 1.5 < 2
    assert box.matches({**ROW, "market_value": None, "case_assessed_value": 210_000})  # the analysis's value order
    assert not box.matches({**ROW, "market_value": None})  # no value at all
    assert not box.matches({**ROW, "zip": "32901"}) and box.matches({**ROW, "zip": "32940-1234"})
    assert not box.matches({**ROW, "property_type": None})


def test_an_empty_box_takes_any_bid_or_review_case():
    box = parse("any")
    assert box.decisions == ("BID", "REVIEW")
    assert box.matches({**ROW, "final_judgment": None, "market_value": None, "zip": None, "property_type": None})
    assert not box.matches({**ROW, "decision": "DO_NOT_BID"})


def test_news_is_once_per_case_and_again_on_a_decision_change():
    box = BuyBox("b", decisions=("BID", "REVIEW"), id=1)
    key = ("brevard", "2026-12-09", ROW["case_number"])
    [first] = news(box, [ROW], {})
    assert first.previous is None
    assert news(box, [ROW], {key: "BID"}) == []
    [again] = news(box, [{**ROW, "decision": "REVIEW"}], {key: "BID"})
    assert again.previous == "BID"
    title, message = notice(box, [first, again])
    assert title == "buy box b: 2 new matches"
    assert "05-2024-CA-000111-XXCA-BC: REVIEW (was BID), max bid $120,000, judgment $100,000" in message
    assert "value/judgment 2.50, 1 OCEAN AVE" in message


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"name": None}, "needs a NAME"),
    ({"name": "two words"}, "is not a buy box name"),
    ({"counties": ["atlantis"]}, "--county: unknown value 'atlantis'"),
    ({"max_judgment": "lots"}, "--max-judgment must be a number"),
    ({"max_judgment": "-5"}, "--max-judgment must be a positive number"),
    ({"min_value_to_judgment": "nan"}, "--min-value-to-judgment must be a positive number"),
    ({"zips": ["3294"]}, "--zip takes 5-digit ZIP codes, not '3294'"),
    ({"decisions": ["BUY"]}, "--decision: unknown value 'BUY'; known: BID, REVIEW, SKIP, DO_NOT_BID"),
    ({"property_types": ["castle"]}, "--property-type: unknown value 'castle'"),
])
def test_bad_arguments_are_one_clear_line(kwargs, says):
    kwargs = {"name": "box", **kwargs}
    with pytest.raises(InvalidBuyBox) as caught:
        parse(kwargs.pop("name"), **kwargs)
    assert says in str(caught.value) and "\n" not in str(caught.value)

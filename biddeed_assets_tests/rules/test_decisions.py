"""The decision words: one definition, their order, and how they travel (str, JSON, Postgres)."""

import json
import pathlib
import re

import biddeed_assets
from biddeed_assets.rules.decisions import (
    BID,
    DECISIONS,
    DO_NOT_BID,
    REVIEW,
    SKIP,
    Decision,
    counts,
    most_cautious,
)


def test_most_cautious():
    assert most_cautious("BID", "REVIEW") == "REVIEW"
    assert most_cautious("SKIP", "REVIEW", "BID") == "SKIP"
    assert most_cautious("DO_NOT_BID", "SKIP") == "DO_NOT_BID"


def test_the_words_are_plain_strings_in_bid_sheet_order():
    assert DECISIONS == (BID, REVIEW, SKIP, DO_NOT_BID) == tuple(Decision)
    assert [str(d) for d in DECISIONS] == ["BID", "REVIEW", "SKIP", "DO_NOT_BID"]
    assert f"{DO_NOT_BID}: senior mortgage" == "DO_NOT_BID: senior mortgage"
    assert json.dumps({"decision": REVIEW}) == '{"decision": "REVIEW"}'
    assert counts(["SKIP", "BID", "SKIP"]) == {"decision_bid": 1, "decision_review": 0, "decision_skip": 2,
                                               "decision_do_not_bid": 0}


def test_postgres_stores_the_word(conn):
    conn.execute("CREATE TEMP TABLE words (w text)")
    conn.execute("INSERT INTO words VALUES (%s)", (DO_NOT_BID,))
    assert conn.execute("SELECT w FROM words").fetchone()[0] == "DO_NOT_BID"


def test_no_other_module_spells_a_word_as_a_literal():
    root = pathlib.Path(biddeed_assets.__file__).parent
    literal = re.compile(r"""["'](BID|REVIEW|SKIP|DO_NOT_BID)["']""")
    # the simulator renders the real sites' pages on its own, independent of the package's rules
    spelled = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py")
               if p.name != "decisions.py" and "simulator" not in p.parts
               for n, line in enumerate(p.read_text().splitlines(), 1) if literal.search(line)]
    assert spelled == []

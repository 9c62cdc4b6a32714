"""replace_cases writes only the partition's own window: a record without a date (as `biddeed parse` may
give) or of another day is refused before anything is written, and the stored rows stay."""

from __future__ import annotations

import dataclasses

import pytest

from biddeed_assets.portals.records import CaseRecord
from biddeed_assets.store import cases

WHERE = {"county": "hillsborough", "auction_date": "2026-06-05"}


def _record(number: str, **changes) -> CaseRecord:
    return dataclasses.replace(CaseRecord(case_number=number, **WHERE, source="realforeclose"), **changes)


def _stored(conn) -> list[str]:
    return [c["case_number"] for c in cases.cases_for(conn, **WHERE)]


@pytest.mark.parametrize(
    "stray",
    [{"auction_date": None}, {"county": None}, {"auction_date": "2026-06-12"}, {"county": "duval"}],
)
def test_a_record_not_of_the_partition_is_refused_and_nothing_changes(conn, stray):
    cases.replace_cases(conn, [_record("292025CA000001A001HC")], [], **WHERE, asset="scraped_cases", run_id="r1")
    with pytest.raises(ValueError, match=r"1 record\(s\) are not of partition 2026-06-05\|hillsborough"):
        with conn.transaction():
            cases.replace_cases(conn, [_record("292025CA000002A001HC"), _record("292025CA000003A001HC", **stray)],
                                [], **WHERE, asset="scraped_cases", run_id="r2")
    assert _stored(conn) == ["292025CA000001A001HC"]

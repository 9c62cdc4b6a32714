"""Every page kind `biddeed parse` knows, on its whole page and damaged: records, or a ParseError, nothing else.

Damage: truncations and slices of the kind's real page (or simulator-rendered page where none was
captured), random bytes, the page re-encoded (UTF-16, UTF-32, latin-1 over UTF-8, UTF-8 over latin-1),
and bytes flipped. A page cut anywhere must be refused, never read as a shorter page.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddeed_assets.portals.errors import ParseError
from biddeed_assets.portals.kinds import page_kinds
from biddeed_assets_tests.portals.every_kind import seed_pages

KINDS = page_kinds()
SEEDS = seed_pages()


def test_every_kind_has_a_seed_page_that_parses_whole():
    assert set(SEEDS) == set(KINDS)
    for kind, seed in SEEDS.items():
        rows = KINDS[kind](seed.body, seed.source_url)
        assert rows and all(isinstance(row, dict) for row in rows), kind
        assert not any(row.get("rejected") for row in rows), kind
        json.dumps(rows, default=str)


def _reencoded(body: bytes) -> st.SearchStrategy[bytes]:
    text = body.decode("utf-8", errors="replace")
    return st.sampled_from([
        text.encode("utf-16"),
        text.encode("utf-16-le"),
        text.encode("utf-32"),
        text.encode("utf-8").decode("latin-1").encode("utf-8"),  # double-encoded
        text.encode("latin-1", errors="replace"),
        text.encode("cp1252", errors="replace"),
    ])


def _damaged(body: bytes) -> st.SearchStrategy[bytes | str]:
    n = len(body)
    cut = st.integers(0, n).map(lambda end: body[:end])
    sliced = st.tuples(st.integers(0, n), st.integers(0, n)).map(lambda ab: body[min(ab):max(ab)])
    flipped = st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, 255)), min_size=1, max_size=8).map(
        lambda flips: bytes(_flip(bytearray(body), flips)))
    as_text = st.integers(0, n).map(lambda end: body[:end].decode("utf-8", errors="replace"))
    return st.one_of(cut, sliced, flipped, as_text, _reencoded(body), st.binary(max_size=4000))


def _flip(buffer: bytearray, flips: list[tuple[int, int]]) -> bytearray:
    for at, value in flips:
        if buffer:
            buffer[at] = value
    return buffer


def _records_or_parse_error(kind: str, page: bytes | str, source_url: str | None) -> None:
    try:
        rows = KINDS[kind](page, source_url)
    except ParseError as exc:
        assert str(exc)
        return
    assert isinstance(rows, list) and all(isinstance(row, dict) for row in rows)
    json.dumps(rows, default=str)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_damaged_pages_end_in_records_or_a_parse_error(kind):
    seed = SEEDS[kind]

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(_damaged(seed.body))
    def check(page):
        _records_or_parse_error(kind, page, seed.source_url)

    check()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_page_cut_anywhere_is_refused(kind):
    body = SEEDS[kind].body.rstrip()
    for share in range(1, 20):
        cut = body[: len(body) * share // 20]
        with pytest.raises(ParseError):
            KINDS[kind](cut, SEEDS[kind].source_url)
    with pytest.raises(ParseError):
        KINDS[kind](body[:-1], SEEDS[kind].source_url)

"""The history reader's two paths (pandas' C reader for plain files, csv for quoted ones) read the same table."""

from __future__ import annotations

import pandas as pd

from biddeed_assets.model.history import SHIPPED, read_history

HEADER = b"county,auction_date,final_judgment,outcome,sold_amount,sold_to,assessed_value,case_number\n"


def _both(data: bytes):
    plain = read_history(data, source="t")
    quoted = read_history(data.replace(b"county", b'"county"', 1), source="t")  # a quote forces the csv reader
    return plain, quoted


def test_shipped_file_reads_the_same_through_both_readers():
    plain, quoted = _both(SHIPPED.read_bytes())
    pd.testing.assert_frame_equal(plain.table, quoted.table)
    assert [(r.line, r.reason, r.raw) for r in plain.rejected] == [(r.line, r.reason, r.raw) for r in quoted.rejected]
    assert len(plain.table) + len(plain.rejected) == plain.rows_read == 21_140


def test_bad_cells_are_named_as_written_in_the_file_by_both_readers():
    data = HEADER + (b"miami_dade,2019-01-02,-5,sold,100,3rd Party Bidder,1000,A1\n"
                     b"miami_dade,2019-01-02,500,sold,abc,Plaintiff,1000,A2\n")
    plain, quoted = _both(data)
    for history in (plain, quoted):
        assert [(r.line, r.reason) for r in history.rejected] == [
            (2, "final_judgment must be a positive amount, not '-5'"),
            (3, "sold_amount 'abc' is not a number"),
        ]


def test_a_row_with_too_many_cells_is_rejected_and_the_rest_read():
    data = HEADER + (b"miami_dade,2019-01-02,500,cancelled,,,$1,200,A3\n"  # a money cell with a comma, unquoted
                     b"miami_dade,2019-01-02,500,cancelled,,,1200,A4\n")
    history = read_history(data, source="t")
    assert [(r.line, r.reason) for r in history.rejected] == [(2, "the row has 9 cells, the header 8")]
    assert history.table["case_number"].tolist() == ["A4"]


def test_hidden_and_money_text_in_a_number_column_fall_back_per_cell():
    data = HEADER + (b"miami_dade,2019-01-02,500,sold,100,Plaintiff,Hidden,A1\n"
                     b"miami_dade,2019-01-02,500,sold,100,Plaintiff,$250359.00,A2\n")
    plain, _ = _both(data)
    assert plain.table["assessed_value"].isna().tolist() == [True, False]
    assert plain.table["assessed_value"].iloc[1] == 250359.0


def test_short_blank_and_non_ascii_only_lines_read_as_the_csv_reader_reads_them():
    good = b"miami_dade,2019-01-02,500,cancelled,,,1200,A%d\n"
    for odd in (b"miami_dade,2019-01-02,500,cancelled,,1200,A9\n",  # a cell short
                b",,,,,,,\n",  # only commas: a blank row
                "\u00a0,,,,,,,\n".encode(),  # only a no-break space: blank to str.strip
                b"\n"):
        data = HEADER + good % 1 + odd + good % 2 + b"\r\n"
        plain = read_history(data, source="t")
        quoted = read_history(data.replace(b"county", b'"county"', 1), source="t")
        pd.testing.assert_frame_equal(plain.table, quoted.table)
        assert [(r.line, r.reason) for r in plain.rejected] == [(r.line, r.reason) for r in quoted.rejected]
        assert plain.rows_read == quoted.rows_read

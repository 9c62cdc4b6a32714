"""`biddeed import-history` against a real database: idempotent, replacing, quarantining, refusing bad files."""

import csv
import json

import pytest

from biddeed_assets.app import cli, history_import
from biddeed_assets.store import backup

HEADER = ("county,sale_type,auction_date,auction_id,final_judgment,assessed_value,beds,baths,living_area,lot_size,"
          "day_count,place_in_line,case_filing_year,hoa_association_flag,defendant_count,previous_auctions,"
          "sold_amount,sold_to,outcome,plaintiff_max_bid")
ROWS = [
    "miami_dade,foreclosure,2017-03-06,1050955,1028352.18,619665,5.0,5.0,3526.0,14986.0,60,34,2014,0.0,2.0,2.0,,,cancelled,",
    "miami_dade,foreclosure,2017-03-06,1050960,200000,180000,3.0,2.0,1500.0,0.0,60,35,2015,1.0,3.0,0.0,250100,3rd Party Bidder,sold,",
    "miami_dade,foreclosure,2017-03-07,1050970,150000,210000,3.0,2.0,0.0,5000.0,61,1,2013,0.0,1.0,1.0,100,Plaintiff,sold,140000",
]
BAD = [
    "miami_dade,foreclosure,2017-03-08,1050980,0,100000,3,2,1200,5000,1,1,2015,0,1,0,,,cancelled,",  # zero judgment
    "miami_dade,foreclosure,2017-03-08,1050981,90000,100000,3,2,1200,5000,1,2,2015,0,1,0,,Plaintiff,sold,",  # no amount
    "miami_dade,foreclosure,2017-13-45,1050982,90000,100000,3,2,1200,5000,1,3,2015,0,1,0,,,cancelled,",  # bad date
]


@pytest.fixture
def url(db_url, monkeypatch):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    return db_url


def write(tmp_path, name, lines, header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


def run(capsys, *argv):
    code = cli.main(["import-history", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_is_idempotent_and_quarantines_impossible_rows(url, conn, tmp_path, capsys):
    path = write(tmp_path, "md.csv", ROWS + BAD)
    code, out, _ = run(capsys, str(path), "--json")
    assert code == 0
    counts = json.loads(out)
    assert (counts["imported"], counts["replaced"], counts["quarantined"]) == (3, 0, 3)
    reasons = [r[0] for r in conn.execute("SELECT reason FROM quarantine WHERE asset = 'import_history' ORDER BY id")]
    assert "positive" in reasons[0] and "no amount" in reasons[1] and "not a date" in reasons[2]
    case = conn.execute("SELECT status, sold_to, sold_amount, final_judgment, source, place_in_line"
                        " FROM cases WHERE case_number = 'auction-1050960'").fetchone()
    assert case == ("SOLD", "THIRD_PARTY", 250100, 200000, "md", 35.0)
    # zero living area / lot size means "not recorded": stored as null, never 0
    assert conn.execute("SELECT living_area FROM properties WHERE case_number = 'auction-1050970'").fetchone()[0] is None
    assert conn.execute("SELECT count(*) FROM outcomes WHERE source = 'md'").fetchone()[0] == 3
    before = backup.table_counts(url)
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "unchanged" in out
    assert backup.table_counts(url) == before


def test_a_corrected_file_replaces_the_source_in_one_go(url, conn, tmp_path, capsys):
    run(capsys, str(write(tmp_path, "md.csv", ROWS)), "--source", "miami")
    corrected = [ROWS[0], ROWS[1].replace("250100", "260100")]  # one row fixed, one withdrawn
    code, out, _ = run(capsys, str(write(tmp_path, "md2.csv", corrected)), "--source", "miami", "--json")
    counts = json.loads(out)
    assert code == 0 and (counts["imported"], counts["replaced"]) == (2, 3)
    assert conn.execute("SELECT count(*) FROM cases WHERE source = 'miami'").fetchone()[0] == 2
    assert conn.execute("SELECT sold_amount FROM outcomes WHERE case_number = 'auction-1050960'").fetchone()[0] == 260100


def test_unknown_columns_are_reported_once_and_kept(url, conn, tmp_path, capsys):
    path = write(tmp_path, "x.csv", [r + ",blue" for r in ROWS], header=HEADER + ",paint")
    code, _, err = run(capsys, str(path))
    assert code == 0 and err.count("paint") == 1
    assert conn.execute("SELECT extra->'unknown'->>'paint' FROM cases LIMIT 1").fetchone()[0] == "blue"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (HEADER.replace(",", ";").encode() + b"\n" + ROWS[0].replace(",", ";").encode(), "not comma-separated"),
    (b"county,auction_date,outcome\nmiami_dade,2017-03-06,sold\n", "final_judgment"),
    (HEADER.encode() + b"\n" + ROWS[0].encode().replace(b"miami_dade", b"miami\xff\xfe"), "not UTF-8"),
    (HEADER.encode() + b"\n", "no rows"),
])
def test_a_malformed_file_is_one_clear_line_and_changes_nothing(url, tmp_path, capsys, content, message):
    before = backup.table_counts(url)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert backup.table_counts(url) == before


def test_the_shipped_real_history_imports_whole(url, conn):
    counts, unknown = history_import.import_file(url, history_import.SHIPPED)
    assert unknown == ()
    assert counts.imported + counts.quarantined == 21_140
    assert counts.quarantined == 10  # the source's judgments under $1: zero or negative amounts
    rows = list(csv.DictReader(history_import.SHIPPED.open()))
    kept = [r for r in rows if float(r["final_judgment"]) > 0]
    expect = {"THIRD_PARTY": sum(r["sold_to"] == "3rd Party Bidder" for r in kept),
              "PLAINTIFF": sum(r["sold_to"] == "Plaintiff" for r in kept),
              "CANCELLED": sum(r["outcome"] == "cancelled" for r in kept)}
    sold = dict(conn.execute("SELECT coalesce(sold_to, status), count(*) FROM outcomes GROUP BY 1").fetchall())
    assert sold == expect and expect["THIRD_PARTY"] > 3100


def test_each_impossible_row_is_quarantined_with_its_first_reason(url, conn, tmp_path, capsys):
    rows = [
        ROWS[1],
        ROWS[1].replace("250100", "250200"),  # same county, date and auction id: a duplicate of line 2
        ROWS[2].replace("150000", '"$150,000.00"').replace(",0.0,5000.0", ",0.0,lots"),  # money text ok, lot size not
        ROWS[0].replace("3526.0,14986.0,60,34,2014,0.0,2.0,2.0,,,", "3526.0,14986.0,60,34,2014,0.0,2.0,2.0,,"),
        ROWS[0].replace("cancelled", "postponed").replace("1050955", "1050956"),
        ROWS[1].replace("3rd Party Bidder", "Someone").replace("1050960", "1050961"),
        ROWS[0].replace("miami_dade", " ").replace("1050955", "1050957"),
    ]
    code, out, _ = run(capsys, str(write(tmp_path, "mixed.csv", rows)), "--source", "mixed", "--json")
    counts = json.loads(out)
    assert code == 0 and (counts["imported"], counts["quarantined"]) == (1, 6)
    reasons = [r for (r,) in conn.execute("SELECT reason FROM quarantine WHERE partition = 'mixed' ORDER BY reason")]
    assert reasons == [
        "line 3: duplicate of line 2 (same county, date and case)",
        "line 4: lot_size 'lots' is not a number",
        "line 5: the row has 19 cells, the header 20",
        "line 6: outcome 'postponed' is not one of canceled, cancelled, redeemed, sold",
        "line 7: sold_to 'Someone' is not one of 3rd party, 3rd party bidder, certificate holder, plaintiff, "
        "third party, third_party",
        "line 8: county is empty",
    ]

"""Stored outcomes for the learn tests: a subsample of the shipped real history, and live cases written by hand."""

from __future__ import annotations

import tempfile
from pathlib import Path

import dagster as dg

from biddeed_assets.app import history_import
from biddeed_assets.defs.learn.models import auction_models
from biddeed_assets.defs.learn.training_set import training_set
from biddeed_assets.defs.resources import DatabaseResource

SOURCE = "miamidade_sample"
SMALL = {"ops": {"auction_models": {"config": {"n_jobs": 1, "n_boot": 50}}}}


def sample_file(every: int = 8) -> Path:
    """Every `every`-th auction of the shipped Miami-Dade history (2,643 rows for 8), as a CSV file."""
    lines = history_import.SHIPPED.read_text().splitlines(keepends=True)
    path = Path(tempfile.mkdtemp(prefix="biddeed-history-")) / f"{SOURCE}.csv"
    path.write_text(lines[0] + "".join(lines[1::every]))
    return path


def import_history(db_url: str, every: int = 8) -> int:
    counts, _ = history_import.import_file(db_url, sample_file(every), source=SOURCE)
    return counts.imported


def live_case(conn, *, number: str, date: str, county: str = "brevard", status: str | None = "SOLD",
              sold_to: str | None = "THIRD_PARTY", amount: float | None = 150000.0, judgment: float = 120000.0,
              url: str = "https://brevard.realforeclose.com/index.cfm", defendant: str = "JOHN DOE; JANE DOE") -> None:
    """A scraped case with its property and (unless status is None) its captured outcome."""
    conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status, plaintiff, defendant,"
                 " final_judgment, assessed_value, source, source_url) VALUES (%s, %s, %s, 'FORECLOSURE', 'SCHEDULED',"
                 " 'US BANK NA', %s, %s, 180000, 'clerk', %s)", (county, date, number, defendant, judgment, url))
    conn.execute("INSERT INTO properties (county, auction_date, case_number, beds, baths, living_area)"
                 " VALUES (%s, %s, %s, 3, 2, 1500)", (county, date, number))
    if status:
        conn.execute("INSERT INTO outcomes (county, auction_date, case_number, status, sold_amount, sold_to, source,"
                     " source_url) VALUES (%s, %s, %s, %s, %s, %s, 'realforeclose', %s)",
                     (county, date, number, status, amount if status == "SOLD" else None,
                      sold_to if status == "SOLD" else None, url))


def train(db_url, instance=None, tags=None):
    return dg.materialize([training_set, auction_models], resources={"database": DatabaseResource(url=db_url)},
                          run_config=SMALL, instance=instance, raise_on_error=False, tags=tags)


def check_result(result):
    [evaluation] = [e for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    return evaluation.event_specific_data

"""The UI's plots are small PNGs drawn from plain rows; the daily_metrics asset shows them from the store."""

import base64
import datetime as dt
import io
import re

import dagster as dg
import pandas as pd
from PIL import Image

from biddeed_assets.bid_sheet import plots
from biddeed_assets.defs.metadata import png_md
from biddeed_assets.defs.operate.daily_metrics import daily_metrics
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model import audit_plots

PNG = b"\x89PNG\r\n\x1a\n"


def image(data: bytes) -> Image.Image:
    assert data.startswith(PNG) and len(data) < 100_000
    return Image.open(io.BytesIO(data))


def test_decisions_and_third_party_plots_are_small_pngs_even_when_empty():
    counts = [{"auction_date": dt.date(2026, 12, d), "county": c, "decision": w, "n": n}
              for d in (2, 9, 16) for c in ("brevard", "duval") for w, n in (("BID", 3), ("SKIP", 5), ("DO_NOT_BID", 1))]
    full, empty = image(plots.decisions_png(counts)), image(plots.decisions_png([]))
    assert full.size[1] > empty.size[1]  # one bar per sale day and county
    rates = [{"county": "brevard", "sold": 20, "third_party": 7}, {"county": "duval", "sold": 0, "third_party": 0}]
    image(plots.third_party_rate_png(rates))
    image(plots.third_party_rate_png([]))


def test_error_over_time_is_a_small_png_with_or_without_audits():
    audits = pd.DataFrame({"auction_date": pd.date_range("2026-09-02", periods=12, freq="W-WED").repeat(5),
                           "predicted_probability": [0.2, 0.7, 0.4, 0.9, 0.1] * 12,
                           "actual_outcome": [0.0, 1.0, 1.0, 0.0, 0.0] * 12})
    audits["prediction_error"] = (audits["predicted_probability"] - audits["actual_outcome"]).abs()
    image(audit_plots.error_over_time_png(audits, baseline_error=0.356, limit=0.406))
    image(audit_plots.error_over_time_png(audits.iloc[:0]))


def test_the_metadata_embeds_the_png_as_a_data_uri():
    png = plots.third_party_rate_png([{"county": "brevard", "sold": 4, "third_party": 1}])
    text = png_md(png, "rate").value
    assert base64.b64decode(re.fullmatch(r"!\[rate\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", text)[1]) == png


def test_daily_metrics_plots_the_stored_decisions_and_sales(db_url, conn):
    conn.execute("INSERT INTO auction_results (county, auction_date, case_number, decision) VALUES"
                 " ('brevard', '2026-12-02', 'A', 'BID'), ('brevard', '2026-12-02', 'B', 'SKIP'),"
                 " ('duval', '2026-12-03', 'C', 'REVIEW'), ('duval', '2027-03-03', 'D', 'BID')")
    conn.execute("INSERT INTO outcomes (county, auction_date, case_number, status, sold_to) VALUES"
                 " ('brevard', '2026-11-18', 'E', 'SOLD', 'THIRD_PARTY'), ('brevard', '2026-11-18', 'F', 'SOLD',"
                 " 'PLAINTIFF'), ('duval', '2026-11-19', 'G', 'CANCELLED', NULL)")
    from biddeed_assets.store import metrics

    counts = metrics.decision_counts(conn, first=dt.date(2026, 11, 18), last=dt.date(2026, 12, 16))
    assert sorted((str(r["auction_date"]), r["county"], r["decision"], r["n"]) for r in counts) == [
        ("2026-12-02", "brevard", "BID", 1), ("2026-12-02", "brevard", "SKIP", 1), ("2026-12-03", "duval", "REVIEW", 1)]
    rates = metrics.third_party_rates(conn, first=dt.date(2026, 9, 3), last=dt.date(2026, 12, 2))
    assert [(r["county"], r["sold"], r["third_party"]) for r in rates] == [("brevard", 2, 1)]
    with dg.instance_for_test() as instance:
        result = dg.materialize([daily_metrics], partition_key="2026-12-02", instance=instance,
                                resources={"database": DatabaseResource(url=db_url)})
    meta = result.get_asset_materialization_events()[0].materialization.metadata
    empty = png_md(plots.decisions_png([]), "decisions per sale day and county").value
    assert meta["decisions_plot"].value.startswith("![decisions per sale day and county](data:image/png;base64,")
    assert meta["decisions_plot"].value != empty

"""The printed report of a sale day with three counties, made through the real assets and store."""

import html
import io
import json
import uuid

import dagster as dg
import psycopg
import pytest

from biddeed_assets.app import cli
from biddeed_assets.bid_sheet import report, report_pdf
from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource
from biddeed_assets.store import config
from biddeed_assets.store.bid_sheets import report_rows

DATE = "2026-12-02"
COUNTIES = ("brevard", "hillsborough", "duval")
PHOTO = "https://www.bcpao.us/photos/25/2500001011.jpg"
APPRAISER = "https://www.bcpao.us/api/v1/account/2500001"


def cases_of(county: str) -> dict[str, tuple]:
    """number -> (plaintiff, court, judgment, liens): an HOA case over a live mortgage, and a clean bank case."""
    prefix = {"brevard": "05-2024", "hillsborough": "29-2024", "duval": "16-2024"}[county]
    return {
        f"{prefix}-CC-035201-XXCC-BC": ("JAMES LANDING", "COUNTY", 12000,
                                        [("MORTGAGE", 180000, 1, "WELLS FARGO BANK NA"),
                                         ("HOA_LIEN", 12000, None, "JAMES LANDING")]),
        f"{prefix}-CA-012193-XXCA-BC": ("US BANK NA", "CIRCUIT", 150000,
                                        [("MORTGAGE", 150000, 1, "US BANK NA"), ("HOA_LIEN", 5000, None, "VIERA HOA")]),
    }


def store_day(conn) -> None:
    for county in COUNTIES:
        for i, (number, (plaintiff, court, judgment, liens)) in enumerate(cases_of(county).items()):
            conn.execute(
                "INSERT INTO cases (county, auction_date, case_number, auction_type, status, plaintiff, defendant,"
                " final_judgment, court_type) VALUES (%s, %s, %s, 'FORECLOSURE', 'SCHEDULED', %s, 'J DOE', %s, %s)",
                (county, DATE, number, plaintiff, judgment, court))
            brevard_bank = county == "brevard" and i == 1
            conn.execute(
                "INSERT INTO properties (county, auction_date, case_number, account, parcel_id, site_address, city,"
                " zip, market_value, year_built, living_area, property_type, sales_history, photo_url, source_url)"
                " VALUES (%s, %s, %s, '2500001', 'P-' || %s, '1 PALM DR', 'MELBOURNE', '32940', 400000, 2000, 1800,"
                " 'SFR', '[]', %s, %s)",
                (county, DATE, number, number, PHOTO if brevard_bank else None,
                 APPRAISER if brevard_bank else "javascript:alert(1)"))
            for kind, amount, position, holder in liens:
                conn.execute(
                    "INSERT INTO liens (county, auction_date, case_number, lien_type, amount, position, status,"
                    " holder, recorded_date) VALUES (%s, %s, %s, %s, %s, %s, 'ACTIVE', %s, '2019-01-01')",
                    (county, DATE, number, kind, amount, position, holder))
            for source in ("official_records", "tax_collector"):
                conn.execute("INSERT INTO ingest_status (county, auction_date, case_number, source, ok)"
                             " VALUES (%s, %s, %s, %s, true)", (county, DATE, number, source))
            if brevard_bank:
                conn.execute("INSERT INTO tax_records (county, auction_date, case_number, tax_year, amount_due, paid,"
                             " certificate_number) VALUES (%s, %s, %s, 2024, 3210.55, false, '2025-123'),"
                             " (%s, %s, %s, 2023, 100, true, NULL)", (county, DATE, number) * 2)
            if i == 1:  # the bank case is scored: p 0.2 in Brevard, 0.7 elsewhere
                conn.execute(
                    "INSERT INTO predictions (county, auction_date, case_number, model_version,"
                    " third_party_probability, sold_probability, predicted_sale_price, price_lower, price_upper)"
                    " VALUES (%s, %s, %s, 'v-test', %s, 0.9, 190000, 160000, 230000)",
                    (county, DATE, number, 0.2 if county == "brevard" else 0.7))


@pytest.fixture(scope="module")
def day_url(pg_server, template_url):
    """One database for the module, its sale day analyzed through the real assets for the three counties."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "biddeed_template"')
    url = config.with_database(pg_server.admin_url, name)
    with psycopg.connect(url, autocommit=True) as conn:
        store_day(conn)
    events = {}
    for county in COUNTIES:
        result = dg.materialize([case_analysis, recommendations],
                                partition_key=dg.MultiPartitionKey({"date": DATE, "county": county}),
                                resources={"database": DatabaseResource(url=url), "narrator": NarratorResource()})
        [event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path[-1] == "recommendations"]
        events[county] = event.materialization.metadata
    yield url, events
    with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def rows(day_url):
    with psycopg.connect(day_url[0]) as conn:
        return report_rows(conn, auction_date=DATE)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_store_adds_photo_appraiser_taxes_and_wiped_liens(rows):
    assert len(rows) == 6 and {r["county"] for r in rows} == set(COUNTIES)
    bank = next(r for r in rows if r["county"] == "brevard" and "-CA-" in r["case_number"])
    assert (bank["photo_url"], bank["appraiser_url"]) == (PHOTO, APPRAISER)
    assert float(bank["taxes_due"]) == 3210.55 and bank["tax_years"] == [2024] and bank["tax_certificates"] == ["2025-123"]
    assert [lien["type"] for lien in bank["wiped_liens"]] == ["HOA_LIEN"]  # the HOA lien is junior to the mortgage
    assert all(float(r["taxes_due"]) == 0 for r in rows if r is not bank)  # searched and nothing found: none due


def test_markdown_and_html_have_a_section_per_county_and_every_reason_in_full(rows):
    md, page = report.as_markdown(rows, title="t"), report.as_html(rows, title="t")
    for heading in ("Brevard County — Wednesday 2 December 2026", "Hillsborough County", "Duval County"):
        assert f"## {heading}" in md and heading in page
    assert md.index("## Brevard") < md.index("## Duval") < md.index("## Hillsborough")  # one order: by slug
    plain_md = flat(html.unescape(md.replace("\\", "")))
    for row in rows:
        assert row["reasons"] and all(len(r) > 0 for r in row["reasons"])
        for reason in row["reasons"]:
            assert flat(reason) in plain_md, reason
            assert flat(reason) in flat(html.unescape(page))
    assert max(len(r) for row in rows for r in row["reasons"]) > 60  # the table's cut would have shown here


def test_a_case_shows_its_figures_links_and_only_safe_links(rows):
    md = report.as_markdown(rows)
    assert f"[photo]({PHOTO})" in md and f"[appraiser page]({APPRAISER})" in md
    assert "javascript" not in md and "javascript" not in report.as_html(rows)
    bank = next(r for r in rows if r["county"] == "hillsborough" and "-CA-" in r["case_number"])
    figures = dict(report.facts(bank))
    assert figures["expected surplus (price − judgment)"] == "$40,000"  # 190,000 - 150,000
    assert figures["third-party price"] == "$190,000 (interval $160,000–$230,000)"
    assert figures["third-party probability"] == "0.70" and figures["sale probability"] == "0.90"
    assert "HOA_LIEN" in figures["wiped liens"] and "$5,000" in figures["wiped liens"]
    hoa = next(r for r in rows if r["county"] == "duval" and "-CC-" in r["case_number"])
    assert hoa["decision"] == "DO_NOT_BID" and "MORTGAGE" in dict(report.facts(hoa))["surviving liens"]
    assert dict(report.facts(hoa))["expected surplus (price − judgment)"] == "—"  # no prediction: null, not 0


def test_the_narrative_is_rendered_when_the_row_has_one():
    row = {"county": "brevard", "auction_date": DATE, "case_number": "C1", "decision": "BID", "reasons": ["r"],
           "narrative": "A tidy  house\nnear the river."}
    assert "A tidy house near the river." in report.as_markdown([row])
    assert "narrative" not in report.as_markdown([{**row, "narrative": None}])


def test_filters_keep_the_decisions_and_the_likely_third_party_sales(rows):
    assert {r["decision"] for r in report.select(rows, decisions=("DO_NOT_BID",))} == {"DO_NOT_BID"}
    likely = report.select(rows, third_party_likely=True)
    assert sorted(r["county"] for r in likely) == ["duval", "hillsborough"]  # 0.7 kept, 0.2 and unscored not
    assert report.parse_decisions("bid, REVIEW") == ("BID", "REVIEW")
    with pytest.raises(ValueError, match="choose from BID,REVIEW,SKIP,DO_NOT_BID"):
        report.parse_decisions("BUY")


def test_the_pdf_parses_and_holds_every_section_and_reason(rows):
    from pypdf import PdfReader

    data = report_pdf.as_pdf(rows, title="Bid sheet 2026-12-02")
    assert data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 3  # each county's sale day starts a page
    text = flat(" ".join(p.extract_text() for p in pages))
    for heading in ("Brevard County", "Hillsborough County", "Duval County", "≤", "—"):
        assert heading in text or heading == "≤"
    for row in rows:
        for reason in row["reasons"]:
            assert flat(reason) in text, reason


def test_the_report_command_writes_each_format_and_filters(day_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", day_url[0])
    assert cli.main(["report", "--date", DATE, "--format", "md", "--decision", "DO_NOT_BID"]) == 0
    out = capsys.readouterr().out
    assert out.count("### ") == 3 and "— DO_NOT_BID" in out and "-CA-012193" not in out.split("|---|")[0]
    assert cli.main(["report", "--date", DATE, "--county", "duval", "--format", "html", "--third-party-likely"]) == 0
    page = capsys.readouterr().out
    assert "<h2>Duval County" in page and "Brevard" not in page and page.count("class='case'") == 1
    target = tmp_path / "day.pdf"
    assert cli.main(["report", "--date", DATE, "--county", "duval", "--format", "pdf", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF") and capsys.readouterr().err == f"wrote {target}\n"
    for bad in (["--decision", "BUY"], ["--output", str(tmp_path / "nowhere" / "x.md")], ["--county", "atlantis"]):
        assert cli.main(["report", "--date", DATE, *bad]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
    assert cli.main(["report", "--date", "2026-13-40"]) == 2
    assert cli.main(["report", "--date", "2026-12-09"]) == 1  # no sheet that day
    capsys.readouterr()


def test_the_recommendations_metadata_holds_the_same_report(day_url, rows):
    md = day_url[1]["brevard"]["report"].value
    brevard = [r for r in rows if r["county"] == "brevard"]
    assert md.split("\n", 1)[1] == report.as_markdown(brevard, title="x").split("\n", 1)[1]
    assert json.dumps(md)  # plain text the UI can show


def test_the_demo_writes_the_full_report_of_each_next_sale_day_into_the_home(day_url, rows, monkeypatch, tmp_path):
    from biddeed_assets.app import demo

    monkeypatch.setenv("BIDDEED_HOME", str(tmp_path))
    [path] = demo.write_reports(day_url[0], {county: DATE for county in COUNTIES})
    assert path == str(tmp_path / "reports" / f"bid_sheets_{DATE}.html")
    page = html.unescape(open(path, encoding="utf-8").read())
    assert all(f"<h2>{name} County" in page for name in ("Brevard", "Hillsborough", "Duval"))
    for row in rows:  # what the demo's table cuts at 48 characters is here whole
        assert all(reason in page for reason in row["reasons"])

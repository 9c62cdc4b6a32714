import json

import dagster as dg

from biddeed_assets.app import cli
from biddeed_assets_tests.fixtures import page


def test_parse_prints_canonical_records_as_json_lines(capsys):
    path = page("brevard_clerk/sale_list_2017-05.html")
    assert cli.main(["parse", "clerk-sale-list", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["case_number"] for r in rows] == [
        "05-2008-CA-022131-XXXX-XX", "05-2010-CA-047105-XXXX-XX", "05-2011-CA-052383-XXXX-XX"]
    assert rows[0]["auction_date"] == "2017-05-10" and rows[0]["plaintiff"] == "BANK NEW YORK"


def test_parse_reports_a_page_without_the_table(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text("<html><body>maintenance</body></html>")
    assert cli.main(["parse", "clerk-sale-list", str(page)]) == 1
    assert "no foreclosure sale table" in capsys.readouterr().err


def test_parse_rejects_an_unknown_kind(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text("<html></html>")
    assert cli.main(["parse", "no-such-kind", str(page)]) == 2
    assert "known:" in capsys.readouterr().err


def test_bench_prints_one_json_line_per_figure(capsys):
    assert cli.main(["bench", "clerk"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    figure = json.loads(line)
    assert set(figure) == {"bench", "value", "unit"}
    assert figure["bench"] == "parse_clerk_rows_per_s" and figure["value"] > 0


def test_the_definitions_load_and_validate():
    from biddeed_assets.definitions import defs

    definitions = defs()
    dg.Definitions.validate_loadable(definitions)
    keys = {k.to_user_string() for k in definitions.resolve_all_asset_keys()}
    assert "scraped_cases" in keys


def test_dg_check_defs_is_clean(pg_server, tmp_path):
    import os
    import subprocess

    from biddeed_assets.app import runtime
    from biddeed_assets.store import config, server

    server.ensure_database(pg_server.admin_url, "dagster")
    (tmp_path / "dagster.yaml").write_text((runtime.PROJECT_ROOT / "dagster.yaml").read_text())
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path),
           "BIDDEED_DAGSTER_PG_URL": config.sqlalchemy_url(config.with_database(pg_server.admin_url, "dagster"))}
    done = subprocess.run(runtime.dg_command("check", "defs"), cwd=runtime.PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All definitions loaded successfully" in done.stdout + done.stderr


def test_every_portal_page_kind_parses_its_real_fixture(capsys):
    cases = {
        "realforeclose-calendar": "fixtures/real/realforeclose/hillsborough/calendar.html",
        "realforeclose-load": "fixtures/real/realforeclose/hillsborough/load_area_C_2026-06-05.json",
        "bcpao-search": "fixtures/real/brevard_bcpao/search_2627712.json",
        "bcpao-account": "fixtures/real/brevard_bcpao/account_2627712.json",
        "beca-docket": "fixtures/real/brevard_beca/case_docket.html",
        "official-records": "fixtures/real/brevard_official_records/case_search_results.html",
        "tax-bill": "fixtures/real/brevard_tax_collector/parcel_bill.html",
    }
    for kind, path in cases.items():
        assert cli.main(["parse", kind, str(page(path.removeprefix("fixtures/real/")))]) == 0, kind
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert rows, kind

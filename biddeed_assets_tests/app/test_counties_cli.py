"""`biddeed counties`: every county, enabled or not, its next stored sale, and what can be fetched there."""

import json

from biddeed_assets.app import cli


def _insert(conn, county, day, number, status="SCHEDULED"):
    conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status)"
                 " VALUES (%s, %s, %s, 'FORECLOSURE', %s)", (county, day, number, status))


def test_json_lines_carry_platform_enabled_next_sale_and_sources(conn, db_url, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    monkeypatch.delenv("BIDDEED_COUNTIES", raising=False)
    _insert(conn, "pasco", "2026-11-20", "51-2025-CA-000001-CAAX-WS")  # past: not the next sale
    _insert(conn, "pasco", "2026-12-07", "51-2025-CA-000002-CAAX-ES", status="CANCELLED")
    _insert(conn, "pasco", "2026-12-14", "51-2025-CA-000003-CAAX-ES")
    _insert(conn, "brevard", "2026-12-02", "05-2025-CA-012345-XXCA-BC")
    assert cli.main(["counties", "--json", "--today", "2026-11-25"]) == 0
    out, err = capsys.readouterr()
    rows = {row["slug"]: row for row in map(json.loads, out.splitlines())}
    assert len(rows) == 47 and sum(row["enabled"] for row in rows.values()) == 38
    pasco = rows["pasco"]
    assert (pasco["platform"], pasco["enabled"], pasco["next_sale"]) == ("REALFORECLOSE", True, "2026-12-14")
    assert rows["brevard"]["next_sale"] == "2026-12-02" and rows["duval"]["next_sale"] is None
    assert pasco["sources"]["liens"] == {"available": False,
                                         "how": "no official-records portal for this county yet: liens unknown"}
    assert pasco["sources"]["sale_list"]["available"]
    baker = rows["baker"]
    assert not baker["enabled"] and "in person" in baker["disabled_reason"]
    assert rows["calhoun"]["url_derived"] and rows["calhoun"]["site_url"] == "https://calhoun.realforeclose.com"
    assert err == ""


def test_without_a_database_next_sale_is_unknown_and_no_server_is_started(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BIDDEED_DATABASE_URL", raising=False)
    monkeypatch.setenv("BIDDEED_HOME", str(tmp_path / "home"))
    assert cli.main(["counties"]) == 0
    out, err = capsys.readouterr()
    assert "next_sale unknown" in err and "Traceback" not in out + err
    assert out.splitlines()[0].startswith("47 Florida counties, 38 enabled; next sale on or after 20")
    pasco = next(line for line in out.splitlines() if line.startswith("pasco "))
    assert "REALFORECLOSE" in pasco and "enabled" in pasco and "next_sale unknown" in pasco
    assert "cannot: liens" in out
    assert not (tmp_path / "home" / "pgdata").exists()


def test_an_unreachable_database_is_one_line_not_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", "postgresql://app:s3cret@127.0.0.1:1/biddeed")
    assert cli.main(["counties", "--json"]) == 0
    out, err = capsys.readouterr()
    assert all(json.loads(line)["next_sale"] is None for line in out.splitlines())
    assert "next_sale unknown" in err and "s3cret" not in err and "Traceback" not in err


def test_a_bad_biddeed_counties_exits_2_naming_the_known_counties(monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_COUNTIES", "atlantis")
    assert cli.main(["counties"]) == 2
    assert "unknown county 'atlantis'; known: alachua" in capsys.readouterr().err

"""`materialize` without --simulator names the sites it will contact and, when they are down, fails in seconds."""

import pytest

from biddeed_assets.app import cli, live_sites, materialize

UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def definitions():
    return materialize.load_defs()


def test_the_sites_probed_are_those_the_asset_fetches_from_in_that_county(definitions, monkeypatch):
    monkeypatch.setenv("BIDDEED_REALFORECLOSE_URL", UNREACHABLE + "/rf/{county}")
    monkeypatch.setenv("BIDDEED_CLERK_URL", UNREACHABLE + "/clerk/Foreclosures/")
    scraped = materialize.sale_day_asset("scraped_cases", definitions)
    assert live_sites.portal_urls(scraped, ["duval"], "scraped_cases") == [UNREACHABLE + "/rf/duval"]
    assert UNREACHABLE + "/clerk/Foreclosures/" in live_sites.portal_urls(scraped, ["brevard"], "scraped_cases")
    monkeypatch.setenv("BIDDEED_TAX_URL", UNREACHABLE + "/tax")
    monkeypatch.setenv("BIDDEED_REALTDM_URL", UNREACHABLE + "/realtdm")
    # one multi-asset ingests the day: each of its assets probes only the sites it reads
    assert sorted(live_sites.portal_urls(scraped, ["brevard"], "tax_records")) == [
        UNREACHABLE + "/realtdm", UNREACHABLE + "/tax"]
    assert live_sites.portal_urls(materialize.sale_day_asset("case_features", definitions), ["brevard"]) == []


def test_unreachable_sites_fail_the_command_before_any_database(monkeypatch, capsys):
    from biddeed_assets.store import server

    def started():
        raise AssertionError("the database was started although the sites cannot be reached")

    monkeypatch.setattr(server, "up", started)
    for env in ("BIDDEED_CLERK_URL", "BIDDEED_BECA_URL"):
        monkeypatch.setenv(env, UNREACHABLE + "/" + env)
    assert cli.main(["materialize", "scraped_cases", "--date", "2026-11-25", "--county", "brevard"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["about to contact the portals: 127.0.0.1:9",
                   "biddeed materialize: cannot reach 127.0.0.1:9 (Connection refused): nothing was materialized"], err


def test_the_live_sites_are_named_as_such(definitions, monkeypatch, capsys):
    monkeypatch.delenv("BIDDEED_REALFORECLOSE_URL", raising=False)
    monkeypatch.setattr(live_sites.reachability, "unreachable", lambda urls: {})  # no internet in tests
    live_sites.check(materialize.sale_day_asset("scraped_cases", definitions), ["duval"], "scraped_cases")
    assert capsys.readouterr().err == ("about to contact the live county sites: www.duval.realforeclose.com:443 "
                                       "(--simulator URL uses a running `biddeed simulate` instead)\n")


def test_with_the_simulator_the_run_fetches_from_it_without_a_probe(db_url, simulator, monkeypatch, capsys):
    from biddeed_assets.app import runtime

    monkeypatch.setattr(runtime, "apply", lambda env: [monkeypatch.setenv(k, v) for k, v in env.items()])
    monkeypatch.setenv("BIDDEED_DATABASE_URL", db_url)
    monkeypatch.delenv("BIDDEED_CLERK_URL", raising=False)  # the defaults are the real sites: unreachable here
    assert cli.main(["materialize", "scraped_cases", "--date", "2026-11-25", "--county", "brevard",
                     "--simulator", simulator.url]) == 0
    out, err = capsys.readouterr()
    assert "scraped_cases 2026-11-25 brevard: ok" in out and "about to contact" not in err

import psycopg

from biddeed_assets.app import cli
from biddeed_assets.store import server


def test_up_url_migrate_down_on_the_embedded_server(own_home, capsys):
    assert cli.main(["db", "up"]) == 0
    assert capsys.readouterr().err == f"new BidDeed home at {own_home} (BIDDEED_HOME)\n"
    assert cli.main(["db", "up"]) == 0  # idempotent: finds the running server
    assert capsys.readouterr().err == ""  # said once, when the home was new
    assert cli.main(["db", "url"]) == 0
    shown = capsys.readouterr().out.strip()
    assert str(own_home / "pgdata") in shown and "/biddeed?" in shown and "biddeed_app:***@" in shown
    url = server.up().url  # the app role's login, password included
    assert cli.main(["db", "migrate"]) == 0
    assert "applied: 001_core.sql" in capsys.readouterr().out
    assert cli.main(["db", "migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO alerts (severity, title, message) VALUES ('info', 't', 'persisted')")
    assert cli.main(["db", "down"]) == 0
    assert "stopped" in capsys.readouterr().out
    assert cli.main(["db", "up"]) == 0  # data survives a restart
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT message FROM alerts").fetchone()[0] == "persisted"


def test_an_external_url_is_used_instead_and_never_stopped(own_home, pg_server, monkeypatch, capsys):
    monkeypatch.setenv("BIDDEED_DATABASE_URL", pg_server.admin_url)
    assert cli.main(["db", "url"]) == 0
    assert capsys.readouterr().out.strip() == pg_server.admin_url
    assert cli.main(["db", "down"]) == 1
    assert not (own_home / "pgdata").exists()

"""Fixtures of the store tests: an embedded server of the test's own, under its own BIDDEED_HOME."""

import pytest

from biddeed_assets.app import cli


@pytest.fixture
def own_home(tmp_path, monkeypatch):
    """BIDDEED_HOME in the test's tmp dir, no external URL; the embedded server is stopped afterwards."""
    monkeypatch.setenv("BIDDEED_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BIDDEED_DATABASE_URL", raising=False)
    yield tmp_path / "home"
    cli.main(["db", "down"])

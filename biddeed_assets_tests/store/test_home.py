"""The home is the same whichever directory a command runs from; a new one is announced."""

from pathlib import Path

import pytest

from biddeed_assets.store import config

PYPROJECT = '[project]\nname = "biddeed_assets"\n'


@pytest.fixture
def no_explicit_home(monkeypatch, tmp_path):
    monkeypatch.delenv("BIDDEED_HOME", raising=False)
    monkeypatch.setattr(config, "_PACKAGE_ROOT", tmp_path / "site-packages")  # as if installed, not editable
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path


def test_biddeed_home_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("BIDDEED_HOME", str(tmp_path / "mine"))
    assert config.home_and_why() == (tmp_path / "mine", "BIDDEED_HOME")


def test_anywhere_in_the_project_tree_is_the_project_s_home(no_explicit_home, monkeypatch):
    root = no_explicit_home / "checkout"
    (root / "sql" / "deep").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "sql" / "pyproject.toml").write_text('[project]\nname = "something-else"\n')
    for where in (root, root / "sql" / "deep"):
        monkeypatch.chdir(where)
        assert config.home_and_why() == (root / ".biddeed", "the project of the current directory")
    (root / "pyproject.toml").write_text(PYPROJECT + '\n[tool.biddeed]\nhome = "state/db"\n')
    assert config.home() == root / "state" / "db"


def test_outside_the_project_an_editable_install_uses_its_checkout_s_home(no_explicit_home, monkeypatch):
    checkout = no_explicit_home / "checkout"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text(PYPROJECT)
    monkeypatch.setattr(config, "_PACKAGE_ROOT", checkout)
    monkeypatch.chdir(no_explicit_home)
    assert config.home_and_why() == (checkout / ".biddeed", "the project BidDeed is installed from")


def test_outside_any_project_the_user_level_home(no_explicit_home, monkeypatch):
    monkeypatch.chdir(no_explicit_home)
    assert config.home_and_why() == (no_explicit_home / "xdg" / "biddeed", "the user-level default")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(no_explicit_home / "me"))
    assert config.home() == no_explicit_home / "me" / ".local" / "share" / "biddeed"


def test_this_checkout_is_found_from_its_own_subdirectories(monkeypatch):
    monkeypatch.delenv("BIDDEED_HOME", raising=False)
    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root / "biddeed_assets_tests")
    assert config.home() == root / ".biddeed"

"""Process environment for BidDeed commands: the database, Dagster's home, and portal URLs."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg

from biddeed_assets.store import config
from biddeed_assets.store.server import Server

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def dagster_home() -> Path:
    return config.home() / "dagster"


def environment(server: Server) -> dict[str, str]:
    """Variables that point Dagster and the assets at this server; the CLI exports them to its children."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    venv = {"VIRTUAL_ENV": sys.prefix} if sys.prefix != sys.base_prefix else {}  # dg checks it matches .venv
    return {
        **venv,
        "DAGSTER_HOME": str(home),
        "BIDDEED_DAGSTER_PG_URL": config.sqlalchemy_url(server.dagster_url),
        "BIDDEED_DATABASE_URL": server.url,
        "BIDDEED_OWNER_DATABASE_URL": server.owner_url,
        # XGBoost's OpenMP threads spin while they wait; on a busy 2-core machine that made one training take
        # 73 s instead of 20 (measured): passive waiting yields the core instead. Read when xgboost is loaded.
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE"),
    }


def apply(env: dict[str, str]) -> None:
    os.environ.update(env)


def instance() -> dg.DagsterInstance:
    """The persistent Dagster instance (runs show in the UI); call after apply()."""
    return dg.DagsterInstance.get()


def dg_command(*args: str) -> list[str]:
    """The `dg` of this environment (make runs the venv's programs without it being on PATH)."""
    local = Path(sys.executable).parent / "dg"
    return [str(local) if local.exists() else "dg", *args]

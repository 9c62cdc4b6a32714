"""Where BidDeed keeps its state and which database it talks to, from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DOMAIN_DB = "biddeed"
DAGSTER_DB = "dagster"


def home() -> Path:
    """$BIDDEED_HOME, default ./.biddeed: the embedded server's data, Dagster's home, backups."""
    return Path(os.environ.get("BIDDEED_HOME", ".biddeed")).resolve()


def external_url() -> str | None:
    """BIDDEED_DATABASE_URL, when set, points every command at an existing server instead of the embedded one."""
    return os.environ.get("BIDDEED_DATABASE_URL") or None


def with_database(url: str, database: str) -> str:
    """The same server URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def sqlalchemy_url(url: str) -> str:
    """dagster-postgres goes through SQLAlchemy, which wants the driver named."""
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg2://{rest}" if scheme in ("postgres", "postgresql") else url

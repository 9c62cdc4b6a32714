"""Where BidDeed keeps its state and which database it talks to, from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

DOMAIN_DB = "biddeed"
DAGSTER_DB = "dagster"


def home() -> Path:
    """$BIDDEED_HOME, default ./.biddeed: the embedded server's data, Dagster's home, backups."""
    return Path(os.environ.get("BIDDEED_HOME", ".biddeed")).resolve()


def external_url() -> str | None:
    """BIDDEED_DATABASE_URL, when set, points every command at an existing server instead of the embedded one."""
    return os.environ.get("BIDDEED_DATABASE_URL") or None


def owner_url() -> str | None:
    """BIDDEED_OWNER_DATABASE_URL: the role that owns the domain tables (migrations, backups), when not the app's."""
    return os.environ.get("BIDDEED_OWNER_DATABASE_URL") or None


def with_database(url: str, database: str) -> str:
    """The same server URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def masked(url: str) -> str:
    """The URL with its password replaced by ***: the only form of a URL BidDeed ever prints or logs."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))


def mask_text(text: str, *urls: str) -> str:
    """`text` with every password of `urls` (default: BIDDEED_DATABASE_URL's) replaced by ***."""
    for url in urls or tuple(filter(None, [external_url()])):
        password = urlsplit(url).password
        if password:
            text = text.replace(url, masked(url)).replace(password, "***")
    return text


def without_password(url: str) -> tuple[str, str | None]:
    """(the URL without its password, the password): tools get the password through PGPASSWORD, never argv."""
    parts = urlsplit(url)
    if not parts.password:
        return url, None
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    bare = urlunsplit((parts.scheme, f"{user}@{host}" if user else host, parts.path, parts.query, parts.fragment))
    return bare, unquote(parts.password)


def sqlalchemy_url(url: str) -> str:
    """dagster-postgres goes through SQLAlchemy, which wants the driver named."""
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg2://{rest}" if scheme in ("postgres", "postgresql") else url

"""Where BidDeed keeps its state and which database it talks to, from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

DOMAIN_DB = "biddeed"
DAGSTER_DB = "dagster"
PROJECT_NAMES = ("biddeed", "biddeed_assets")  # [project] name of BidDeed's pyproject.toml
DEFAULT_HOME = ".biddeed"  # relative to the project root; `[tool.biddeed] home` in pyproject.toml overrides
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the checkout, for an editable install


def home() -> Path:
    """Where the embedded server's data, Dagster's home and backups live: see `home_and_why`."""
    return home_and_why()[0]


def home_and_why() -> tuple[Path, str]:
    """$BIDDEED_HOME; else the home of the BidDeed project that holds the current directory, or of the
    project this package is installed from (editable install); else the user-level data directory. The
    same home whichever directory a command runs from, so it always finds the same embedded database."""
    explicit = os.environ.get("BIDDEED_HOME")
    if explicit:
        return Path(explicit).expanduser().resolve(), "BIDDEED_HOME"
    try:
        cwd = Path.cwd()
    except OSError:  # the current directory was removed
        cwd = None
    for start, upward, why in ((cwd, True, "the project of the current directory"),
                               (_PACKAGE_ROOT, False, "the project BidDeed is installed from")):
        root = project_root(start, upward=upward) if start is not None else None
        if root is not None:
            return (root / _configured_home(root)).resolve(), why
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return (Path(data).expanduser() / "biddeed").resolve(), "the user-level default"


def project_root(start: Path, *, upward: bool = True) -> Path | None:
    """The directory (start, or with `upward` its nearest ancestor) whose pyproject.toml is BidDeed's."""
    for folder in (start, *start.parents) if upward else (start,):
        if _project_table(folder / "pyproject.toml").get("project", {}).get("name") in PROJECT_NAMES:
            return folder
    return None


def _configured_home(root: Path) -> str:
    return str(_project_table(root / "pyproject.toml").get("tool", {}).get("biddeed", {}).get("home", DEFAULT_HOME))


def _project_table(path: Path) -> dict:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


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

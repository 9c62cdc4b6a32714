"""The embedded Postgres+pgvector server (the `pgserver` wheel), or the external one BIDDEED_DATABASE_URL names."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg

from biddeed_assets.store import config


@dataclass(frozen=True)
class Server:
    """A running server: its admin URL and the URLs of our two databases, as the roles that use them.

    Embedded: `url` and `dagster_url` log in as biddeed_app, `reader_url` as biddeed_reader, and
    `owner_url` (migrations, backups) as the superuser that owns the domain tables. External:
    BIDDEED_DATABASE_URL is what every command uses (give it biddeed_app's login) and
    BIDDEED_OWNER_DATABASE_URL, when set, what migrations and backups use.
    """

    admin_url: str
    embedded: bool
    pgdata: Path | None = None
    passwords: tuple[tuple[str, str], ...] = ()  # (role, password) of the embedded server's login roles

    def _as(self, role: str, database: str) -> str:
        from biddeed_assets.store import roles

        url = config.with_database(self.admin_url, database)
        secret = dict(self.passwords).get(role)
        return roles.as_role(url, role, secret) if secret else url

    @property
    def url(self) -> str:
        if self.embedded:
            return self._as("biddeed_app", config.DOMAIN_DB)
        return self.admin_url

    @property
    def owner_url(self) -> str:
        if self.embedded:
            return config.with_database(self.admin_url, config.DOMAIN_DB)
        return config.owner_url() or self.admin_url

    @property
    def reader_url(self) -> str | None:
        return self._as("biddeed_reader", config.DOMAIN_DB) if self.embedded else None

    @property
    def dagster_url(self) -> str:
        if self.embedded:
            return self._as("biddeed_app", config.DAGSTER_DB)
        return config.with_database(self.admin_url, config.DAGSTER_DB)


def pgdata_dir() -> Path:
    return config.home() / "pgdata"


def start_embedded(pgdata: Path | None = None) -> Server:
    """Start (or find running) the embedded server; it outlives this process until `db down`."""
    _ensure_runtime_dir()
    import pgserver  # imported here: it takes a lock and spawns processes
    from pgserver.postgres_server import PostgresServer
    from pgserver.utils import PostmasterInfo

    pgdata = (pgdata or pgdata_dir()).resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        PostgresServer._instances.pop(pgdata, None)  # pgserver caches handles per process, even stopped ones
    srv = pgserver.get_server(pgdata, cleanup_mode=None)
    return Server(admin_url=srv.get_uri(), embedded=True, pgdata=pgdata)


def _ensure_runtime_dir() -> None:
    """pgserver keeps its lock in the user runtime dir; headless machines often have none set."""
    import os
    import tempfile

    if not os.environ.get("XDG_RUNTIME_DIR"):
        path = Path(tempfile.gettempdir()) / f"biddeed-runtime-{os.getuid()}"
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(path)


def stop_embedded(pgdata: Path | None = None) -> bool:
    """Stop the embedded server if it runs; True when one was stopped."""
    _ensure_runtime_dir()
    from pgserver._commands import pg_ctl
    from pgserver.utils import PostmasterInfo

    pgdata = pgdata or pgdata_dir()
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is None or not info.is_running():
        return False
    user = "pgserver" if _running_as_root() else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    return True


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def up() -> Server:
    """The server every command uses: BIDDEED_DATABASE_URL's, else the embedded one, with both databases made."""
    external = config.external_url()
    if external:
        server = Server(admin_url=external, embedded=False)
        ensure_database(server.admin_url, config.database_name(server.url))
        ensure_database(server.admin_url, config.DAGSTER_DB)
        return server
    from biddeed_assets.store import roles

    fresh = not (pgdata_dir() / "PG_VERSION").exists()
    server = start_embedded()
    if fresh:
        where, why = config.home_and_why()
        hint = "" if why == "BIDDEED_HOME" else "; set BIDDEED_HOME to choose another"
        print(f"new BidDeed home at {where} ({why}{hint})", file=sys.stderr, flush=True)
    ensure_database(server.admin_url, config.DOMAIN_DB)
    ensure_database(server.admin_url, config.DAGSTER_DB)
    logins = roles.ensure_logins(server.admin_url, server.pgdata)
    return Server(server.admin_url, True, server.pgdata, tuple(sorted(logins.items())))


def ensure_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def bin_path(tool: str) -> str:
    """A client program (pg_dump, pg_restore, psql) from the pgserver wheel, else from PATH."""
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / tool
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    return tool


class ToolError(RuntimeError):
    """A client program (pg_dump, pg_restore) failed; the message is its own reason, with no secret in it."""


def run_tool(tool: str, *args: str, url: str | None) -> subprocess.CompletedProcess:
    """Run a client program against `url` (None: no database, e.g. reading an archive); the password travels
    in PGPASSWORD, never on the command line."""
    import os

    bare, password = config.without_password(url) if url else (None, None)
    env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    target = [f"--dbname={bare}"] if bare else []
    done = subprocess.run([bin_path(tool), *args, *target], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        reason = " ".join(line.strip() for line in done.stderr.splitlines() if line.strip()) or f"exit {done.returncode}"
        raise ToolError(config.mask_text(f"{tool} failed: {reason}", *([url] if url else [])))
    return done

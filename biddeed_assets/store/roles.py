"""Login roles of the embedded server: `biddeed_app` for every command and service, `biddeed_reader` read-only.

What each role may do is decided by the migrations (grants and row-level-security policies, sql/012); this
module gives the embedded server's roles their logins: a generated password each, kept in
`$BIDDEED_HOME/secrets/<role>.password` (mode 0600), required over the server's unix socket (scram-sha-256
in pg_hba.conf; the superuser keeps the socket's peer trust, which only the data directory's owner can
reach). Dagster's own database is owned by `biddeed_app`, which creates and upgrades Dagster's tables; the
domain database stays the superuser's, so the app cannot create or drop anything there.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from biddeed_assets.store import config

APP, READER = "biddeed_app", "biddeed_reader"
HBA_MARK = "# biddeed: its login roles authenticate with a password"


def secrets_dir() -> Path:
    return config.home() / "secrets"


def password(role: str) -> tuple[str, bool]:
    """The role's password, generated on first use (mode 0600); True when it was just made."""
    folder = secrets_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{role}.password"
    if path.is_file():
        return path.read_text().strip(), False
    made = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(made + "\n")
    return made, True


def as_role(url: str, role: str, secret: str) -> str:
    """The same server and database, logged in as `role`."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{role}:{quote(secret, safe='')}@{host}", parts.path, parts.query, parts.fragment))


def _require_passwords(pgdata: Path, conn: psycopg.Connection) -> None:
    hba = pgdata / "pg_hba.conf"
    text = hba.read_text()
    if HBA_MARK in text:
        return
    rule = f"{HBA_MARK}\nlocal   all   {APP},{READER}   scram-sha-256\n"
    hba.write_text(rule + text)
    conn.execute("SELECT pg_reload_conf()")


def _own_dagster_database(admin_url: str) -> None:
    """Dagster's database and everything in it belong to the app role (Dagster migrates its own schema)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(config.DAGSTER_DB),
                                                                    sql.Identifier(APP)))
    with psycopg.connect(config.with_database(admin_url, config.DAGSTER_DB), autocommit=True) as conn:
        # tables first: a table takes its own sequences along; the free-standing ones follow
        for kind, query in (("TABLE", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> %s"),
                            ("SEQUENCE", "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
                                         " AND sequenceowner <> %s")):
            for (name,) in conn.execute(query, (APP,)).fetchall():
                conn.execute(sql.SQL("ALTER {} {} OWNER TO {}").format(sql.SQL(kind), sql.Identifier(name),
                                                                      sql.Identifier(APP)))


def ensure_logins(admin_url: str, pgdata: Path) -> dict[str, str]:
    """Give both roles a login with their password (set again only when the password is new); the role URLs."""
    urls = {}
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for role in (APP, READER):
            secret, fresh = password(role)
            exists = conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            if exists is None:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(secret)))
            elif fresh or not exists[0]:
                conn.execute(sql.SQL("ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(secret)))
            urls[role] = secret
        _require_passwords(pgdata, conn)
    _own_dagster_database(admin_url)
    return urls

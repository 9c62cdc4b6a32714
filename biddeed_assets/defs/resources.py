"""Resources: the domain database and the county portals, configured from the environment."""


import os
from contextlib import contextmanager

import dagster as dg
import httpx
from pydantic import PrivateAttr

from biddeed_assets.portals import clerk_sale_list
from biddeed_assets.portals.http import USER_AGENT, make_client
from biddeed_assets.store import db, server


class DatabaseResource(dg.ConfigurableResource):
    """The domain Postgres (psycopg 3 pool); no URL means the embedded server under $BIDDEED_HOME."""

    url: str | None = None
    max_connections: int = 4
    _pool = PrivateAttr(default=None)

    def resolved_url(self) -> str:
        return self.url or server.up().url

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._pool = db.open_pool(self.resolved_url(), max_size=self.max_connections)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._pool is not None:
            self._pool.close()

    @contextmanager
    def transaction(self):
        """A connection inside one transaction: all of a partition's writes land together or not at all."""
        with db.transaction(self._pool) as conn:
            yield conn

    @contextmanager
    def connection(self):
        with self._pool.connection() as conn:
            yield conn


class ClerkPortalResource(dg.ConfigurableResource):
    """Brevard clerk's web site (the foreclosure sale list)."""

    base_url: str = clerk_sale_list.DEFAULT_BASE_URL
    timeout_s: float = 20.0
    user_agent: str = USER_AGENT

    def client(self) -> httpx.Client:
        return make_client(timeout_s=self.timeout_s, user_agent=self.user_agent)


def _env_or(name: str, default: str | None):
    """An env-var-backed setting when the variable is set (shown as such in the UI), else the default."""
    return dg.EnvVar(name) if os.environ.get(name) else default


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "database": DatabaseResource(url=_env_or("BIDDEED_DATABASE_URL", None)),
            "clerk_portal": ClerkPortalResource(
                base_url=_env_or("BIDDEED_CLERK_URL", clerk_sale_list.DEFAULT_BASE_URL)
            ),
        }
    )

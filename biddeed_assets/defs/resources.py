"""Resources: the domain database, the county portals (configured from the environment), the retrain policy,
the alert channels, the narrator (the smart LLM router, or rules only)."""

import dataclasses
import os
from contextlib import contextmanager

import dagster as dg
from pydantic import PrivateAttr

from biddeed_assets.defs.operate.actors import audit_tags
from biddeed_assets.defs.partitions import published_as_of
from biddeed_assets.model import drift
from biddeed_assets.narrative.router import Router, RouterConfig
from biddeed_assets.narrative.tiers import DAILY_BUDGET_USD, DEFAULT_PRICES, Price, Tier
from biddeed_assets.operate import channels
from biddeed_assets.portals import (
    bcpao,
    beca_docket,
    census,
    clerk_sale_list,
    official_records,
    tax_collector,
)
from biddeed_assets.portals.counties import site_url
from biddeed_assets.portals.http import AS_OF_HEADER, USER_AGENT, HostPaces, PortalHttp, log_to
from biddeed_assets.store import audit, db, server
from biddeed_assets.store.http_cache import HttpCache


class DatabaseResource(dg.ConfigurableResource):
    """The domain Postgres (psycopg 3 pool); no URL means the embedded server under $BIDDEED_HOME."""

    url: str | None = None
    max_connections: int = 4
    _pool = PrivateAttr(default=None)
    _who = PrivateAttr(default_factory=dict)

    def resolved_url(self) -> str:
        return self.url or server.up().url

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._pool = db.open_pool(self.resolved_url(), max_size=self.max_connections)
        self._who = audit_tags(context.run)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._pool is not None:
            self._pool.close()

    @property
    def pool(self):
        return self._pool

    @contextmanager
    def transaction(self):
        """A connection inside one transaction: all of a partition's writes land together or not at all."""
        with db.transaction(self._pool) as conn:
            audit.tag_session(conn, **self._who)  # the audit trail names this run and who launched it
            yield conn

    @contextmanager
    def connection(self):
        with self._pool.connection() as conn:
            yield conn


class PortalResource(dg.ConfigurableResource):
    """A county web portal: its base URL and how politely and persistently we fetch from it."""

    name: str
    base_url: str
    timeout_s: float = 20.0
    max_attempts: int = 4
    wait_initial_s: float = 0.5
    min_interval_s: float = 0.25  # between request starts per host: polite to a county's server
    max_concurrency: int = 4
    breaker_fail_max: int = 5
    breaker_reset_s: float = 30.0
    user_agent: str = USER_AGENT

    def url_for(self, county: str) -> str:
        """The base URL for a county (RealForeclose sites are one per county: `{county}` or `{site_url}`, the
        registry's real site, in the template)."""
        if "{site_url}" in self.base_url:
            return self.base_url.format(county=county, site_url=site_url(county))
        return self.base_url.format(county=county)

    def http(self, context: dg.AssetExecutionContext | None = None, database: DatabaseResource | None = None, *,
             paces: HostPaces | None = None) -> PortalHttp:
        """A resilient client that logs into the run and falls back to the HTTP cache in the database; in a
        replayed run (AS_OF_TAG) it asks for each page as published before the partition's sale. Clients given
        the same `paces` share each host's limits."""
        as_of = published_as_of(context)
        return PortalHttp(
            self.name,
            cache=HttpCache(database.pool) if database is not None else None,
            log=log_to(context.log) if context is not None else None,
            timeout_s=self.timeout_s, max_attempts=self.max_attempts, wait_initial_s=self.wait_initial_s,
            min_interval_s=self.min_interval_s, max_concurrency=self.max_concurrency,
            fail_max=self.breaker_fail_max, reset_timeout_s=self.breaker_reset_s, user_agent=self.user_agent,
            headers={AS_OF_HEADER: as_of.isoformat()} if as_of else None, paces=paces,
        )


# Real sites by default; BIDDEED_<NAME>_URL points a portal elsewhere (the demo and tests: the simulator).
PORTALS: dict[str, tuple[str, str]] = {
    "clerk": ("BIDDEED_CLERK_URL", clerk_sale_list.DEFAULT_BASE_URL),
    "realforeclose": ("BIDDEED_REALFORECLOSE_URL", "{site_url}"),
    "bcpao": ("BIDDEED_BCPAO_URL", bcpao.DEFAULT_BASE_URL),
    "beca": ("BIDDEED_BECA_URL", beca_docket.BECA_BASE_URL),
    "official_records": ("BIDDEED_OFFICIAL_RECORDS_URL", official_records.DEFAULT_BASE_URL),
    "tax": ("BIDDEED_TAX_URL", tax_collector.DEFAULT_BASE_URL),
    "realtdm": ("BIDDEED_REALTDM_URL", tax_collector.REALTDM_BASE_URL),
    "census": ("BIDDEED_CENSUS_URL", census.DEFAULT_BASE_URL),
}


def _env_or(name: str, default: str | None):
    """An env-var-backed setting when the variable is set (shown as such in the UI), else the default."""
    return dg.EnvVar(name) if os.environ.get(name) else default


def portal_resources(**overrides) -> dict[str, PortalResource]:
    """One resource per portal, keyed `<name>_portal`; BIDDEED_PORTAL_MIN_INTERVAL_S sets the politeness gap."""
    if os.environ.get("BIDDEED_PORTAL_MIN_INTERVAL_S"):
        overrides.setdefault("min_interval_s", float(os.environ["BIDDEED_PORTAL_MIN_INTERVAL_S"]))
    return {
        f"{name}_portal": PortalResource(name=name, base_url=_env_or(env, default), **overrides)
        for name, (env, default) in PORTALS.items()
    }


DEFAULT_RULE = drift.RetrainRule()


class RetrainPolicy(dg.ConfigurableResource):
    """When to retrain: RetrainRule's thresholds (the seed's by default), set per deployment in the UI or YAML."""

    window_days: int = DEFAULT_RULE.window_days
    error_margin: float = DEFAULT_RULE.error_margin
    min_error_samples: int = DEFAULT_RULE.min_error_samples
    accuracy_drop: float = DEFAULT_RULE.accuracy_drop
    min_accuracy_samples: int = DEFAULT_RULE.min_accuracy_samples
    cooldown_hours: float = DEFAULT_RULE.cooldown_hours
    seed_baseline_error: float = DEFAULT_RULE.seed_baseline_error
    seed_baseline_accuracy: float = DEFAULT_RULE.seed_baseline_accuracy

    def rule(self) -> drift.RetrainRule:
        """The RetrainRule these settings make."""
        return drift.RetrainRule(**{f.name: getattr(self, f.name) for f in dataclasses.fields(drift.RetrainRule)})


class AlertChannelsResource(dg.ConfigurableResource):
    """Where alerts go: webhook, SMTP and GitHub settings, each from its BIDDEED_ALERT_* variable when set."""

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_security: str | None = None
    email_from: str | None = None
    email_to: str | None = None
    github_repo: str | None = None
    github_token: str | None = None
    github_api_url: str | None = None

    def settings(self) -> channels.ChannelSettings:
        return channels.ChannelSettings(**{name: getattr(self, name) for name in channels.ENV})


def alert_channels() -> AlertChannelsResource:
    """Secrets (webhook URL, SMTP password, token) stay dg.EnvVar: the UI shows the variable's name only."""
    settings = {name: _env_or(var, None) for name, var in channels.ENV.items()}
    if os.environ.get(channels.ENV["smtp_port"]):
        settings["smtp_port"] = dg.EnvVar.int(channels.ENV["smtp_port"])
    return AlertChannelsResource(**settings)


class NarratorResource(dg.ConfigurableResource):
    """Who writes the bid sheet's narratives: the smart router over an OpenAI-compatible API when a base URL
    and a model are set, else the rules. Models and prices per tier; `model` serves tiers without their own."""

    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    model_free: str | None = None
    model_ultra_cheap: str | None = None
    model_budget: str | None = None
    model_production: str | None = None
    model_critical: str | None = None
    prices: dict[str, str] = {}  # tier name -> "input,output" dollars per million tokens (the seed's by default)
    daily_budget_usd: float = DAILY_BUDGET_USD
    timeout_s: float = 20.0
    max_tokens: int = 400

    def config(self) -> RouterConfig:
        models = {tier: getattr(self, f"model_{tier.name.lower()}") or self.model for tier in Tier}
        prices = {**DEFAULT_PRICES, **{Tier[name.upper()]: Price.parse(text) for name, text in self.prices.items()}}
        return RouterConfig(base_url=self.base_url, api_key=self.api_key,
                            models={tier: m for tier, m in models.items() if m}, prices=prices,
                            daily_budget_usd=self.daily_budget_usd, timeout_s=self.timeout_s, max_tokens=self.max_tokens)

    def router(self, **hooks) -> Router:
        """A router with the caller's spend reader and call log (see narrative/router.py)."""
        return Router(self.config(), **hooks)


def narrator() -> NarratorResource:
    """BIDDEED_LLM_BASE_URL, BIDDEED_LLM_API_KEY (dg.EnvVar: the UI shows the name only), BIDDEED_LLM_MODEL and
    BIDDEED_LLM_MODEL_<TIER>, BIDDEED_LLM_PRICE_<TIER>, BIDDEED_LLM_DAILY_BUDGET_USD, BIDDEED_LLM_TIMEOUT_S."""
    settings = {"base_url": _env_or("BIDDEED_LLM_BASE_URL", None), "api_key": _env_or("BIDDEED_LLM_API_KEY", None),
                "model": _env_or("BIDDEED_LLM_MODEL", None),
                **{f"model_{t.name.lower()}": _env_or(f"BIDDEED_LLM_MODEL_{t.name}", None) for t in Tier}}
    settings["prices"] = {t.name: os.environ[f"BIDDEED_LLM_PRICE_{t.name}"] for t in Tier
                          if os.environ.get(f"BIDDEED_LLM_PRICE_{t.name}")}
    for field_name, var in (("daily_budget_usd", "BIDDEED_LLM_DAILY_BUDGET_USD"), ("timeout_s", "BIDDEED_LLM_TIMEOUT_S")):
        if os.environ.get(var):
            try:
                settings[field_name] = float(os.environ[var])
            except ValueError:
                raise ValueError(f"{var} must be a number, got {os.environ[var]!r}") from None
    return NarratorResource(**settings)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={"database": DatabaseResource(url=_env_or("BIDDEED_DATABASE_URL", None)), **portal_resources(),
                   "retrain_policy": RetrainPolicy(), "alert_channels": alert_channels(), "narrator": narrator()}
    )

"""The alert rules (seed sections 5 and 8): what fires, for which subject, how severe, and how long it cools down.

Each rule turns facts (from the store, and run counts from Dagster's run storage) into firings; `evaluate`
raises each firing by its stable key (rule + subject) and resolves the rule's alerts that no longer fire.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from biddeed_assets.model import drift
from biddeed_assets.narrative.tiers import DAILY_BUDGET_USD
from biddeed_assets.store import alerts, learning, registry, router_logs

AUCTION_TZ = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class AlertPolicy:
    """The rules' thresholds: the seed's where it has them (10% failures, > 5 failures in a row, $20 a day)."""

    run_window_hours: float = 24.0
    max_failure_rate: float = 0.10
    min_runs: int = 5  # below this a rate says little; each failed run is alerted on its own anyway
    max_portal_failures: int = 5
    portal_window_days: int = 7
    max_case_age_hours: float = 36.0  # morning_intake refreshes every upcoming sale day daily
    max_demographics_age_days: int = 400  # the ACS figures are refreshed yearly
    upcoming_days: int = 14
    daily_llm_budget_usd: float = DAILY_BUDGET_USD
    capture_deadline_hour: int = 21  # sale_day_outcomes runs at 17:00 ET; by 21:00 the capture should exist
    capture_lookback_days: int = 14  # RealForeclose drops closed items within weeks
    retrain_rule: drift.RetrainRule = field(default_factory=drift.RetrainRule)


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    cooldown: dt.timedelta
    title: str


RULES = {r.name: r for r in (
    Rule("run_failure_rate", "critical", dt.timedelta(hours=1), "run failure rate above {limit:.0%}: {subject}"),
    Rule("portal_failing", "critical", dt.timedelta(hours=1), "portal failing: {subject}"),
    Rule("model_drift", "warning", dt.timedelta(hours=24), "model drift: {subject}"),
    Rule("stale_data", "warning", dt.timedelta(hours=6), "stale data: {subject}"),
    Rule("llm_budget", "warning", dt.timedelta(hours=24), "LLM budget exceeded: {subject}"),
    Rule("sale_day_not_captured", "critical", dt.timedelta(hours=6), "sale-day outcomes not captured: {subject}"),
)}


@dataclass(frozen=True)
class Firing:
    rule: str
    subject: str
    message: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    """One rule's evaluation: its firings, or why it is inactive (then nothing is raised or resolved)."""

    rule: str
    firings: list[Firing]
    inactive: str | None = None


def run_failure_rate(counts: Mapping[str, tuple[int, int]], policy: AlertPolicy) -> RuleResult:
    """Per job, finished runs and failures in the window: a rate above the limit with enough runs fires."""
    firings = [
        Firing("run_failure_rate", job, f"{failed} of {runs} runs of {job} failed in the last "
               f"{policy.run_window_hours:g} h ({failed / runs:.0%} > {policy.max_failure_rate:.0%})",
               {"job": job, "runs": runs, "failed": failed, "rate": round(failed / runs, 4)})
        for job, (runs, failed) in sorted(counts.items())
        if runs >= policy.min_runs and failed / runs > policy.max_failure_rate
    ]
    return RuleResult("run_failure_rate", firings)


def portal_failing(streaks: list[Mapping[str, Any]], policy: AlertPolicy) -> RuleResult:
    firings = [
        Firing("portal_failing", s["source"], f"{s['streak']} reads from {s['source']} failed in a row "
               f"(more than {policy.max_portal_failures}); latest: {s['detail']}",
               {"source": s["source"], "streak": s["streak"], "latest": s["latest"], "detail": s["detail"]})
        for s in streaks if s["streak"] > policy.max_portal_failures
    ]
    return RuleResult("portal_failing", firings)


def model_drift(decision: drift.RetrainDecision) -> RuleResult:
    if not decision.retrain:
        return RuleResult("model_drift", [])
    return RuleResult("model_drift", [Firing("model_drift", "third_party_model", decision.reason, decision.evidence)])


def stale_data(ages: list[Mapping[str, Any]], demographics: dt.datetime | None, now: dt.datetime,
               policy: AlertPolicy) -> RuleResult:
    limit = dt.timedelta(hours=policy.max_case_age_hours)
    firings = [
        Firing("stale_data", f"cases:{a['county']}", f"the upcoming sale days of {a['county']} rest on a sale list "
               f"read {_age(now - a['oldest'])} ago (limit {policy.max_case_age_hours:g} h)",
               {"county": a["county"], "oldest": a["oldest"], "sale_days": a["sale_days"]})
        for a in ages if now - a["oldest"] > limit
    ]
    if demographics is not None and now - demographics > dt.timedelta(days=policy.max_demographics_age_days):
        firings.append(Firing("stale_data", "demographics", f"the census figures were read {_age(now - demographics)}"
                              f" ago (limit {policy.max_demographics_age_days} days)", {"ingested_at": demographics}))
    return RuleResult("stale_data", firings)


def llm_budget(spend: Mapping[str, Any], today: dt.date, policy: AlertPolicy) -> RuleResult:
    """Inactive while no LLM is called (no smart_router_logs row today); then the daily budget applies."""
    if not spend["calls"]:
        return RuleResult("llm_budget", [], inactive="no LLM calls recorded in smart_router_logs today")
    cost = spend["cost_usd"] or 0.0
    if cost <= policy.daily_llm_budget_usd:
        return RuleResult("llm_budget", [])
    return RuleResult("llm_budget", [Firing(
        "llm_budget", today.isoformat(), f"LLM spend ${cost:.2f} over {spend['calls']} calls today exceeds the "
        f"daily budget of ${policy.daily_llm_budget_usd:.2f}", {**spend, "budget_usd": policy.daily_llm_budget_usd})])


def sale_day_not_captured(missing: list[Mapping[str, Any]]) -> RuleResult:
    firings = [
        Firing("sale_day_not_captured", f"{m['county']}|{m['auction_date']}",
               f"{m['county']} sold on {m['auction_date']} ({m['cases']} cases scheduled) and no outcome was captured "
               "by that evening: run capture_outcomes for the partition before the site drops the results",
               {"county": m["county"], "auction_date": m["auction_date"], "cases": m["cases"]})
        for m in missing
    ]
    return RuleResult("sale_day_not_captured", firings)


def capture_window(now: dt.datetime, policy: AlertPolicy) -> tuple[dt.date, dt.date]:
    """The sale days whose evening deadline has passed, within the lookback."""
    local = now.astimezone(AUCTION_TZ)
    until = local.date() if local.hour >= policy.capture_deadline_hour else local.date() - dt.timedelta(days=1)
    return until - dt.timedelta(days=policy.capture_lookback_days), until


def rule_results(conn: psycopg.Connection, run_counts: Mapping[str, tuple[int, int]] | None, now: dt.datetime,
                 policy: AlertPolicy) -> list[RuleResult]:
    """Every rule on the store's facts (and the run counts, when the caller could read run storage)."""
    today = now.astimezone(AUCTION_TZ).date()
    rule = policy.retrain_rule
    window = learning.window_error(conn, days=rule.window_days, as_of=now)
    decision = rule.decide(window, rule.baseline(registry.champion(conn, "third_party_model")))
    since, until = capture_window(now, policy)
    midnight = dt.datetime.combine(today, dt.time(), AUCTION_TZ)
    results = [
        run_failure_rate(run_counts, policy) if run_counts is not None
        else RuleResult("run_failure_rate", [], inactive="no run storage given"),
        portal_failing(alerts.portal_failure_streaks(conn, since=now - dt.timedelta(days=policy.portal_window_days)),
                       policy),
        model_drift(decision),
        stale_data(alerts.upcoming_ingest_ages(conn, today=today, days=policy.upcoming_days),
                   alerts.demographics_age(conn), now, policy),
        llm_budget(router_logs.spend_since(conn, since=midnight), today, policy),
        sale_day_not_captured(alerts.uncaptured_sale_days(conn, since=since, until=until)),
    ]
    return results


def evaluate(conn: psycopg.Connection, run_counts: Mapping[str, tuple[int, int]] | None, *,
             now: dt.datetime | None = None, policy: AlertPolicy = AlertPolicy()) -> dict[str, Any]:
    """Raise every firing and resolve what stopped firing, in one transaction; returns what happened per rule."""
    now = now or dt.datetime.now(dt.UTC)
    summary: dict[str, Any] = {}
    with conn.transaction():
        for result in rule_results(conn, run_counts, now, policy):
            if result.inactive:
                summary[result.rule] = {"inactive": result.inactive}
                continue
            spec = RULES[result.rule]
            outcomes: dict[str, str] = {}
            for f in result.firings:
                title = spec.title.format(subject=f.subject, limit=policy.max_failure_rate)
                outcomes[f.subject] = alerts.raise_alert(
                    conn, rule=f.rule, subject=f.subject, severity=spec.severity, title=title, message=f.message,
                    context=f.context, cooldown=spec.cooldown, now=now)
            resolved = alerts.resolve_absent(conn, rule=result.rule, firing=[f.subject for f in result.firings], now=now)
            summary[result.rule] = {"firing": outcomes, "resolved": resolved}
    return summary


def _age(delta: dt.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours < 72 else f"{hours / 24:.0f} days"

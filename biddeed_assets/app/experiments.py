"""`biddeed experiments start|list|show|end`: A/B tests of the bid parameters; and the demo's experiment."""

from __future__ import annotations

import getpass
import json
import sys
import time
from collections.abc import Sequence

from biddeed_assets.model import ab_report
from biddeed_assets.rules.experiments import Experiment, Variant, parse_variant
from biddeed_assets.rules.max_bid import SEED_PARAMETERS
from biddeed_assets.store import db
from biddeed_assets.store import experiments as store

DEMO_NAME = "arv_70_vs_65"
DEMO_MIN_SAMPLE = 200


def define(name: str, variant_specs: Sequence[str], *, split: str | None = None, metric: str = "mean_profit",
           min_sample: int = 100, alpha: float = 0.05, description: str | None = None) -> Experiment:
    """An Experiment from the command line's words; a bad word raises ValueError naming it."""
    parsed = [parse_variant(spec) for spec in variant_specs]
    weights = [1.0] * len(parsed)
    if split:
        try:
            weights = [float(w) for w in split.split(",")]
        except ValueError:
            raise ValueError(f"--split {split!r}: comma-separated numbers, one per variant") from None
        if len(weights) != len(parsed):
            raise ValueError(f"--split has {len(weights)} shares for {len(parsed)} variants")
    variants = tuple(Variant(n, p, w) for (n, p), w in zip(parsed, weights, strict=True))
    return Experiment(name=name, variants=variants, primary_metric=metric, min_sample=min_sample, alpha=alpha,
                      description=description)


def _listed(row: dict, counts: dict[str, int]) -> dict:
    return {"name": row["name"], "status": row["status"], "variants": row["variants"],
            "variant_params": row["variant_params"], "primary_metric": row["primary_metric"],
            "min_sample": row["min_sample"], "alpha": float(row["alpha"]), "winner": row["winner"],
            "started_at": row["started_at"].isoformat(),
            "ended_at": row["ended_at"].isoformat() if row["ended_at"] else None, "assignments": counts}


def _params_text(row: dict) -> str:
    """Each variant with the knobs it changes from the seed's formula, and its traffic weight."""
    seed, parts = SEED_PARAMETERS.to_dict(), []
    for name in row["variants"]:
        stored = row["variant_params"].get(name) or {}
        changed = {k: v for k, v in (stored.get("params") or {}).items() if seed.get(k) != v}
        knobs = ", ".join(f"{k} {v:g}" for k, v in changed.items()) or "seed formula"
        parts.append(f"{name} ({knobs}; weight {stored.get('weight', 1):g})")
    return ", ".join(parts)


def listing(conn, *, as_json: bool) -> str:
    rows = store.listing(conn)
    if as_json:
        return "\n".join(json.dumps(_listed(r, store.assignment_counts(conn, r["name"]))) for r in rows)
    if not rows:
        return "no experiments (start one: biddeed experiments start NAME --variant control --variant lean:arv_factor=0.65)"
    return "\n".join(f"{r['name']:<24} {r['status']:<10} {r['primary_metric']:<12} since {r['started_at']:%Y-%m-%d}"
                     f"  {_params_text(r)}" + (f"  winner {r['winner']}" if r["winner"] else "") for r in rows)


def report_text(conn, name: str, *, as_json: bool = False) -> str:
    row = store.get(conn, name)
    report = ab_report.report_for(row, store.outcomes(conn, name))
    if as_json:
        return json.dumps(report.to_dict(), default=str)
    return ab_report.as_text(report)


def command(url: str, args) -> int:
    """Run one `biddeed experiments` action; bad input (a bad variant, an unknown name) is one line and exit 2."""
    try:
        return _command(url, args)
    except (ValueError, LookupError) as exc:
        print(f"biddeed experiments {args.action}: {exc}", file=sys.stderr)
        return 2


def _command(url: str, args) -> int:
    with db.connect(url) as conn:
        conn.autocommit = True
        if args.action == "list":
            print(listing(conn, as_json=args.json))
            return 0
        if not args.name:
            raise ValueError("needs a NAME (see `biddeed experiments list`)")
        if args.action == "start":
            experiment = define(args.name, args.variant or [], split=args.split, metric=args.metric,
                                min_sample=args.min_sample, alpha=args.alpha, description=args.description)
            store.start(conn, experiment, actor=getpass.getuser())
            print(f"started {experiment.name}: " + ", ".join(f"{k} {v:.0%}" for k, v in experiment.split().items())
                  + "; cases are assigned as their recommendations are made (asset experiment_assignments)")
            return 0
        if args.action == "show":
            print(report_text(conn, args.name, as_json=args.json))
            return 0
        store.end(conn, args.name, winner=args.winner, actor=getpass.getuser())
        print(f"ended {args.name}" + (f"; winner {args.winner}" if args.winner else ""))
        return 0


def demo_experiment() -> Experiment:
    return define(DEMO_NAME, ["control", "arv65:arv_factor=0.65"], metric="mean_profit",
                  min_sample=DEMO_MIN_SAMPLE, description="the seed's 70% of ARV against 65%, judged by real sales")


def run_demo_experiment(url: str, instance=None) -> str:
    """The demo's experiment: 70% vs 65% of ARV over the replayed history (the sales it can be judged by) and the
    coming bid sheets, then its report (recorded as the experiment_report asset in `instance` when given)."""
    started = time.monotonic()
    with db.connect(url) as conn:
        if not any(r["name"] == DEMO_NAME for r in store.listing(conn)):
            with conn.transaction():
                store.start(conn, demo_experiment(), actor="demo")
        running = [e for e in store.active(conn) if e.name == DEMO_NAME]
        judged_days = store.judged_partitions(conn)
        upcoming = [p for p in store.recommended_partitions(conn) if p not in set(judged_days)]
        past, cases, judged = set(judged_days), 0, 0
        for county, day in judged_days + upcoming:
            with conn.transaction():  # each partition as its assets would write it: whole or not at all
                cases += len(store.assign_partition(conn, running, county=county, auction_date=day, run_id=None))
                if (county, day) in past:
                    judged += len(store.judge_partition(conn, county=county, auction_date=day))
        text = report_text(conn, DEMO_NAME)
    print(f"experiment {DEMO_NAME}: {cases} cases assigned over {len(judged_days)} past and {len(upcoming)} coming "
          f"sale days, {judged} judged by their sale ({time.monotonic() - started:.0f} s)")
    if instance is not None:
        _record_report(url, instance)
    print(text, flush=True)
    return text


def _record_report(url: str, instance) -> None:
    import dagster as dg

    from biddeed_assets.app.materialize import QUIET
    from biddeed_assets.defs.experiment.experiment_report import experiment_report
    from biddeed_assets.defs.resources import DatabaseResource

    result = dg.materialize([experiment_report], instance=instance, raise_on_error=False, run_config=QUIET,
                            resources={"database": DatabaseResource(url=url)})
    if not result.success:
        print(f"experiment_report: FAILED (run {result.run_id[:8]})")

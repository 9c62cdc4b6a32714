"""Experiments, their per-partition assignments and judged outcomes (tables experiments, experiment_*)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg

from biddeed_assets.rules.experiments import Experiment, assignment_rows, outcome_rows
from biddeed_assets.store import analysis_inputs, audit, writers
from biddeed_assets.store.rows import dicts

ASSIGNMENT_COLUMNS = (
    "experiment_name", "county", "auction_date", "case_number", "variant", "decision", "max_bid",
    "max_bid_is_ceiling", "control_decision", "control_max_bid", "arv", "repairs", "holding_cost",
    "surviving_liens_value", "run_id",
)
OUTCOME_COLUMNS = (
    "experiment_name", "county", "auction_date", "case_number", "variant", "metrics", "result", "won", "profit",
    "sold_amount", "sold_to",
)
EXPERIMENT_COLUMNS = ("name, description, variants, variant_params, allocation, metrics, primary_metric, min_sample,"
                      " alpha, status, winner, started_at, ended_at")


class UnknownExperiment(LookupError):
    """No experiment of that name."""


class ExperimentExists(ValueError):
    """An experiment of that name was already started (names are never reused: the hash depends on them)."""


def _allocation(experiment: Experiment) -> float:
    """The seed's `allocation` column: the share of traffic outside the control."""
    return round(1 - experiment.split()[experiment.control.name], 2)


def start(conn: psycopg.Connection, experiment: Experiment, *, actor: str | None = None) -> None:
    """Store a new active experiment and record it in the audit trail."""
    if conn.execute("SELECT 1 FROM experiments WHERE name = %s", (experiment.name,)).fetchone():
        raise ExperimentExists(f"experiment {experiment.name} already exists (see `biddeed experiments list`)")
    after = {"variants": experiment.variant_params(), "primary_metric": experiment.primary_metric,
             "min_sample": experiment.min_sample, "alpha": experiment.alpha, "status": "active"}
    conn.execute(
        "INSERT INTO experiments (name, description, variants, variant_params, allocation, metrics, primary_metric,"
        " min_sample, alpha, status) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'active')",
        (experiment.name, experiment.description, [v.name for v in experiment.variants],
         json.dumps(experiment.variant_params()), _allocation(experiment), ["win_rate", "mean_profit"],
         experiment.primary_metric, experiment.min_sample, experiment.alpha),
    )
    audit.record_experiment_change(conn, experiment=experiment.name, action="experiment.start", before=None,
                                   after=after, actor=actor)


def listing(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every experiment, newest first."""
    return dicts(conn, f"SELECT {EXPERIMENT_COLUMNS} FROM experiments ORDER BY started_at DESC, name")


def get(conn: psycopg.Connection, name: str) -> dict[str, Any]:
    rows = dicts(conn, f"SELECT {EXPERIMENT_COLUMNS} FROM experiments WHERE name = %s", (name,))
    if not rows:
        raise UnknownExperiment(f"no experiment named {name!r} (see `biddeed experiments list`)")
    return rows[0]


def active(conn: psycopg.Connection) -> list[Experiment]:
    """The experiments new recommendations are assigned to."""
    rows = dicts(conn, f"SELECT {EXPERIMENT_COLUMNS} FROM experiments WHERE status = 'active' ORDER BY name")
    return [Experiment.from_stored(r) for r in rows]


def end(conn: psycopg.Connection, name: str, *, winner: str | None, actor: str | None = None) -> dict[str, Any]:
    """Complete an experiment (its assignments and outcomes stay); returns the row before."""
    before = get(conn, name)
    if before["status"] == "completed":
        raise ValueError(f"experiment {name} already ended {before['ended_at']:%Y-%m-%d %H:%M}")
    if winner is not None and winner not in before["variants"]:
        raise ValueError(f"winner {winner!r} is not a variant of {name}: {', '.join(before['variants'])}")
    conn.execute("UPDATE experiments SET status = 'completed', winner = %s, ended_at = now() WHERE name = %s",
                 (winner, name))
    audit.record_experiment_change(conn, experiment=name, action="experiment.complete",
                                   before={"status": before["status"]},
                                   after={"status": "completed", "winner": winner}, actor=actor)
    return before


def replace_assignments(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]], *, experiments: Sequence[str],
                        county: str, auction_date: str) -> int:
    """Replace the partition's assignments of `experiments` (others' rows stay); the caller owns the transaction."""
    conn.execute("DELETE FROM experiment_assignments WHERE county = %s AND auction_date = %s"
                 " AND experiment_name = ANY(%s)", (county, auction_date, list(experiments)))
    return writers.copy_rows(conn, "experiment_assignments", ASSIGNMENT_COLUMNS, rows)


def assign_partition(conn: psycopg.Connection, experiments: Sequence[Experiment], *, county: str, auction_date: str,
                     run_id: str | None) -> list[dict[str, Any]]:
    """Assign the partition's analyzed cases to each experiment's variants and store them; returns the rows."""
    if not experiments:
        return []
    contexts = [i.to_context() for i in analysis_inputs.partition_inputs(conn, county=county, auction_date=auction_date)]
    rows = [row for experiment in experiments
            for row in assignment_rows(experiment, contexts, county=county, auction_date=auction_date, run_id=run_id)]
    replace_assignments(conn, rows, experiments=[e.name for e in experiments], county=county, auction_date=auction_date)
    return rows


def judge_partition(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict[str, Any]]:
    """Judge every assignment of the partition by its sale and store the outcomes; returns the rows."""
    rows = outcome_rows(assignments_with_outcomes(conn, county=county, auction_date=auction_date))
    replace_outcomes(conn, rows, county=county, auction_date=auction_date)
    return rows


def assignments_with_outcomes(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict[str, Any]]:
    """The partition's assignments (every experiment), each with its case's outcome status, amount and buyer."""
    return dicts(
        conn,
        "SELECT a.*, o.status, o.sold_amount, o.sold_to FROM experiment_assignments a"
        " JOIN outcomes o USING (county, auction_date, case_number)"
        " WHERE a.county = %s AND a.auction_date = %s ORDER BY a.experiment_name, a.case_number",
        (county, auction_date),
    )


def replace_outcomes(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]], *, county: str,
                     auction_date: str) -> int:
    """Replace the partition's judged outcomes; the caller owns the transaction."""
    return writers.replace_partition(conn, "experiment_outcomes", OUTCOME_COLUMNS, rows, county=county,
                                     auction_date=auction_date)


def outcomes(conn: psycopg.Connection, name: str) -> list[dict[str, Any]]:
    """An experiment's judged outcomes: variant, result, won, profit."""
    return dicts(conn, "SELECT variant, result, won, profit FROM experiment_outcomes WHERE experiment_name = %s",
                 (name,))


def assignment_counts(conn: psycopg.Connection, name: str) -> dict[str, int]:
    rows = conn.execute("SELECT variant, count(*) FROM experiment_assignments WHERE experiment_name = %s"
                        " GROUP BY variant", (name,)).fetchall()
    return dict(rows)


def judged_partitions(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """(county, date) of every sale day with captured outcomes of cases the pipeline ingested, oldest first."""
    rows = conn.execute(
        "SELECT DISTINCT o.county, o.auction_date FROM outcomes o JOIN cases c USING (county, auction_date,"
        " case_number) WHERE o.source IS NULL OR o.source NOT IN (SELECT source FROM history_imports)"
        " ORDER BY o.auction_date, o.county").fetchall()
    return [(county, day.isoformat()) for county, day in rows]


def recommended_partitions(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """(county, date) of every bid sheet (recommendations made), oldest first."""
    rows = conn.execute("SELECT DISTINCT county, auction_date FROM auction_results ORDER BY auction_date, county"
                        ).fetchall()
    return [(county, day.isoformat()) for county, day in rows]

"""Runs whose process died: the liveness check run monitoring uses, and what an operator lists and clears."""

from __future__ import annotations

import json
import socket
import sys
from dataclasses import dataclass

import dagster as dg
import psutil

# The RunLauncher health-check API has no public export; dagster-k8s/-docker/-aws import it from here too.
from dagster._core.launcher import CheckRunHealthResult, WorkerStatus

GRPC_INFO_TAG = ".dagster/grpc_info"  # where DefaultRunLauncher records the code server a run went to
IN_PROGRESS = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
               dg.DagsterRunStatus.CANCELING]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", socket.gethostname()}
# A run's RUN_START is written a moment after its process starts; a pid whose process began later was reused.
START_SLACK_S = 5.0


@dataclass(frozen=True)
class Worker:
    """What this machine can tell about the process that executes a run."""

    state: str  # "alive", "dead" or "unknown"
    pid: int | None
    reason: str


def run_worker(instance: dg.DagsterInstance, run: dg.DagsterRun) -> Worker:
    """Whether the run's process (the pid on its RUN_START event) still runs on this machine."""
    starts = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_START)
    if not starts or starts[-1].dagster_event is None or not starts[-1].dagster_event.pid:
        return Worker("unknown", None, "the run has not recorded its process yet")
    pid, started = starts[-1].dagster_event.pid, starts[-1].timestamp
    host = _grpc_host(run)
    if host is not None and host not in LOCAL_HOSTS:
        return Worker("unknown", pid, f"its process runs on {host}, not on this machine")
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return Worker("dead", pid, f"process {pid} has exited")
        if process.create_time() > started + START_SLACK_S:
            return Worker("dead", pid, f"process {pid} has exited (the pid now belongs to another process)")
    except psutil.NoSuchProcess:
        return Worker("dead", pid, f"process {pid} has exited")
    except psutil.AccessDenied:
        return Worker("alive", pid, f"process {pid} exists (owned by another user)")
    return Worker("alive", pid, f"process {pid} is running")


def _grpc_host(run: dg.DagsterRun) -> str | None:
    info = run.tags.get(GRPC_INFO_TAG)
    if not info:
        return None
    try:
        return json.loads(info).get("host")
    except (ValueError, AttributeError):
        return None


class LocalRunLauncher(dg.DefaultRunLauncher):
    """DefaultRunLauncher whose run workers run monitoring can check: a STARTED run whose process is gone fails.

    DefaultRunLauncher itself offers no worker health check, so the monitoring daemon could only time such a
    run out after max_runtime_seconds. This one looks the run's pid up on the daemon's machine; runs it
    cannot see (another host) count as running and are left to max_runtime_seconds.
    """

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: dg.DagsterRun) -> CheckRunHealthResult:
        worker = run_worker(self._instance, run)
        if worker.state == "dead":
            return CheckRunHealthResult(WorkerStatus.FAILED, f"run worker {worker.reason}")
        return CheckRunHealthResult(WorkerStatus.RUNNING, worker.reason)


@dataclass(frozen=True)
class RunSlots:
    """A run that is in progress or still holds pool slots."""

    run_id: str
    job_name: str
    status: str
    worker: Worker
    claimed: tuple[str, ...]  # pools whose slots the run holds
    waiting: tuple[str, ...]  # pools the run waits on


def slot_holders(instance: dg.DagsterInstance) -> dict[str, tuple[list[str], list[str]]]:
    """run_id -> (pools it holds a slot of, pools it waits on)."""
    storage = instance.event_log_storage
    holders: dict[str, tuple[list[str], list[str]]] = {}
    if not storage.supports_global_concurrency_limits:
        return holders
    for pool in sorted(storage.get_concurrency_keys()):
        info = storage.get_concurrency_info(pool)
        for slot in info.claimed_slots:
            holders.setdefault(slot.run_id, ([], []))[0].append(pool)
        for step in info.pending_steps:
            if step.assigned_timestamp is None:
                holders.setdefault(step.run_id, ([], []))[1].append(pool)
    return holders


def listing(instance: dg.DagsterInstance) -> list[RunSlots]:
    """Runs in progress, and finished runs that still hold pool slots, oldest first."""
    holders = slot_holders(instance)
    records = {r.dagster_run.run_id: r for r in instance.get_run_records(dg.RunsFilter(statuses=IN_PROGRESS))}
    if holders.keys() - records.keys():
        for r in instance.get_run_records(dg.RunsFilter(run_ids=list(holders.keys() - records.keys()))):
            records[r.dagster_run.run_id] = r
    rows = []
    for record in sorted(records.values(), key=lambda r: r.create_timestamp):
        run = record.dagster_run
        claimed, waiting = holders.get(run.run_id, ([], []))
        worker = run_worker(instance, run) if not run.is_finished else Worker("dead", None, "the run has finished")
        rows.append(RunSlots(run.run_id, run.job_name, run.status.value, worker, tuple(claimed), tuple(waiting)))
    return rows


class ClearRefused(Exception):
    """The run may still be working: clearing it would let a second run into its pools."""


def clear(instance: dg.DagsterInstance, run_id: str, *, force: bool = False) -> str:
    """Mark a run whose process died as failed and free its pool slots; returns what was done."""
    run = instance.get_run_by_id(run_id)
    if run is None:
        raise ClearRefused(f"no run {run_id}")
    done = []
    if not run.is_finished:
        worker = run_worker(instance, run)
        if worker.state == "alive" or (worker.state == "unknown" and not force):
            hint = "terminate it from the UI" if worker.state == "alive" else "add --force if you know it is gone"
            raise ClearRefused(f"run {run_id} may still be working ({worker.reason}): {hint}")
        instance.report_run_failed(run, f"Marked failed by `biddeed runs clear`: {worker.reason}.")
        done.append(f"marked {run.status.value} run failed ({worker.reason})")
    pools = slot_holders(instance).get(run_id, ([], []))
    instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    held = pools[0] + pools[1]
    done.append(f"freed its slots in {', '.join(held)}" if held else "it held no pool slots")
    return f"run {run_id}: " + "; ".join(done)


def describe(row: RunSlots) -> str:
    pools = [f"holds {p}" for p in row.claimed] + [f"waits on {p}" for p in row.waiting]
    return (f"{row.run_id}  {row.status:<9} {row.job_name:<24} {row.worker.state}: {row.worker.reason}"
            + (f"  [{', '.join(pools)}]" if pools else ""))


def command(instance: dg.DagsterInstance, action: str, run_id: str | None = None, *, force: bool = False) -> int:
    """`biddeed runs [list]` and `biddeed runs clear RUN_ID [--force]`; the exit code."""
    if action == "list":
        rows = listing(instance)
        for row in rows:
            print(describe(row))
        if not rows:
            print("no run in progress and no pool slot held")
        return 0
    try:
        print(clear(instance, run_id or "", force=force))
    except ClearRefused as exc:
        print(f"not cleared: {exc}", file=sys.stderr)
        return 1
    return 0

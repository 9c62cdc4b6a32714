"""A run SIGKILLed mid-step is failed by Dagster's run monitoring, gives its pool slot back, and the next run proceeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dagster as dg
import psycopg
import pytest
import yaml

from biddeed_assets.app import runs, runtime
from biddeed_assets.store import config
from biddeed_assets_tests.defs.pooled_location import POOL, napper

LOCATION = "biddeed_assets_tests.defs.pooled_location"


@pytest.fixture
def dagster_env(pg_server, tmp_path, monkeypatch):
    """DAGSTER_HOME with the project's dagster.yaml on a Dagster database of this test's own.

    Only the pace changes: one slot in the pool, and the daemon polls every second instead of every 30.
    """
    name = f"dagster_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    settings = yaml.safe_load((runtime.PROJECT_ROOT / "dagster.yaml").read_text())
    settings["concurrency"]["pools"]["default_limit"] = 1
    settings["run_monitoring"].update(poll_interval_seconds=1, free_slots_after_run_end_seconds=1)
    (tmp_path / "dagster.yaml").write_text(yaml.safe_dump(settings))
    env = {"DAGSTER_HOME": str(tmp_path),
           "BIDDEED_DAGSTER_PG_URL": config.sqlalchemy_url(config.with_database(pg_server.admin_url, name))}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield env
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def processes():
    """Every process a test starts, each leading its own process group, killed with its children at the end."""
    started: list[subprocess.Popen] = []
    yield started
    for proc in started:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the group: a daemon's code server goes with it
        except ProcessLookupError:
            pass
        proc.wait()


def start(processes, env, log: Path, *args: str) -> subprocess.Popen:
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=runtime.PROJECT_ROOT, env={**os.environ, **env}, start_new_session=True,
                                stdout=out, stderr=subprocess.STDOUT)
    processes.append(proc)
    return proc


def start_run(processes, env, log: Path, seconds: float) -> subprocess.Popen:
    return start(processes, env, log, sys.executable, "-m", LOCATION, str(seconds))


def wait_for(what: str, predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def pool(instance: dg.DagsterInstance):
    return instance.event_log_storage.get_concurrency_info(POOL)


def holder(instance: dg.DagsterInstance) -> str | None:
    claimed = pool(instance).claimed_slots
    return claimed[0].run_id if claimed else None


def waiter(instance: dg.DagsterInstance) -> str | None:
    waiting = [s.run_id for s in pool(instance).pending_steps if s.assigned_timestamp is None]
    return waiting[0] if waiting else None


def status(instance: dg.DagsterInstance, run_id: str) -> dg.DagsterRunStatus:
    return instance.get_run_by_id(run_id).status


def failure_message(instance: dg.DagsterInstance, run_id: str) -> str:
    return " ".join(e.message or "" for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE))


def test_the_daemon_fails_a_killed_run_frees_its_pool_and_the_next_run_succeeds(dagster_env, processes, tmp_path):
    log = tmp_path / "daemon.log"
    daemon = start(processes, dagster_env, log, str(Path(sys.executable).parent / "dagster-daemon"), "run",
                   "-m", LOCATION)
    victim_proc = start_run(processes, dagster_env, tmp_path / "victim.log", 120)
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.run_launcher, runs.LocalRunLauncher) and instance.run_monitoring_enabled
        victim = wait_for("the first run to take the pool's only slot", lambda: holder(instance))
        follower_proc = start_run(processes, dagster_env, tmp_path / "follower.log", 0)
        follower = wait_for("the next run to wait on the pool", lambda: waiter(instance))
        checked = log.read_text().count(f"Checking run {victim}")
        wait_for("a pass of the daemon's run monitoring over the live run",
                 lambda: log.read_text().count(f"Checking run {victim}") > checked or daemon.poll() is not None)
        assert daemon.poll() is None, log.read_text()
        assert status(instance, victim) == dg.DagsterRunStatus.STARTED  # a live run is left alone
        assert holder(instance) == victim and waiter(instance) == follower

        victim_proc.send_signal(signal.SIGKILL)
        victim_proc.wait()
        killed = time.monotonic()
        wait_for("run monitoring to fail the killed run",
                 lambda: status(instance, victim) == dg.DagsterRunStatus.FAILURE, timeout=30)
        failed_after = time.monotonic() - killed
        assert f"process {victim_proc.pid} has exited" in failure_message(instance, victim)

        assert follower_proc.wait(timeout=60) == 0, (tmp_path / "follower.log").read_text()
        assert status(instance, follower) == dg.DagsterRunStatus.SUCCESS
        assert pool(instance).claimed_slots == [] and pool(instance).pending_steps == []
    # The daemon polls every second here (30 s as shipped); the bound leaves room for a loaded machine.
    assert failed_after < 15, f"the killed run was failed {failed_after:.1f}s after the kill"


def test_runs_clear_fails_a_dead_run_and_frees_its_pool_without_a_daemon(dagster_env, processes, tmp_path, capsys):
    victim_proc = start_run(processes, dagster_env, tmp_path / "victim.log", 120)
    with dg.DagsterInstance.get() as instance:
        victim = wait_for("the run to take the pool's slot", lambda: holder(instance))
        assert runs.command(instance, "list") == 0
        assert f"{victim}  STARTED   __ASSET_JOB" in capsys.readouterr().out
        assert runs.run_worker(instance, instance.get_run_by_id(victim)).state == "alive"
        assert runs.command(instance, "clear", victim) == 1  # a live run keeps its slot
        assert "may still be working" in capsys.readouterr().err
        assert holder(instance) == victim

        victim_proc.send_signal(signal.SIGKILL)
        victim_proc.wait()
        assert runs.command(instance, "list") == 0
        assert f"dead: process {victim_proc.pid} has exited  [holds {POOL}]" in capsys.readouterr().out
        assert runs.command(instance, "clear", victim) == 0
        assert f"freed its slots in {POOL}" in capsys.readouterr().out
        assert status(instance, victim) == dg.DagsterRunStatus.FAILURE
        assert "biddeed runs clear" in failure_message(instance, victim)
        assert pool(instance).claimed_slots == [] and pool(instance).pending_steps == []

        assert runs.command(instance, "list") == 0
        assert "no run in progress and no pool slot held" in capsys.readouterr().out
        assert runs.command(instance, "clear", "no-such-run") == 1
        assert "no run no-such-run" in capsys.readouterr().err


def test_a_runs_worker_is_the_pid_it_started_with_on_this_machine_only():
    with dg.instance_for_test() as instance:
        job = dg.Definitions(assets=[napper]).resolve_implicit_global_asset_job_def()
        child = subprocess.Popen([sys.executable, "-c", "pass"])
        child.wait()

        def started_by(pid: int, tags: dict[str, str] | None = None) -> dg.DagsterRun:
            run = instance.create_run_for_job(job, tags=tags)
            instance.report_dagster_event(
                dg.DagsterEvent(event_type_value=dg.DagsterEventType.RUN_START.value, job_name=job.name, pid=pid),
                run_id=run.run_id)
            return run

        assert runs.run_worker(instance, instance.create_run_for_job(job)).state == "unknown"  # not started
        assert runs.run_worker(instance, started_by(os.getpid())).state == "alive"
        assert runs.run_worker(instance, started_by(child.pid)) == runs.Worker(
            "dead", child.pid, f"process {child.pid} has exited")
        remote = started_by(child.pid, {runs.GRPC_INFO_TAG: '{"host": "worker-7", "port": 4000}'})
        assert runs.run_worker(instance, remote).state == "unknown"  # another machine's pid means nothing here
        launcher = runs.LocalRunLauncher()
        launcher.register_instance(instance)
        assert launcher.check_run_worker_health(started_by(child.pid)).status.value == "FAILED"
        assert launcher.check_run_worker_health(remote).status.value == "RUNNING"  # left to max_runtime_seconds

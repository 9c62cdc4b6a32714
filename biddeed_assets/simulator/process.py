"""The simulator as a separate process (it then has a core of its own), and its admin endpoints."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import httpx

from biddeed_assets.simulator.server import HOST


class SimulatorProcess:
    """`biddeed simulate` in a child process, with its clock and faults driven over HTTP."""

    def __init__(self, port: int = 8765, seed: int = 7):
        self.port, self.seed = port, seed
        self.url = f"http://{HOST}:{port}"
        self._proc: subprocess.Popen | None = None

    def start(self, timeout_s: float = 30.0) -> SimulatorProcess:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "biddeed_assets.app.cli", "simulate", "--port", str(self.port), "--seed", str(self.seed)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"the simulator exited: {self._proc.stderr.read().decode()[-2000:]}")
            try:
                httpx.get(f"{self.url}/_admin/health", timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the simulator did not answer on {self.url} within {timeout_s:.0f} s")

    def set_today(self, day: dt.date | None) -> None:
        httpx.post(f"{self.url}/_admin/clock", json={"today": day.isoformat() if day else None}).raise_for_status()

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        self._proc = None

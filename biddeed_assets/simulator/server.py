"""Run the simulated portals on loopback: in the foreground (`biddeed simulate`) or in a thread."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

import uvicorn

from biddeed_assets.simulator.app import Simulator, build_app
from biddeed_assets.simulator.world import World

HOST = "127.0.0.1"


def _config(sim: Simulator, port: int) -> uvicorn.Config:
    return uvicorn.Config(build_app(sim), host=HOST, port=port, log_level="warning", access_log=False)


def serve(port: int = 8765, *, seed: int = 7, today: dt.date | None = None) -> None:
    """Serve until interrupted."""
    uvicorn.Server(_config(Simulator(World(seed), today), port)).run()


@dataclass
class RunningSimulator:
    sim: Simulator
    server: uvicorn.Server
    thread: threading.Thread
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_in_thread(*, port: int = 0, seed: int = 7, today: dt.date | None = None,
                    world: World | None = None) -> RunningSimulator:
    """Start the simulator on a background thread (port 0 picks a free one) and wait until it listens."""
    sim = Simulator(world or World(seed), today)
    server = uvicorn.Server(_config(sim, port))
    thread = threading.Thread(target=server.run, name="biddeed-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the simulator did not start")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    return RunningSimulator(sim, server, thread, bound)


def portal_urls(base: str) -> dict[str, str]:
    """The environment variables that point BidDeed's portal resources at a simulator."""
    return {
        "BIDDEED_CLERK_URL": f"{base}/clerk/Foreclosures/",
        "BIDDEED_REALFORECLOSE_URL": f"{base}/rf/{{county}}",
        "BIDDEED_BCPAO_URL": f"{base}/bcpao",
        "BIDDEED_BECA_URL": f"{base}/beca",
        "BIDDEED_OFFICIAL_RECORDS_URL": f"{base}/or",
        "BIDDEED_TAX_URL": f"{base}/tax",
        "BIDDEED_REALTDM_URL": f"{base}/realtdm",
        "BIDDEED_CENSUS_URL": f"{base}/census",
    }

"""Run the simulated portals on loopback: in the foreground (`biddeed simulate`) or in a thread.

Each portal answers on a port of its own (the admin port + its offset in PORTAL_PORTS), as each is a host of
its own in reality: the clients' per-host politeness then applies per portal, not to the whole county at once.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import uvicorn

from biddeed_assets.simulator.app import Simulator, build_app
from biddeed_assets.simulator.world import World

HOST = "127.0.0.1"
# Where each portal lives: its port's offset from the admin port (every port serves the same app).
PORTAL_PORTS = {"clerk": 1, "realforeclose": 2, "bcpao": 3, "beca": 4, "official_records": 5, "tax": 6,
                "realtdm": 7, "census": 8}
_BIND_TRIES = 20


def _config(sim: Simulator, port: int) -> uvicorn.Config:
    return uvicorn.Config(build_app(sim), host=HOST, port=port, log_level="warning", access_log=False)


def _listen(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(2048)  # listening claims the port now (a bound socket alone would share it under SO_REUSEADDR)
    except OSError:
        sock.close()
        raise
    return sock


def bind_sockets(port: int = 0) -> list[socket.socket]:
    """The admin port's socket and one per portal on the ports after it (port 0: a free block of them)."""
    for _ in range(_BIND_TRIES if port == 0 else 1):
        sockets: list[socket.socket] = []
        try:
            sockets.append(_listen(port))
            base = sockets[0].getsockname()[1]
            sockets += [_listen(base + offset) for offset in PORTAL_PORTS.values()]
            return sockets
        except OSError as exc:
            for sock in sockets:
                sock.close()
            if port:
                raise OSError(f"the simulator needs ports {port}-{port + max(PORTAL_PORTS.values())} "
                              f"on {HOST}: {exc}") from None
    raise OSError(f"no free block of {len(PORTAL_PORTS) + 1} ports on {HOST} for the simulator")


def serve(port: int = 8765, *, seed: int = 7, today: dt.date | None = None, world: World | None = None) -> None:
    """Serve until interrupted."""
    sockets = bind_sockets(port)
    uvicorn.Server(_config(Simulator(world or World(seed), today), port)).run(sockets=sockets)


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
    """Start the simulator on a background thread (port 0 picks free ones) and wait until it listens."""
    sim = Simulator(world or World(seed), today)
    sockets = bind_sockets(port)
    bound = sockets[0].getsockname()[1]
    server = uvicorn.Server(_config(sim, bound))
    thread = threading.Thread(target=server.run, kwargs={"sockets": sockets}, name="biddeed-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the simulator did not start")
        time.sleep(0.02)
    return RunningSimulator(sim, server, thread, bound)


def portal_base(base: str, portal: str) -> str:
    """The simulator's address of one portal: the admin URL's port + the portal's offset (a URL without a
    port, e.g. behind a proxy, serves every portal itself)."""
    parts = urlsplit(base.rstrip("/"))
    if parts.port is None:
        return base.rstrip("/")
    return parts._replace(netloc=f"{parts.hostname}:{parts.port + PORTAL_PORTS[portal]}").geturl()


def portal_urls(base: str) -> dict[str, str]:
    """The environment variables that point BidDeed's portal resources at a simulator (its admin URL)."""
    at = {portal: portal_base(base, portal) for portal in PORTAL_PORTS}
    return {
        "BIDDEED_CLERK_URL": f"{at['clerk']}/clerk/Foreclosures/",
        "BIDDEED_REALFORECLOSE_URL": f"{at['realforeclose']}/rf/{{county}}",
        "BIDDEED_BCPAO_URL": f"{at['bcpao']}/bcpao",
        "BIDDEED_BECA_URL": f"{at['beca']}/beca",
        "BIDDEED_OFFICIAL_RECORDS_URL": f"{at['official_records']}/or",
        "BIDDEED_TAX_URL": f"{at['tax']}/tax",
        "BIDDEED_REALTDM_URL": f"{at['realtdm']}/realtdm",
        "BIDDEED_CENSUS_URL": f"{at['census']}/census",
    }

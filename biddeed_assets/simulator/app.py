"""The simulated county portals as one ASGI app, serving each page in its real format."""

from __future__ import annotations

import datetime as dt

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.faults import FaultBoard
from biddeed_assets.simulator.sites import bcpao, beca, census, clerk, official_records, realtdm, tax
from biddeed_assets.simulator.sites.realforeclose import site as realforeclose
from biddeed_assets.simulator.world import World

# A request may carry its own date (replayed history); the portals' client sends the same header.
AS_OF_HEADER = "X-Simulator-Today"


class Simulator:
    """The world, the clock the pages are published on, and the faults in force."""

    def __init__(self, world: World | None = None, today: dt.date | None = None):
        self.world = world or World()
        self.today = today
        self.faults = FaultBoard()

    def as_of(self, request: Request) -> dt.date:
        """The date a page is published as of: the `as_of` query parameter, the X-Simulator-Today header, the clock."""
        raw = request.query_params.get("as_of") or request.headers.get(AS_OF_HEADER)
        if raw:
            return dt.date.fromisoformat(raw)
        return self.today or dt.date.today()


def site_routes(sim: Simulator) -> list[Route]:
    """Every simulated site's routes; the Brevard sites share one index of the county's cases."""
    index = BrevardIndex(sim)
    return [
        *clerk.routes(sim),
        *bcpao.routes(index),
        *beca.routes(index),
        *official_records.routes(index),
        *tax.routes(index),
        *realtdm.routes(index),
        *census.routes(sim),
        *realforeclose.routes(sim),
    ]


def build_app(sim: Simulator) -> Starlette:
    async def admin_faults(request: Request) -> Response:
        if request.method == "POST":
            spec = await request.json()
            try:
                if spec.get("kind") in (None, "clear"):
                    sim.faults.clear(spec.get("portal"))
                else:
                    sim.faults.set(spec["portal"], spec["kind"], count=int(spec.get("count", -1)),
                                   delay_s=float(spec.get("delay_s", 0)),
                                   retry_after_s=int(spec.get("retry_after_s", 1)))
            except (KeyError, ValueError) as exc:
                return JSONResponse({"error": str(exc)}, 400)
        return JSONResponse(sim.faults.snapshot())

    async def admin_clock(request: Request) -> Response:
        """The date the portals publish as of: replaying history moves it (null: the real today)."""
        if request.method == "POST":
            spec = await request.json()
            try:
                sim.today = dt.date.fromisoformat(spec["today"]) if spec.get("today") else None
            except (KeyError, ValueError) as exc:
                return JSONResponse({"error": f"today: {exc}"}, 400)
        return JSONResponse({"today": sim.as_of(request).isoformat(), "fixed": sim.today is not None})

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "seed": sim.world.seed, "today": sim.as_of(request).isoformat()})

    return Starlette(routes=[
        *site_routes(sim),
        Route("/_admin/faults", admin_faults, methods=["GET", "POST"]),
        Route("/_admin/clock", admin_clock, methods=["GET", "POST"]),
        Route("/_admin/health", health),
    ])

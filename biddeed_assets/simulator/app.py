"""The simulated county portals as one ASGI app, serving each page in its real format."""

from __future__ import annotations

import datetime as dt

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from biddeed_assets.portals import clerk_sale_list
from biddeed_assets.simulator import brevard_sites, realforeclose_site
from biddeed_assets.simulator.faults import FaultBoard, answer_fault, spoil
from biddeed_assets.simulator.world import World

CLERK = "clerk"

# Rows the clerk's page sometimes carries that no parser should accept: a garbled number, an impossible date.
_BAD_ROWS = (
    {"case_number": "05-20X4-CA-99-XXCA-BC", "plaintiff": "BAD NUMBER BANK", "defendant": "NOBODY"},
    {"case_number": "05-2024-CA-099999-XXCA-BC", "plaintiff": "BAD DATE BANK", "defendant": "NOBODY",
     "date_text": "13-45-2026"},
)


class Simulator:
    """The world, the clock the pages are published on, and the faults in force."""

    def __init__(self, world: World | None = None, today: dt.date | None = None):
        self.world = world or World()
        self.today = today
        self.faults = FaultBoard()

    def as_of(self, request: Request) -> dt.date:
        raw = request.query_params.get("as_of")
        if raw:
            return dt.date.fromisoformat(raw)
        return self.today or dt.date.today()


def _clerk_page(sim: Simulator, as_of: dt.date, content_fault: str | None) -> bytes:
    rows = [
        {"case_number": c.case_number, "plaintiff": c.plaintiff, "defendant": c.defendant,
         "status": c.status, "auction_date": c.auction_date}
        for c in sim.world.listed("brevard", as_of)
    ]
    if content_fault == "bad_rows" and rows:
        rows += [{**bad, "status": "SCHEDULED", "auction_date": rows[0]["auction_date"]} for bad in _BAD_ROWS]
    body = clerk_sale_list.render(rows, title="Foreclosure Sale List")
    if content_fault == "no_table":
        return b"<html><body><h3>The foreclosure sale list is being updated. Please check back.</h3></body></html>"
    return spoil(body, content_fault) if content_fault else body


def build_app(sim: Simulator) -> Starlette:
    async def clerk_sale_list_page(request: Request) -> Response:
        early, content_fault = await answer_fault(sim.faults, CLERK)
        if early is not None:
            return early
        body = _clerk_page(sim, sim.as_of(request), content_fault)
        return Response(body, media_type="text/html; charset=iso-8859-1")

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
        Route("/clerk/Foreclosures/" + clerk_sale_list.PAGE_PATH, clerk_sale_list_page),
        *brevard_sites.routes(sim),
        *realforeclose_site.routes(sim),
        Route("/_admin/faults", admin_faults, methods=["GET", "POST"]),
        Route("/_admin/clock", admin_clock, methods=["GET", "POST"]),
        Route("/_admin/health", health),
    ])

"""Request plumbing the simulated sites share: faults before each page, form bodies, bounded numbers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.faults import FaultBoard, answer_fault, spoil

HTML = "text/html; charset=utf-8"
LATIN1_HTML = "text/html; charset=iso-8859-1"
JSON = "application/json; charset=utf-8"

# A page handler: the request, what its site knows (the context), and the content fault in force, if any.
Page = Callable[[Request, Any, str | None], Awaitable[Response]]


def faulted(faults: FaultBoard, portal: str, page: Page, context: Any):
    """Wrap a page: status faults answer instead; a content fault's kind is passed on, then spoils the body."""

    async def endpoint(request: Request) -> Response:
        early, content_fault = await answer_fault(faults, portal)
        if early is not None:
            return early
        response = await page(request, context, content_fault)
        if content_fault and response.status_code == 200:
            spoiled = spoil(response.body, content_fault)
            if spoiled is not response.body:
                headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
                return Response(spoiled, response.status_code, headers=headers)
        return response

    return endpoint


def route(path: str, page: Page, *, portal: str, faults: FaultBoard, context: Any, methods=("GET",)) -> Route:
    """A route serving `page` (given `context`) under `portal`'s faults."""
    return Route(path, faulted(faults, portal, page, context), methods=list(methods))


def maintenance_page(what: str) -> bytes:
    """What a site shows instead of its data while it is down for maintenance (the no_table fault)."""
    return f"<html><body><h3>{what} is temporarily unavailable for maintenance. Please try again later.</h3>" \
           f"</body></html>".encode()


async def form(request: Request) -> dict[str, str]:
    """An urlencoded form body (without python-multipart, which Starlette's request.form() needs)."""
    if request.method != "POST":
        return {}
    body = (await request.body()).decode("latin-1")
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


def bounded_int(text: str | None, default: int, low: int, high: int) -> int:
    """A query number held within [low, high]; unreadable text gives the default."""
    try:
        return min(max(int(text or default), low), high)
    except ValueError:
        return default

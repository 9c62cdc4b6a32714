"""BECA, the Brevard court docket, reached by form within a ColdFusion-like session, as on the real site.

GET beca_splash.cfm (the disclaimer) -> POST StartSearch.cfm RadioChk=Yes (sets CFID and CFTOKEN) ->
POST CaseNumber_Search.cfm CaseNumber1..6 (302 to all_results.cfm?x=<token>) -> GET all_results.cfm (the
case page). Without the session cookies the last two redirect to the disclaimer; `as_of` is kept.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.sites import beca_pages as pages
from biddeed_assets.simulator.web import LATIN1_HTML, form, maintenance_page, route

PORTAL = "beca"


class Beca:
    """The docket site: the Brevard index and the session ids it hands out."""

    def __init__(self, index: BrevardIndex):
        self.index = index
        self.session_ids = itertools.count(10_000)

    def token(self, cfid: str) -> str:
        return str(int(hashlib.sha256(f"{self.index.seed}:{cfid}".encode()).hexdigest()[:8], 16))

    def has_session(self, request: Request) -> bool:
        cfid, cftoken = request.cookies.get("CFID"), request.cookies.get("CFTOKEN")
        return bool(cfid and cftoken and cftoken == self.token(cfid))


def routes(index: BrevardIndex) -> list[Route]:
    common = {"portal": PORTAL, "faults": index.faults, "context": Beca(index)}
    return [
        route("/beca/beca_splash.cfm", splash, **common),
        route("/beca/StartSearch.cfm", start, **common, methods=("GET", "POST")),
        route("/beca/CaseNumber_Search.cfm", case_search, **common, methods=("GET", "POST")),
        route("/beca/all_results.cfm", results, **common),
    ]


def _html(body: bytes, status: int = 200) -> Response:
    return Response(body, status, media_type=LATIN1_HTML)


def _with_as_of(request: Request, path: str, **params: str) -> str:
    if "as_of" in request.query_params:
        params["as_of"] = request.query_params["as_of"]
    return f"{path}?{urlencode(params)}" if params else path


def _to_splash(request: Request) -> Response:
    return RedirectResponse(_with_as_of(request, "beca_splash.cfm"), 302)


async def splash(request: Request, beca: Beca, fault: str | None) -> Response:
    return _html(pages.splash_page())


async def start(request: Request, beca: Beca, fault: str | None) -> Response:
    """Accepting the disclaimer opens a session and shows the case-number form."""
    fields = await form(request)
    if request.method != "POST" or fields.get("RadioChk") != "Yes":
        return _html(pages.splash_page())
    response = _html(pages.search_page())
    cfid = str(next(beca.session_ids))
    response.set_cookie("CFID", cfid, path="/")
    response.set_cookie("CFTOKEN", beca.token(cfid), path="/")
    return response


async def case_search(request: Request, beca: Beca, fault: str | None) -> Response:
    """A known case number redirects to its case page; an unknown one shows the form with a message."""
    if not beca.has_session(request):
        return _to_splash(request)
    if request.method != "POST":
        return _html(pages.search_page())
    fields = await form(request)
    number = "-".join(fields.get(f"CaseNumber{i}", "").strip().upper() for i in range(1, 7))
    if beca.index.case(number, beca.index.as_of(request)) is None:
        return _html(pages.search_page(pages.NO_CASE_MESSAGE))
    x = base64.urlsafe_b64encode(number.encode()).decode().rstrip("=")
    return RedirectResponse(_with_as_of(request, "all_results.cfm", x=x), 302)


async def results(request: Request, beca: Beca, fault: str | None) -> Response:
    """The case page of the case the token names, as of the request's date."""
    if not beca.has_session(request):
        return _to_splash(request)
    as_of = beca.index.as_of(request)
    x = request.query_params.get("x", "")
    try:
        number = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        number = ""
    truth = beca.index.case(number, as_of)
    if truth is None:
        return _html(pages.search_page(pages.NO_CASE_MESSAGE))
    if fault == "no_table":
        return _html(maintenance_page("The case docket"))
    return _html(pages.docket_page(beca.index.seed, truth, as_of, bad_rows=fault == "bad_rows"))

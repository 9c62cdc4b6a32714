"""Brevard's simulated county sites: appraiser (BCPAO), court docket (BECA), official records, tax collector, RealTDM, Census ACS.

Each site is served under its own prefix, at the paths the portal modules build from a base URL
(`bcpao.search_url`, `bcpao.account_url`, `official_records.search_url`, `tax_collector.parcel_url`,
`census.acs_url`), or, where a module has no URL builder yet, at the paths simulator/README.md lists.
Every request first takes its portal's fault (faults.answer_fault); content faults spoil the page built.
The pages show the world as of `?as_of=YYYY-MM-DD` (default: the simulator's today).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import itertools
import threading
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from biddeed_assets.simulator import brevard_pages as pages
from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.faults import answer_fault, spoil
from biddeed_assets.simulator.truth import CaseTruth, truth_for, zip_demographics

COUNTY = "brevard"
# The first sale day the sites know (the auction partitions' start); they know every case listed by as_of.
INDEX_START = dt.date(2023, 1, 1)
ACS_VARIABLES = ("NAME", "B19013_001E", "B25077_001E", "B25002_001E", "B25002_003E", "B25003_001E", "B25003_002E")
ACS_GEOGRAPHY = "zip code tabulation area"
ACS_FIRST_YEAR = 2011  # the first ACS 5-year release with ZCTAs

HTML = "text/html; charset=utf-8"
LATIN1_HTML = "text/html; charset=iso-8859-1"
JSON = "application/json; charset=utf-8"


class BrevardIndex:
    """The world's Brevard cases from INDEX_START on, findable by case number, account and parcel id.

    A case is known on `as_of` once its sale day is listed (up to the clerk's horizon ahead). When a case
    number, account or parcel comes up on several sale days, the latest listed one is the one shown.
    """

    def __init__(self, sim):
        self.sim = sim
        self._truths: list[CaseTruth] = []
        self._until = INDEX_START - dt.timedelta(days=1)
        self._views: dict[dt.date, dict[str, dict[str, CaseTruth]]] = {}
        self._lock = threading.Lock()

    @property
    def seed(self) -> int:
        return self.sim.world.seed

    def view(self, as_of: dt.date) -> dict[str, dict[str, CaseTruth]]:
        """{"case": {...}, "account": {...}, "parcel": {...}} for the cases listed by `as_of`."""
        limit = as_of + dt.timedelta(days=cal.LIST_HORIZON_DAYS)
        with self._lock:
            if limit in self._views:
                return self._views[limit]
            if limit > self._until:
                world = self.sim.world
                for day in world.sale_dates(COUNTY, self._until + dt.timedelta(days=1), limit):
                    self._truths.extend(truth_for(world.seed, c) for c in world.cases_on(COUNTY, day))
                self._until = limit
            view: dict[str, dict[str, CaseTruth]] = {"case": {}, "account": {}, "parcel": {}}
            for truth in self._truths:  # in sale-day order, so later sales overwrite earlier ones
                if dt.date.fromisoformat(truth.case.auction_date) > limit:
                    break
                view["case"][truth.case.case_number] = truth
                view["account"][truth.property.account] = truth
                view["parcel"][truth.property.parcel_id] = truth
            if len(self._views) > 32:
                self._views.clear()
            self._views[limit] = view
            return view

    def property(self, key: str, as_of: dt.date) -> CaseTruth | None:
        """The case of the parcel with this account number or parcel id."""
        view = self.view(as_of)
        key = key.strip().upper()
        return view["account"].get(key) or view["parcel"].get(key)

    def parcels(self, as_of: dt.date) -> list[CaseTruth]:
        """One case per parcel (the latest listed)."""
        return list(self.view(as_of)["account"].values())


def _portal(sim, portal: str, page: Callable[[Request, str | None], Awaitable[Response]]):
    """Wrap a page: status faults answer instead; a content fault's kind is passed to the page."""

    async def endpoint(request: Request) -> Response:
        early, content_fault = await answer_fault(sim.faults, portal)
        if early is not None:
            return early
        response = await page(request, content_fault)
        if content_fault and response.status_code == 200:
            spoiled = spoil(response.body, content_fault)
            if spoiled is not response.body:
                headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
                return Response(spoiled, response.status_code, headers=headers)
        return response

    return endpoint


def _no_table_page(what: str) -> bytes:
    return f"<html><body><h3>{what} is temporarily unavailable for maintenance. Please try again later.</h3>" \
           f"</body></html>".encode()


def routes(sim) -> list[Route]:
    index = BrevardIndex(sim)
    seed = lambda: sim.world.seed  # noqa: E731  (the world may be swapped by tests)
    session_ids = itertools.count(10_000)

    # ---- BCPAO: /bcpao/api/v1/search?parcel=|address=&activeonly&size&page, /bcpao/api/v1/account/{account}

    async def bcpao_search(request: Request, fault: str | None) -> Response:
        as_of = sim.as_of(request)
        q = request.query_params
        if fault == "no_table":
            return Response(pages.dumps({"message": "An error has occurred."}), media_type=JSON)
        parcel, address = q.get("parcel", "").strip().upper(), pages.normalized(q.get("address", ""))
        hits = []
        if parcel:
            hits = [t for t in index.parcels(as_of) if t.property.parcel_id.upper().startswith(parcel)]
        elif address:
            hits = [t for t in index.parcels(as_of)
                    if pages.normalized(pages.site_address(t)).startswith(address)
                    or pages.normalized(t.property.street) == address]
        hits.sort(key=lambda t: t.property.account)
        size, number = _int(q.get("size"), 10, 1, 100), _int(q.get("page"), 1, 1, 10_000)
        shown = hits[(number - 1) * size: number * size]
        if not shown:
            return Response(status_code=204)  # the API answers a search without hits with No Content
        rows = [pages.bcpao_hit(seed(), t, as_of, len(hits)) for t in shown]
        if fault == "bad_rows":
            rows.append({"totalCount": len(hits), "searchType": "R", "account": None, "parcelID": "?"})
        return Response(pages.dumps(rows), media_type=JSON)

    async def bcpao_account(request: Request, fault: str | None) -> Response:
        as_of = sim.as_of(request)
        truth = index.view(as_of)["account"].get(request.path_params["account"].strip())
        if truth is None:
            return Response(pages.dumps({"message": "No account found."}), 404, media_type=JSON)
        if fault == "no_table":
            return Response(pages.dumps({"message": "An error has occurred."}), media_type=JSON)
        return Response(pages.dumps(pages.bcpao_account(seed(), truth, as_of)), media_type=JSON)

    # ---- BECA: splash -> POST StartSearch.cfm (RadioChk=Yes) -> POST CaseNumber_Search.cfm -> all_results.cfm

    def _token(cfid: str) -> str:
        return str(int(hashlib.sha256(f"{seed()}:{cfid}".encode()).hexdigest()[:8], 16))

    def _has_session(request: Request) -> bool:
        cfid, cftoken = request.cookies.get("CFID"), request.cookies.get("CFTOKEN")
        return bool(cfid and cftoken and cftoken == _token(cfid))

    def _beca_html(body: bytes, status: int = 200) -> Response:
        return Response(body, status, media_type=LATIN1_HTML)

    def _with_as_of(request: Request, path: str, **params: str) -> str:
        if "as_of" in request.query_params:
            params["as_of"] = request.query_params["as_of"]
        return f"{path}?{urlencode(params)}" if params else path

    async def beca_splash(request: Request, fault: str | None) -> Response:
        return _beca_html(pages.beca_splash_page())

    async def beca_start(request: Request, fault: str | None) -> Response:
        form = await _form(request)
        if request.method != "POST" or form.get("RadioChk") != "Yes":
            return _beca_html(pages.beca_splash_page())
        response = _beca_html(pages.beca_search_page())
        cfid = str(next(session_ids))
        response.set_cookie("CFID", cfid, path="/")
        response.set_cookie("CFTOKEN", _token(cfid), path="/")
        return response

    async def beca_case_search(request: Request, fault: str | None) -> Response:
        if not _has_session(request):
            return RedirectResponse(_with_as_of(request, "beca_splash.cfm"), 302)
        if request.method != "POST":
            return _beca_html(pages.beca_search_page())
        form = await _form(request)
        number = "-".join(form.get(f"CaseNumber{i}", "").strip().upper() for i in range(1, 7))
        if number not in index.view(sim.as_of(request))["case"]:
            return _beca_html(pages.beca_search_page(pages.NO_CASE_MESSAGE))
        x = base64.urlsafe_b64encode(number.encode()).decode().rstrip("=")
        return RedirectResponse(_with_as_of(request, "all_results.cfm", x=x), 302)

    async def beca_results(request: Request, fault: str | None) -> Response:
        if not _has_session(request):
            return RedirectResponse(_with_as_of(request, "beca_splash.cfm"), 302)
        as_of = sim.as_of(request)
        x = request.query_params.get("x", "")
        try:
            number = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):
            number = ""
        truth = index.view(as_of)["case"].get(number)
        if truth is None:
            return _beca_html(pages.beca_search_page(pages.NO_CASE_MESSAGE))
        if fault == "no_table":
            return _beca_html(_no_table_page("The case docket"))
        return _beca_html(pages.docket_page(seed(), truth, as_of, bad_rows=fault == "bad_rows"))

    # ---- Official records: /or/search.aspx?bd&ed&n&bt&d&pt&cn&dt&st&ss (+ st=parcelid&pid=, st=legal&ld=)

    async def records_search(request: Request, fault: str | None) -> Response:
        as_of = sim.as_of(request)
        q = request.query_params
        begin = max(_mdy(q.get("bd")) or pages.RECORDS_FLOOR, pages.RECORDS_FLOOR)
        end = min(_mdy(q.get("ed")) or as_of, as_of)
        search_type = q.get("st", "").lower()
        universe = index.parcels(as_of)
        docs: list[pages.Recorded] = []
        background = 0
        if search_type == "casenumber" and q.get("cn", "").strip():
            term = pages.normalized(q["cn"])
            searched = f"Case Number that Begins with '{q['cn'].strip()}'"
            # only a case's own parcel records documents under its number: search those parcels, not all
            owners = {t.property.account: t for number, t in index.view(as_of)["case"].items()
                      if pages.normalized(number).startswith(term)}
            docs = [d for t in owners.values() for d in pages.recorded_documents(seed(), index.property(t.property.account, as_of))
                    if d.case_number and pages.normalized(d.case_number).startswith(term)]
        elif search_type == "fullname" and q.get("n", "").strip():
            term = pages.normalized(q["n"])
            searched = f"Name that Begins with '{q['n'].strip()}'"
            sides = {"0": ("from",), "1": ("to",)}.get(q.get("pt", "-1"), ("from", "to"))
            docs = [d for t in universe for d in pages.recorded_documents(seed(), t)
                    if ("from" in sides and pages.normalized(d.party_from).startswith(term))
                    or ("to" in sides and pages.normalized(d.party_to).startswith(term))]
            background = pages.background_volume(q["n"], max((end - begin).days, 0))
        elif search_type == "parcelid" and q.get("pid", "").strip():
            truth = index.property(q["pid"], as_of)
            searched = f"Parcel Id that Begins with '{q['pid'].strip()}'"
            docs = list(pages.recorded_documents(seed(), truth)) if truth else []
        elif search_type == "legal" and q.get("ld", "").strip():
            term = pages.normalized(q["ld"])
            searched = f"Legal that Contains '{q['ld'].strip()}'"
            docs = [d for t in universe for d in pages.recorded_documents(seed(), t)
                    if term in pages.normalized(d.legal)]
        else:
            searched = "nothing"
        docs = sorted({d for d in docs if begin <= d.record_date <= end}, key=lambda d: (d.record_date, d.cfn))
        exceeded = len(docs) + background > pages.RESULT_LIMIT
        body = pages.records_page([] if exceeded else docs, searched_for=searched, as_of=as_of, exceeded=exceeded,
                                  bad_rows=fault == "bad_rows", no_grid=fault == "no_table")
        return Response(body, media_type="text/html; charset=windows-1252")

    # ---- Tax collector: /tax/public/real_estate/parcels/{account} (account or parcel id)

    async def tax_parcel(request: Request, fault: str | None) -> Response:
        as_of = sim.as_of(request)
        truth = index.property(request.path_params["account"], as_of)
        if truth is None:
            return Response(pages.TAX_NOT_FOUND, 404, media_type=HTML)
        return Response(pages.tax_page(seed(), truth, as_of, no_table=fault == "no_table"), media_type=HTML)

    # ---- RealTDM: /realtdm/public/certificates?parcel=<parcel id or account>

    async def realtdm_certificates(request: Request, fault: str | None) -> Response:
        as_of = sim.as_of(request)
        key = (request.query_params.get("parcel") or request.query_params.get("account") or "").strip()
        truth = index.property(key, as_of) if key else None
        certs = pages.certificates(seed(), truth) if truth else []
        return Response(pages.realtdm_page(key.upper(), certs, no_table=fault == "no_table"), media_type=HTML)

    # ---- Census ACS 5-year: /census/data/{year}/acs/acs5?get=NAME,...&for=zip code tabulation area:<zips>|*

    async def acs(request: Request, fault: str | None) -> Response:
        as_of = sim.as_of(request)
        year = request.path_params["year"]
        if not ACS_FIRST_YEAR <= year <= latest_acs_year(as_of):
            return Response(f"<html><body><h1>404 Not Found</h1>unknown dataset {year}/acs/acs5</body></html>",
                            404, media_type=HTML)
        variables = [v for v in request.query_params.get("get", "").split(",") if v]
        unknown = [v for v in variables if v not in ACS_VARIABLES]
        if not variables or unknown:
            return Response(f"error: unknown variable '{(unknown or [''])[0]}'", 400, media_type="text/plain")
        geography, _, wanted = request.query_params.get("for", "").partition(":")
        if geography != ACS_GEOGRAPHY or not wanted:
            return Response("error: unknown/unsupported geography hierarchy", 400, media_type="text/plain")
        known = sorted({z for profile in cal.COUNTY_PROFILES.values() for z in profile["zips"]})
        zips = known if wanted == "*" else [z for z in dict.fromkeys(wanted.split(",")) if z in known]
        if not zips:
            return Response(status_code=204)  # the API answers a query without rows with No Content
        if fault == "no_table":
            return Response(b'{"error": "service unavailable"}', media_type=JSON)
        rows = [[*variables, ACS_GEOGRAPHY]]
        rows += [pages.acs_row(zip_demographics(seed(), z), variables) for z in zips]
        if fault == "bad_rows":
            rows.append(["ZCTA5 ?????"])
        # The API prints one row per line.
        body = "[" + ",\n".join(pages.dumps(r).decode() for r in rows) + "]"
        return Response(body.encode(), media_type=JSON)

    def route(path: str, portal: str, page, methods=("GET",)) -> Route:
        return Route(path, _portal(sim, portal, page), methods=list(methods))

    return [
        route("/bcpao/api/v1/search", "bcpao", bcpao_search),
        route("/bcpao/api/v1/account/{account}", "bcpao", bcpao_account),
        route("/beca/beca_splash.cfm", "beca", beca_splash),
        route("/beca/StartSearch.cfm", "beca", beca_start, ("GET", "POST")),
        route("/beca/CaseNumber_Search.cfm", "beca", beca_case_search, ("GET", "POST")),
        route("/beca/all_results.cfm", "beca", beca_results),
        route("/or/search.aspx", "official_records", records_search),
        route("/tax/public/real_estate/parcels/{account}", "tax", tax_parcel),
        route("/realtdm/public/certificates", "realtdm", realtdm_certificates),
        route("/census/data/{year:int}/acs/acs5", "census", acs),
    ]


def latest_acs_year(as_of: dt.date) -> int:
    """ACS 5-year estimates for year Y come out in early December of Y+1."""
    return as_of.year - 1 if as_of >= dt.date(as_of.year, 12, 10) else as_of.year - 2


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form body (without python-multipart, which Starlette's request.form() needs)."""
    if request.method != "POST":
        return {}
    body = (await request.body()).decode("latin-1")
    return {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(text or default), low), high)
    except ValueError:
        return default


def _mdy(text: str | None) -> dt.date | None:
    """M/D/YYYY as OnCore's bd/ed/d parameters carry it."""
    try:
        return dt.datetime.strptime((text or "").strip(), "%m/%d/%Y").date()
    except ValueError:
        return None

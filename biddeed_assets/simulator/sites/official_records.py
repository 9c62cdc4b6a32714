"""Official records (OnCore): `/or/search.aspx?bd&ed&n&bt&d&pt&cn&dt&st&ss`, plus `st=parcelid&pid=` and
`st=legal&ld=`; the documents of the world's parcels recorded within [bd, ed] and by `as_of`."""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.brevard.names import normalized
from biddeed_assets.simulator.brevard.recorded import (
    RECORDS_FLOOR,
    RESULT_LIMIT,
    Recorded,
    background_volume,
    recorded_documents,
)
from biddeed_assets.simulator.markup import parse_mdy
from biddeed_assets.simulator.sites.official_records_page import results_page
from biddeed_assets.simulator.web import route

PORTAL = "official_records"
WINDOWS_1252_HTML = "text/html; charset=windows-1252"

# A search: (documents found, what the page says was searched for, documents only the rest of the index holds).
Found = tuple[list[Recorded], str, int]


def routes(index: BrevardIndex) -> list[Route]:
    return [route("/or/search.aspx", search, portal=PORTAL, faults=index.faults, context=index)]


async def search(request: Request, index: BrevardIndex, fault: str | None) -> Response:
    """The result grid of one search, within the date range, or the limit message past RESULT_LIMIT."""
    as_of = index.as_of(request)
    q = request.query_params
    begin = max(parse_mdy(q.get("bd")) or RECORDS_FLOOR, RECORDS_FLOOR)
    end = min(parse_mdy(q.get("ed")) or as_of, as_of)
    found = SEARCHES.get(q.get("st", "").lower())
    docs, searched, background = ([], "nothing", 0)
    if found is not None and q.get(found[0], "").strip():
        docs, searched, background = found[1](index, q, as_of, max((end - begin).days, 0))
    docs = sorted({d for d in docs if begin <= d.record_date <= end}, key=lambda d: (d.record_date, d.cfn))
    exceeded = len(docs) + background > RESULT_LIMIT
    body = results_page([] if exceeded else docs, searched_for=searched, as_of=as_of, exceeded=exceeded,
                        bad_rows=fault == "bad_rows", no_grid=fault == "no_table")
    return Response(body, media_type=WINDOWS_1252_HTML)


def by_case_number(index: BrevardIndex, q: QueryParams, as_of: dt.date, days: int) -> Found:
    """Documents carrying a case number that begins with `cn` (the lis pendens, a certificate of title)."""
    term = normalized(q["cn"])
    # only a case's own parcel records documents under its number: search those parcels, not all
    owners = {t.property.account: t for t in index.case_numbers_starting(term, as_of)}
    docs = [d for t in owners.values() for d in recorded_documents(index.seed, index.property(t.property.account, as_of))
            if d.case_number and normalized(d.case_number).startswith(term)]
    return docs, f"Case Number that Begins with '{q['cn'].strip()}'", 0


def by_name(index: BrevardIndex, q: QueryParams, as_of: dt.date, days: int) -> Found:
    """Documents whose direct (pt=0), indirect (pt=1) or either (pt=-1) party name begins with `n`."""
    term = normalized(q["n"])
    sides = {"0": ("from",), "1": ("to",)}.get(q.get("pt", "-1"), ("from", "to"))
    docs = [d for t in index.parcels(as_of) for d in recorded_documents(index.seed, t)
            if ("from" in sides and normalized(d.party_from).startswith(term))
            or ("to" in sides and normalized(d.party_to).startswith(term))]
    return docs, f"Name that Begins with '{q['n'].strip()}'", background_volume(q["n"], days)


def by_parcel(index: BrevardIndex, q: QueryParams, as_of: dt.date, days: int) -> Found:
    """Every document of the parcel with this parcel id or account (the simulator's own shortcut)."""
    truth = index.property(q["pid"], as_of)
    docs = list(recorded_documents(index.seed, truth)) if truth else []
    return docs, f"Parcel Id that Begins with '{q['pid'].strip()}'", 0


def by_legal(index: BrevardIndex, q: QueryParams, as_of: dt.date, days: int) -> Found:
    """Documents whose First Legal contains `ld`."""
    term = normalized(q["ld"])
    docs = [d for t in index.parcels(as_of) for d in recorded_documents(index.seed, t) if term in normalized(d.legal)]
    return docs, f"Legal that Contains '{q['ld'].strip()}'", 0


# st=<search type>: (the query key it needs, the search)
SEARCHES = {"casenumber": ("cn", by_case_number), "fullname": ("n", by_name), "parcelid": ("pid", by_parcel),
            "legal": ("ld", by_legal)}

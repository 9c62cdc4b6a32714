"""The Census ACS 5-year API: `/census/data/{year}/acs/acs5?get=NAME,...&for=zip code tabulation area:<zips>|*`,
a JSON array of string arrays (header first, one row per known ZIP) from the world's ZIP demographics."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.markup import dumps
from biddeed_assets.simulator.truth import zip_demographics
from biddeed_assets.simulator.web import HTML, JSON, route

PORTAL = "census"
VARIABLES = ("NAME", "B19013_001E", "B25077_001E", "B25002_001E", "B25002_003E", "B25003_001E", "B25003_002E")
GEOGRAPHY = "zip code tabulation area"
FIRST_YEAR = 2011  # the first ACS 5-year release with ZCTAs


def routes(sim) -> list[Route]:
    return [route("/census/data/{year:int}/acs/acs5", acs, portal=PORTAL, faults=sim.faults, context=sim)]


def latest_year(as_of: dt.date) -> int:
    """ACS 5-year estimates for year Y come out in early December of Y+1."""
    return as_of.year - 1 if as_of >= dt.date(as_of.year, 12, 10) else as_of.year - 2


def known_zips() -> list[str]:
    return sorted({z for profile in cal.COUNTY_PROFILES.values() for z in profile["zips"]})


async def acs(request: Request, sim, fault: str | None) -> Response:
    """The rows asked for; 404 for an unreleased year, 400 for an unknown variable or geography, 204 for no row."""
    year = request.path_params["year"]
    if not FIRST_YEAR <= year <= latest_year(sim.as_of(request)):
        return Response(f"<html><body><h1>404 Not Found</h1>unknown dataset {year}/acs/acs5</body></html>",
                        404, media_type=HTML)
    variables = [v for v in request.query_params.get("get", "").split(",") if v]
    unknown = [v for v in variables if v not in VARIABLES]
    if not variables or unknown:
        return Response(f"error: unknown variable '{(unknown or [''])[0]}'", 400, media_type="text/plain")
    geography, _, wanted = request.query_params.get("for", "").partition(":")
    if geography != GEOGRAPHY or not wanted:
        return Response("error: unknown/unsupported geography hierarchy", 400, media_type="text/plain")
    known = known_zips()
    zips = known if wanted == "*" else [z for z in dict.fromkeys(wanted.split(",")) if z in known]
    if not zips:
        return Response(status_code=204)  # the API answers a query without rows with No Content
    if fault == "no_table":
        return Response(b'{"error": "service unavailable"}', media_type=JSON)
    rows = [[*variables, GEOGRAPHY]]
    rows += [acs_row(zip_demographics(sim.world.seed, z), variables) for z in zips]
    if fault == "bad_rows":
        rows.append(["ZCTA5 ?????"])
    # The API prints one row per line.
    body = "[" + ",\n".join(dumps(r).decode() for r in rows) + "]"
    return Response(body.encode(), media_type=JSON)


def acs_row(figures: dict, variables: list[str]) -> list[str]:
    """One ZCTA's values, as strings, for the requested variables, then the ZCTA itself.

    Counts are whole numbers: vacant = round(housing units x vacancy rate); owner-occupied =
    round(occupied x owner-occupancy rate), so the rates read back match to within 1/units.
    """
    housing = int(figures["housing_units"])
    vacant = round(housing * figures["vacancy_rate"])
    occupied = housing - vacant
    values = {
        "NAME": f"ZCTA5 {figures['zip']}",
        "B19013_001E": str(int(figures["median_household_income"])),
        "B25077_001E": str(int(figures["median_home_value"])),
        "B25002_001E": str(housing),
        "B25002_003E": str(vacant),
        "B25003_001E": str(occupied),
        "B25003_002E": str(round(occupied * figures["owner_occupancy_rate"])),
    }
    return [values[v] for v in variables] + [figures["zip"]]

"""BCPAO, the Brevard appraiser's JSON API: `/bcpao/api/v1/search` and `/bcpao/api/v1/account/{account}`.

The objects carry the keys of the real captures search_2627712.json and account_2627712.json (see
simulator/README.md for what each query matches); no bedroom or bathroom fields exist.
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.brevard.names import appraiser_name, normalized
from biddeed_assets.simulator.brevard.parcel import Deed, owner_on, parcel_facts, site_address
from biddeed_assets.simulator.markup import dumps
from biddeed_assets.simulator.truth import CaseTruth
from biddeed_assets.simulator.web import JSON, bounded_int, route

PORTAL = "bcpao"
API_ERROR = {"message": "An error has occurred."}


def routes(index: BrevardIndex) -> list[Route]:
    common = {"portal": PORTAL, "faults": index.faults, "context": index}
    return [
        route("/bcpao/api/v1/search", search, **common),
        route("/bcpao/api/v1/account/{account}", account, **common),
    ]


async def search(request: Request, index: BrevardIndex, fault: str | None) -> Response:
    """?parcel=<id prefix>|address=<site address start>&size&page: the hits, or 204 when there is none."""
    as_of = index.as_of(request)
    q = request.query_params
    if fault == "no_table":
        return Response(dumps(API_ERROR), media_type=JSON)
    parcel, address = q.get("parcel", "").strip().upper(), normalized(q.get("address", ""))
    hits = []
    if parcel:
        hits = index.parcel_ids_starting(parcel, as_of)
    elif address:
        hits = [t for t in index.parcels(as_of)
                if normalized(site_address(t)).startswith(address) or normalized(t.property.street) == address]
    hits.sort(key=lambda t: t.property.account)
    size, number = bounded_int(q.get("size"), 10, 1, 100), bounded_int(q.get("page"), 1, 1, 10_000)
    shown = hits[(number - 1) * size: number * size]
    if not shown:
        return Response(status_code=204)  # the API answers a search without hits with No Content
    rows = [search_hit(index.seed, t, as_of, len(hits)) for t in shown]
    if fault == "bad_rows":
        rows.append({"totalCount": len(hits), "searchType": "R", "account": None, "parcelID": "?"})
    return Response(dumps(rows), media_type=JSON)


async def account(request: Request, index: BrevardIndex, fault: str | None) -> Response:
    """One account's object, or 404 for an account the appraiser does not know."""
    as_of = index.as_of(request)
    truth = index.account(request.path_params["account"].strip(), as_of)
    if truth is None:
        return Response(dumps({"message": "No account found."}), 404, media_type=JSON)
    if fault == "no_table":
        return Response(dumps(API_ERROR), media_type=JSON)
    return Response(dumps(account_object(index.seed, truth, as_of)), media_type=JSON)


def account_object(seed: int, truth: CaseTruth, as_of: dt.date) -> dict:
    """The `/api/v1/account/{account}` object, with the keys of the real account_2627712.json."""
    prop, facts = truth.property, parcel_facts(seed, truth)
    owner, deeds = owner_on(seed, truth, as_of)
    owner = appraiser_name(owner)
    sold_away = owner != appraiser_name(truth.case.defendant)
    if facts.mailing and not sold_away:
        street, city, zip_code = facts.mailing
    else:
        street, city, zip_code = prop.street, prop.city, prop.zip
    exemptions = ([{"code": "HEX1", "description": "HOMESTEAD FIRST $25,000"},
                   {"code": "HEX2", "description": "HOMESTEAD ADDITIONAL $25,000"}] if prop.homestead else [])
    ex = 25000.0 if prop.homestead else 0.0
    values = {"sequence": None, "rollYear": None, "marketVal": prop.market_value, "agriculturalVal": 0.0,
              "assessedValSch": prop.assessed_value, "assessedVal": prop.assessed_value, "homesteadEx": ex,
              "addlHomesteadEx": ex, "otherExempts": None, "taxableValSch": prop.assessed_value - ex,
              "taxableVal": prop.taxable_value}
    for n, factor in ((1, 0.94), (2, 0.89)):
        values |= {f"marketVal{n}": round(prop.market_value * factor, -1), f"agriculturalVal{n}": 0.0,
                   f"assessedValSch{n}": round(prop.assessed_value * factor, -1),
                   f"assessedVal{n}": round(prop.assessed_value * factor, -1), f"homesteadEx{n}": ex,
                   f"addlHomesteadEx{n}": ex, f"otherExempts{n}": None,
                   f"taxableValSch{n}": max(round(prop.assessed_value * factor, -1) - ex, 0.0),
                   f"taxableVal{n}": max(round(prop.assessed_value * factor, -1) - 2 * ex, 0.0)}
    site = site_address(truth)
    use = {"code": prop.land_use_code, "description": prop.land_use}
    return {
        "lastModifiedDate": f"{as_of.month}/{as_of.day}/{as_of.year} 3:35:00 AM",
        "account": prop.account,
        "nextAccount": int(prop.account) + 1,
        "prevAccount": int(prop.account) - 1,
        "parcelID": prop.parcel_id,
        "parcelTownship": facts.township,
        "parcelRange": facts.range_,
        "parcelSection": facts.section,
        "parcelSubdivision": facts.sub_id,
        "parcelBlock": facts.block,
        "parcelLot": facts.lot,
        "siteAddress": site,
        "subdivisionName": facts.subdivision,
        "owner": owner,
        "photoUrl": f"https://www.bcpao.us/photos/{prop.account[:2]}/{prop.account}011.jpg",
        "sketchUrl": "",
        "platBook": None,
        "platPage": None,
        "platBookPage": f"{int(facts.plat_book):04d}/{int(facts.plat_page):04d}",
        "legalDescription": facts.appraiser_legal,
        "acreage": facts.acreage,
        "totalBuildings": 0 if prop.year_built is None else 1,
        "mailFormatted1": owner,
        "mailFormatted2": street,
        "mailFormatted3": f"{city} FL {zip_code}",
        "mailFormatted4": None,
        "mailFormatted5": None,
        "mailingAddress": {"addr1": street, "addr2": "", "city": city, "state": "FL", "zip": zip_code,
                           "country": "", "formatted": f"{street} {city} FL  {zip_code}", "isForeign": False},
        "propertyUse": use,
        "siteCode": {"code": "0000", "description": "NOT APPLICABLE"},
        "millage": {"code": "4200", "description": "UNINCORP DISTRICT 4"},
        "marketArea": {"code": f"{prop.zip[2:]}0{facts.section}", "description": None},
        "redevelopmentZone": None,
        "ownerNames": [{"ownerName": owner, "ownerSequence": "1", "primaryOwner": True}],
        "siteAddresses": [{"siteAddress": site, "locationSequence": "1", "isPrimaryFlag": True}],
        "exemptions": exemptions,
        "valueSummary": [values],
        "salesHistory": [_sale(d) for d in deeds],
        "landInfo": [{"acreage": f"{facts.acreage:.2f}", "legalDesc": facts.appraiser_legal,
                      "platBookPage": f"{int(facts.plat_book):04d}/{int(facts.plat_page):04d}",
                      "subdivisionName": facts.subdivision,
                      "siteCode": {"code": "0000", "description": "NOT APPLICABLE"}}],
        "addlXFeatures": [],
        "buildings": _buildings(truth, use),
        "condoInfo": None,
        "tangibleInfo": None,
        "isCondo": prop.property_type == "CONDO",
        "condoNumber": 0,
        "condoFirstAccount": None,
        "isConfidential": False,
        "noData": False,
        "isInactive": False,
    }


def _sale(deed: Deed) -> dict:
    return {"book": deed.book, "page": deed.page, "salePrice": deed.price,
            "saleDate": f"{deed.date.isoformat()}T00:00:00", "deedCode": deed.deed_code,
            "deedDesc": deed.description, "saleQual": "01" if deed.qualified else "11",
            "saleQualDesc": "QUALIFIED" if deed.qualified else
            "QC,TRANSFER W/MIN OR NO DOC STAMPS,CORRECTIVE,CT,XD,TD,FJ,DC",
            "screeningSource": None, "phyChgCode": None, "qualified": deed.qualified, "vacantOrImproved": False,
            "isConfidential": False, "noData": False}


def _buildings(truth: CaseTruth, use: dict) -> list[dict]:
    prop = truth.property
    if prop.year_built is None:
        return []  # vacant land
    area = int(prop.living_area or 0)
    two_story = prop.property_type in ("SFR", "TOWNHOUSE", "MULTI-FAMILY") and area > 2400
    floors = [("BASE AREA (1st)", area - area * 2 // 5), ("BASE AREA (2nd)", area * 2 // 5)] if two_story \
        else [("BASE AREA (1st)", area)]
    extras = [("GARAGE", 420 + area % 200), ("OPEN PORCH", 60 + area % 90)] if prop.property_type != "CONDO" \
        else [("OPEN PORCH", 40 + area % 50)]
    sub_areas = [{"bldgSequence": 1, "description": d, "grossSqFtArea": a, "noData": False}
                 for d, a in [*floors, *extras]]
    features = [{"bldgSequence": 1, "description": "POOL: RESIDENTIAL", "units": 1, "noData": False},
                {"bldgSequence": 1, "description": "POOL DECK", "units": 900, "noData": False}] if prop.pool else []
    features.append({"bldgSequence": 1, "description": "SCREEN ENCLOSURE", "units": 1, "noData": False})
    return [{
        "account": int(prop.account), "bldgSequence": 1, "bldgUse": use, "yearBuilt": prop.year_built,
        "storyHeight": "10", "floors": "02" if two_story else "01", "avgCeilingHeight": "9",
        "residentialUnits": 2 if prop.property_type == "MULTI-FAMILY" else 1, "commericalUnits": 0,
        "photo": None, "sketch": None, "totalBaseArea": area,
        "totalSubArea": sum(a["grossSqFtArea"] for a in sub_areas), "subAreaInfo": sub_areas,
        "extraFeatureInfo": features,
        "constructionInfo": [{"bldgSequence": 1, "element": "EXTERIOR WALL:", "code": "EXTERIOR WALL",
                              "description": "STUCCO", "noData": False},
                             {"bldgSequence": 1, "element": "ROOF:", "code": "ROOF",
                              "description": "SHINGLE-ASPHALT", "noData": False}],
        "noData": False,
    }]


def search_hit(seed: int, truth: CaseTruth, as_of: dt.date, total: int) -> dict:
    """One `/api/v1/search` hit, with the keys of the real search_2627712.json."""
    prop, facts = truth.property, parcel_facts(seed, truth)
    owner, deeds = owner_on(seed, truth, as_of)
    last = deeds[0] if deeds else None
    return {
        "totalCount": total, "searchType": "R", "propertyID": int(prop.account), "account": prop.account,
        "parcelID": prop.parcel_id, "siteAddress": site_address(truth), "subdivisionName": facts.subdivision,
        "landUseCode": f"{prop.land_use:<50}", "taxingDistrict": f"{'UNINCORP DISTRICT 4':<33}",
        "totalBaseArea": prop.living_area, "totalSubArea": prop.living_area, "acreage": facts.acreage,
        "saleDate": f"{last.date.isoformat()}T00:00:00" if last else None,
        "salePrice": last.price if last else None, "officialBook": last.book if last else None,
        "officialPage": last.page if last else None, "mailAddress": site_address(truth),
        "mailFormatted1": appraiser_name(owner), "mailFormatted2": prop.street,
        "mailFormatted3": f"{prop.city} FL {prop.zip}", "mailFormatted4": None, "mailFormatted5": None,
        "owners": appraiser_name(owner), "condoName": None, "businessName": None, "businessSiteAddress": None,
        "businessMailAddress": None, "businessLicense": None,
        "yearBuilt": str(prop.year_built) if prop.year_built else None, "poolFlag": prop.pool,
        "inactiveFlag": False,
    }


"""What Brevard's county sites show about a simulated case, rendered in the real sites' formats.

Two halves, both pure (no request, no clock beyond the `as_of` they are given):
- views of a case's truth as each office records it: the parcel's legal facts and deed history, the
  court docket's events, the recorded documents of the official records, the tax certificates;
- renderers that print those views on the markup of the real captured pages in shared/fixtures/real
  (BCPAO JSON keys, the BECA case page, the OnCore result grid, the TaxSys parcel page), plus the
  documented RealTDM certificate table and the Census ACS JSON array.

Every detail the truth does not fix (deed books, subdivision names, buyers, docket filings...) comes from
its own seeded stream per case or parcel, so a page is the same on every request.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from biddeed_assets.portals.text import names_match
from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.truth import LENDERS, CaseTruth, TaxYear
from biddeed_assets.simulator.world import _rng

# OnCore's index starts in 1981: older documents are not online.
RECORDS_FLOOR = dt.date(1981, 1, 1)
# OnCore refuses to list more rows than this and shows its "Maximum limit" message instead.
RESULT_LIMIT = 2000
# A cancelled or redeemed sale's order is entered up to this many days before the sale day.
CANCEL_LEAD_DAYS = (1, 10)
# Share of cases whose first sale date was cancelled and reset to the listed one.
RESET_SHARE = 0.25

SUBDIVISION_WORDS = ("ESTATES", "SHORES", "LANDING", "VILLAGE", "PLACE", "HEIGHTS", "GARDENS", "TRACE", "ISLES",
                     "WOODS", "PARK")
THIRD_PARTY_BUYERS = ("SPACE COAST HOME BUYERS LLC", "SUNSHINE STATE PROPERTIES LLC", "TREASURE COAST REO LLC",
                      "BREVARD REAL ESTATE HOLDINGS LLC", "ATLANTIC SHORE INVESTMENTS INC", "INDIAN RIVER REDEVELOPMENT LLC",
                      "KEYSTONE AUCTION PARTNERS LLC", "HAMMOCK BAY VENTURES LLC", "DOUGLAS R PRESTON",
                      "MARGARET L OKAFOR")
JUDGES = ("LISA DAVIDSON", "CURTIS JACOBUS", "CHARLES CROCE", "KATHRYN SPEICHER", "MICHELLE NARDELLA",
          "DAVID DUGAN")
ATTORNEYS = (("LONEY ANTHONY", "FRENKEL LAMBERT WEISS WEISMAN & GORDON LLP", "1 E BROWARD BLVD STE 1430",
              "FORT LAUDERDALE, FL 33301-1843"),
             ("RUDY JAY F", "ALBERTELLI LAW", "PO BOX 23028", "TAMPA, FL 33623-2028"),
             ("SHAPIRO HEATHER", "ROBERTSON ANSCHUTZ SCHNEID CRANE", "6409 CONGRESS AVE STE 100",
              "BOCA RATON, FL 33487-2853"))
# Names that file thousands of documents county-wide (see `background_volume`).
INSTITUTIONS = tuple(sorted({*LENDERS, "CAPITAL ONE BANK USA NA", "INTERNAL REVENUE SERVICE",
                             "CITY CODE ENFORCEMENT BOARD", "MORTGAGE ELECTRONIC REGISTRATION SYSTEMS INC",
                             *(name for kind, _, names in cal.PLAINTIFFS
                               if kind in ("BANK", "SERVICER", "TRUSTEE", "GSE", "GOVERNMENT") for name in names)}))
_ASSOCIATION_WORDS = re.compile(r"\b(HOA|ASSN|ASSOCIATION|HOMEOWNERS|CONDO|CONDOMINIUM|POA|COA)\b")


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def mdy(day: dt.date) -> str:
    """05/02/2013, as BECA prints dates."""
    return day.strftime("%m/%d/%Y")


def short_mdy(day: dt.date) -> str:
    """6/6/2008, as OnCore prints dates."""
    return f"{day.month}/{day.day}/{day.year}"


def money(value: float) -> str:
    return f"${value:,.2f}"


# ---------------------------------------------------------------------------------------------
# Party names as each office writes them
# ---------------------------------------------------------------------------------------------


_SURNAMES = frozenset((*cal.LAST_NAMES, "PRESTON", "OKAFOR"))


def _person(name: str) -> tuple[str, str] | None:
    """(first names, last name) of one of the world's people; None for an entity (lender, company, heirs)."""
    first, _, last = name.rpartition(" ")
    return (first, last) if first and last in _SURNAMES and name not in cal.ENTITY_DEFENDANTS else None


def records_name(name: str) -> str:
    """OnCore indexes people as LAST,FIRST ('COOK,WALLACE')."""
    person = _person(name)
    return f"{person[1]},{person[0]}" if person else name


def appraiser_name(name: str) -> str:
    """BCPAO and the tax collector print LAST, FIRST."""
    person = _person(name)
    return f"{person[1]}, {person[0]}" if person else name


def docket_name(name: str) -> str:
    """BECA lists participants as LAST FIRST ('ARMENTROUT JENNIFER')."""
    person = _person(name)
    return f"{person[1]} {person[0]}" if person else name


def association_name(name: str, kind: str) -> str:
    """The recorded name of an association plaintiff ('JAMES LANDING' -> '... HOMEOWNERS ASSOCIATION INC')."""
    if _ASSOCIATION_WORDS.search(name):
        return name
    return f"{name} {'CONDOMINIUM' if kind == 'CONDO' else 'HOMEOWNERS'} ASSOCIATION INC"


def buyer_name(seed: int, truth: CaseTruth) -> str | None:
    """Who took title at the sale: the plaintiff's own name, or a third party whose name cannot be taken for it."""
    outcome = truth.outcome
    if outcome.status != "SOLD":
        return None
    if outcome.sold_to == "PLAINTIFF":
        return truth.case.plaintiff
    rng = _rng(seed, "brevard", "buyer", truth.case.case_number)
    choices = [b for b in THIRD_PARTY_BUYERS if not names_match(b, truth.case.plaintiff, drop_numbers=True)]
    return rng.choice(choices)


# ---------------------------------------------------------------------------------------------
# The parcel: legal description, deeds, owners before the defendant
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deed:
    date: dt.date
    price: float
    grantor: str
    grantee: str
    book: str
    page: str
    cfn: str
    deed_code: str = "WD"
    description: str = "WARRANTY DEED/SPECIAL WARRANTY DEED"
    qualified: bool = True
    case_number: str = ""


@dataclass(frozen=True, slots=True)
class ParcelFacts:
    township: str
    range_: str
    section: str
    sub_id: str
    block: str
    lot: str
    subdivision: str
    plat_book: str
    plat_page: str
    acreage: float
    prior_owners: tuple[str, ...]  # the owner before the defendant, then the one before that
    deeds: tuple[Deed, ...]  # newest first, as BCPAO lists them; the sale's certificate of title excluded
    mailing: tuple[str, str, str] | None  # (street, city, zip) when the owner does not live at the site

    @property
    def legal(self) -> str:
        """The legal description as OnCore's First Legal column prints it."""
        return (f"LT {self.lot} BLK {self.block} PB {self.plat_book} PG {self.plat_page} {self.subdivision} "
                f"S {self.section} T {self.township} R {self.range_} SUBID {self.sub_id}")

    @property
    def appraiser_legal(self) -> str:
        return f"{self.subdivision} LOT {self.lot} BLK {self.block}"


def document_numbers(rng, day: dt.date) -> tuple[str, str, str]:
    """(book, page, CFN) of a document recorded that day, numbered as the truth numbers liens."""
    book = str(3000 + (day.year - 1990) * 300 + rng.randint(0, 299))
    return book, str(rng.randint(1, 4999)), f"{day.year}{rng.randint(100000, 999999)}"


@lru_cache(maxsize=16384)
def parcel_facts(seed: int, truth: CaseTruth) -> ParcelFacts:
    prop = truth.property
    rng = _rng(seed, "brevard", "parcel", prop.account)
    parts = prop.parcel_id.split("-")
    twp, rge, sec, sub = parts[0], parts[1], parts[2], parts[3]
    block = str(int(float(parts[4]))) if len(parts) > 4 else "1"
    lot = str(int(float(parts[5]))) if len(parts) > 5 else "1"
    subdivision = f"{rng.choice(('PORT', 'LAKE', 'NORTH', 'SOUTH', 'WEST'))} {prop.street.split()[1]} " \
                  f"{rng.choice(SUBDIVISION_WORDS)}" + (f" UNIT {rng.randint(1, 20)}" if rng.random() < 0.4 else "")
    prior: list[str] = []
    while len(prior) < 2:  # never the defendant's own name, which would confuse name matching
        name = f"{rng.choice(cal.FIRST_NAMES)} {rng.choice(cal.LAST_NAMES)}"
        if not names_match(name, truth.case.defendant) and name not in prior:
            prior.append(name)
    owners = (truth.case.defendant, *prior)
    deeds = []
    for i, sale in enumerate(prop.sales):
        day = dt.date.fromisoformat(sale.date)
        book, page, cfn = document_numbers(rng, day)
        deeds.append(Deed(day, sale.price, owners[i + 1] if i + 1 < len(owners) else "UNKNOWN", owners[i],
                          book, page, cfn, sale.deed_type, qualified=sale.qualified))
    mailing = None
    if not prop.homestead:
        mailing = (f"{rng.randint(100, 9999)} {rng.choice(('MAIN', 'CENTRAL', 'LAKE', 'PARK'))} "
                   f"{rng.choice(('ST', 'AVE', 'BLVD'))}", rng.choice(("ORLANDO", "TAMPA", "JACKSONVILLE")),
                   rng.choice(("32801", "33602", "32202")))
    return ParcelFacts(twp, rge, sec, sub, block, lot, subdivision, str(rng.randint(10, 70)),
                       str(rng.randint(1, 99)), round(rng.uniform(0.12, 0.6), 2) if prop.property_type != "CONDO"
                       else 0.0, tuple(prior), tuple(deeds), mailing)


@lru_cache(maxsize=16384)
def title_deed(seed: int, truth: CaseTruth) -> Deed | None:
    """The clerk's certificate of title to the sale's buyer (recorded on the sale day), if the sale was held."""
    buyer = buyer_name(seed, truth)
    if buyer is None:
        return None
    day = dt.date.fromisoformat(truth.case.auction_date)
    book, page, cfn = document_numbers(_rng(seed, "brevard", "title", truth.case.case_number), day)
    return Deed(day, truth.outcome.sold_amount or 0.0, truth.case.defendant, buyer, book, page, cfn, "CT",
                "CERTIFICATE OF TITLE", qualified=False, case_number=truth.case.case_number)


def owner_on(seed: int, truth: CaseTruth, as_of: dt.date) -> tuple[str, list[Deed]]:
    """The owner of record on `as_of` and the deed history BCPAO shows then, newest first."""
    facts = parcel_facts(seed, truth)
    title = title_deed(seed, truth)
    if title is not None and title.date <= as_of:
        return title.grantee, [title, *facts.deeds]
    return truth.case.defendant, list(facts.deeds)


# ---------------------------------------------------------------------------------------------
# BCPAO (appraiser) JSON API
# ---------------------------------------------------------------------------------------------


def site_address(truth: CaseTruth) -> str:
    prop = truth.property
    return f"{prop.street} {prop.city} FL {prop.zip}"


def bcpao_account(seed: int, truth: CaseTruth, as_of: dt.date) -> dict:
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
        "salesHistory": [_bcpao_sale(d) for d in deeds],
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


def _bcpao_sale(deed: Deed) -> dict:
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


def bcpao_hit(seed: int, truth: CaseTruth, as_of: dt.date, total: int) -> dict:
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


def dumps(data) -> bytes:
    return json.dumps(data).encode()


# ---------------------------------------------------------------------------------------------
# BECA court docket
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """One register-of-actions line: dated `date`, on the docket from `entered` on."""

    date: dt.date
    entered: dt.date
    description: str
    code: int
    document: bool = False  # an e-filed document (gets a document number and a page count)
    amount: float | None = None  # clerk fees ("ASM:" assessments)


def _bracket(amount: float) -> tuple[str, str, float]:
    """(case-type bracket, assessment text, filing fee) for a claim, as Brevard buckets them."""
    if amount <= 50_000:
        return "$0-$50000", "ASM:FCL <= 50,000", 406.0
    if amount < 250_000:
        return "$50001-$249999", "ASM:FCL >50,000 < 250,000", 906.0
    return "$250000 & >", "ASM:FCL >= 250,000", 1906.0


def case_type(truth: CaseTruth) -> str:
    homestead = "HOMESTEAD" if truth.property.homestead else "NON-HOMESTEAD"
    return f"FCL-{homestead} {_bracket(truth.final_judgment)[0]}"


@lru_cache(maxsize=16384)
def docket_events(seed: int, truth: CaseTruth) -> tuple[Event, ...]:
    """Every event the case's docket will ever carry, in date order; show those entered by `as_of`.

    The final judgment states its amount with cents. The sale day carries a sale held, a certificate of
    sale with the price and a certificate of title naming the buyer (the plaintiff's name, or a third
    party's), or, for a cancelled or redeemed sale, a clerk's "JUDICIAL SALE CANCELLED" entered with the
    order cancelling the sale a few days before it.
    """
    case = truth.case
    rng = _rng(seed, "brevard", "docket", case.case_number)
    filed = dt.date.fromisoformat(truth.filing_date)
    judged = dt.date.fromisoformat(truth.judgment_date)
    sale = dt.date.fromisoformat(case.auction_date)
    days = dt.timedelta
    association = case.plaintiff_kind in ("HOA", "CONDO")
    events: list[Event] = []

    def add(day, text, code, *, entered=None, document=False, amount=None):
        events.append(Event(day, entered or day, text, code, document, amount))

    _, assessment, fee = _bracket(truth.final_judgment)
    add(filed, "COMPLAINT OR PETITION EXCLUDING NON-MILITARY AFFIDAVIT", 2719, document=True)
    add(filed, "COVER SHEET", 6507, document=True)
    if not association:
        add(filed, "MORTGAGE CLAIM AMOUNT WORKSHEET", 1417, document=True)
    add(filed, "LIS PENDENS RECORDED IN THE OFFICIAL RECORDS", 2561, document=True)
    add(filed, assessment, 1310, amount=fee)
    add(filed, f"ASM: ISSUE {'CIRCUIT' if case.court == 'CA' else 'COUNTY'} SUMMONS", 9566,
        amount=40.0 if case.court == "CA" else 10.0)
    add(filed + days(rng.randint(3, 10)), "20 DAY SUMMONS ISSUED TO ATTORNEY VIA E-MAIL", 10032)
    served = min(filed + days(rng.randint(20, 50)), judged - days(20))
    add(served, "20 DAY SUMMONS RETURNED SERVED", 7623, document=True)
    motion = max(judged - days(rng.randint(25, 45)), served + days(1))
    add(motion, "MOTION FOR SUMMARY JUDGMENT", 2922, document=True)
    add(motion, "AFFIDAVIT OF COSTS", 5125, document=True)
    add(motion + days(2), "NOTICE OF HEARING", 6724, document=True)
    add(judged, "CAL:HEARING", 3922, entered=motion + days(2))
    add(judged, "CR: HEARING HEARD", 4407)
    add(judged, f"FINAL JUDGMENT OF FORECLOSURE {money(truth.final_judgment)} RECORDED IN THE OFFICIAL RECORDS",
        1486, entered=judged + days(2), document=True)
    add(judged, "FINAL DISPOSITION FORM", 6722, document=True)
    add(judged + days(1), "NOTICE OF SALE", 6740, document=True)
    add(max(sale - days(rng.randint(7, 14)), judged + days(2)), "PROOF OF PUBLICATION REGARDING NOTICE OF SALE",
        7715, document=True)
    scheduled_on = judged
    weeks = (sale - judged).days // 7
    if weeks >= 6 and rng.random() < RESET_SHARE:
        first = sale - days(7 * rng.randint(3, weeks - 3))
        order = first - days(rng.randint(1, 4))
        add(first, "CAL:FORECLOSURE SALE", 3948, entered=judged)
        add(order - days(rng.randint(2, 6)), "MOTION TO CANCEL FORECLOSURE SALE", 9761, document=True)
        add(order, "ORDER CANCELLING FORECLOSURE SALE", 6255, document=True)
        add(first, "CR: JUDICIAL SALE CANCELLED", 4645, entered=order)
        scheduled_on = order
    add(sale, "CAL:FORECLOSURE SALE", 3948, entered=scheduled_on)
    outcome = truth.outcome
    if outcome.status == "SOLD":
        add(sale, "CR: JUDICIAL SALE HELD", 4646)
        add(sale, f"CERTIFICATE OF SALE {money(outcome.sold_amount or 0.0)}", 6259, document=True)
        add(sale, f"CERTIFICATE OF TITLE TO {buyer_name(seed, truth)}", 6260, document=True)
        add(sale + days(rng.randint(20, 40)), "CERTIFICATE OF DISBURSEMENTS", 6262, document=True)
    else:
        order = sale - days(rng.randint(*CANCEL_LEAD_DAYS))
        if outcome.status == "REDEEMED":
            add(order, "CERTIFICATE OF REDEMPTION", 6264, document=True)
        else:
            add(order - days(rng.randint(2, 5)), "MOTION TO CANCEL FORECLOSURE SALE", 9761, document=True)
        add(order, "ORDER CANCELLING FORECLOSURE SALE", 6255, document=True)
        add(sale, "CR: JUDICIAL SALE CANCELLED", 4645, entered=order)
    return tuple(e for _, e in sorted(enumerate(events), key=lambda pair: (pair[1].date, pair[0])))


def docket_page(seed: int, truth: CaseTruth, as_of: dt.date, *, bad_rows: bool = False) -> bytes:
    """The BECA case page (all_results.cfm) on `as_of`, on the real case_docket.html's markup."""
    case, prop = truth.case, truth.property
    rng = _rng(seed, "brevard", "docket-page", case.case_number)
    events = [e for e in docket_events(seed, truth) if e.entered <= as_of]
    judged = dt.date.fromisoformat(truth.judgment_date)
    status, status_day = ("DISPOSED", judged) if judged <= as_of else (
        "OPEN", dt.date.fromisoformat(truth.filing_date))
    numbers = {id(e): n for n, e in enumerate(sorted((e for e in events if e.document), key=lambda e: e.entered),
                                              start=1)}
    attorney, attorney_id = rng.choice(ATTORNEYS), rng.randint(3_000_000, 3_999_999)
    rows, pages = [], 0
    for seq, event in enumerate(events, start=1):
        barcode, page_count = 20_000_000 + rng.randint(0, 9_999_999), rng.randint(1, 9)
        pages += page_count if event.document else 0
        rows.append(_docket_row(event, numbers.get(id(event)), seq, barcode, page_count))
    if bad_rows:
        rows.append(_docket_row(Event(as_of, as_of, "ORDER ON GARBLED ENTRY", 9999), None, 0, 0, 1)
                    .replace(mdy(as_of), "13/45/2026", 1))
    defendant = docket_name(case.defendant)
    situs = f"{prop.street}", f"{prop.city}, FL {prop.zip}"
    participants = [
        _participant("DEFENDANT (1)", defendant, 3_000_000 + rng.randint(0, 999_999), *situs),
        _participant("DEFENDANT (2)", "UNKNOWN TENANT", 3_000_000 + rng.randint(0, 999_999), *situs),
        _participant("PLAINTIFF (1)", case.plaintiff, 1_000_000 + rng.randint(0, 999_999), "PO BOX 650043",
                     "DALLAS, TX 75265-0043"),
        f"""
        <tr>
            <td>ATTORNEY FOR: P1</td>
            <td>{_e(attorney[0])}</td>
            <td><a href="JavaScript:newPopup('Atty_Details.cfm?AttyPartId={attorney_id}');">{attorney_id}</a></td>
            <td>&nbsp;</td>
            <td>&nbsp;</td>
            <td>&nbsp;</td>
            <td>&nbsp;</td>
            <td>{_e(attorney[1])}</td>
            <td>{_e(attorney[2])}</td>
            <td>{_e(attorney[3])}</td>
        </tr>""",
    ]
    body = _DOCKET_TEMPLATE.format(
        case_number=_e(case.case_number),
        title=_e(f"{case.plaintiff} VS {case.defendant}"),
        case_type=_e(case_type(truth)),
        filing_date=mdy(dt.date.fromisoformat(truth.filing_date)),
        status=status,
        status_date=mdy(status_day),
        judge=_e(rng.choice(JUDGES)),
        jurisdiction="CENTRAL" if case.court == "CA" else "COUNTY",
        participants="".join(participants),
        rows="".join(rows),
        pages=pages,
    )
    return body.encode("iso-8859-1", errors="replace")


def _docket_row(event: Event, number: int | None, seq: int, barcode: int, page_count: int) -> str:
    deputy = f"Deputy {1000 + barcode % 97}-EFILE-{mdy(event.entered)} {9 + barcode % 8:02d}:{barcode % 60:02d}"
    if event.document:
        return f"""
            <tr>

                <td width="5%" align="center"><a TITLE="View On Request"
                                                 href="JavaScript:newPopup('https://vmatrix1.brevardclerk.us/beca/Vor_Request.cfm?Brcd_id={barcode}');"><img
                        src="https://vmatrix1.brevardclerk.us/beca/images/file_vor.png"></a></td>

                <td width="10%" align="center">
                    <div class="m">{mdy(event.date)}<span>{deputy}</span></div>
                </td>
                <td width="10%" align="center">{number or ""}</td>
                <td width="52%" align="left">
                    <div class="m">{_e(event.description)} <span>Event Code {event.code}-Event Seq {seq}-Barcode ID {barcode}</span>
                    </div>
                </td>


                <td width="10%" align="center">{page_count}</td>

                <td width="10%" align="Right"></td>

            </tr>
"""
    amount = f"{event.amount:,.2f}" if event.amount is not None else ""
    return f"""
            <TR>
                <td width="5%"></td>
                <td width="10%" align="center">
                    <div class="m">{mdy(event.date)}<span>Deputy --{mdy(event.entered)} 07:11</span></div>
                </td>
                <td width="10%" align="center"></td>


                <td width="52%" align="left">
                    <div class="m">{_e(event.description)} <span>Event Code {event.code}-Event Seq {seq}</span></div>
                </td>


                <td width="10%" align="center"></td>
                <td width="10%" align="Right">{amount}</td>
            </TR>
"""


def _participant(kind: str, name: str, party_id: int, address: str, city: str) -> str:
    return f"""
        <tr>


            <td align="left">{_e(kind)}</td>

            <td align="left">{_e(name)}</td>

            <td align="left">{party_id}</td>

            <td align="left"><a href="DLNumber_Display.cfm?DLNumber="></td>
            <td align="left"></td>
            <td align="left"></td>
            <td align="center"></td>
            <td align="left">{_e(address)}</td>
            <td align="left"></td>
            <td align="left">{_e(city)}</td>

        </tr>
"""


_BECA_HEAD = """<!DOCTYPE HTML>

<html>
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">
    <title>{title}</title>
    <link rel="stylesheet" type="text/css" href="https://vmatrix1.brevardclerk.us/beca/css/standard.css">
</head>

<body>
<div widht="100%" align=center>

    <H2>BECA - Brevard Electronic Court Application</H2>


    <p class="navy">Logged in As: Public</p>


    <br>
</div>
"""

_DOCKET_TEMPLATE = _BECA_HEAD.replace("{title}", "All Results") + """
<div style="position:fixed; top:2%; right:2%;color:black;background:lightsteelblue;font-size:14px;">
    {case_number}
</div>


<div align="Center">
    <a class="lg" href="#participants">Participants</a>
    &nbsp;&nbsp;<a class="lg" href="#docket">Register of Actions</a>
    &nbsp;&nbsp;<a class="lg" href="#financials">Financials</a>
</div>


<form name="inputForm" id="inputForm" action="Print.cfm" method="post">
    <BR>
    <div align="center">
        <a class="lg" href="Name_Search.cfm">New Search</a>&nbsp;&nbsp;
    </div>
    <br>


    <h5 align="center"><B>{title} </B></h5>
    <h5 align="center"><B>Case Information</B></h5>


    <br>


    <table class="TFtable" width="100%">
        <tr>
            <th width="20%" align="center">Case Number</th>
            <th width="10%" align="center">Case Type</th>
            <th width="10%" align="center">Filing Date</th>
            <th width="10%" align="center">Case Status</th>
            <th width="10%" align="center">Status Date</th>
            <th width="15%" align="center">Judge</th>
            <th width="10%" align="center">Jurisdiction</th>
            <th width="15%" align="center">Charging Agency</th>
        </tr>


        <tr>

            <td width="20%" align="left">
                <div class="m">{case_number}
                    <span>File Location - /CLERK/VIERA/VIERA ELECTRONIC FILES/</span></div>
            </td>


            <td width="10%" align="left">{case_type}</td>
            <td width="10%" align="center">{filing_date}</td>


            <td width="10%" align="left">{status}</td>


            <td width="10%" align="center">{status_date}</td>
            <td width="15%" align="left">{judge}</td>
            <td width="10%" align="left">{jurisdiction}</td>
            <td width="15%" align="left">
                <div class="l">NONE <span></span></div>
            </td>
        </tr>

    </TABLE>
    <br>

    <br>


    <a name="participants"></a>


    <table width='100%'>
        <td align="left" style="font-size:16px"><B>&nbsp&nbspParticipants</B></td>
        <td align="right" style="font-size:16px"><input type="checkbox" name="PrintChk" value=2><B>Print&nbsp&nbsp</B>
        </td>
    </table>

    <table class="TFtable" style="width:100%">
        <tr>
            <th align="center">Type</th>
            <th align="center">Name</th>
            <th align="center">Participant Id</th>
            <th align="center">DL Number</th>
            <th align="center">Race</th>
            <th align="center">Gender</th>
            <th align="center">DOB</th>
            <th align="center">Address 1</th>
            <th align="center">Address 2</th>
            <th align="center">City State Zip</th>
        </tr>
{participants}
    </table>
    <br>


    <a name="docket"></a>


    <br>
    <table width='100%'>
        <td align="left" style="font-size:16px"><B>&nbsp&nbspRegister Of Actions&nbsp&nbsp</B></td>
        <td align="right" style="font-size:16px"><input type="checkbox" name="PrintChk" value=3><B>Print&nbsp&nbsp</B>
        </td>
    </table>

    <table class="TFtable" style="width:100%">
        <tr>
            <th width="5%">View</th>
            <th width="10%">Event Date</th>
            <th width="10%">Document Number</th>
            <th width="52%">Description</th>
            <th width="10%">Page Count</th>
            <th id="right-border" width="10%">Amount</th>
        </tr>


        <table id="tbl-content" class="TFtable" cellpadding="3" cellspacing="0" border="0"
               style="width:100%;table-layout:fixed;background:#fff;">
{rows}
            <tr>
                <td width="5%">&nbsp;</td>
                <td width="10%">&nbsp;</td>
                <td width="5%">&nbsp;</td>
                <td align="center" width="47%" style="color:red;font-size:16px"><b>Total Number of Document Pages</b>
                </td>
                <td align="center" width="10%" style="color:red;font-size:16px"><b>{pages}</b></td>
                <td width="10%">&nbsp;</td>
            </tr>

        </table>
        <br>
</form>
</body>
</html>
"""


def beca_splash_page() -> bytes:
    return (_BECA_HEAD.replace("{title}", "BECA") + """
<form name="splash" action="StartSearch.cfm" method="post">
    <p>The information on this site is provided as a public service. By accepting you agree that the Clerk is
    not liable for its accuracy.</p>
    <input type="radio" name="RadioChk" value="Yes"> I accept
    <input type="radio" name="RadioChk" value="No"> I do not accept
    <input type="submit" name="Submit" value="Submit">
</form>
</body>
</html>
""").encode("iso-8859-1")


def beca_search_page(message: str = "") -> bytes:
    fields = "".join(f'<input type="text" name="CaseNumber{i}" size="{size}">' for i, size in
                     enumerate((2, 4, 2, 6, 4, 2), start=1))
    note = f'<p class="navy" style="color:red"><b>{_e(message)}</b></p>' if message else ""
    return (_BECA_HEAD.replace("{title}", "Case Number Search") + f"""
<div align="center">
    {note}
    <form name="inputForm" action="CaseNumber_Search.cfm" method="post">
        <b>Case Number:</b> {fields}
        <input type="submit" name="submit" value="Search">
    </form>
</div>
</body>
</html>
""").encode("iso-8859-1")


NO_CASE_MESSAGE = "No Matching Cases Found"


# ---------------------------------------------------------------------------------------------
# Official records (OnCore search results)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    """One recorded document as the OnCore grid lists it."""

    doc_type: str
    record_date: dt.date
    book: str
    page: str
    cfn: str
    party_from: str  # first direct name
    party_to: str  # first indirect name
    consideration: float | None
    legal: str
    case_number: str
    parcel_id: str


def _lien_document(truth: CaseTruth, lien, legal: str) -> Recorded:
    case = truth.case
    debtor = records_name(lien.debtor)
    holder = lien.holder
    kind = lien.lien_type
    if kind == "MORTGAGE":
        doc_type, parties = "MORTGAGE", (debtor, holder)
    elif kind == "LIS_PENDENS":
        doc_type, parties = "LIS PENDENS", (holder, debtor)
    elif kind == "HOA_LIEN":
        plaintiff_kind = case.plaintiff_kind if holder == case.plaintiff else "HOA"
        doc_type, parties = "CLAIM OF LIEN", (debtor, association_name(holder, plaintiff_kind))
    elif kind == "CODE_ENFORCEMENT":
        doc_type, parties = "LIEN", (debtor, holder)
    elif kind == "IRS_LIEN":
        doc_type, parties = "FEDERAL TAX LIEN", (debtor, holder)
    elif kind == "JUDGMENT":
        doc_type, parties = "JUDGMENT", (holder, debtor)
    else:  # MECHANICS: the contractor files the claim of lien
        doc_type, parties = "CLAIM OF LIEN", (holder, debtor)
    return Recorded(doc_type, dt.date.fromisoformat(lien.recorded_date), lien.book, lien.page, lien.cfn,
                    parties[0], parties[1], lien.amount, legal,
                    case.case_number if kind == "LIS_PENDENS" else "", truth.property.parcel_id)


@lru_cache(maxsize=16384)
def recorded_documents(seed: int, truth: CaseTruth) -> tuple[Recorded, ...]:
    """Every document the case's parcel and parties ever get recorded, in record order.

    The truth's liens as recorded (mortgages, claims of lien, liens, judgments, federal tax liens, the lis
    pendens), a SATISFACTION citing "OR BK <book> PG <page>" of each satisfied lien on the day it was
    satisfied, the deeds of the parcel's sales, sometimes an assignment of the mortgage, and the
    certificate of title recorded on the sale day when the sale was held.
    """
    facts = parcel_facts(seed, truth)
    rng = _rng(seed, "brevard", "records", truth.case.case_number)
    parcel = truth.property.parcel_id
    prior = {"PRIOR OWNER": facts.prior_owners[0]}
    docs: list[Recorded] = []
    for lien in truth.liens:
        lien = lien if lien.debtor not in prior else _with_debtor(lien, prior[lien.debtor])
        doc = _lien_document(truth, lien, facts.legal)
        docs.append(doc)
        if lien.satisfied_on:
            day = dt.date.fromisoformat(lien.satisfied_on)
            book, page, cfn = document_numbers(rng, day)
            cite = f"OR BK {lien.book} PG {lien.page}"
            if not lien.book.isdigit():
                cite += f" CFN {lien.cfn}"
            docs.append(Recorded("SATISFACTION", day, book, page, cfn, lien.holder, records_name(lien.debtor),
                                 None, f"{cite} {facts.legal}", "", parcel))
        if lien.lien_type == "MORTGAGE" and lien.active and rng.random() < 0.3:
            day = dt.date.fromisoformat(lien.recorded_date) + dt.timedelta(days=rng.randint(200, 900))
            book, page, cfn = document_numbers(rng, day)
            originator = rng.choice([lender for lender in LENDERS if lender != lien.holder])
            docs.append(Recorded("ASSIGNMENT OF MORTGAGE", day, book, page, cfn, originator, lien.holder, None,
                                 f"OR BK {lien.book} PG {lien.page} {facts.legal}", "", parcel))
    for deed in facts.deeds:
        docs.append(Recorded("DEED", deed.date, deed.book, deed.page, deed.cfn, records_name(deed.grantor),
                             records_name(deed.grantee), deed.price, facts.legal, "", parcel))
    title = title_deed(seed, truth)
    if title is not None:
        docs.append(Recorded("CERTIFICATE OF TITLE", title.date, title.book, title.page, title.cfn,
                             records_name(title.grantor), records_name(title.grantee), title.price, facts.legal,
                             title.case_number, parcel))
    return tuple(sorted((d for d in docs if d.record_date >= RECORDS_FLOOR), key=lambda d: (d.record_date, d.cfn)))


def _with_debtor(lien, debtor: str):
    from dataclasses import replace

    return replace(lien, debtor=debtor)


@lru_cache(maxsize=65536)
def normalized(text: str) -> str:
    """Upper case, punctuation to spaces, runs collapsed: how OnCore compares names and case numbers."""
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text.upper()).split())


def background_volume(name: str, days: int) -> int:
    """Documents the rest of the county's index holds for a name search over `days` days.

    The world holds only its foreclosure parcels, but the real index holds every deed and mortgage in the
    county: an institution that lends or sues county-wide files about five documents a day, and a bare
    surname (one word) matches about one a day. Other names have none beyond the world's. This figure
    only decides whether a search exceeds RESULT_LIMIT; those documents are never listed.
    """
    query = normalized(name)
    if len(query) < 3:
        return RESULT_LIMIT + 1  # OnCore wants three characters; anything shorter matches everything
    if any(normalized(i).startswith(query) for i in INSTITUTIONS):
        return 5 * days
    return days if len(query.split()) == 1 else 0


def records_page(docs: list[Recorded], *, searched_for: str, as_of: dt.date, exceeded: bool = False,
                 bad_rows: bool = False, no_grid: bool = False) -> bytes:
    """The OnCore search.aspx result page: the grid, the zero-results box, or the limit message shown."""
    rows = [_records_row(i, d) for i, d in enumerate(docs)]
    if bad_rows:
        rows.append(_records_row(len(rows), Recorded("MORTGAGE", as_of, "X", "", "", "???", "", None, "", "", ""))
                    .replace(short_mdy(as_of), "13/45/2026", 1))
    shown = bool(rows) and not exceeded and not no_grid
    grid = _RECORDS_GRID.format(rows="".join(rows)) if shown else ""
    count = len(docs) if shown else 0
    last_cfn = f"{as_of.year}{(as_of.timetuple().tm_yday * 631) % 999_999:06d}"
    page = _RECORDS_TEMPLATE.format(
        verified=f"{as_of.strftime('%A')}, {as_of.strftime('%b')} {as_of.day}, {as_of.year}",
        last_cfn=last_cfn,
        exceed_style="" if exceeded else "DISPLAY: none",
        zero_style="" if not shown and not exceeded and not no_grid else "display: none",
        zero_desc=_e(f"Searched for {searched_for}") if not shown and not exceeded else "",
        position=f"1 - {count}" if count else "0",
        count=count,
        searched_for=_e(searched_for),
        grid=grid,
    )
    return page.encode("windows-1252", errors="replace")


def _records_row(i: int, d: Recorded) -> str:
    doc_id = 6_000_000 + int(d.cfn[-6:] or 0) if d.cfn[-6:].isdigit() else 6_000_000 + i
    link = f"showdetails.aspx?id={doc_id}&amp;rn={i}&amp;pi=0&amp;ref=search"
    bg = "White" if i % 2 == 0 else "#EEEEEE"
    consideration = money(d.consideration) if d.consideration else "$0.00"
    return f"""
                    <tr onmouseover="this.style.backgroundColor='#B2E5FF';this.style.cursor='hand'"
                        onmouseout="this.style.backgroundColor='{bg}'" bgcolor="{bg}">
                        <td class="stdFontResults" align="Center">
                            <A class=stdFontResults href='{link}'>{i + 1}</A>
                        </td>
                        <td class="stdFontResults" align="Center">

                        </td>
                        <td class="stdFontResults">
                            <A class='stdFontResults'
                               href='{link}'>{_e(d.party_from)}</A>
                        </td>
                        <td class="stdFontResults">
                            {_e(d.party_to)}
                        </td>
                        <td class="stdFontResults">
                            {short_mdy(d.record_date)}
                        </td>
                        <td class="stdFontResults">
                            {_e(d.doc_type)}
                        </td>
                        <td class="stdFontResults">
                            OR
                        </td>
                        <td class="stdFontResults">
                            {_e(d.book)}
                        </td>
                        <td class="stdFontResults">
                            {_e(d.page)}
                        </td>
                        <td class="stdFontResults">
                            {_e(d.cfn)}
                        </td>
                        <td class="stdFontResults" align="Left">
                            {consideration}
                        </td>
                        <td class="stdFontResults">
                            {_e(d.legal)}
                        </td>
                        <td class="stdFontResults">
                            {_e(d.case_number)}
                        </td>
                    </tr>"""


def _sort_header(key: str, label: str, align: str = "") -> str:
    return (f"""                        <td{align}><font color="White"><b><a href="javascript:__doPostBack('SortDynamicColumn','{key}')"
                                                      style='color:White;'>{label}</a></b></font></td>
""")


_RECORDS_GRID = """
                <table cellspacing="0" cellpadding="3" rules="all" bordercolor="Gainsboro" border="1" id="dgResults"
                       width="100%">
                    <tr class="stdFontPager" align="Left">
                        <td colspan="13"><b><span>1</span></b></td>
                    </tr>
                    <tr class="navtop" bgcolor="#324396">
                        <td align="Center"><font color="White"><b>[row]</b></font></td>
""" + "".join(_sort_header(k, label, align) for k, label, align in (
    ("AddedDeleted", "Status", ' align="Center"'), ("FullName", "First Direct Name", ""),
    ("CrossPartyName", "First Indirect Name", ""), ("RecordDate", "RecordDate", ""),
    ("DocTypeKey", "DocTypeKey", ""), ("BookType", "Book", ""), ("BookInt", "Book", ""), ("PageInt", "Page", ""),
    ("ClerkInt", "CFN", ""), ("Consideration", "Consideration", ' align="Left"'), ("Comments", "First Legal", ""),
    ("CaseNumber", "CaseNumber", ""))).replace("{", "{{").replace("}", "}}") + """                    </tr>{rows}
                </table>"""

_RECORDS_TEMPLATE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<HTML>
<HEAD>
    <META http-equiv=Content-Type content="text/html; charset=windows-1252">
    <title>BREVARD COUNTY RECORDS VERIFIED THROUGH {verified}. LAST CFN = {last_cfn} </title>
    <LINK href="style/style.css" rel="stylesheet" type="text/css">
</HEAD>
<body bottomMargin=0 leftMargin=0 topMargin=0 rightMargin=0 MS_POSITIONING="GridLayout">
<form name="Form1" method="post" action="search.aspx" id="Form1">
    <div id="printerInvisible">
        <table cellSpacing=0 cellPadding=0 width="95%" align=center border=0>
            <TBODY>
            <tr id=trExceedMessage style="{exceed_style}" bgColor=#ffffff
            >
                <td>&nbsp;</td>
                <td><br>
                    <div id=ExceedMessage
                         style="FONT-WEIGHT: bold; FONT-SIZE: 12px; COLOR: red; FONT-FAMILY: Verdana"
                    >Maximum limit of
                        2000
                        records has been exceeded, please change the above
                        criteria.
                    </div>
                </td>
            </tr>
            </TBODY>
        </table>
    </div>
    <div id=zeroResult style="{zero_style}">
        <table id=resultTable cellspacing=0 cellpadding=0 width="95%" align=center border=0>
            <tr>
                <td vAlign=top align=left bgColor=#ffffff height=1><font face=Verdana color=#000000 size=2>
                    <span id="lbDescForNoResult">{zero_desc}</span></font></td>
            </tr>
            <TR>
                <TD>
                    <div id=ZeroResultsMsg
                         style="FONT-WEIGHT: bold; FONT-SIZE: 12px; COLOR: red; FONT-FAMILY: Verdana"
                    >0 Results Returned
                    </div>
                </TD>
            </TR>
        </table>
    </div>

    <!-- RESULTS -->
    <span id=results/>

    <table id=Table5 cellSpacing=0 cellPadding=0 width="95%" align=center border=0>
        <TBODY>
        <tr>
            <td vAlign=bottom align=left><font face=Verdana color=#324396 size=2><b>Search Results</b></font></td>
            <td vAlign=bottom align=right><font face=Verdana
                                                color=#000000 size=2>Showing&nbsp;<span
                    id="lblRecordPos"><b>{position}</b></span>
                &nbsp;of&nbsp;<span id="lblRecordCount"><b>{count}</b></span>&nbsp;&nbsp;
                <span id="lblSec"><b>(0.000 seconds)</b></span></font></td>
        </tr>
        <tr>
            <td vAlign=top align=left bgColor=#ffffff height=1><font face=Verdana color=#000000 size=2><span
                    id="lblSearchFor">Searched for {searched_for}</span></font>
            </td>
        </tr>
        <tr>
            <td colSpan=2>{grid}
            </td>
        </tr>
        </TBODY>
    </table>
</form>
</body>
</HTML>
"""


# ---------------------------------------------------------------------------------------------
# Tax collector (TaxSys parcel page) and RealTDM certificates
# ---------------------------------------------------------------------------------------------


def tax_page(seed: int, truth: CaseTruth, as_of: dt.date, *, no_table: bool = False) -> bytes:
    """The TaxSys parcel page on the real parcel_bill.html's markup: timeline of roll years, Pay All, bill."""
    prop, facts = truth.property, parcel_facts(seed, truth)
    account = prop.account
    owner, _ = owner_on(seed, truth, as_of)
    years = sorted(truth.taxes, key=lambda t: t.year, reverse=True)
    latest = years[0]
    unpaid = [t for t in years if not t.paid]
    items = "".join(_timeline_item(account, t, selected=(t is latest)) for t in years)
    oldest = years[-1].year - 8
    items += f"""
                        <li class="filler"><a href="/public/real_estate/parcels/{account}/bills">...</a></li>
                        <li class="            "><a href="/public/real_estate/parcels/{account}?year={oldest}"
                                                    class="                 ">
                            {oldest}
                        </a>
                            <div class="amount                ">
                                <span class='emphasized_status'>Paid</span>
                            </div>
                        </li>"""
    pay_all = ""
    if unpaid:
        pay_all = f"""
                        <div>
                            <form action="/public/cart/add_item_now" method="POST" autocomplete="off" class="compact">
                                <input type="hidden" name="transaction_item_type_name" value="re_bill">
                                <button type="submit" class='bigger-button very-visible-button'>&nbsp;&nbsp;Pay All:
                                    {money(round(sum(t.amount for t in unpaid), 2))}&nbsp;&nbsp;
                                </button>
                            </form>
                        </div>"""
    ad_valorem = round(latest.amount * 0.78, 2)
    exemptions = ""
    if prop.homestead:
        exemptions = """
                        <h3>Exemptions</h3>
                        <dl class="standard-deflist wide-deflist">
                            <dt>HOMESTEAD FIRST $25,000</dt>
                            <dd>25,000</dd>
                            <dt>HOMESTEAD ADDITIONAL $25,000</dt>
                            <dd>25,000</dd>
                        </dl>"""
    mail = f"{prop.street}<br/>\n                                {prop.city}, FL {prop.zip}-0000"
    if facts.mailing and owner == truth.case.defendant:
        mail = f"{facts.mailing[0]}<br/>\n                                {facts.mailing[1]}, FL {facts.mailing[2]}-0000"
    timeline = "" if no_table else f"""
                <div class="timeline-container">
                    <div class="timeline-preload"></div>
                    <ul class="timeline timeline-with-types" style="width: auto;">{pay_all}{items}
                    </ul>
                </div>"""
    return _TAX_TEMPLATE.format(
        year=latest.year, street=_e(prop.street), city=_e(prop.city), account=account, timeline=timeline,
        owner=_e(appraiser_name(owner)), mail=mail, assessed=f"{prop.assessed_value:,.0f}",
        exemptions=exemptions, ad_valorem=money(ad_valorem), non_ad_valorem=money(round(latest.amount - ad_valorem, 2)),
        total=f"{latest.amount:,.2f}", legal=_e(facts.appraiser_legal),
        geo=f"{facts.township} {facts.range_}{facts.section}-{facts.sub_id}-{facts.block}-{facts.lot}",
        township=facts.township, range_=facts.range_, section=facts.section, block=facts.block, lot=facts.lot,
        use_code=prop.land_use_code, acres=f"{facts.acreage:.3f}",
    ).encode("utf-8")


def _timeline_item(account: str, tax: TaxYear, *, selected: bool) -> str:
    if tax.paid:
        status = "<span class='emphasized_status'>Paid</span>"
        css = "amount                "
    else:
        status = f"{money(tax.amount)} due"
        if tax.certificate_number:
            status += f"<br>\n                                Certificate #{tax.certificate_number} sold"
        css = "amount unpaid                "
    return f"""
                        <li class="{' selected' if selected else ''}            "><a href="/public/real_estate/parcels/{account}?year={tax.year}"
                                                             class="                 ">
                            {tax.year}
                        </a>
                            <div class="{css}">
                                {status}
                            </div>
                        </li>"""


_TAX_TEMPLATE = """<!DOCTYPE html>
<html>
<head>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>
        {year} roll details - Real Estate Account at {street}, {city} - TaxSys - Brevard County Tax
        Collector </title>
</head>
<body>
<div id="sticky-footer-wrap">
    <div id="content-container">
        <div id="content" class="">
            <div class="container">
                <h1>
                    {year} roll details &mdash; Real Estate Account at {street}, {city}
                </h1>
                <div class="property-tax-navigation">
                    <ul class="account-navigation hidden-xs">
                        <li class="selected"><img src="/shared-static/images/icons/map.png" alt="">
                            Parcel details
                        </li>
                        <li><a href="/public/real_estate/parcels/{account}/bills"> <img
                                src="/shared-static/images/icons/receipts-text.png" alt="">
                            Full bill history
                        </a></li>
                    </ul>
                    Real Estate Account #{account}
                </div>{timeline}
                <div class="column-container row">
                    <div class="column col-xs-6 parcel-basic-data">
                        <dl class="standard-deflist wide-deflist">
                            <dt>Owner</dt>
                            <dd>
                                {owner}<br/>
                                {mail}
                            </dd>
                            <dt>Situs</dt>
                            <dd>{street}<br/>
                                {city}
                            </dd>
                        </dl>
                        <dl class="standard-deflist wide-deflist">
                            <dt>Account number</dt>
                            <dd class="parcel-account-number">{account}</dd>
                            <dt>Alternate Key</dt>
                            <dd>{account}</dd>
                            <dt>Millage code</dt>
                            <dd>4200</dd>
                        </dl>
                        <dl class="standard-deflist wide-deflist">
                            <dt>Assessed value</dt>
                            <dd>{assessed}</dd>
                            <dt>School assessed value</dt>
                            <dd>{assessed}</dd>
                        </dl>{exemptions}
                    </div>
                </div>
                <div class="column-container row parcel-misc-data">
                    <div class="column3 col-xs-4">
                        <h3>
                            <div class="inside-header">
                                <a href="/public/real_estate/parcels/{account}/bills"> View</a></div>
                            {year} Annual bill
                        </h3>
                        <dl class="standard-deflist inverse-deflist">
                            <dt>Ad valorem</dt>
                            <dd>{ad_valorem}</dd>
                            <dt>Non-ad valorem</dt>
                            <dd>{non_ad_valorem}</dd>
                            <dt>Total Discountable</dt>
                            <dd>{total}</dd>
                            <dt>No Discount NAVA</dt>
                            <dd>0.00</dd>
                        </dl>
                        <br/>
                    </div>
                    <div class="column3 col-xs-4">
                        <h3>Legal description</h3>
                        <div class="parcel-legal-description">
                            {legal}
                        </div>
                    </div>
                    <div class="column3 col-xs-4">
                        <h3>Location</h3>
                        <dl class="standard-deflist">
                            <dt>Geo number</dt>
                            <dd>{geo}</dd>
                            <dt>Township</dt>
                            <dd>{township}</dd>
                            <dt>Range</dt>
                            <dd>{range_}</dd>
                            <dt>Section</dt>
                            <dd>{section}</dd>
                            <dt>Block</dt>
                            <dd>{block}</dd>
                            <dt>Lot</dt>
                            <dd>{lot}</dd>
                            <dt>Use code</dt>
                            <dd>{use_code}</dd>
                            <dt>Total acres</dt>
                            <dd>{acres}</dd>
                        </dl>
                    </div>
                </div>
            </div>
        </div>
    </div>
</div>
</body>
</html>
"""

TAX_NOT_FOUND = b"""<!DOCTYPE html>
<html><head><title>Not found - TaxSys - Brevard County Tax Collector</title></head>
<body><div id="content"><h1>Not found</h1><p>The requested parcel could not be found.</p></div></body></html>
"""


@dataclass(frozen=True, slots=True)
class Certificate:
    number: str
    tax_year: int
    face: float
    rate: float
    status: str
    holder: str


def certificates(seed: int, truth: CaseTruth) -> list[Certificate]:
    """The tax certificates sold against the parcel: one per unpaid roll year the truth gives a certificate."""
    out = []
    for tax in sorted(truth.taxes, key=lambda t: t.year):
        if not tax.certificate_number:
            continue
        rng = _rng(seed, "brevard", "certificate", tax.certificate_number)
        rate = 18.0 if rng.random() < 0.3 else round(rng.uniform(0.25, 17.75) * 4) / 4
        out.append(Certificate(tax.certificate_number, tax.year, tax.amount, rate,
                               "ISSUED" if not tax.paid else "REDEEMED", tax.certificate_holder or ""))
    return out


def realtdm_page(parcel: str, certs: list[Certificate], *, no_table: bool = False) -> bytes:
    """The certificate search result in the format tax_collector.parse_realtdm_certificates documents."""
    rows = "".join(
        f"\n  <tr><td>{_e(c.number)}</td><td>{c.tax_year}</td><td>{money(c.face)}</td><td>{c.rate:.2f}%</td>"
        f"<td>{_e(c.status.title())}</td><td>{_e(c.holder)}</td></tr>" for c in certs)
    table = "" if no_table else f"""
<table class="certificates">
  <tr><th>Certificate #</th><th>Tax Year</th><th>Face Amount</th><th>Interest Rate</th><th>Status</th>
      <th>Certificate Holder</th></tr>{rows}
</table>"""
    return f"""<!DOCTYPE html>
<html><head><title>Certificate Search - Brevard County - RealTDM</title></head>
<body>
<h2>Tax Certificates for Parcel {_e(parcel)}</h2>{table}
</body></html>
""".encode()


# ---------------------------------------------------------------------------------------------
# Census ACS 5-year API
# ---------------------------------------------------------------------------------------------


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

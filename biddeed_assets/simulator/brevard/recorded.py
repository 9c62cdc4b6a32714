"""What Brevard's official records hold for a case's parcel: its recorded documents, as OnCore indexes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.brevard.names import association_name, normalized, records_name
from biddeed_assets.simulator.brevard.parcel import document_numbers, parcel_facts, title_deed
from biddeed_assets.simulator.truth import LENDERS, CaseTruth
from biddeed_assets.simulator.world import stream

# OnCore's index starts in 1981: older documents are not online.
RECORDS_FLOOR = dt.date(1981, 1, 1)
# OnCore refuses to list more rows than this and shows its "Maximum limit" message instead.
RESULT_LIMIT = 2000
# Names that file thousands of documents county-wide (see `background_volume`).
INSTITUTIONS = tuple(sorted({*LENDERS, "CAPITAL ONE BANK USA NA", "INTERNAL REVENUE SERVICE",
                             "CITY CODE ENFORCEMENT BOARD", "MORTGAGE ELECTRONIC REGISTRATION SYSTEMS INC",
                             *(name for kind, _, names in cal.PLAINTIFFS
                               if kind in ("BANK", "SERVICER", "TRUSTEE", "GSE", "GOVERNMENT") for name in names)}))


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


def lien_document(truth: CaseTruth, lien, legal: str) -> Recorded:
    """The document recording a lien: its OnCore type and its direct and indirect parties."""
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
    rng = stream(seed, "brevard", "records", truth.case.case_number)
    parcel = truth.property.parcel_id
    prior = {"PRIOR OWNER": facts.prior_owners[0]}
    docs: list[Recorded] = []
    for lien in truth.liens:
        lien = lien if lien.debtor not in prior else replace(lien, debtor=prior[lien.debtor])
        doc = lien_document(truth, lien, facts.legal)
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


"""Brevard official records (OnCore "Online Public Search Engine"): the search result grid, and the liens it shows.

The grid (table#dgResults) has a pager row, a header row whose links name each column's field
(FullName, CrossPartyName, RecordDate, DocTypeKey, BookType, BookInt, PageInt, ClerkInt, Consideration,
Comments, CaseNumber), then one row per recorded document. Every page carries the hidden row
tr#trExceedMessage ("Maximum limit of 2000 records has been exceeded, please change the above
criteria."); the site shows it, by a style without display:none or by a script setting
`document.getElementById("trExceedMessage").style.display = ""`, when a search returns more rows than
the limit. Such a page raises ParseError: its grid is cut off, never a complete answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.records import RejectedRow
from biddeed_assets.portals.text import iso_date, load_html, names_match, number, text_of

SOURCE = "brevard_official_records"
DEFAULT_BASE_URL = "http://web1.brevardclerk.us/oncoreweb"
# Search by case number, name or document type (GET, OnCore's query-string form).
ONCORE_SEARCH_URL_TEMPLATE = (
    "{base_url}/search.aspx?bd={begin}&ed={end}&n={name}&bt=OR&d={today}&pt=-1&cn={case_number}"
    "&dt=ALL%20DOCUMENT%20TYPES&st={search_type}&ss=ALL%20DOCUMENT%20TYPES"
)

LienType = Literal[
    "MORTGAGE",
    "LIS_PENDENS",
    "JUDGMENT",
    "HOA_LIEN",
    "IRS_LIEN",
    "CODE_ENFORCEMENT",
    "MECHANICS",
    "STATE_TAX_LIEN",
    "OTHER",
]
LienStatus = Literal["ACTIVE", "SATISFIED"]

# OnCore's sort keys name the field behind each column, whatever the header text says.
_COLUMN_KEYS = {
    "addeddeleted": "status",
    "fullname": "party_from",
    "crosspartyname": "party_to",
    "recorddate": "record_date",
    "doctypekey": "doc_type",
    "booktype": "book_type",
    "bookint": "book",
    "pageint": "page",
    "clerkint": "cfn",
    "consideration": "consideration",
    "comments": "legal_description",
    "casenumber": "case_number",
}
_HEADER_TEXTS = {
    "status": "status",
    "first direct name": "party_from",
    "direct name": "party_from",
    "first indirect name": "party_to",
    "indirect name": "party_to",
    "recorddate": "record_date",
    "record date": "record_date",
    "doctypekey": "doc_type",
    "doc type": "doc_type",
    "document type": "doc_type",
    "page": "page",
    "cfn": "cfn",
    "clerk file number": "cfn",
    "instrument": "cfn",
    "consideration": "consideration",
    "first legal": "legal_description",
    "legal": "legal_description",
    "casenumber": "case_number",
    "case number": "case_number",
}
_SHOWN = re.compile(r"display\s*:\s*none", re.I)
_EXCEED_SCRIPT = re.compile(
    r"""getElementById\(\s*["']trExceedMessage["']\s*\)\.style\.display\s*=\s*["'](?!none)""", re.I
)
_ZERO_SCRIPT = re.compile(
    r"""getElementById\(\s*["']zeroResult["']\s*\)\.style\.display\s*=\s*["'](?!none)""", re.I
)
_NO_RECORDS_TEXT = re.compile(r"Search Returned 0 results|No records (were )?found", re.I)
_ZERO_TEXT = re.compile(r"\b0\s+Results?\s+Returned|" + _NO_RECORDS_TEXT.pattern, re.I)
# Text a reader sees: not in scripts or styles, nor under an element hidden by display:none.
_VISIBLE_TEXT = (
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::*[contains("
    "translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz'), 'display:none')])]"
)

_RELEASE = re.compile(r"SATISF|RELEASE|DISCHARGE|CANCELLATION\s+OF\s+(LIEN|LIS)|WITHDRAWAL\s+OF\s+(LIEN|LIS)")
_HOA_NAME = re.compile(
    r"\bASS(OCIATION|N|OC)\b|HOMEOWNER|\bHOA\b|\bPOA\b|\bCOA\b|CONDOMINIUM|PROPERTY\s+OWNERS|COMMUNITY|\bCLUB\b"
)
_IRS_NAME = re.compile(r"INTERNAL\s+REVENUE|\bIRS\b|UNITED\s+STATES|\bUSA\b")
_STATE_NAME = re.compile(r"DEPARTMENT\s+OF\s+REVENUE|DEPT\.?\s+OF\s+REVENUE|STATE\s+OF\s+FLORIDA")
_GOV_NAME = re.compile(r"\bCITY\s+OF\b|\bTOWN\s+OF\b|\bVILLAGE\s+OF\b|\bCOUNTY\b|CODE\s+ENFORCEMENT")


@dataclass(frozen=True, slots=True)
class RecordedDocument:
    """One row of the official-records grid; unknown is None."""

    doc_type: str | None
    record_date: str | None  # ISO date
    book: str | None = None
    page: str | None = None
    cfn: str | None = None  # clerk file number (instrument number)
    party_from: str | None = None  # first direct name (grantor, mortgagor, plaintiff)
    party_to: str | None = None  # first indirect name (grantee, lender, defendant)
    consideration: float | None = None
    legal_description: str | None = None
    case_number: str | None = None
    book_type: str | None = None
    status: str | None = None
    detail_url: str | None = None
    source: str = SOURCE
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class LienRecord:
    """A recorded lien on the property and whether it was released; position ranks active mortgages."""

    lien_type: LienType
    doc_type: str | None
    amount: float | None
    holder: str | None
    debtor: str | None
    recorded_date: str | None
    book: str | None
    page: str | None
    cfn: str | None
    status: LienStatus = "ACTIVE"
    position: int | None = None  # 1st/2nd/3rd among active mortgages by record date
    satisfied_by: str | None = None  # CFN (or OR book/page) of the satisfaction that released it

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def search_url(
    base_url: str, *, case_number: str = "", name: str = "", begin: str = "1/1/1981", end: str | None = None
) -> str:
    """An OnCore search URL by case number (when given) or by name; dates are M/D/YYYY."""
    today = dt.date.today()
    end = end or f"{today.month}/{today.day}/{today.year}"
    return ONCORE_SEARCH_URL_TEMPLATE.format(
        base_url=base_url.rstrip("/"),
        begin=quote(begin, safe=""),
        end=quote(end, safe=""),
        name=quote(name, safe=""),
        today=quote(end, safe=""),
        case_number=quote(case_number, safe=""),
        search_type="casenumber" if case_number else "fullname",
    )


def _amount(text: str | None) -> float | None:
    """A dollar figure; OnCore prints $0.00 when no consideration was recorded, which is unknown, not 0."""
    value = number(text)
    return value if value is not None and value > 0 else None


def _scripts(doc) -> str:
    return "\n".join(s.text or "" for s in doc.iter("script"))


def limit_exceeded(doc) -> str | None:
    """The site's limit message when it is shown on the page, else None."""
    rows = doc.xpath("//*[@id='trExceedMessage']")
    message = " ".join(text_of(rows[0]).split()) if rows else "Maximum limit of records has been exceeded"
    if rows and not _SHOWN.search(rows[0].get("style") or ""):
        return message
    if _EXCEED_SCRIPT.search(_scripts(doc)):
        return message
    return None


def _says_no_records(doc) -> bool:
    """Only the site's own zero-result signs: its shown zeroResult box with the message, the script that
    shows it, or a visible "no records" text. An error page without the grid says nothing of the sort."""
    zero = doc.xpath("//*[@id='zeroResult']")
    if zero and not _SHOWN.search(zero[0].get("style") or "") and _ZERO_TEXT.search(text_of(zero[0])):
        return True
    return bool(_ZERO_SCRIPT.search(_scripts(doc)) or _NO_RECORDS_TEXT.search(" ".join(doc.xpath(_VISIBLE_TEXT))))


def _label_number(doc, label_id: str) -> str:
    label = doc.xpath(f"//*[@id='{label_id}']")
    return text_of(label[0]) if label else ""


def _record_count(doc) -> int | None:
    digits = re.sub(r"[^\d]", "", _label_number(doc, "lblRecordCount"))
    return int(digits) if digits else None


def _expected_rows(doc, source_url: str | None) -> int:
    """How many documents the grid must show: "Showing 1 - 5 of 5" (lblRecordPos of lblRecordCount)."""
    total = _record_count(doc)
    if total is None:
        raise ParseError(
            "the result grid has no record count (lblRecordCount) to prove it whole", source_url=source_url
        )
    shown = re.fullmatch(r"(\d+)\s*-\s*(\d+)", _label_number(doc, "lblRecordPos"))
    if not shown:
        return total
    first, last = int(shown.group(1)), int(shown.group(2))
    if last < total:
        raise ParseError(
            f"the grid shows records {first}-{last} of {total}: the later result pages are not read",
            source_url=source_url,
        )
    return last - first + 1


@parse_errors_only("official-records page")
def parse_results(html: str | bytes, *, source_url: str | None = None) -> list[RecordedDocument]:
    """Parse the result grid; over the result limit, without a grid, or with fewer or more readable rows
    than the page's record count, it is a ParseError. Rows without a date are returned (their liens are
    rejected by liens_from_documents)."""
    doc = load_html(html, "official-records page", source_url, encoding="windows-1252")
    message = limit_exceeded(doc)
    if message:
        raise ParseError(
            f"the search hit the official-records result limit: {message}", source_url=source_url
        )
    grids = doc.xpath("//table[@id='dgResults']")
    if not grids:
        if _says_no_records(doc):
            return []
        raise ParseError(
            "no official-records result grid (table#dgResults) and no zero-results message shown",
            source_url=source_url,
        )
    rows = _grid_rows(grids[0], source_url)
    expected = _expected_rows(doc, source_url)
    readable = sum(1 for d in rows if d.doc_type and d.record_date)
    if readable != expected:
        raise ParseError(
            f"the page reports {expected} records but the grid has {readable} readable rows"
            f" ({len(rows)} rows in all)",
            source_url=source_url,
        )
    return rows


def _columns(header_row) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(header_row.xpath("./td|./th")):
        href = " ".join(cell.xpath(".//a/@href"))
        key = re.search(r"SortDynamicColumn'\s*,\s*'(\w+)'", href)
        name = _COLUMN_KEYS.get(key.group(1).lower()) if key else None
        if name is None:
            text = text_of(cell).lower()
            name = "book_type" if text == "book" and "book_type" not in columns else None
            name = name or ("book" if text == "book" else _HEADER_TEXTS.get(text))
        if name and name not in columns:
            columns[name] = i
    return columns


def _grid_rows(grid, source_url: str | None) -> list[RecordedDocument]:
    header, columns = None, {}
    for row in grid.xpath("./tr|./tbody/tr"):
        cols = _columns(row)
        if "doc_type" in cols and "record_date" in cols:
            header, columns = row, cols
            break
    if header is None:
        raise ParseError("the result grid has no header row (DocTypeKey, RecordDate)", source_url=source_url)
    docs = []
    for row in header.itersiblings("tr"):
        cells = row.xpath("./td")
        if len(cells) <= max(columns.values()):
            continue  # pager rows span all columns in one cell
        values = {name: text_of(cells[i]) for name, i in columns.items()}
        link = cells[columns.get("party_from", 0)].xpath(".//a/@href") or row.xpath(".//a/@href")
        docs.append(
            RecordedDocument(
                doc_type=values.get("doc_type") or None,
                record_date=iso_date(values.get("record_date")),
                book=values.get("book") or None,
                page=values.get("page") or None,
                cfn=values.get("cfn") or None,
                party_from=values.get("party_from") or None,
                party_to=values.get("party_to") or None,
                consideration=_amount(values.get("consideration")),
                legal_description=values.get("legal_description") or None,
                case_number=values.get("case_number") or None,
                book_type=values.get("book_type") or None,
                status=values.get("status") or None,
                detail_url=link[0] if link else None,
                source_url=source_url,
            )
        )
    return docs


# ---- liens ----


def is_release(doc_type: str | None) -> bool:
    """A satisfaction or release (a partial release does not free the lien)."""
    t = (doc_type or "").upper()
    return bool(_RELEASE.search(t)) and "PARTIAL" not in t


def lien_type_of(doc: RecordedDocument) -> LienType | None:
    """The lien a recorded document creates, or None for deeds, notices, releases and the like."""
    t = (doc.doc_type or "").upper()
    parties = f"{doc.party_from or ''} | {doc.party_to or ''}".upper()
    if not t or is_release(t) or re.search(r"ASSIGN|MODIF|SUBORDINAT|PARTIAL", t):
        return None
    if "LIS PENDENS" in t:
        return "LIS_PENDENS"
    if re.search(r"FEDERAL\s+TAX|\bIRS\b|INTERNAL\s+REVENUE", t) or (
        "LIEN" in t and _IRS_NAME.search(parties)
    ):
        return "IRS_LIEN"
    if re.search(r"STATE\s+TAX|TAX\s+WARRANT|DEPT\.?\s+OF\s+REVENUE|DEPARTMENT\s+OF\s+REVENUE", t):
        return "STATE_TAX_LIEN"
    if re.search(r"CODE\s+(ENF|VIOL)|MAGISTRATE|NUISANCE|MUNICIPAL\s+LIEN", t):
        return "CODE_ENFORCEMENT"
    if re.search(
        r"CLAIM\s+OF\s+LIEN|CONSTRUCTION\s+LIEN|MECHANIC|ASSESSMENT\s+LIEN|\bHOA\b|ASSOCIATION\s+LIEN", t
    ):
        # A claim of lien is an association's when an association files it, a contractor's otherwise.
        return (
            "HOA_LIEN"
            if _HOA_NAME.search(parties) or re.search(r"ASSESSMENT|HOA|ASSOCIATION", t)
            else "MECHANICS"
        )
    if re.search(r"\bM(OR)?TG\b|MORTGAGE", t) and "NOTICE" not in t:
        return "MORTGAGE"
    if re.search(r"JUDG(E)?MENT|\bJUDG\b", t):
        return "JUDGMENT"
    if "LIEN" in t:
        if _STATE_NAME.search(parties):
            return "STATE_TAX_LIEN"
        if _GOV_NAME.search(parties):
            return "CODE_ENFORCEMENT"
        if _HOA_NAME.search(parties):
            return "HOA_LIEN"
        return "OTHER"
    return None


def _holder_and_debtor(doc: RecordedDocument, kind: LienType) -> tuple[str | None, str | None]:
    """Mortgage: the indirect party lends. Court papers: the direct party (plaintiff) holds. Other liens:
    the party that looks like the creditor (association, government, IRS), else the direct party."""
    direct, indirect = doc.party_from, doc.party_to
    if kind == "MORTGAGE":
        return indirect, direct
    if kind in ("LIS_PENDENS", "JUDGMENT"):
        return direct, indirect
    pattern = {
        "HOA_LIEN": _HOA_NAME,
        "IRS_LIEN": _IRS_NAME,
        "STATE_TAX_LIEN": _STATE_NAME,
        "CODE_ENFORCEMENT": _GOV_NAME,
    }.get(kind)
    if (
        pattern
        and indirect
        and pattern.search(indirect.upper())
        and not pattern.search((direct or "").upper())
    ):
        return indirect, direct
    return direct, indirect


def _references(release: RecordedDocument, lien: LienRecord) -> bool:
    """The release's text cites the lien's OR book/page or its CFN."""
    text = " ".join(filter(None, (release.legal_description, release.doc_type, release.case_number))).upper()
    if lien.cfn and re.search(rf"(?<!\d){re.escape(lien.cfn)}(?!\d)", text):
        return True
    if not (lien.book and lien.page and lien.book.isdigit() and lien.page.isdigit()):
        return False
    book, page = int(lien.book), int(lien.page)
    for m in re.finditer(
        r"(?:\bOR\s*(?:BK|BOOK)?|\b(?:BK|BOOK))\.?\s*(\d{1,5})\s*(?:[/,]|\s)\s*(?:PG|PAGE)?\.?\s*(\d{1,5})\b",
        text,
    ):
        if int(m.group(1)) == book and int(m.group(2)) == page:
            return True
    return False


def _release_kinds(release: RecordedDocument) -> set[str] | None:
    """Which lien kinds a release can free, by its document type; None means any."""
    t = (release.doc_type or "").upper()
    if re.search(r"\bM(OR)?TG\b|MORTGAGE", t):
        return {"MORTGAGE"}
    if "LIS PENDENS" in t:
        return {"LIS_PENDENS"}
    if re.search(r"JUDG", t):
        return {"JUDGMENT"}
    if "LIEN" in t:
        return {"HOA_LIEN", "IRS_LIEN", "CODE_ENFORCEMENT", "MECHANICS", "STATE_TAX_LIEN", "OTHER"}
    return None


def _names_release(release: RecordedDocument, lien: LienRecord) -> bool:
    """The release is between the lien's holder and its debtor, either way round."""
    a, b = release.party_from, release.party_to
    return (names_match(a, lien.holder) and names_match(b, lien.debtor)) or (
        names_match(b, lien.holder) and names_match(a, lien.debtor)
    )


def _release_ref(release: RecordedDocument) -> str | None:
    if release.cfn:
        return release.cfn
    return f"OR {release.book}/{release.page}" if release.book and release.page else None


class Liens(list):
    """The liens read from recorded documents (a list of LienRecord), with `rejected`: the rows that would
    create a lien but lack what makes one (a type, and an amount, a recorded date or an instrument)."""

    def __init__(self, liens=(), rejected=()):
        super().__init__(liens)
        self.rejected: list[RejectedRow] = list(rejected)


def lien_gap(doc: RecordedDocument) -> str | None:
    """Why a recorded row cannot stand as a lien, or None when it can."""
    if not doc.doc_type:
        return "a recorded row without a document type"
    if doc.consideration is None and doc.record_date is None and not doc.cfn and not (doc.book and doc.page):
        return (f"a {doc.doc_type} row with no amount, no readable recorded date and no instrument"
                " (CFN or book/page)")
    return None


def _rejected(doc: RecordedDocument, reason: str) -> RejectedRow:
    return RejectedRow(reason=reason, raw=json.dumps(doc.to_dict(), default=str), source_url=doc.source_url)


def liens_from_documents(docs: list[RecordedDocument]) -> Liens:
    """Liens from recorded documents, each marked SATISFIED when a release matches it, in record order.

    A row that is not a whole lien (no document type; or a lien type with no amount, no recorded date and
    no CFN or book/page) is not a lien: it goes to `.rejected` with its reason, for the quarantine.

    A release (satisfaction, release, discharge; never a partial release) frees a lien when
    1. its text (legal description, document type) cites the lien's CFN or its OR book and page; or else
    2. it names the lien: its two parties are the lien's holder and debtor (either way round, names
       compared by significant words), it was recorded on or after the lien, and its document type
       allows that kind of lien ("SATISFACTION OF MORTGAGE" only frees mortgages, "RELEASE OF LIEN"
       only non-mortgage liens, a bare "SATISFACTION" any kind). When several liens qualify, the oldest
       unreleased one is freed. Each release frees one lien; citations are matched before names.
    Active mortgages are then ranked 1, 2, 3 by record date (then CFN).
    """
    liens: list[LienRecord] = []
    rejected: list[RejectedRow] = []
    for doc in sorted(docs, key=lambda d: (d.record_date or "", d.cfn or "")):
        kind = lien_type_of(doc)
        gap = lien_gap(doc)
        if gap and (kind is not None or not doc.doc_type):
            rejected.append(_rejected(doc, gap))
            continue
        if kind is None:
            continue
        holder, debtor = _holder_and_debtor(doc, kind)
        liens.append(
            LienRecord(
                lien_type=kind,
                doc_type=doc.doc_type,
                amount=doc.consideration,
                holder=holder,
                debtor=debtor,
                recorded_date=doc.record_date,
                book=doc.book,
                page=doc.page,
                cfn=doc.cfn,
            )
        )
    releases = [d for d in docs if is_release(d.doc_type) and lien_gap(d) is None]
    freed: dict[int, str | None] = {}
    unused = []
    for release in releases:
        hit = next((i for i, lien in enumerate(liens) if i not in freed and _references(release, lien)), None)
        if hit is None:
            unused.append(release)
        else:
            freed[hit] = _release_ref(release)
    for release in sorted(unused, key=lambda d: (d.record_date or "", d.cfn or "")):
        kinds = _release_kinds(release)
        for i, lien in enumerate(liens):
            if i in freed or (kinds is not None and lien.lien_type not in kinds):
                continue
            if lien.recorded_date and release.record_date and release.record_date < lien.recorded_date:
                continue
            if _names_release(release, lien):
                freed[i] = _release_ref(release)
                break
    ranked = _ranked(
        [
            dataclasses.replace(lien, status="SATISFIED", satisfied_by=freed[i]) if i in freed else lien
            for i, lien in enumerate(liens)
        ]
    )
    return Liens(ranked, rejected)


def _ranked(liens: list[LienRecord]) -> list[LienRecord]:
    active = [i for i, lien in enumerate(liens) if lien.lien_type == "MORTGAGE" and lien.status == "ACTIVE"]
    order = sorted(active, key=lambda i: (liens[i].recorded_date or "9999", liens[i].cfn or ""))
    ranks = {i: n for n, i in enumerate(order, start=1)}
    return [
        dataclasses.replace(lien, position=ranks[i]) if i in ranks else lien for i, lien in enumerate(liens)
    ]


@parse_errors_only("official-records page")
def results_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `official-records` view: recorded documents, each with the lien it creates (if any) or the
    reason its row cannot be a lien."""
    docs = parse_results(text, source_url=source_url)
    liens = {(lien.cfn, lien.book, lien.page): lien for lien in liens_from_documents(docs)}
    rows = []
    for doc in docs:
        row = doc.to_dict()
        lien = liens.get((doc.cfn, doc.book, doc.page))
        row["lien"] = lien.to_dict() if lien else None
        gap = lien_gap(doc)
        if gap and lien is None and (lien_type_of(doc) is not None or not doc.doc_type):
            row["rejected"] = gap
        rows.append(row)
    return rows


PAGE_KINDS = {"official-records": results_rows}

"""The printed report of a sale day: one section per county and sale day, every case in full (md, html; pdf in report_pdf).

Per case: the decision, max bid, ratio, expected surplus, the sale and third-party probabilities with the
price interval, surviving and wiped liens, unpaid taxes, every reason in full, the narrative when the row
has one, and links to the appraiser page and photo when known. Nothing is ever cut; unknown is "—".
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from biddeed_assets.bid_sheet.formats import markdown_text, shown
from biddeed_assets.portals.counties import BY_SLUG
from biddeed_assets.rules.decisions import DECISIONS
from biddeed_assets.rules.lien_priority import Lien, money

THIRD_PARTY_LIKELY = 0.5  # --third-party-likely: a third party is more likely than not to outbid the plaintiff
SUMMARY = (("case", "case_number"), ("decision", "decision"), ("max bid", "max_bid_calculated"),
           ("ratio", "bid_judgment_ratio"), ("3rd-party p", "ml_third_party_probability"),
           ("expected surplus", "expected_surplus"))


def expected_surplus(row: dict) -> float | None:
    """Expected third-party price minus the final judgment; null when either is unknown."""
    price, judgment = row.get("ml_predicted_price"), row.get("final_judgment")
    return None if price is None or judgment is None else float(price) - float(judgment)


def parse_decisions(text: str) -> tuple[str, ...]:
    """A comma list of decision words -> their tuple, e.g. "BID,REVIEW"; an unknown word is a ValueError naming the choices."""
    words = tuple(w.strip().upper() for w in text.split(",") if w.strip())
    unknown = [w for w in words if w not in DECISIONS]
    if unknown or not words:
        raise ValueError(f"unknown decision {', '.join(unknown) or repr(text)}; choose from {','.join(DECISIONS)}")
    return words


def select(rows: Iterable[dict], *, decisions: Sequence[str] | None = None,
           third_party_likely: bool = False) -> list[dict]:
    """The rows an investor asked for: these decisions only, and/or a third party at least as likely as not."""
    out = []
    for row in rows:
        if decisions and row.get("decision") not in decisions:
            continue
        p = row.get("ml_third_party_probability")
        if third_party_likely and (p is None or float(p) < THIRD_PARTY_LIKELY):
            continue
        out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class Section:
    """One county's sale day."""

    county: str
    auction_date: str
    rows: tuple[dict, ...]

    @property
    def heading(self) -> str:
        known = BY_SLUG.get(self.county)
        name = f"{known.name} County" if known else self.county
        day = dt.date.fromisoformat(str(self.auction_date))
        return f"{name} — {day:%A} {day.day} {day:%B %Y} ({day.isoformat()})"

    @property
    def tally(self) -> str:
        counts = [(d, sum(r.get("decision") == d for r in self.rows)) for d in DECISIONS]
        return f"{len(self.rows)} case{'s' if len(self.rows) != 1 else ''}: " + ", ".join(
            f"{n} {d}" for d, n in counts if n)


def sections(rows: Iterable[dict]) -> list[Section]:
    """The rows grouped by sale day and county, each group in the sheet's order."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((str(row["auction_date"]), row["county"]), []).append(row)
    return [Section(county, day, tuple(group)) for (day, county), group in sorted(groups.items())]


def dollars(value) -> str:
    """'$12,345' or '—'."""
    return "—" if value is None else f"${float(value):,.0f}"


def _liens(entries) -> list[str]:
    return [Lien(**{k: e.get(k) for k in Lien.__slots__}).describe() for e in entries or ()]


def facts(row: dict) -> list[tuple[str, str]]:
    """(label, text) of the case's figures, in reading order; unknown shows as "—" or says why."""
    tax_deed = row.get("auction_type") == "TAX_DEED"
    max_bid = shown(row, "max_bid_calculated") + (" (a ceiling: repairs unknown)" if row.get("max_bid_is_ceiling")
                                                   and row.get("max_bid_calculated") is not None else "")
    price = dollars(row.get("ml_predicted_price"))
    interval = shown(row, "ml_price_range")
    if interval != "—":
        price += f" (interval {interval})"
    surviving = _liens(row.get("surviving_liens"))
    wiped = _liens(row.get("wiped_liens"))
    if row.get("extinguished_value") is not None:
        wiped.append(f"in all {money(float(row['extinguished_value']))}")
    out = [
        ("decision", row.get("decision") or "—"),
        ("max bid", max_bid),
        ("opening bid" if tax_deed else "final judgment",
         shown(row, "opening_bid" if tax_deed else "final_judgment")),
        ("bid/judgment ratio", shown(row, "bid_judgment_ratio")),
        ("expected surplus (price − judgment)", dollars(expected_surplus(row))),
        ("sale probability", shown(row, "ml_sold_probability")),
        ("third-party probability", shown(row, "ml_third_party_probability")),
        ("third-party price", price),
        ("surviving liens", "unknown: lien data missing" if row.get("lien_data_missing")
         else "; ".join(surviving) or "none"),
        ("wiped liens", "; ".join(wiped) or "none"),
        ("unpaid taxes", _taxes(row)),
        ("plaintiff", row.get("plaintiff_name") or "—"),
        ("address", ", ".join(str(row[k]) for k in ("property_address", "city", "zip_code") if row.get(k)) or "—"),
    ]
    if tax_deed and row.get("certificate_number"):
        out.append(("certificate", str(row["certificate_number"])))
    return out


def _taxes(row: dict) -> str:
    due = row.get("taxes_due")
    if due is None:
        return "unknown (the tax collector was not searched, or a year's amount is missing)"
    text = "none due" if float(due) == 0 else f"{dollars(due)} unpaid"
    years = sorted(y for y in row.get("tax_years") or () if y is not None)
    if years and float(due):
        text += " (" + ", ".join(map(str, years)) + ")"
    certificates = [c for c in row.get("tax_certificates") or () if c]
    return text + ("; certificates " + ", ".join(sorted(certificates)) if certificates else "")


def reasons(row: dict) -> list[str]:
    """Every reason of the verdict, in full (the sheet's first reason when the row kept only that one)."""
    kept = [str(r) for r in row.get("reasons") or () if r]
    return kept or ([row["decision_reason"]] if row.get("decision_reason") else [])


def links(row: dict) -> list[tuple[str, str]]:
    """(label, URL) of the appraiser page and the photo, when stored; only http(s) URLs are ever linked."""
    out = []
    for label, key in (("appraiser page", "appraiser_url"), ("photo", "photo_url")):
        url = row.get(key)
        if url and urlsplit(str(url)).scheme in ("http", "https"):
            out.append((label, quote(str(url), safe=":/?&=#%+@,;~!$'*")))  # no space or parenthesis breaks a link
    return out


def narrative(row: dict) -> str | None:
    text = row.get("narrative")
    return " ".join(str(text).split()) or None if text else None


# --- markdown (also the recommendations asset's metadata) -------------------------------------------------

def summary_cells(row: dict) -> list[str]:
    """The row's cells of the section's summary table (SUMMARY), as plain text."""
    return [dollars(expected_surplus(row)) if key == "expected_surplus" else shown(row, key) for _, key in SUMMARY]


def as_markdown(rows: Sequence[dict], *, title: str = "Bid sheet") -> str:
    parts = [f"# {markdown_text(title)}"]
    if not rows:
        parts.append("No case matches.")
    for section in sections(rows):
        parts += [f"## {markdown_text(section.heading)}", section.tally, "",
                  "| " + " | ".join(t for t, _ in SUMMARY) + " |", "|" + "---|" * len(SUMMARY)]
        parts += ["| " + " | ".join(markdown_text(c) for c in summary_cells(r)) + " |" for r in section.rows]
        for row in section.rows:
            parts += ["", f"### {markdown_text(row['case_number'])} — {row.get('decision') or '—'}"]
            parts += [f"- **{label}**: {markdown_text(text)}" for label, text in facts(row)]
            parts.append("- **reasons**:")
            parts += [f"  {i}. {markdown_text(reason)}" for i, reason in enumerate(reasons(row), 1)]
            if narrative(row):
                parts.append(f"- **narrative**: {markdown_text(narrative(row))}")
            if links(row):
                parts.append("- " + " · ".join(f"[{label}]({url})" for label, url in links(row)))
        parts.append("")
    return "\n".join(parts)


# --- html ---------------------------------------------------------------------------------------------------

_STYLE = ("body{font-family:sans-serif;font-size:11pt;margin:2em}h2{border-bottom:2px solid #333;margin-top:2em}"
          "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}"
          ".case{break-inside:avoid;margin:1em 0}.case h3{margin-bottom:.2em}dl{display:grid;"
          "grid-template-columns:max-content auto;gap:0 1em;margin:0}dt{font-weight:bold}dd{margin:0}"
          "@media print{h2{break-before:page}h2:first-of-type{break-before:auto}}")


def as_html(rows: Sequence[dict], *, title: str = "Bid sheet") -> str:
    e = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>"
             f"<style>{_STYLE}</style></head><body><h1>{e(title)}</h1>"]
    if not rows:
        parts.append("<p>No case matches.</p>")
    for section in sections(rows):
        parts.append(f"<section><h2>{e(section.heading)}</h2><p>{e(section.tally)}</p><table><thead><tr>"
                     + "".join(f"<th>{e(t)}</th>" for t, _ in SUMMARY) + "</tr></thead><tbody>")
        for row in section.rows:
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in summary_cells(row)) + "</tr>")
        parts.append("</tbody></table>")
        for row in section.rows:
            parts.append(f"<div class='case'><h3>{e(row['case_number'])} — {e(row.get('decision') or '—')}</h3><dl>")
            parts += [f"<dt>{e(label)}</dt><dd>{e(text)}</dd>" for label, text in facts(row)]
            parts.append("</dl><p><b>Reasons</b></p><ol>" + "".join(f"<li>{e(r)}</li>" for r in reasons(row)) + "</ol>")
            if narrative(row):
                parts.append(f"<p class='narrative'>{e(narrative(row))}</p>")
            if links(row):
                parts.append("<p>" + " · ".join(f"<a href='{e(url)}'>{e(label)}</a>" for label, url in links(row))
                             + "</p>")
            parts.append("</div>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)

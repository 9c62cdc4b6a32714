"""RealTDM, Brevard's tax-certificate site: `/realtdm/public/certificates?parcel=<parcel id>` (or
`?account=`), the certificate table tax_collector.parse_realtdm_certificates documents; none: header only."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.markup import escape, money
from biddeed_assets.simulator.truth import CaseTruth
from biddeed_assets.simulator.web import HTML, route
from biddeed_assets.simulator.world import stream

PORTAL = "realtdm"


def routes(index: BrevardIndex) -> list[Route]:
    return [route("/realtdm/public/certificates", certificates_page, portal=PORTAL, faults=index.faults,
                  context=index)]


async def certificates_page(request: Request, index: BrevardIndex, fault: str | None) -> Response:
    """The certificates sold against the parcel asked for (an unknown parcel has none)."""
    as_of = index.as_of(request)
    key = (request.query_params.get("parcel") or request.query_params.get("account") or "").strip()
    truth = index.property(key, as_of) if key else None
    certs = certificates(index.seed, truth) if truth else []
    return Response(realtdm_page(key.upper(), certs, no_table=fault == "no_table"), media_type=HTML)


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
        rng = stream(seed, "brevard", "certificate", tax.certificate_number)
        rate = 18.0 if rng.random() < 0.3 else round(rng.uniform(0.25, 17.75) * 4) / 4
        out.append(Certificate(tax.certificate_number, tax.year, tax.amount, rate,
                               "ISSUED" if not tax.paid else "REDEEMED", tax.certificate_holder or ""))
    return out


def realtdm_page(parcel: str, certs: list[Certificate], *, no_table: bool = False) -> bytes:
    """The certificate search result in the format tax_collector.parse_realtdm_certificates documents."""
    rows = "".join(
        f"\n  <tr><td>{escape(c.number)}</td><td>{c.tax_year}</td><td>{money(c.face)}</td><td>{c.rate:.2f}%</td>"
        f"<td>{escape(c.status.title())}</td><td>{escape(c.holder)}</td></tr>" for c in certs)
    table = "" if no_table else f"""
<table class="certificates">
  <tr><th>Certificate #</th><th>Tax Year</th><th>Face Amount</th><th>Interest Rate</th><th>Status</th>
      <th>Certificate Holder</th></tr>{rows}
</table>"""
    return f"""<!DOCTYPE html>
<html><head><title>Certificate Search - Brevard County - RealTDM</title></head>
<body>
<h2>Tax Certificates for Parcel {escape(parcel)}</h2>{table}
</body></html>
""".encode()


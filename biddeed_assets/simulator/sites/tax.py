"""The Brevard tax collector (TaxSys): `/tax/public/real_estate/parcels/{account}` (the account or the
parcel id), the parcel page on the markup of the real capture parcel_bill.html; unknown parcel: 404."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.brevard.names import appraiser_name
from biddeed_assets.simulator.brevard.parcel import owner_on, parcel_facts
from biddeed_assets.simulator.markup import escape, money
from biddeed_assets.simulator.truth import CaseTruth, TaxYear
from biddeed_assets.simulator.web import HTML, route

PORTAL = "tax"


def routes(index: BrevardIndex) -> list[Route]:
    return [route("/tax/public/real_estate/parcels/{account}", parcel, portal=PORTAL, faults=index.faults,
                  context=index)]


async def parcel(request: Request, index: BrevardIndex, fault: str | None) -> Response:
    """The parcel's page as of the request's date (no_table: without its timeline of roll years)."""
    as_of = index.as_of(request)
    truth = index.property(request.path_params["account"], as_of)
    if truth is None:
        return Response(NOT_FOUND, 404, media_type=HTML)
    return Response(parcel_page(index.seed, truth, as_of, no_table=fault == "no_table"), media_type=HTML)


def parcel_page(seed: int, truth: CaseTruth, as_of: dt.date, *, no_table: bool = False) -> bytes:
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
        year=latest.year, street=escape(prop.street), city=escape(prop.city), account=account, timeline=timeline,
        owner=escape(appraiser_name(owner)), mail=mail, assessed=f"{prop.assessed_value:,.0f}",
        exemptions=exemptions, ad_valorem=money(ad_valorem), non_ad_valorem=money(round(latest.amount - ad_valorem, 2)),
        total=f"{latest.amount:,.2f}", legal=escape(facts.appraiser_legal),
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

NOT_FOUND = b"""<!DOCTYPE html>
<html><head><title>Not found - TaxSys - Brevard County Tax Collector</title></head>
<body><div id="content"><h1>Not found</h1><p>The requested parcel could not be found.</p></div></body></html>
"""


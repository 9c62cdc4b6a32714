"""`make demo`: the embedded database, the simulator, the coming sale days materialized, then the UI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time

import httpx

from biddeed_assets import pipeline, runtime
from biddeed_assets.portals import clerk_sale_list
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.simulator import server as sim_server
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import db, server

UPCOMING_DAYS = 14  # the auction partitions reach two weeks ahead


def coming_sale_days(clerk_url: str, today: dt.date) -> list[str]:
    with httpx.Client() as http:
        body, url = clerk_sale_list.fetch(http, clerk_url)
    page = clerk_sale_list.parse(body, source_url=url)
    horizon = today + dt.timedelta(UPCOMING_DAYS)
    return sorted({r.auction_date for r in page.records if today <= dt.date.fromisoformat(r.auction_date) <= horizon})


def print_cases(url: str, dates: list[str]) -> None:
    pool = db.open_pool(url, max_size=1)
    try:
        with pool.connection() as conn:
            for date in dates:
                for county in enabled_slugs():
                    rows = case_store.cases_for(conn, county=county, auction_date=date)
                    print(f"\n== {county} sale of {date}: {len(rows)} cases ==")
                    print(f"{'case number':<28} {'status':<10} {'plaintiff':<24} defendant")
                    for r in rows:
                        print(f"{r['case_number']:<28} {r['status']:<10} {(r['plaintiff'] or '')[:24]:<24} {r['defendant'] or ''}")
    finally:
        pool.close()


def run(*, ui: bool, port: int = 3000) -> int:
    t0 = time.monotonic()
    srv = server.up()
    runtime.apply(runtime.environment(srv))
    print(f"database: {srv.url}")
    print("migrations: " + (", ".join(pipeline.migrate()) or "up to date"))
    sim = sim_server.start_in_thread(port=int(os.environ.get("BIDDEED_SIMULATOR_PORT", "8765")))
    runtime.apply(sim_server.portal_urls(sim.url))
    print(f"simulator: {sim.url}")
    today = dt.date.today()
    dates = coming_sale_days(os.environ["BIDDEED_CLERK_URL"], today)
    print(f"coming sale days: {', '.join(dates) or 'none'}")
    ok = pipeline.materialize("scraped_cases", dates)
    print_cases(srv.url, dates)
    print(f"\ndemo finished in {time.monotonic() - t0:.1f} s")
    if not ok:
        return 1
    if not ui:
        sim.stop()
        return 0
    print(f"\nDagster UI on http://127.0.0.1:{port} (the simulator keeps serving on {sim.url}). Press Ctrl+C to stop.")
    try:
        return subprocess.call(["dg", "dev", "--host", "127.0.0.1", "--port", str(port)], cwd=runtime.PROJECT_ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        sim.stop()

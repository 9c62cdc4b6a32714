"""`make demo`: database, simulator, a replayed history, trained models, the coming sale days, the bid sheet, the UI."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from biddeed_assets.app import (
    alerts,
    audit,
    drill,
    experiments,
    history_import,
    materialize,
    model_listing,
    replay,
    report,
    runtime,
)
from biddeed_assets.bid_sheet import formats as bid_sheet
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.rules.decisions import DECISIONS
from biddeed_assets.simulator import server as sim_server
from biddeed_assets.simulator.process import SimulatorProcess
from biddeed_assets.simulator.sites.realforeclose import site as rf_site
from biddeed_assets.simulator.world import World
from biddeed_assets.store import config, db, server
from biddeed_assets.store import history as history_store
from biddeed_assets.store import sale_days as sale_day_store
from biddeed_assets.store.bid_sheets import bid_sheet as read_sheet
from biddeed_assets.store.bid_sheets import report_rows

# History is replayed only where the live-outcome side needs it (the audit of the last weeks, the drift report and
# the retraining drill, plaintiffs' records, similar cases): three months of Brevard and six weeks of two
# RealForeclose counties (they sell more often). The models learn from the imported real history; the other
# demo counties from these.
HISTORY_MONTHS = {"brevard": 3, "hillsborough": 1.5, "duval": 1.5}
# The bid sheets shown: Brevard and five RealForeclose counties (BIDDEED_DEMO_COUNTIES chooses others).
PREFERRED_COUNTIES = ("brevard", "hillsborough", "duval", "pasco", "orange", "polk", "lee", "volusia", "marion")
DEMO_REALFORECLOSE_COUNTIES = 5
# The first models are trained as of two weeks ago; the two weeks since are predicted and audited (cases the
# models never saw), and the retraining drill then learns from them too.
AUDIT_WEEKS = 2
UPCOMING = ("scraped_cases", "property_records", "lien_records", "tax_records", "case_features", "agent_verdicts",
            "predictions", "recommendations", "case_memory")
AUDIT = ("predictions", "prediction_audit", "case_memory")


def _history_scale() -> float:
    """BIDDEED_DEMO_HISTORY_SCALE shrinks (or grows) the replayed history, e.g. 0.25 for a quick look."""
    return float(os.environ.get("BIDDEED_DEMO_HISTORY_SCALE", "1"))


def demo_counties() -> list[str]:
    """BIDDEED_DEMO_COUNTIES (comma-separated, each enabled and simulated), else Brevard and five RealForeclose
    counties the simulator serves."""
    enabled, simulated = enabled_slugs(), {"brevard", *rf_site.counties()}
    raw = os.environ.get("BIDDEED_DEMO_COUNTIES", "")
    if raw.strip():
        wanted = [s.strip().lower() for s in raw.split(",") if s.strip()]
        bad = [s for s in wanted if s not in enabled or s not in simulated]
        if bad:
            raise SystemExit(f"BIDDEED_DEMO_COUNTIES: {', '.join(bad)} not enabled and simulated; choose from "
                             + ", ".join(c for c in enabled if c in simulated))
        return [c for c in enabled if c in wanted]
    ranked = [c for c in (*PREFERRED_COUNTIES, *enabled) if c in enabled and c in simulated]
    online = [c for c in dict.fromkeys(ranked) if c != "brevard"][:DEMO_REALFORECLOSE_COUNTIES]
    return [c for c in enabled if c in online or (c == "brevard" and c in ranked)]


def history_counties(counties: list[str]) -> list[str]:
    return [c for c in counties if c in HISTORY_MONTHS]


def replay_history(world: World, today: dt.date, counties: list[str]) -> None:
    materialize.run_assets(["demographics"])
    end, replayed = today - dt.timedelta(days=1), history_counties(counties)
    for county in replayed:
        months = HISTORY_MONTHS[county] * _history_scale()
        print(f"replaying {months:g} months of {county} sales ({_history_start(county, today)} to {end})", flush=True)
    replay.replay(world, replayed, min(_history_start(c, today) for c in replayed), end,
                  start_of={c: _history_start(c, today) for c in replayed})


def _history_start(county: str, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=round(HISTORY_MONTHS[county] * _history_scale() * 30.4))


def audit_recent(world: World, today: dt.date, counties: list[str]) -> None:
    start = today - dt.timedelta(weeks=AUDIT_WEEKS) + dt.timedelta(days=1)
    for county in history_counties(counties):
        days = world.sale_dates(county, start, today - dt.timedelta(days=1))
        if days:
            materialize.run_range(AUDIT, days[0].isoformat(), days[-1].isoformat(), county)


def next_sale_days(url: str, today: dt.date, counties: list[str]) -> dict[str, str]:
    """Each demo county's next sale day as its calendar says (the sale_calendar asset, read just before)."""
    with db.connect(url) as conn:
        days = sale_day_store.sale_days(conn, today, materialize.last_partition_date(), counties)
    found: dict[str, str] = {}
    for date, county in days:
        found.setdefault(county, date)
    return found


def print_bid_sheets(url: str, next_days: dict[str, str]) -> None:
    """Each county's bid sheet for its next sale day, and the share of each decision."""
    with db.connect(url) as conn:
        for county, date in next_days.items():
            rows = read_sheet(conn, auction_date=date, county=county)
            shares = Counter(r["decision"] for r in rows)
            print(f"\n== {county} bid sheet for {date}: {len(rows)} cases; "
                  + ", ".join(f"{k} {shares.get(k, 0)}" for k in DECISIONS) + " ==")
            print(bid_sheet.as_table(rows, width=48))


def write_reports(url: str, next_days: dict[str, str]) -> list[str]:
    """The printable HTML report of each next sale day (its counties together), where the table cuts the reasons."""
    folder = config.home() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with db.connect(url) as conn:
        for date in sorted(set(next_days.values())):
            path = folder / f"bid_sheets_{date}.html"
            report.write(report.render(report_rows(conn, auction_date=date), fmt="html", date=date), str(path))
            written.append(str(path))
    return written


_STARTED = time.monotonic()


def step(message: str) -> None:
    """A step of the demo, with the seconds since it started (where the time goes)."""
    print(f"[{time.monotonic() - _STARTED:4.0f} s] {message}", flush=True)


def run(*, ui: bool, port: int = 3000) -> int:
    global _STARTED
    _STARTED = time.monotonic()
    sim = SimulatorProcess(int(os.environ.get("BIDDEED_SIMULATOR_PORT", "8765")))
    atexit.register(sim.stop)  # stopped even if a step before the replay fails
    booting = ThreadPoolExecutor(1).submit(sim.start)  # it boots (seconds) while the database starts and loads
    srv = server.up()
    runtime.apply(runtime.environment(srv))
    step(f"database: {config.masked(srv.url)}")
    step("migrations: " + (", ".join(materialize.migrate()) or "up to date"))
    counts, _ = history_import.import_file(srv.url, history_import.SHIPPED)
    step(f"real history {counts.source}: " + ("already imported" if counts.unchanged else
         f"imported {counts.imported} auctions, quarantined {counts.quarantined}"))
    booting.result()
    runtime.apply({**sim_server.portal_urls(sim.url), "BIDDEED_PORTAL_MIN_INTERVAL_S": "0"})
    step(f"simulator: {sim.url} (seed {sim.seed})")
    world, today = World(sim.seed), materialize.partition_today()
    counties = demo_counties()
    step(f"demo counties: {', '.join(counties)}")
    try:
        with db.connect(srv.url) as conn:
            replayed = history_store.live_outcome_count(conn) > 0
        if not replayed:
            replay_history(world, today, counties)
        else:
            step("history already replayed (outcomes stored); `make clean` starts over")
        cutoff = today - dt.timedelta(weeks=AUDIT_WEEKS)
        step(f"training the models on sales through {cutoff} (training_set, sale_happens_model, third_party_model,"
             " sale_price_model + champion gate)")
        # One XGBoost thread: beside the simulator and Postgres on 2 cores it trained in 14 s, two threads in 20-73 s.
        materialize.run_job("retrain_models", {"training_set": {"config": {"through_date": cutoff.isoformat()}},
                                               "auction_models": {"config": {"n_jobs": 1}}})
        step(f"predicting and auditing the {AUDIT_WEEKS} weeks of sales since")
        audit_recent(world, today, counties)
        materialize.run_assets(["drift_report"])
        step("reading every enabled county's sale calendar (sale_calendar)")
        if not materialize.run_assets(["sale_calendar"]):
            step("some calendars could not be read; their stored sale days are used")
        next_days = next_sale_days(srv.url, today, counties)
        step(f"analyzing the next sale day of {len(next_days)} counties: "
             + ", ".join(f"{county} {day}" for county, day in next_days.items()))
        for county, day in next_days.items():
            materialize.run_partition(UPCOMING, day, county, quiet=True)
        step("the retraining drill, the alerts and the audit trail")
        drill.run(srv.url)
        alerts.demo_delivery(srv.url, runtime.instance())  # no daemon here: the rule and delivery sensors' work
        step(audit.record_operations(srv.url))  # no daemon here: the nightly schedule's and sensor's work
        experiments.run_demo_experiment(srv.url, runtime.instance())
        with db.connect(srv.url) as conn:
            print("\n" + model_listing.listing(conn))
        print_bid_sheets(srv.url, next_days)
        print("\nevery reason and narrative in full, with liens, taxes and appraiser links (also `biddeed report "
              "--date D --format html|pdf|md`):\n" + "\n".join(f"  {path}" for path in write_reports(srv.url, next_days)))
        print(f"\ndemo finished in {time.monotonic() - _STARTED:.0f} s")
        if not ui:
            return 0
        print(f"\nDagster UI on http://127.0.0.1:{port} (the simulator keeps serving on {sim.url}). Press Ctrl+C to stop.")
        try:
            return subprocess.call(runtime.dg_command("dev", "--host", "127.0.0.1", "--port", str(port)), cwd=runtime.PROJECT_ROOT)
        except KeyboardInterrupt:
            return 0
    finally:
        sim.stop()

"""The `biddeed` command: database, simulator, parsers, materializations, demo, benchmarks."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from biddeed_assets.app import arguments, runtime
from biddeed_assets.store import config


def _server():
    from biddeed_assets.store import server

    return server.up()


def cmd_db(args) -> int:
    from biddeed_assets.store import backup, migrations, server

    if args.action == "down":
        if config.external_url():
            print("BIDDEED_DATABASE_URL is set: the external server is not ours to stop", file=sys.stderr)
            return 1
        print("stopped" if server.stop_embedded() else "not running")
        return 0
    srv = _server()
    if args.action == "up":
        print(f"up: {config.masked(srv.url)}" + (f" (embedded, data in {srv.pgdata})" if srv.embedded else " (external)"))
    elif args.action == "url":
        print(config.masked(srv.url))
    elif args.action == "migrate":
        applied = migrations.migrate(srv.owner_url)
        print("applied: " + ", ".join(applied) if applied else "up to date")
    elif args.action == "backup" and args.file:
        path = backup.backup(srv.owner_url, Path(args.file))
        print(f"backup written to {path}")
    elif args.action == "backup":
        made = backup.backup_set(srv.owner_url, srv.dagster_url, backup.backup_root())
        print(f"backup set written to {made.path} ({', '.join(made.manifest['files'])})")
    elif args.action == "backups":
        for found in backup.backup_sets(backup.backup_root()):
            print(f"{found.path}  {found.age_s() / 3600:.1f} h old  {', '.join(found.manifest['files'])}")
    elif args.action == "restore":
        return _restore(srv, Path(args.file), verify=args.verify)
    elif args.action == "drill":
        from biddeed_assets.app import db_drill

        print(json.dumps(db_drill.drill(srv), indent=1))
    return 0


def _restore(srv, path: Path, *, verify: bool) -> int:
    """Restore an archive (or a backup set's archives); --verify restores into a scratch database and swaps."""
    from biddeed_assets.store import backup

    archives = [(path / backup.ARCHIVES[k], d) for k, d in (("domain", config.database_name(srv.url)),
                                                             ("dagster", config.DAGSTER_DB))
                if (path / backup.ARCHIVES[k]).is_file()] if path.is_dir() else [(path, config.database_name(srv.url))]
    if not archives:
        print(f"no backup archive in {path}", file=sys.stderr)
        return 2
    for archive, _ in archives:
        backup.verify_archive(archive)  # every archive is checked before any database is touched
    for archive, database in archives:
        if verify:
            # the swap renames the live database, so it runs from the server's maintenance database
            report = backup.restore_verified(config.with_database(srv.admin_url, "postgres"), database, archive)
            print(f"restored {archive} as {database} in {report.seconds} s: {len(report.counts)} tables, "
                  f"{sum(report.counts.values())} rows" + (", counts match the manifest" if
                                                           report.checked_against_manifest else ""))
        else:
            backup.restore(config.with_database(srv.admin_url, database), archive)
            print(json.dumps(backup.table_counts(config.with_database(srv.admin_url, database)), indent=1))
    return 0


def cmd_env(args) -> int:
    """Print shell exports so that `dg dev` / `dg check defs` run against BidDeed's database."""
    secret, srv = False, _server()
    for key, value in runtime.environment(srv).items():
        bare, password = config.without_password(value) if "://" in value else (value, None)
        secret = secret or password is not None
        print(f"export {key}='{bare}'")
    if secret and srv.embedded:
        from biddeed_assets.store import roles

        print(f'export PGPASSWORD="$(cat {roles.secrets_dir() / (roles.APP + ".password")})"')
    elif secret:
        print("# the database password is not printed: export PGPASSWORD yourself (libpq and Dagster read it)")
    return 0


def cmd_simulate(args) -> int:
    from biddeed_assets.simulator import server as sim_server

    today = args.today
    base = f"http://{sim_server.HOST}:{args.port}"
    print(f"simulator on {base} (seed {args.seed}); point BidDeed at it with:")
    for key, value in sim_server.portal_urls(base).items():
        print(f"  export {key}={value}")
    sim_server.serve(args.port, seed=args.seed, today=today)
    return 0


def cmd_parse(args) -> int:
    from biddeed_assets.portals.kinds import page_kinds, sale_context

    kinds = page_kinds()
    if args.kind not in kinds:
        print(f"unknown page kind {args.kind!r}; known: {', '.join(sorted(kinds))}", file=sys.stderr)
        return 2
    try:
        context = sale_context(kinds[args.kind], args)
    except ValueError as exc:
        print(f"parse error: {exc}", file=sys.stderr)
        return 2
    from biddeed_assets.portals.errors import ParseError
    from biddeed_assets.portals.http import max_page_bytes

    try:
        limit, size = max_page_bytes(), Path(args.file).stat().st_size
    except (ValueError, OSError) as exc:
        print(f"parse error: {exc}", file=sys.stderr)
        return 1
    if size > limit:
        print(f"parse error: {args.file} is {size:,} bytes, above the page cap of {limit:,} bytes"
              " (BIDDEED_MAX_PAGE_BYTES); refused before parsing", file=sys.stderr)
        return 1
    raw = Path(args.file).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    try:
        for row in kinds[args.kind](text, args.source_url, **context):
            print(json.dumps(row, default=str))
    except ParseError as exc:
        print(f"parse error: {exc}", file=sys.stderr)
        return 1
    return 0


def _point_at_simulator(url: str | None) -> None:
    if url:
        from biddeed_assets.simulator.server import portal_urls

        runtime.apply({**portal_urls(url.rstrip("/")), "BIDDEED_PORTAL_MIN_INTERVAL_S": "0"})


def cmd_materialize(args) -> int:
    from biddeed_assets.app import live_sites, materialize
    from biddeed_assets.portals.counties import enabled_slugs

    _point_at_simulator(args.simulator)  # before the definitions load: their portal resources read the URLs
    definitions = materialize.load_defs()
    asset = materialize.sale_day_asset(args.asset, definitions)
    counties = args.county or enabled_slugs()
    if not args.simulator:
        live_sites.check(asset, counties, args.asset)  # before the server starts: offline fails in seconds, not minutes
    runtime.apply(runtime.environment(_server()))
    materialize.migrate()
    ok = materialize.materialize(args.asset, [args.date], counties, definitions)
    return 0 if ok else 1


def cmd_demo(args) -> int:
    from biddeed_assets.app import demo

    return demo.run(ui=not args.no_ui, port=args.ui_port)


def cmd_ui(args) -> int:
    runtime.apply(runtime.environment(_server()))
    _point_at_simulator(args.simulator)
    return subprocess.call(runtime.dg_command("dev", "--host", "127.0.0.1", "--port", str(args.port)), cwd=runtime.PROJECT_ROOT)


def cmd_check(args) -> int:
    runtime.apply(runtime.environment(_server()))
    return subprocess.call(runtime.dg_command("check", "defs"), cwd=runtime.PROJECT_ROOT)


def cmd_runs(args) -> int:
    from biddeed_assets.app import runs

    if args.action == "clear" and not args.run_id:
        print("biddeed runs clear needs a RUN_ID (see `biddeed runs`)", file=sys.stderr)
        return 2
    runtime.apply(runtime.environment(_server()))
    with runtime.instance() as instance:
        return runs.command(instance, args.action, args.run_id, force=args.force)


def cmd_alerts(args) -> int:
    from biddeed_assets.app import alerts

    if args.action == "test":
        return alerts.test(args.target)
    srv = _server()
    runtime.apply(runtime.environment(srv))
    return alerts.command(srv.url, args.action, args.target, instance_factory=runtime.instance)


def cmd_experiments(args) -> int:
    from biddeed_assets.app import experiments

    return experiments.command(_server().url, args)


def cmd_buybox(args) -> int:
    from biddeed_assets.app import buybox

    try:
        buybox.check_arguments(args)
    except ValueError as exc:
        print(f"biddeed buybox {args.action}: {exc}", file=sys.stderr)
        return 2
    return buybox.command(_server().url, args)


def cmd_analyze(args) -> int:
    from biddeed_assets.app.analyze_file import InputError, analyze_json

    try:
        verdict = analyze_json(arguments.read_utf8(args.file))
    except (InputError, OSError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(verdict, indent=None if args.compact else 2))
    return 0


def cmd_bid_sheet(args) -> int:
    from biddeed_assets.bid_sheet import formats as bid_sheet
    from biddeed_assets.store import db
    from biddeed_assets.store.bid_sheets import bid_sheet as read_sheet

    with db.connect(_server().url) as conn:
        rows = read_sheet(conn, auction_date=args.date, county=args.county)
    if not rows:
        print(f"no bid sheet for {args.date}" + (f" in {args.county}" if args.county else "")
              + ": materialize `recommendations` for that sale date first", file=sys.stderr)
        return 1
    by_county: dict[str, list[dict]] = {}
    for row in rows:
        by_county.setdefault(row["county"], []).append(row)
    if args.format == "csv":  # one table: every row names its county and date
        print(bid_sheet.as_csv(rows), end="")
        return 0
    print("\n\n".join(bid_sheet.titled(args.format, sheet, county, args.date) for county, sheet in by_county.items()))
    return 0


def cmd_report(args) -> int:
    from biddeed_assets.app import report
    from biddeed_assets.store import db
    from biddeed_assets.store.bid_sheets import report_rows

    date = args.date  # an ISO sale date inside the partitions, and a known county: checked by their types
    with db.connect(_server().url) as conn:
        rows = report_rows(conn, auction_date=date, county=args.county)
    if not rows:
        print(f"no bid sheet for {date}" + (f" in {args.county}" if args.county else "")
              + ": materialize `recommendations` for that sale date first", file=sys.stderr)
        return 1
    try:
        output = report.render(rows, fmt=args.format, date=date, county=args.county, decisions=args.decision,
                               third_party_likely=args.third_party_likely)
        report.write(output, args.output)
    except (ValueError, OSError) as exc:  # a bad filter or format, an unwritable file
        print(f"biddeed report: {exc}", file=sys.stderr)
        return 2
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _champion():
    from biddeed_assets.store import db, registry

    with db.connect(_server().url) as conn:
        return registry.champion(conn, "third_party_model")


def _no_champion() -> int:
    print("no champion model yet: train one with `make demo`, or materialize training_set and the models "
          "(`biddeed ui`, job retrain_models) after `biddeed import-history FILE.csv`", file=sys.stderr)
    return 1


def _on_champion(args, action, *, labelled: bool = False) -> int:
    """Run `action(cases, champion_artifact)` on the file's cases: 1 without a champion, 2 for a bad file."""
    from biddeed_assets.app import score_file

    try:  # the file first: a bad one is told before any database starts
        cases = score_file.read_cases(Path(args.file))
        score_file.check_columns(cases, labelled=labelled)
    except (ValueError, OSError) as exc:
        print(f"{args.file}: {_one_line(exc)}", file=sys.stderr)
        return 2
    champion = _champion()
    if champion is None:
        return _no_champion()
    try:
        return action(cases, champion.artifact)
    except score_file.NoChampion as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (ValueError, OSError) as exc:
        print(f"{args.file}: {_one_line(exc)}", file=sys.stderr)
        return 2


def cmd_score(args) -> int:
    from biddeed_assets.app import score_file

    def score(cases, artifact) -> int:
        sys.stdout.write(score_file.score(cases, artifact))
        return 0

    return _on_champion(args, score)


def cmd_evaluate(args) -> int:
    from biddeed_assets.app import score_file

    def evaluate(cases, artifact) -> int:
        report = score_file.evaluate(cases, artifact, n_boot=args.n_boot)
        print(score_file.report_text(report))
        if args.plot:
            score_file.write_plot(report, Path(args.plot))
            print(f"\ncalibration plot: {args.plot}")
        return 0

    return _on_champion(args, evaluate, labelled=True)


def cmd_evaluate_real(args) -> int:
    from biddeed_assets.app import real_evaluation

    path = Path(args.results) if args.results else real_evaluation.DEFAULT_RESULTS
    if not path.exists():
        print(f"no real results at {path}", file=sys.stderr)
        return 2
    print(json.dumps(real_evaluation.summary(real_evaluation.real_sales(path)), indent=2))
    print(real_evaluation.WHY_NOT_SCORED, file=sys.stderr)
    return 2


def cmd_models(args) -> int:
    from biddeed_assets.app import model_listing
    from biddeed_assets.store import db

    with db.connect(_server().url) as conn:
        print(model_listing.listing(conn))
    return 0


def cmd_import_history(args) -> int:
    from biddeed_assets.app import history_import

    return history_import.run(Path(args.file), source=args.source, as_json=args.json, url=lambda: _server().url)


def cmd_counties(args) -> int:
    from biddeed_assets.app import counties
    from biddeed_assets.portals.counties import UnknownCounties

    try:
        out, note = counties.run(as_json=args.json, today=args.today)
    except (UnknownCounties, ValueError) as exc:
        print(_one_line(exc), file=sys.stderr)
        return 2
    print(out)
    if note:
        print(note, file=sys.stderr)
    return 0


def cmd_audit(args) -> int:
    from biddeed_assets.app import audit
    from biddeed_assets.store import db

    try:
        audit.check_arguments(args.case, args.county, args.limit)
    except audit.InputError as exc:
        print(f"biddeed audit: {exc}", file=sys.stderr)
        return 2
    srv = _server()
    with db.connect(srv.url) as conn:
        if not args.no_catch_up:
            runtime.apply(runtime.environment(srv))
            with runtime.instance() as instance:
                audit.catch_up(instance, conn)
        report = (audit.case_report(conn, args.case, args.county) if args.case
                  else audit.latest_report(conn, args.county, args.limit))
    if report is None:
        print(f"biddeed audit: no history for case {args.case}" + (f" in {args.county}" if args.county else ""),
              file=sys.stderr)
        return 1
    lines, data = report
    print(json.dumps(data, default=str) if args.json else "\n".join(lines))
    return 0


def cmd_bench(args) -> int:
    from biddeed_assets.bench import run as bench

    unknown = [name for name in args.names if name not in bench.BENCHES]
    if unknown:
        raise arguments.UsageError(f"unknown bench {', '.join(unknown)}; known: {', '.join(bench.BENCHES)}")
    for line in bench.run(args.names):
        print(line, flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = arguments.Parser(prog="biddeed", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="the database: up, down, url, migrate, backup [FILE], backups, "
                                   "restore FILE|SET [--verify], drill")
    db.add_argument("action", choices=["up", "down", "url", "migrate", "backup", "backups", "restore", "drill"])
    db.add_argument("file", nargs="?")
    db.add_argument("--verify", action="store_true",
                    help="restore: into a scratch database first, check per-table counts, then swap")
    db.set_defaults(func=cmd_db)

    sub.add_parser("env", help="print exports for running dg commands against BidDeed").set_defaults(func=cmd_env)

    sim = sub.add_parser("simulate", help="serve the simulated county portals on 127.0.0.1")
    sim.add_argument("--port", type=arguments.port, default=8765)
    sim.add_argument("--seed", type=int, default=7)
    sim.add_argument("--today", type=arguments.iso_date, help="the date the portals publish as of (default: today)")
    sim.set_defaults(func=cmd_simulate)

    parse = sub.add_parser("parse", help="parse a saved portal page and print its records as JSON lines")
    parse.add_argument("kind")
    parse.add_argument("file", type=arguments.existing_file)
    parse.add_argument("--source-url", default=None)
    parse.add_argument("--county", default=None, help="the county a saved realforeclose-load/-day page is of")
    parse.add_argument("--date", default=None, help="its sale date, YYYY-MM-DD or MM/DD/YYYY")
    parse.set_defaults(func=cmd_parse)

    mat = sub.add_parser("materialize", help="materialize an asset for a sale date")
    mat.add_argument("asset")
    mat.add_argument("--date", required=True, type=arguments.partition_date)
    mat.add_argument("--county", action="append", type=arguments.enabled_county)
    mat.add_argument("--simulator", type=arguments.http_url, help="point every portal at a running `biddeed simulate` (its URL)")
    mat.set_defaults(func=cmd_materialize)

    demo = sub.add_parser("demo", help="the whole job on the embedded defaults, then the Dagster UI")
    demo.add_argument("--no-ui", action="store_true", default=bool(os.environ.get("NO_UI")))
    demo.add_argument("--ui-port", type=arguments.port, default=3000)
    demo.set_defaults(func=cmd_demo)

    ui = sub.add_parser("ui", help="the Dagster UI (dg dev) against BidDeed's database")
    ui.add_argument("--port", type=arguments.port, default=3000)
    ui.add_argument("--simulator", type=arguments.http_url, help="point every portal at a running `biddeed simulate` (its URL)")
    ui.set_defaults(func=cmd_ui)

    sub.add_parser("check", help="dg check defs against BidDeed's instance").set_defaults(func=cmd_check)

    run = sub.add_parser("runs", help="runs in progress and the pool slots they hold; clear RUN_ID frees a dead one")
    run.add_argument("action", nargs="?", choices=["list", "clear"], default="list")
    run.add_argument("run_id", nargs="?")
    run.add_argument("--force", action="store_true", help="clear a run whose process this machine cannot see")
    run.set_defaults(func=cmd_runs)

    alert = sub.add_parser("alerts", help="alerts and their delivery: list, test CHANNEL, resolve ID, deliver")
    alert.add_argument("action", nargs="?", choices=["list", "test", "resolve", "deliver"], default="list")
    alert.add_argument("target", nargs="?", help="the channel (webhook, email, github) or the alert ID")
    alert.set_defaults(func=cmd_alerts)

    exp = sub.add_parser("experiments", help="A/B tests of the bid parameters: start, list, show NAME, end NAME")
    exp.add_argument("action", nargs="?", choices=["start", "list", "show", "end"], default="list")
    exp.add_argument("name", nargs="?")
    exp.add_argument("--variant", action="append", help="NAME[:knob=value,...] (first is the control), e.g. "
                     "lean:arv_factor=0.65; knobs arv_factor, profit_cap, profit_rate, bid_ratio, review_ratio")
    exp.add_argument("--split", help="traffic shares per variant, e.g. 50,50 (default equal)")
    exp.add_argument("--metric", choices=["mean_profit", "win_rate"], default="mean_profit")
    exp.add_argument("--min-sample", type=arguments.positive_int, default=100, help="judged cases per variant before the test is read")
    exp.add_argument("--alpha", type=float, default=0.05)
    exp.add_argument("--description")
    exp.add_argument("--winner", help="end: the variant adopted")
    exp.add_argument("--json", action="store_true", help="list: one JSON object per experiment; show: the report")
    exp.set_defaults(func=cmd_experiments)

    box = sub.add_parser("buybox", help="saved criteria and the cases they match: add NAME, list, remove NAME, "
                                        "matches [NAME]")
    box.add_argument("action", choices=["add", "list", "remove", "matches"])
    box.add_argument("name", nargs="?")
    box.add_argument("--county", action="append", help="county slug(s), comma-separated or repeated (default: any)")
    box.add_argument("--max-judgment", help="the highest final judgment, in dollars")
    box.add_argument("--min-value-to-judgment", help="the lowest value/judgment ratio, e.g. 1.5")
    box.add_argument("--zip", action="append", help="5-digit ZIP code(s)")
    box.add_argument("--decision", action="append", help="decisions to match (default: BID,REVIEW)")
    box.add_argument("--property-type", action="append",
                     help="SFR, CONDO, TOWNHOUSE, MULTI-FAMILY, COMMERCIAL, LAND (default: any)")
    box.add_argument("--json", action="store_true", help="list, matches: one JSON object per line")
    box.add_argument("--limit", type=int, default=50, help="matches: how many of the newest")
    box.add_argument("--no-catch-up", action="store_true",
                     help="matches: do not first announce what matches now and no sensor tick has announced yet")
    box.set_defaults(func=cmd_buybox)

    analyze = sub.add_parser("analyze", help="run the rules on one case given as JSON; print the verdict")
    analyze.add_argument("file", type=arguments.existing_file)
    analyze.add_argument("--compact", action="store_true")
    analyze.set_defaults(func=cmd_analyze)

    sheet = sub.add_parser("bid-sheet", help="print the bid sheet of a sale date")
    sheet.add_argument("--date", required=True, type=arguments.partition_date)
    sheet.add_argument("--county", type=arguments.county)
    sheet.add_argument("--format", choices=["table", "csv", "md", "html"], default="table")
    sheet.set_defaults(func=cmd_bid_sheet)

    rep = sub.add_parser("report", help="the printable report of a sale date: every case in full (md, html, pdf)")
    rep.add_argument("--date", required=True, type=arguments.partition_date, help="the sale date, YYYY-MM-DD")
    rep.add_argument("--county", type=arguments.county, help="one county's slug (default: every county selling that day)")
    rep.add_argument("--format", choices=["md", "html", "pdf"], default="md")
    rep.add_argument("--output", help="write here instead of standard output (a PDF needs it on a terminal)")
    rep.add_argument("--decision", help="only these decisions, e.g. BID,REVIEW")
    rep.add_argument("--third-party-likely", action="store_true", help="only cases with third-party p >= 0.5")
    rep.set_defaults(func=cmd_report)

    score = sub.add_parser("score", help="score cases (CSV, Miami-Dade history column names) with the champion")
    score.add_argument("file", type=arguments.existing_file)
    score.set_defaults(func=cmd_score)

    sub.add_parser("models", help="the model registry: metrics, training sources, the gate's decisions"
                   ).set_defaults(func=cmd_models)

    evaluate = sub.add_parser("evaluate", help="score a labelled file with the champion beside the baselines")
    evaluate.add_argument("file", type=arguments.existing_file)
    evaluate.add_argument("--plot", help="write the calibration plot (PNG) here")
    evaluate.add_argument("--n-boot", type=arguments.positive_int, default=1000, help="bootstrap resamples for the AUC interval")
    evaluate.set_defaults(func=cmd_evaluate)

    real = sub.add_parser("evaluate-real", help="the real Brevard sales of late 2025: their summary, and why no model can score them")
    real.add_argument("--results", help="the results JSON (default: the shipped biddeed_assets/data/real/brevard_sale_results_2025-09_to_12.json)")
    real.set_defaults(func=cmd_evaluate_real)

    history = sub.add_parser("import-history", help="load past auctions with their outcomes (CSV) into the store")
    history.add_argument("file", type=arguments.existing_file)
    history.add_argument("--source", help="the tag of the file's rows (default: the file's name without .csv)")
    history.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    history.set_defaults(func=cmd_import_history)

    ctys = sub.add_parser("counties", help="every county: platform, enabled, next sale, what can and cannot be fetched")
    ctys.add_argument("--json", action="store_true", help="one JSON object per line per county")
    ctys.add_argument("--today", type=arguments.iso_date, help="YYYY-MM-DD: the day next_sale counts from (default: today in Florida)")
    ctys.set_defaults(func=cmd_counties)

    trail = sub.add_parser("audit", help="a case's history (audit rows, data versions), or the latest audit rows")
    trail.add_argument("--case", help="a case number: its changes and the data versions of its partitions")
    trail.add_argument("--county", type=arguments.county, help="only this county's partitions")
    trail.add_argument("--limit", type=int, default=20, help="how many of the latest rows (without --case)")
    trail.add_argument("--json", action="store_true", help="print one JSON object")
    trail.add_argument("--no-catch-up", action="store_true",
                       help="do not first record the materializations no sensor has recorded yet")
    trail.set_defaults(func=cmd_audit)

    bench = sub.add_parser("bench", help="performance figures as JSON lines")
    bench.add_argument("names", nargs="*")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit:  # argparse has printed its one line (or the help)
        return exit.code if isinstance(exit.code, int) else 2
    if args.command == "db" and args.action == "restore" and not args.file:
        print(f"biddeed db {args.action} needs a FILE", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except arguments.UsageError as exc:
        print(f"biddeed {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 2
    except _undefined_table() as exc:  # a new home, or a database never migrated
        print(f"biddeed {args.command}: the database has no BidDeed tables yet ({_one_line(exc).split(' LINE ')[0]}): "
              "run `biddeed db migrate`", file=sys.stderr)
        return 1
    except Exception as exc:  # one clear line, never a traceback or a secret; BIDDEED_DEBUG=1 shows the trace
        if os.environ.get("BIDDEED_DEBUG"):
            raise
        print(f"biddeed {args.command}: {config.mask_text(_one_line(exc))}", file=sys.stderr)
        return 1


def _undefined_table() -> type[Exception]:
    import psycopg

    return psycopg.errors.UndefinedTable


def _one_line(exc: Exception) -> str:
    return arguments.one_line(str(exc)) or type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())

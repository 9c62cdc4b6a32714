"""`biddeed buybox`: save an investor's criteria, list and remove them, and show the cases they matched."""

from __future__ import annotations

import json
import sys

from biddeed_assets.app.alerts import actor
from biddeed_assets.operate import buybox_alerts
from biddeed_assets.operate.buybox import InvalidBuyBox, check_name, matches_table, parse
from biddeed_assets.store import buybox, db

ADD_OPTIONS = ("county", "max_judgment", "min_value_to_judgment", "zip", "decision", "property_type")


def check_arguments(args) -> None:
    """Everything that can be said wrong before the database is touched; InvalidBuyBox is one line."""
    given = [o for o in ADD_OPTIONS if getattr(args, o) is not None]
    if args.action != "add" and given:
        raise InvalidBuyBox(f"--{given[0].replace('_', '-')} goes with `biddeed buybox add`, not {args.action}")
    if args.action in ("add", "remove"):
        check_name(args.name)
    elif args.action == "list" and args.name:
        raise InvalidBuyBox("`biddeed buybox list` takes no NAME (try `biddeed buybox matches NAME`)")
    elif args.action == "matches" and args.name:
        check_name(args.name)
    if args.json and args.action not in ("list", "matches"):
        raise InvalidBuyBox(f"--json goes with list and matches, not {args.action}")
    if not 1 <= args.limit <= 1000:
        raise InvalidBuyBox(f"--limit must be between 1 and 1000, not {args.limit}")
    if args.action == "add":
        box_of(args)


def box_of(args):
    return parse(args.name, counties=args.county, max_judgment=args.max_judgment,
                 min_value_to_judgment=args.min_value_to_judgment, zips=args.zip, decisions=args.decision,
                 property_types=args.property_type)


def command(url: str, args) -> int:
    """Run one `biddeed buybox` action (arguments already checked); an unknown or duplicate name exits 2."""
    with db.connect(url) as conn:
        try:
            return _run(conn, args)
        except (buybox.UnknownBuyBox, buybox.BuyBoxExists) as exc:
            print(f"biddeed buybox {args.action}: {exc.args[0]}", file=sys.stderr)
            return 2


def _run(conn, args) -> int:
    if args.action == "add":
        box = box_of(args)
        buybox.add(conn, box, created_by=actor())
        print(f"saved buy box {box.name}: {box.criteria()}")
        return 0
    if args.action == "remove":
        buybox.remove(conn, args.name)
        print(f"removed buy box {args.name}")
        return 0
    if args.action == "list":
        return _list(buybox.listing(conn), as_json=args.json)
    if args.name:
        buybox.get(conn, args.name)  # an unknown name is said as such, not as "no matches"
    if not args.no_catch_up:
        done = buybox_alerts.announce(conn, since=None)
        if done.announced:
            print(done.summary() + " now; the alert sensor delivers them", file=sys.stderr)
    rows = buybox.recent_matches(conn, name=args.name, limit=args.limit)
    if args.json:
        for row in rows:
            print(json.dumps(row, default=str))
        return 0
    if not rows:
        print("no case has matched " + (f"buy box {args.name}" if args.name else "any buy box")
              + " among the bid sheets of sale days not yet past")
        return 0
    print(matches_table(rows))
    return 0


def _list(rows, *, as_json: bool) -> int:
    if as_json:
        for r in rows:
            box = r["box"]
            print(json.dumps({"name": box.name, "counties": list(box.counties), "max_judgment": box.max_judgment,
                              "min_value_to_judgment": box.min_value_to_judgment, "zips": list(box.zips),
                              "decisions": list(box.decisions), "property_types": list(box.property_types),
                              "created_at": r["created_at"].isoformat(), "created_by": r["created_by"],
                              "cases_announced": r["cases_announced"]}))
        return 0
    if not rows:
        print("no buy box saved: biddeed buybox add NAME [--county C] [--max-judgment N] "
              "[--min-value-to-judgment R] [--zip Z] [--decision BID,REVIEW] [--property-type T]")
        return 0
    for r in rows:
        print(f"{r['name']}  {r['box'].criteria()}  ({r['cases_announced']} cases announced, "
              f"saved {r['created_at']:%Y-%m-%d})")
    return 0

"""The simulator prints its pages from its own knowledge, so a round trip tests each parser against an independent page."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from biddeed_assets import simulator
from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.portals.text import names_match
from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.brevard.parcel import THIRD_PARTY_BUYERS
from biddeed_assets.simulator.sites.realforeclose.macros import TABLE, compress
from biddeed_assets_tests.fixtures import page

PACKAGE = Path(simulator.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_no_simulator_module_imports_the_portals():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 20
    offenders = {str(m.relative_to(PACKAGE)): sorted(n for n in imported_modules(m) if "portals" in n)
                 for m in modules}
    assert {m: names for m, names in offenders.items() if names} == {}


def test_the_macro_table_compresses_the_real_decoded_load_into_the_real_payload():
    real = json.loads(page("realforeclose/hillsborough/load_area_C_2026-06-05.json").read_text())
    decoded = page("realforeclose/hillsborough/load_area_C_2026-06-05.decoded.html").read_text()
    assert compress(decoded) == real["retHTML"]


def test_the_parser_expands_every_macro_of_the_simulators_table():
    assert [macro for macro, _ in TABLE] == [f"@{letter}" for letter in "ABCDEFGHIJKL"]
    for _, markup in TABLE:
        assert rf.expand_macros(compress(f"x{markup}y")) == f"x{markup}y"


def test_a_third_party_buyer_is_never_taken_for_a_plaintiff_by_the_parsers():
    plaintiffs = [name for _, _, names in cal.PLAINTIFFS for name in names]
    assert [(b, p) for b in THIRD_PARTY_BUYERS for p in plaintiffs if names_match(b, p, drop_numbers=True)] == []


def test_the_worlds_people_are_told_apart_by_their_full_names_as_the_parsers_tell_them():
    people = [f"{first} {last}" for first in cal.FIRST_NAMES for last in cal.LAST_NAMES]
    defendants = people + list(cal.ENTITY_DEFENDANTS)
    assert [(a, d) for a in people for d in defendants if names_match(a, d) != (a == d)] == []

"""Cython builds of the per-case rule and feature modules, loaded only when built from the source as it is now.

The `.py` files stay the only source. `python -m biddeed_assets.compiled.build` compiles them into
`_lib/` (never beside the source, so a stale build can never shadow an edit) and records each
source's SHA-256 in `_lib/manifest.json`. On import of the package, a finder is put in front of
Python's own: it loads a compiled module only when its source still hashes to what was built, and
otherwise lets the pure-Python module load. `BIDDEED_PURE_PYTHON=1` turns compiled modules off.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

# the code each case runs through, in analyze and score order: rules first, then the feature row
MODULES = (
    "biddeed_assets.rules.case_numbers",
    "biddeed_assets.rules.plaintiffs",
    "biddeed_assets.rules.lien_priority",
    "biddeed_assets.rules.valuation",
    "biddeed_assets.rules.max_bid",
    "biddeed_assets.rules.risk_routing",
    "biddeed_assets.rules.agents",
    "biddeed_assets.rules.consensus",
    "biddeed_assets.rules.analysis",
    "biddeed_assets.model.inputs",
    "biddeed_assets.model.features",
)
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
LIB = Path(__file__).resolve().parent / "_lib"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # this interpreter's ABI, e.g. .cpython-311-x86_64-linux-gnu.so


def source_path(module: str) -> Path:
    """The `.py` file a module name is built from."""
    return PACKAGE_ROOT.parent.joinpath(*module.split(".")).with_suffix(".py")


def source_hash(module: str) -> str:
    """SHA-256 of the module's source as it is on disk now."""
    return hashlib.sha256(source_path(module).read_bytes()).hexdigest()


def built_path(module: str, lib: Path = LIB) -> Path:
    """Where the compiled module for this interpreter lives."""
    return lib / f"{module}{SUFFIX}"


def read_manifest(lib: Path = LIB) -> dict[str, str]:
    """Module name -> the source hash it was built from; empty when nothing is built."""
    try:
        manifest = json.loads((lib / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def fresh_builds(lib: Path = LIB) -> dict[str, Path]:
    """The compiled modules whose source is unchanged since they were built, by module name."""
    manifest = read_manifest(lib)
    fresh = {}
    for module in MODULES:
        path = built_path(module, lib)
        if manifest.get(module) and path.is_file() and manifest[module] == source_hash(module):
            fresh[module] = path
    return fresh


class CompiledFinder(importlib.abc.MetaPathFinder):
    """Finds the fresh compiled build of a listed module; every other import goes on to Python's finders."""

    def __init__(self, builds: dict[str, Path]):
        self.builds = builds

    def find_spec(self, fullname, path=None, target=None):
        built = self.builds.get(fullname)
        if built is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(built))
        return importlib.util.spec_from_file_location(fullname, built, loader=loader)


def loaded_compiled() -> list[str]:
    """The listed modules that are imported now from a compiled build."""
    return [name for name in MODULES if getattr(sys.modules.get(name), "__file__", "").endswith(SUFFIX)]


def install() -> CompiledFinder | None:
    """Put the finder first on the import path, unless turned off or nothing fresh is built."""
    if os.environ.get("BIDDEED_PURE_PYTHON", "").strip() not in ("", "0"):
        return None
    if any(isinstance(finder, CompiledFinder) for finder in sys.meta_path):
        return None
    builds = fresh_builds()
    if not builds:
        return None
    finder = CompiledFinder(builds)
    sys.meta_path.insert(0, finder)
    return finder

"""Every page kind `biddeed parse KIND FILE` understands, gathered from the portal modules."""

from __future__ import annotations

import importlib
from collections.abc import Callable

_MODULES = ("clerk_sale_list", "realforeclose", "bcpao", "beca_docket", "official_records", "tax_collector", "census")


def page_kinds() -> dict[str, Callable[[str, str | None], list[dict]]]:
    kinds: dict[str, Callable] = {}
    for name in _MODULES:
        kinds.update(importlib.import_module(f"biddeed_assets.portals.{name}").PAGE_KINDS)
    return kinds

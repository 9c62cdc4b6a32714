"""Brevard's simulated county sites: appraiser (BCPAO), court docket (BECA), official records, tax collector, RealTDM, Census ACS."""

from __future__ import annotations

from starlette.routing import Route


def routes(sim) -> list[Route]:
    return []

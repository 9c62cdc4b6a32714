"""Simulated RealForeclose county sites: calendar, PREVIEW day page with session cookies, LOAD and UPDATE."""

from __future__ import annotations

from starlette.routing import Route


def routes(sim) -> list[Route]:
    return []

"""A narrative on every bid-sheet row: the router's (or the rules') text and who wrote it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from biddeed_assets.narrative.facts import case_facts
from biddeed_assets.narrative.router import Router


def narrate_rows(rows: Sequence[dict[str, Any]], verdicts: Sequence[Mapping[str, Any]],
                 features: Mapping[str, Mapping[str, Any]], router: Router) -> dict[str, Any]:
    """Set `narrative` and `narrative_source` on each row (in place); returns counts for the asset's metadata."""
    sources: Counter[str] = Counter()
    fallbacks: Counter[str] = Counter()
    for row, verdict in zip(rows, verdicts, strict=True):
        told = router.narrate(case_facts(row, verdict, features.get(row["case_number"])))
        row["narrative"], row["narrative_source"] = told.text, told.source
        sources[told.source] += 1
        if told.fallback_reason:
            fallbacks[told.fallback_reason] += 1
    return {"narratives_by_source": dict(sources), "narrative_fallbacks": dict(fallbacks)}

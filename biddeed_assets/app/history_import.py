"""`biddeed import-history FILE.csv`: past auctions and their outcomes into the store, tagged by source."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from biddeed_assets.app.progress import Progress
from biddeed_assets.model.history import SHIPPED, HistoryFileError, check_header
from biddeed_assets.store.history import IMPORT_STAGES, import_file

__all__ = ["SHIPPED", "import_file", "run"]


def run(path: Path, *, source: str | None, as_json: bool, url: Callable[[], str]) -> int:
    """Import the file into the database `url()` gives (called only once the file's header is known good)."""
    try:
        check_header(path.read_bytes())
        with Progress(f"importing {path.name}", IMPORT_STAGES, unit="stages") as bar:
            counts, unknown = import_file(url(), path, source=source, on_stage=lambda note: bar.advance(note=note))
    except HistoryFileError as exc:
        print(f"{path}: {exc}; nothing was imported", file=sys.stderr)
        return 2
    if unknown:
        print(f"unknown column(s) kept in each case's extra.unknown: {', '.join(unknown)}", file=sys.stderr)
    if as_json:
        print(json.dumps({**counts.to_dict(), "unknown_columns": list(unknown)}))
    elif counts.unchanged:
        print(f"{counts.source}: unchanged (this file was imported before); nothing to do")
    else:
        print(f"{counts.source}: imported {counts.imported}, replaced {counts.replaced}, "
              f"quarantined {counts.quarantined}, skipped {counts.skipped} (already held by another source)")
    return 0

"""`biddeed import-history FILE.csv`: past auctions and their outcomes into the store, tagged by source."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from biddeed_assets.model.history import HistoryFileError, read_history, source_name
from biddeed_assets.store import db, migrations
from biddeed_assets.store.history import ImportCounts, replace_source

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "real" / "miamidade_auctions_2017-2019.csv"


def import_file(url: str, path: Path, *, source: str | None = None) -> tuple[ImportCounts, tuple[str, ...]]:
    """Read, validate and store one history file in one transaction; raise HistoryFileError for a bad file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HistoryFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    tag = source or source_name(path)
    history = read_history(data, source=tag)
    migrations.migrate(url)
    with db.connect(url) as conn, conn.transaction():
        counts = replace_source(conn, history, source=tag, file_name=path.name)
    return counts, history.unknown_columns


def run(path: Path, *, source: str | None, as_json: bool, url: str) -> int:
    try:
        counts, unknown = import_file(url, path, source=source)
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

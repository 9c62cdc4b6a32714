"""History benchmark: import the shipped real Miami-Dade file (21,140 auctions) into a scratch database."""

from __future__ import annotations

import time
from collections.abc import Iterator

from biddeed_assets.bench.ingest import drop_db, scratch_db
from biddeed_assets.store import server

Figure = tuple[str, float, str]


def run() -> Iterator[Figure]:
    """Yield ("import_history_rows_per_s", rows/s): read, validate, COPY and record, in one transaction."""
    from biddeed_assets.model.history import SHIPPED
    from biddeed_assets.store.history import import_file

    admin = server.up().admin_url
    url = scratch_db(admin, "bench_history")
    try:
        import_file(url, SHIPPED)  # warm: migrations, imports, page cache
        url2 = scratch_db(admin, "bench_history")
        t0 = time.perf_counter()
        counts, _ = import_file(url2, SHIPPED)
        elapsed = time.perf_counter() - t0
        yield "import_history_rows_per_s", round((counts.imported + counts.quarantined) / elapsed, 1), "rows/s"
    finally:
        drop_db(admin, "bench_history")

"""History benchmark: import the shipped real Miami-Dade file (21,140 auctions) into a scratch database."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import psycopg

from biddeed_assets.bench.ingest import drop_db, scratch_db
from biddeed_assets.store import migrations, server

RUNS = 3  # the median of three imports: one import's time swings by a third on a shared machine

Figure = tuple[str, float, str] | tuple[str, float, str, dict]


def run() -> Iterator[Figure]:
    """Yield ("import_history_rows_per_s", rows/s): read, validate, COPY and record, in one transaction, median of RUNS."""
    from biddeed_assets.model.history import SHIPPED
    from biddeed_assets.store.history import import_file

    admin = server.up().admin_url
    url = scratch_db(admin, "bench_history")
    try:
        import_file(url, SHIPPED)  # warm: migrations, imports, page cache
        timings = []
        for _ in range(RUNS):
            url = scratch_db(admin, "bench_history")
            migrations.migrate(url)  # an import lands in a store that exists: the schema is not the import's cost
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute("CHECKPOINT")  # the benches before leave dirty pages whose flushing is not the import's
            t0 = time.perf_counter()
            counts, _ = import_file(url, SHIPPED)
            timings.append(time.perf_counter() - t0)
        rows = counts.imported + counts.quarantined
        yield ("import_history_rows_per_s", round(rows / statistics.median(timings), 1), "rows/s",
               {"runs": RUNS, "rows": rows, "slowest_rows_per_s": round(rows / max(timings), 1)})
    finally:
        drop_db(admin, "bench_history")

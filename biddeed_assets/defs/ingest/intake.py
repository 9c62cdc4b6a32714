"""What every ingest asset shares: its run options, and per-case intake from a county's source."""

from collections.abc import Callable, Mapping
from contextlib import nullcontext

import dagster as dg

from biddeed_assets.defs.ingest.retries import retry_when_unavailable
from biddeed_assets.defs.partitions import Partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals.http import PortalHttp, request_summary
from biddeed_assets.portals.per_case import fetch_each, problem_reasons, quarantine_rows, status_rows
from biddeed_assets.portals.sources import NotAvailable, PerCase, describe
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import ingest_guard, writers


class IngestConfig(dg.Config):
    """Run options for intake: step retries while a portal is down, and how much a read may shrink."""

    retries_when_unavailable: int = 2  # Dagster re-runs the step this often when a portal stays down
    retry_wait_s: int = 120
    max_shrink_share: float = 0.2  # a read may drop at most this share of the partition's stored rows
    allow_shrink: bool = False  # accept any shrink (a sale list's unlisted cases are then forgotten)

    def shrink_policy(self) -> ingest_guard.ShrinkPolicy:
        return ingest_guard.ShrinkPolicy(max_share=self.max_shrink_share, allow=self.allow_shrink)


def refused(exc: ingest_guard.PartitionShrank) -> dg.Failure:
    """A refused write as Dagster's failure: the page, the counts, and that the stored rows stay."""
    return dg.Failure(str(exc), metadata={"page": exc.page, "stored_rows": exc.before, "rows_after": exc.after})


def quarantined(rejected, *, asset: str, partition: Partition, run_id: str) -> list[dict]:
    """Quarantine rows for parser-rejected rows (RejectedRow)."""
    return [{"asset": asset, "partition": partition.label, "source_url": r.source_url, "reason": r.reason,
             "raw": r.raw, "run_id": run_id} for r in rejected]


def not_available(context, database: DatabaseResource, source: NotAvailable, *, status: str | None) -> dg.MaterializeResult:
    """Nothing to fetch for this county: every open case's `status` source is recorded unknown, with why."""
    partition = partition_of(context)
    written = 0
    if status:
        with database.transaction() as conn:
            numbers = [c["case_number"] for c in case_store.open_cases(conn, **partition.where)]
            written = ingest_guard.replace_statuses(conn, status, [], **partition.where,
                                                    unknown=dict.fromkeys(numbers, source.reason))
    return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": source.reason, "cases_unknown": written})


def ingest_per_case(context, config: IngestConfig, database: DatabaseResource, portals: Mapping[str, PortalResource],
                    source: PerCase, *, table: str, columns, rows_of: Callable, rejected_of: Callable | None = None,
                    keep_unanswered: bool = False, statuses: bool = True,
                    summary: Callable[[list[dict]], dict] = lambda rows: {},
                    http: PortalHttp | None = None, fetch: Callable | None = None,
                    asset: str | None = None) -> dg.MaterializeResult:
    """Fetch per case, then replace the partition's rows, statuses and quarantine in one transaction.

    A case whose page failed (or that lacks what the fetch needs) keeps its stored rows, marked stale,
    and its earlier status; with none, it is recorded unknown with the reason. `keep_unanswered` keeps
    the stored rows of a case the site had nothing for yet (outcomes). `http` is the caller's open client
    (default: one of the portal's own for this call) and `fetch(case)` the caller's way to the source
    (default: `source.fetch` through `http`). `asset` names the asset in quarantine rows (default: the step's).
    """
    partition = partition_of(context)
    with database.connection() as conn:
        cases = case_store.open_cases(conn, **partition.where)
    asked = [c for c in cases if not source.requires or c.get(source.requires)]
    unknown = {c["case_number"]: f"{source.source} not searched: the case's {source.requires} is unknown"
               for c in cases if source.requires and not c.get(source.requires)}
    urls = {name: portals[name].url_for(partition.county) for name in source.portals}
    portal = portals[source.portal]
    with (nullcontext(http) if http is not None else portal.http(context, database)) as http, \
            retry_when_unavailable(config):
        # A case's fetches go from host to host: enough workers to keep every host's own limit busy.
        workers = sum(portals[name].max_concurrency for name in source.portals)
        fetched, problems = fetch_each(asked, fetch or (lambda c: source.fetch(http, urls, c)),
                                       key=lambda c: c["case_number"], max_workers=workers)
        stats = http.stats
    unknown.update(problem_reasons(problems, source.source))
    keep = set(unknown) | ({c["case_number"] for c in asked} - set(fetched) if keep_unanswered else set())
    rows = [row for number, value in fetched.items() for row in rows_of({**partition.where, "case_number": number}, value)]
    rejected = [r for value in fetched.values() for r in (rejected_of(value.value) if rejected_of else ())]
    asset = asset or context.asset_key.to_user_string()
    with database.transaction() as conn:
        try:
            replaced = ingest_guard.replace_case_rows(
                conn, table, columns, rows, **partition.where, scope=[c["case_number"] for c in cases], keep=keep,
                page=f"the {source.source} pages of {partition.label}", partition=partition.label,
                policy=config.shrink_policy(), stale_column=statuses)
        except ingest_guard.PartitionShrank as exc:
            raise refused(exc) from None
        if statuses:
            ingest_guard.replace_statuses(
                conn, source.source, status_rows(partition.where, source.source, [c["case_number"] for c in asked],
                                                 fetched, problems, lambda v: v.stale),
                **partition.where, unknown=unknown)
        writers.quarantine(conn, quarantine_rows(problems, asset=asset, partition=partition.label,
                                                 run_id=context.run.run_id))
        writers.quarantine(conn, quarantined(rejected, asset=asset, partition=partition, run_id=context.run.run_id))
    if problems:
        context.log.warning(f"{len(problems)} case(s) unreadable at {source.source}, their earlier rows kept: "
                            + "; ".join(f"{p.case_number}: {p.reason}" for p in problems[:5]))
    stale = sum(v.stale for v in fetched.values()) + len(unknown)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": replaced.written + replaced.kept, "rows_written": replaced.written,
        "rows_kept_stale": replaced.kept, "previous_row_count": replaced.before,
        "cases_read": len(fetched), "cases_unreadable": len(problems), "cases_unknown": len(unknown),
        "quarantined_rows": len(rejected) + sum(p.parse_error for p in problems),
        "stale": stale > 0, "stale_cases": stale, "source": describe(source),
        "problems": dg.MetadataValue.md("\n".join(f"- {p.case_number}: {p.reason}" for p in problems[:30]) or "none"),
        "http": dg.MetadataValue.json(request_summary(stats)),
        **summary(rows),
    })

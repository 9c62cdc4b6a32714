"""Audit rows name the run that wrote them; every partitioned materialization becomes a data version."""

import hashlib
from pathlib import Path

import dagster as dg

from biddeed_assets.defs.code_versions import with_code_versions
from biddeed_assets.defs.ingest import case_intake as intake_module
from biddeed_assets.defs.ingest import scraped_cases as scraped_module
from biddeed_assets.defs.ingest.case_intake import case_intake
from biddeed_assets.defs.operate.data_versions import partition_parts, record_data_versions
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import analysis_writers
from biddeed_assets_tests.defs.helpers import partition, resources

SALE_DAY = "2026-12-02"


def test_a_bid_sheet_written_by_a_run_is_audited_under_that_run(db_url, conn):
    @dg.asset
    def sheet(database: DatabaseResource):
        with database.transaction() as tx:
            analysis_writers.replace_results(tx, [{"county": "brevard", "auction_date": SALE_DAY, "case_number": "A",
                                                   "decision": "BID", "reasons": []}],
                                             county="brevard", auction_date=SALE_DAY)

    result = dg.materialize([sheet], resources={"database": DatabaseResource(url=db_url)},
                            tags={"dagster/schedule_name": "morning_intake"})
    assert result.success
    actor, run_id = conn.execute("SELECT actor, run_id FROM audit_log").fetchone()
    assert (actor, run_id) == ("schedule:morning_intake", result.run_id)


def test_partition_keys_split_into_county_and_day():
    assert partition_parts("brevard|2026-12-02") == ("brevard", "2026-12-02")
    assert partition_parts("2026-12-02|duval") == ("duval", "2026-12-02")
    assert partition_parts("2026-12-02") == (None, "2026-12-02")


def versions(conn):
    return conn.execute("SELECT asset, partition, county, partition_date::text, version, row_count, hashed_rows,"
                        " content_hash, code_version, run_id FROM data_versions ORDER BY storage_id").fetchall()


def test_each_materialization_of_a_partitioned_asset_is_recorded_once_with_rows_hash_and_code(db_url, conn, simulator):
    definitions = with_code_versions(dg.Definitions(
        assets=[case_intake], jobs=[dg.define_asset_job("scrape", selection=["scraped_cases"])],
        resources=resources(db_url, simulator.url)))
    repository = definitions.get_repository_def()
    job = definitions.resolve_job_def("scrape")
    tick_resources = {"database": DatabaseResource(url=db_url)}
    with dg.instance_for_test() as instance:
        def tick():
            with dg.build_sensor_context(instance=instance, repository_def=repository,
                                         resources=tick_resources) as context:
                record_data_versions(context)

        runs = [job.execute_in_process(partition_key=partition(SALE_DAY), instance=instance)]
        tick()
        runs += [job.execute_in_process(partition_key=partition(SALE_DAY), instance=instance) for _ in range(2)]
        tick()
        tick()  # finds nothing new
    assert all(r.success for r in runs)
    stored = conn.execute("SELECT count(*) FROM cases WHERE county = 'brevard' AND auction_date = %s",
                          (SALE_DAY,)).fetchone()[0]
    first, second, third = versions(conn)
    assert first[:5] == ("scraped_cases", "brevard|2026-12-02", "brevard", SALE_DAY, 1)
    assert [v[4] for v in (second, third)] == [2, 3]
    assert [v[9] for v in (first, second, third)] == [r.run_id for r in runs]
    assert first[5:7] == (stored, stored) and second[5] == stored
    assert len(first[7]) == 64 and third[7] == first[7]  # the same sale list again: the same content
    assert second[7] is None  # overwritten by the third run before it was recorded: no hash of other rows
    # its stage's module and the multi-asset's, not the tracing decorator's
    both = b"".join(Path(m.__file__).read_bytes() for m in (scraped_module, intake_module))
    assert first[8] == third[8] == hashlib.sha256(both).hexdigest()[:12]

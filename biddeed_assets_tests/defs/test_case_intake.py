"""case_intake fetches a stage's pages ahead, yet stores exactly what its stages run one at a time store."""

from biddeed_assets_tests.defs.helpers import (
    INTAKE,
    lien_records,
    metadata,
    partition,
    property_records,
    scraped_cases,
    tax_records,
)
from biddeed_assets_tests.defs.test_ingest_assets import BEFORE_PAST, PAST, portals_as_of, run

TABLES = ("cases", "properties", "liens", "tax_records", "ingest_status", "quarantine")
BOOKKEEPING = {"id", "ingested_at", "captured_at", "fetched_at", "created_at", "run_id", "updated_at"}


def stored(conn) -> dict[str, list[str]]:
    out = {}
    for table in TABLES:
        columns = [c for (c,) in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s"
            " ORDER BY ordinal_position", (table,)) if c not in BOOKKEEPING]
        out[table] = sorted(str(row) for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table}"))
    return out


def requests(result, assets) -> dict[str, int]:
    return {asset: metadata(result, asset)["http"]["requests"] for asset in assets}


def test_the_day_in_one_step_stores_what_its_four_stages_store_one_at_a_time(db_url, conn, simulator):
    with portals_as_of(simulator, BEFORE_PAST):
        together = run(list(INTAKE), partition(PAST), db_url, simulator.url)
        at_once = stored(conn)
        alone = {asset: requests(run([asset], partition(PAST), db_url, simulator.url), [asset])[asset]
                 for asset in (scraped_cases, property_records, lien_records, tax_records)}
    assert stored(conn) == at_once
    assert all(at_once[table] for table in TABLES if table != "quarantine")  # a whole day, each asset's rows
    # every page fetched ahead was used, and none twice: each asset made the requests it makes alone
    assert requests(together, INTAKE) == alone

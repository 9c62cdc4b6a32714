import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from biddeed_assets.store import migrations
from biddeed_assets.store.config import with_database

SEED_TABLES = {
    "auction_results", "agent_memory", "agent_decisions", "prediction_audit", "model_performance",
    "experiments", "experiment_assignments", "experiment_outcomes", "alerts", "audit_log", "data_versions",
    "smart_router_logs", "daily_metrics", "insights",
}
OUR_TABLES = {"cases", "properties", "liens", "tax_records", "outcomes", "demographics", "model_registry",
              "http_cache", "quarantine", "schema_migrations"}


def tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def test_migrate_is_a_no_op_the_second_time(db_url):
    assert migrations.migrate(db_url) == []  # the template already applied everything
    with psycopg.connect(db_url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [v for v, _ in migrations.migration_files()]


def test_fresh_database_gets_every_table(pg_server):
    name = "fresh_migrate_check"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = with_database(pg_server.admin_url, name)
    assert migrations.migrate(url) == [p.name for _, p in migrations.migration_files()]
    with psycopg.connect(url) as conn:
        assert SEED_TABLES | OUR_TABLES <= tables(conn)
        assert "pipeline_runs" not in tables(conn)  # Dagster's run storage is the pipeline run table


def test_sensitive_tables_have_row_level_security_for_the_app_role(conn):
    rows = conn.execute(
        "SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r'"
    ).fetchall()
    assert {"alerts", "audit_log", "model_registry"} <= {r[0] for r in rows}
    roles = {r[0] for r in conn.execute("SELECT DISTINCT unnest(roles)::text FROM pg_policies")}
    assert roles == {"biddeed_app", "biddeed_reader"}  # no policy for PUBLIC: nobody else sees a row
    commands = dict(conn.execute("SELECT policyname, cmd FROM pg_policies WHERE tablename = 'audit_log'").fetchall())
    assert commands == {"app_reads": "SELECT", "app_appends": "INSERT"}  # the trail is append-only


def test_memory_uses_a_compact_vector_with_hnsw(conn):
    indexdef = conn.execute(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_agent_memory_embedding'"
    ).fetchone()[0]
    assert "hnsw" in indexdef and "vector_cosine_ops" in indexdef
    dims = conn.execute(
        "SELECT atttypmod FROM pg_attribute WHERE attrelid = 'agent_memory'::regclass AND attname = 'embedding'"
    ).fetchone()[0]
    assert dims == 32


def test_match_similar_cases_returns_nearest_cases_with_outcomes(conn):
    def vec(*head):
        return "[" + ",".join(str(x) for x in (list(head) + [0.0] * (32 - len(head)))) + "]"

    rows = [("A", vec(1, 0), True), ("B", vec(0.9, 0.1), True), ("C", vec(0, 1), True), ("D", vec(1, 0.01), False)]
    for case, emb, has_outcome in rows:
        conn.execute(
            "INSERT INTO agent_memory (case_number, county, auction_date, context, prediction, feature_values, embedding,"
            " embedding_version, outcome_recorded) VALUES (%s, 'brevard', '2026-01-07', '{}', '{}', '{}', %s, 'v1', %s)",
            (case, emb, has_outcome),
        )
    found = conn.execute("SELECT case_number FROM match_similar_cases(%s::vector, 5, 0.7)", (vec(1, 0),)).fetchall()
    assert [r[0] for r in found] == ["A", "B"]  # D has no outcome yet; C is orthogonal


@contextmanager
def store_before(pg_server, tmp_path, name: str, version: int) -> Iterator[str]:
    """A fresh database migrated up to (not including) `version`, as a store written before it was; dropped after."""
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    for number, path in migrations.migration_files():
        if number < version:
            shutil.copy(path, tmp_path / path.name)
    url = with_database(pg_server.admin_url, name)
    migrations.migrate(url, tmp_path)
    try:
        yield url
    finally:
        with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_case_facts_move_from_extra_into_their_columns(pg_server, tmp_path):
    """A store imported before 016 keeps its history's facts: the upgrade moves them out of extra, intact."""
    with store_before(pg_server, tmp_path, "case_fact_upgrade_check", 16) as url:
        _upgrade_case_facts(url)


def _upgrade_case_facts(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO history_imports (source, file_name, file_sha256, rows_read, rows_imported,"
                     " rows_quarantined, rows_skipped, unknown_columns) VALUES ('md', 'md.csv', 'x', 2, 2, 0, 0, '{}')")
        conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status, source, extra) VALUES"
                     " ('miami_dade', '2019-01-02', 'A1', 'FORECLOSURE', 'SOLD', 'md', %s),"
                     " ('brevard', '2019-01-02', 'B1', 'FORECLOSURE', 'SOLD', NULL, %s)",
                     ('{"auction_id": 1050955, "place_in_line": 34.0, "lot_size": null, "unknown": {"paint": "blue"}}',
                      '{"auction_id": "aid-from-a-portal"}'))
    assert migrations.migrate(url)[0] == "016_case_fact_columns.sql"
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT case_number, auction_id, place_in_line, lot_size, extra FROM cases"
                            " ORDER BY case_number").fetchall()
    assert rows == [("A1", 1050955, 34.0, None, {"unknown": {"paint": "blue"}}),
                    ("B1", None, None, None, {"auction_id": "aid-from-a-portal"})]  # only imported history moves


def test_memories_keep_their_features_and_outcomes_through_the_typed_features_upgrade(pg_server, tmp_path):
    """A store written before 017 keeps every memory: its JSONB features become the typed array, read back the same."""
    with store_before(pg_server, tmp_path, "memory_features_upgrade_check", 17) as url:
        _upgrade_memories(url)


def _upgrade_memories(url: str) -> None:
    from biddeed_assets.store import memory

    def vec(*head):
        return "[" + ",".join(str(x) for x in (list(head) + [0.0] * (32 - len(head)))) + "]"

    with psycopg.connect(url) as conn:
        for case, vector, outcome in (("A", vec(1, 0), '{"sold_to": "PLAINTIFF"}'), ("B", vec(0, 1), None)):
            conn.execute(
                "INSERT INTO agent_memory (case_number, county, auction_date, context, prediction, features, embedding,"
                " embedding_version, actual_outcome, outcome_recorded, prediction_error) VALUES"
                " (%s, 'brevard', '2026-01-07', '{}', '{\"third_party_probability\": 0.25}', %s, %s::vector, 'v1', %s, %s, %s)",
                (case, '{"log_judgment": 12.5, "kind_BANK": 1, "homestead": true, "value": null}', vector, outcome,
                 outcome is not None, 0.25 if outcome else None))
    assert "017_memory_write_speed.sql" in migrations.migrate(url)
    with psycopg.connect(url) as conn:
        stored = conn.execute("SELECT case_number, feature_values[1:2], feature_values[8], feature_values[19], graph_pending,"
                              " outcome_recorded, prediction_error::float8 FROM agent_memory ORDER BY 1").fetchall()
        assert stored == [("A", [12.5, None], 1.0, 1.0, False, True, 0.25), ("B", [12.5, None], 1.0, 1.0, False, False, None)]
        found = memory.similar_cases(conn, [1.0, 0.0] + [0.0] * 30, threshold=-1.0)
        assert [(r["case_number"], r["features"]) for r in found] == [
            ("A", {"log_judgment": 12.5, "kind_BANK": 1, "homestead": 1})]
        assert "NOT graph_pending" in conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_agent_memory_embedding'").fetchone()[0]

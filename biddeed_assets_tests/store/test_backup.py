import psycopg

from biddeed_assets.store import backup


def test_backup_and_restore_round_trip_keeps_every_row(db_url, conn, tmp_path):
    conn.execute(
        "INSERT INTO cases (county, auction_date, case_number, auction_type, status, plaintiff)"
        " SELECT 'brevard', '2026-01-07', '05-2024-CA-' || lpad(g::text, 6, '0') || '-XXCA-BC', 'FORECLOSURE',"
        " 'SCHEDULED', 'US BANK' FROM generate_series(1, 25) g"
    )
    conn.execute("INSERT INTO alerts (severity, title, message) VALUES ('info', 'backup test', 'kept')")
    before = backup.table_counts(db_url)
    dump = backup.backup(db_url, tmp_path / "biddeed.dump")
    assert dump.stat().st_size > 0

    conn.execute("DELETE FROM cases WHERE case_number LIKE '%0000%'")  # the incident: rows lost
    conn.execute("DROP TABLE alerts CASCADE")  # alert_deliveries (migration 010) refers to it
    assert backup.table_counts(db_url) != before

    backup.restore(db_url, dump)
    assert backup.table_counts(db_url) == before
    assert before["cases"] == 25 and before["alerts"] == 1
    with psycopg.connect(db_url) as check:  # the vector index and function came back too
        assert check.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_agent_memory_embedding'").fetchone()[0] == 1
        assert check.execute("SELECT count(*) FROM pg_proc WHERE proname = 'match_similar_cases'").fetchone()[0] == 1

"""The audit trail against a real Postgres: bid sheet rewrites, registry changes, overrides, experiments, data hashes."""

import psycopg
import pytest

from biddeed_assets.store import analysis_writers, audit, registry

PARTITION = {"county": "brevard", "auction_date": "2026-12-02"}


def sheet(**decisions):
    return [{**PARTITION, "case_number": case, "decision": decision, "max_bid_calculated": bid, "reasons": []}
            for case, (decision, bid) in decisions.items()]


def rows(conn, action=None):
    query = "SELECT actor, action, resource_id, before, after, changes, run_id FROM audit_log"
    params = ()
    if action:
        query, params = query + " WHERE action = %s", (action,)
    return [dict(zip(("actor", "action", "resource_id", "before", "after", "changes", "run_id"), r, strict=True))
            for r in conn.execute(query + " ORDER BY timestamp, id", params).fetchall()]


def test_each_bid_sheet_write_records_the_counts_before_and_after_and_each_changed_case(conn):
    analysis_writers.replace_results(conn, sheet(A=("BID", 100000), B=("SKIP", 0)), **PARTITION)
    with conn.transaction():
        audit.tag_session(conn, actor="schedule:morning_intake", run_id="run-2")
        analysis_writers.replace_results(conn, sheet(A=("SKIP", 0), B=("SKIP", 0), C=("REVIEW", 50000)), **PARTITION)
    first, second = rows(conn, "recommendations.write")
    assert first["actor"] == "biddeed_app" and first["run_id"] is None
    assert first["before"] == {"cases": 0, "decisions": {}, "max_bid_total": None}
    assert first["after"] == {"cases": 2, "decisions": {"BID": 1, "SKIP": 1}, "max_bid_total": 100000.0}
    assert second["actor"] == "schedule:morning_intake" and second["run_id"] == "run-2"
    assert second["resource_id"] == "2026-12-02|brevard"
    assert second["after"]["decisions"] == {"REVIEW": 1, "SKIP": 2}
    assert set(second["changes"]) == {"A", "C"}  # B did not change
    assert second["changes"]["A"] == {"before": {"decision": "BID", "max_bid": 100000.0},
                                      "after": {"decision": "SKIP", "max_bid": 0.0}}
    assert second["changes"]["C"]["before"] is None
    assert [r["action"] for r in audit.case_history(conn, "A")] == ["recommendations.write"] * 2
    assert len(audit.case_history(conn, "B")) == 1


def test_a_failed_bid_sheet_write_leaves_no_audit_row(conn):
    with pytest.raises(psycopg.errors.CheckViolation), conn.transaction():
        analysis_writers.replace_results(conn, sheet(A=("MAYBE", 1)), **PARTITION)
    assert rows(conn) == []


def register(conn, version):
    registry.register(conn, model_name="third_party_model", version=version, window=("2026-01-01", "2026-06-30"),
                      features=["x"], feature_hash="h", params={}, metrics={}, artifact=b"model")


def test_promotion_records_the_promotion_and_the_retirement_of_the_champion_it_replaces(conn):
    register(conn, "v1")
    register(conn, "v1")  # the same version again changes nothing
    register(conn, "v2")
    registry.promote(conn, "third_party_model", "v1", "first champion")
    registry.promote(conn, "third_party_model", "v2", "better AUC")
    trail = [(r["action"], r["resource_id"]) for r in rows(conn)]
    assert trail == [("model.register", "third_party_model:v1"), ("model.register", "third_party_model:v2"),
                     ("model.promote", "third_party_model:v1"), ("model.promote", "third_party_model:v2"),
                     ("model.retire", "third_party_model:v1")]
    promote_v2 = rows(conn, "model.promote")[1]
    assert promote_v2["before"] == {"champion": "v1", "status": "CHALLENGER"}
    assert promote_v2["after"] == {"champion": "v2", "status": "CHAMPION", "note": "better AUC"}
    assert rows(conn, "model.retire")[0]["after"] == {"status": "RETIRED", "replaced_by": "v2"}


def test_overrides_and_experiment_changes_name_who_did_what(conn):
    audit.record_override(conn, **PARTITION, case_number="05-2025-CA-012345", field="decision", before="SKIP",
                          after="BID", reason="walked the property", actor="ariel")
    audit.record_experiment_change(conn, experiment="max_bid_factor", action="experiment.complete",
                                   before={"status": "active"}, after={"status": "completed", "winner": "0.72"})
    [override] = audit.case_history(conn, "05-2025-CA-012345")
    assert override["actor"] == "ariel" and override["action"] == "case.override"
    assert override["after"] == {"decision": "BID", "reason": "walked the property"}
    assert audit.case_history(conn, "05-2025-CA-012345", county="duval") == []
    assert [r["action"] for r in audit.latest(conn, county="brevard")] == ["case.override"]
    assert [r["action"] for r in audit.latest(conn, county="duval")] == []
    assert rows(conn, "experiment.complete")[0]["after"]["winner"] == "0.72"


def test_the_application_role_can_append_to_the_trail_but_not_rewrite_or_empty_it(conn):
    audit.record_override(conn, **PARTITION, case_number="X-1", field="decision", before="SKIP", after="BID",
                          reason="r")
    conn.execute("SET ROLE biddeed_app")
    audit.record_override(conn, **PARTITION, case_number="X-2", field="decision", before="SKIP", after="BID",
                          reason="r")
    for statement in ("DELETE FROM audit_log", "UPDATE audit_log SET actor = 'someone'", "TRUNCATE audit_log"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
    conn.execute("RESET ROLE")
    assert len(rows(conn)) == 2


def test_the_content_hash_ignores_clocks_and_order_and_sees_any_changed_value(conn):
    def write(decisions):
        analysis_writers.replace_results(conn, sheet(**decisions), **PARTITION)
        return audit.content_hash(conn, "recommendations", county="brevard", day="2026-12-02")

    first = write({"A": ("BID", 100000), "B": ("SKIP", 0)})
    again = write({"B": ("SKIP", 0), "A": ("BID", 100000)})  # rewritten later, in another order
    changed = write({"A": ("BID", 100001), "B": ("SKIP", 0)})
    assert first == again and first[0] == 2 and len(first[1]) == 64
    assert changed[1] != first[1]
    assert audit.content_hash(conn, "not_a_table_asset", county="brevard", day="2026-12-02") is None


def test_every_partitioned_table_can_be_hashed(conn):
    for asset in audit.ASSET_TABLES:
        count, digest = audit.content_hash(conn, asset, county="brevard", day="2026-12-02")
        assert count == 0 and len(digest) == 64, asset

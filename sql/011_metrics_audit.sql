-- 011_metrics_audit: the operator's record (issue 13 parts 1 and 4).
-- * daily_metrics gains what the seed's metrics need beyond its columns: runs per job, cases per county,
--   the stale share and the prediction error; unknown stays NULL (the seed's zero defaults are dropped,
--   so a day whose figure could not be computed is not mistaken for a day with none).
-- * audit_log names the actor (the seed's user_id), the run, and the state before and after; `changes`
--   keeps the per-case changes keyed by case number, so a case's history is one index lookup.
-- * data_versions is one row per materialization of a partitioned asset (the seed's per-record copy of
--   every row would duplicate the store): its row count, a hash of its stored content, its code version.

ALTER TABLE daily_metrics
    ALTER COLUMN pipelines_run DROP DEFAULT, ALTER COLUMN pipelines_completed DROP DEFAULT,
    ALTER COLUMN pipelines_failed DROP DEFAULT,
    ALTER COLUMN total_judgment_value DROP DEFAULT, ALTER COLUMN total_max_bid_value DROP DEFAULT,
    ADD COLUMN runs_by_job           JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN cases_scraped         INTEGER,
    ADD COLUMN cases_by_county       JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN stale_share           DECIMAL(5,4),
    ADD COLUMN predictions_audited   INTEGER,
    ADD COLUMN mean_prediction_error DECIMAL(5,4),
    ADD COLUMN run_id                TEXT;

ALTER TABLE audit_log RENAME COLUMN user_id TO actor;
ALTER TABLE audit_log
    ADD COLUMN run_id TEXT,
    ADD COLUMN before JSONB,
    ADD COLUMN after  JSONB;
CREATE INDEX idx_audit_changes ON audit_log USING gin (changes jsonb_ops);
CREATE INDEX idx_audit_run ON audit_log (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX idx_audit_time ON audit_log (timestamp DESC);

DROP TABLE data_versions;
CREATE TABLE data_versions (
    id              BIGSERIAL PRIMARY KEY,
    asset           TEXT NOT NULL,
    partition       TEXT NOT NULL,
    county          TEXT,
    partition_date  DATE,
    version         INTEGER NOT NULL,
    row_count       BIGINT,
    hashed_rows     BIGINT,
    content_hash    TEXT,
    code_version    TEXT,
    run_id          TEXT NOT NULL,
    storage_id      BIGINT NOT NULL UNIQUE,  -- the materialization's event id: recording it twice is a no-op
    materialized_at TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT data_versions_version UNIQUE (asset, partition, version)
);
CREATE INDEX idx_data_versions_partition ON data_versions (county, partition_date);

GRANT SELECT, INSERT ON audit_log TO biddeed_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON daily_metrics TO biddeed_app;
GRANT SELECT, INSERT ON data_versions TO biddeed_app;
GRANT USAGE, SELECT ON SEQUENCE data_versions_id_seq TO biddeed_app;
-- The trail is append-only for the application: 001's blanket grant let it rewrite or empty the log.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM biddeed_app;

-- 006_outcome_models: the three outcome models learn from every stored outcome, tagged with its source.

-- The training snapshot holds case facts (real_features' input columns) and the outcome, per source.
DROP TABLE training_set;
CREATE TABLE training_set (
    county       TEXT NOT NULL,
    auction_date DATE NOT NULL,
    case_number  TEXT NOT NULL,
    source       TEXT NOT NULL,
    source_kind  TEXT NOT NULL CHECK (source_kind IN ('history', 'live', 'simulated')),
    facts        JSONB NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('SOLD', 'CANCELLED', 'REDEEMED')),
    sold_to      TEXT,
    sold_amount  DOUBLE PRECISION,
    PRIMARY KEY (county, auction_date, case_number)
);
CREATE INDEX idx_training_set_date ON training_set (auction_date);

-- What a version learned from (sources and row counts) and the hash of those rows (an identical retrain is skipped).
ALTER TABLE model_registry ADD COLUMN sources JSONB NOT NULL DEFAULT '{}', ADD COLUMN data_hash TEXT;

-- Every gate decision is its own row: a later decision never overwrites an earlier reason.
CREATE TABLE model_gate_decisions (
    id                 BIGSERIAL PRIMARY KEY,
    decided_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    model_name         TEXT NOT NULL,
    challenger_version TEXT NOT NULL,
    champion_version   TEXT,
    decision           TEXT NOT NULL CHECK (decision IN ('promoted', 'kept as challenger', 'skipped')),
    reasons            TEXT NOT NULL,
    challenger_metrics JSONB NOT NULL DEFAULT '{}',
    champion_metrics   JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_model_gate_decisions_model ON model_gate_decisions (model_name, decided_at);

ALTER TABLE predictions ADD COLUMN sold_probability DOUBLE PRECISION, ADD COLUMN expected_surplus DOUBLE PRECISION,
    ADD COLUMN reason TEXT;
ALTER TABLE auction_results ADD COLUMN ml_sold_probability DECIMAL(5,4), ADD COLUMN ml_expected_surplus DECIMAL(14,2);

GRANT SELECT, INSERT, UPDATE, DELETE ON training_set, model_gate_decisions TO biddeed_app;
GRANT USAGE, SELECT ON SEQUENCE model_gate_decisions_id_seq TO biddeed_app;

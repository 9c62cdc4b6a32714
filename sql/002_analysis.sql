-- 002_analysis: the numeric feature table per case (model/features.py documents each feature).

CREATE TABLE case_features (
    county          TEXT NOT NULL,
    auction_date    DATE NOT NULL,
    case_number     TEXT NOT NULL,
    feature_version TEXT NOT NULL,
    features        JSONB NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (county, auction_date, case_number)
);
CREATE INDEX idx_case_features_date ON case_features (auction_date);

-- The sensor's 30-day error aggregate reads only this index.
CREATE INDEX idx_prediction_audit_outcome_time ON prediction_audit (outcome_recorded_at)
    INCLUDE (prediction_error, predicted_probability, actual_outcome);
CREATE INDEX idx_outcomes_date ON outcomes (auction_date);

-- Which source answered for which case: tells "no liens recorded" apart from "liens never searched".
CREATE TABLE ingest_status (
    county       TEXT NOT NULL,
    auction_date DATE NOT NULL,
    case_number  TEXT NOT NULL,
    source       TEXT NOT NULL,
    ok           BOOLEAN NOT NULL,
    stale        BOOLEAN NOT NULL DEFAULT FALSE,
    detail       TEXT,
    fetched_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (county, auction_date, case_number, source)
);

-- The whole verdict (max bid, liens, valuation, reasons) behind each agent decision, for the bid sheet.
ALTER TABLE agent_decisions ADD COLUMN verdict JSONB;

-- The champion model's prediction per case (learn/predictions), joined into the bid sheet.
CREATE TABLE predictions (
    county                  TEXT NOT NULL,
    auction_date            DATE NOT NULL,
    case_number             TEXT NOT NULL,
    model_version           TEXT NOT NULL,
    price_model_version     TEXT,
    third_party_probability DOUBLE PRECISION,
    predicted_sale_price    DOUBLE PRECISION,
    price_lower             DOUBLE PRECISION,
    price_upper             DOUBLE PRECISION,
    top_reasons             JSONB,
    contributions           JSONB,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (county, auction_date, case_number)
);

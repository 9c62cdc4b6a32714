-- 015_buy_boxes: an investor's saved criteria (buy boxes) and every case announced as matching one.
-- A criterion left NULL (or an empty list) accepts any case; a case whose figure a criterion needs is
-- unknown (no judgment, no value) never matches it. A case is announced once per buy box, and again only
-- when its decision changes: buy_box_matches keeps every announcement, the newest per case is what counts.

CREATE TABLE buy_boxes (
    id                    BIGSERIAL PRIMARY KEY,
    name                  TEXT NOT NULL UNIQUE,
    counties              TEXT[] NOT NULL DEFAULT '{}',
    max_judgment          NUMERIC(14,2) CHECK (max_judgment > 0),
    min_value_to_judgment NUMERIC(8,4) CHECK (min_value_to_judgment > 0),
    zips                  TEXT[] NOT NULL DEFAULT '{}',
    decisions             TEXT[] NOT NULL,
    property_types        TEXT[] NOT NULL DEFAULT '{}',
    created_by            TEXT,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE buy_box_matches (
    id                BIGSERIAL PRIMARY KEY,
    buy_box_id        BIGINT NOT NULL REFERENCES buy_boxes (id) ON DELETE CASCADE,
    county            TEXT NOT NULL,
    auction_date      DATE NOT NULL,
    case_number       TEXT NOT NULL,
    decision          TEXT NOT NULL,
    previous_decision TEXT,  -- the decision last announced, when this is a re-announcement
    final_judgment    NUMERIC(14,2),
    value             NUMERIC(14,2),
    max_bid           NUMERIC(14,2),
    zip               TEXT,
    property_type     TEXT,
    property_address  TEXT,
    alert_id          UUID REFERENCES alerts (id),
    announced_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_buy_box_matches_case ON buy_box_matches (buy_box_id, county, auction_date, case_number, id DESC);
CREATE INDEX idx_buy_box_matches_time ON buy_box_matches (announced_at DESC);
-- The sensor's scan: bid-sheet rows written since its last tick, of sale days not yet past.
CREATE INDEX idx_auction_results_created ON auction_results (created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON buy_boxes, buy_box_matches TO biddeed_app;
GRANT USAGE, SELECT ON SEQUENCE buy_boxes_id_seq, buy_box_matches_id_seq TO biddeed_app;

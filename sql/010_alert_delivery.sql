-- 010_alert_delivery: alerts that reach a person. An alert raised by a rule carries a stable
-- de-duplication key (rule + subject), an open/resolved state and the time it was last raised (what its
-- cooldown counts from); every raise is delivered once per channel, and a failed delivery stays pending
-- with its attempts, last error and next attempt until it gets through.

ALTER TABLE alerts
    ADD COLUMN dedup_key   TEXT,
    ADD COLUMN rule        TEXT,
    ADD COLUMN subject     TEXT,
    ADD COLUMN status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    ADD COLUMN raised_at   TIMESTAMPTZ,
    ADD COLUMN last_seen   TIMESTAMPTZ,
    ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN resolved_at TIMESTAMPTZ,
    ADD COLUMN resolved_by TEXT;

-- Alerts recorded before this migration count as raised when they were recorded, so none is re-sent now.
UPDATE alerts SET raised_at = timestamp, last_seen = timestamp,
    status = CASE WHEN acknowledged THEN 'resolved' ELSE 'open' END,
    resolved_at = acknowledged_at, resolved_by = acknowledged_by;
ALTER TABLE alerts ALTER COLUMN raised_at SET DEFAULT now(), ALTER COLUMN raised_at SET NOT NULL,
    ALTER COLUMN last_seen SET DEFAULT now();

-- One open alert per key: a rule that keeps firing updates it instead of piling up rows.
CREATE UNIQUE INDEX idx_alerts_open_key ON alerts (dedup_key) WHERE status = 'open' AND dedup_key IS NOT NULL;
CREATE INDEX idx_alerts_key_time ON alerts (dedup_key, raised_at DESC);
CREATE INDEX idx_alerts_status ON alerts (status, raised_at DESC);

CREATE TABLE alert_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    alert_id        UUID NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL,
    raised_at       TIMESTAMPTZ NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    receipt         TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (alert_id, channel, raised_at)
);
CREATE INDEX idx_alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';

GRANT SELECT, INSERT, UPDATE, DELETE ON alert_deliveries TO biddeed_app;
GRANT USAGE, SELECT ON SEQUENCE alert_deliveries_id_seq TO biddeed_app;

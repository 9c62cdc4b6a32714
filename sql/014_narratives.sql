-- 014_narratives: every bid-sheet row carries a plain-language narrative and who wrote it (the rules, or the
-- model named); every call of the smart LLM router is one smart_router_logs row with its outcome and case.
ALTER TABLE auction_results
    ADD COLUMN narrative TEXT,
    ADD COLUMN narrative_source TEXT;

ALTER TABLE smart_router_logs
    ADD COLUMN outcome TEXT CHECK (outcome IN ('ok', 'rejected', 'rate_limited', 'server_error', 'http_error',
                                               'timeout', 'unreachable', 'garbage', 'no_usage')),
    ADD COLUMN case_number TEXT,
    ADD COLUMN county TEXT,
    ADD COLUMN auction_date DATE,
    ALTER COLUMN complexity_score TYPE DECIMAL(4,2),  -- the score runs 0..10; DECIMAL(3,2) stopped at 9.99
    ALTER COLUMN model_used TYPE TEXT;                -- provider model ids outgrow 50 characters
COMMENT ON COLUMN smart_router_logs.tier_selected IS 'the tier this call went to';
COMMENT ON COLUMN smart_router_logs.fallback_tier IS 'when fallback_used: the tier the routing chose, which failed first';
CREATE INDEX idx_router_logs_created ON smart_router_logs (created_at);

-- What was spent is history: the application records calls and reads them, never rewrites or deletes one.
REVOKE UPDATE, DELETE, TRUNCATE ON smart_router_logs FROM biddeed_app;
GRANT SELECT, INSERT ON smart_router_logs TO biddeed_app;

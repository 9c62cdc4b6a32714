-- 001_core: the complete BidDeed schema.
-- Sections 3 and 8 of the seed design, adapted per ARCHITECTURE §4: a compact 32-dim standardized
-- feature vector with HNSW replaces the 1536-dim zero-padded embedding with ivfflat; an application
-- role replaces Supabase's service_role; unknown values are NULL (no made-up defaults such as a city).
-- The seed's pipeline_runs is Dagster's own run storage and is deliberately not duplicated here.

CREATE EXTENSION IF NOT EXISTS vector;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'biddeed_app') THEN
        CREATE ROLE biddeed_app NOLOGIN;
    END IF;
END $$;

-- ============================================================================
-- INGEST: what the county portals say, one window per (auction_date, county) partition
-- ============================================================================

CREATE TABLE cases (
    county            TEXT NOT NULL,
    auction_date      DATE NOT NULL,
    case_number       TEXT NOT NULL,
    auction_type      TEXT NOT NULL CHECK (auction_type IN ('FORECLOSURE', 'TAX_DEED')),
    status            TEXT NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED', 'SOLD', 'REDEEMED', 'OTHER')),
    plaintiff         TEXT,
    defendant         TEXT,
    final_judgment    NUMERIC(14,2),
    opening_bid       NUMERIC(14,2),
    plaintiff_max_bid NUMERIC(14,2),
    assessed_value    NUMERIC(14,2),
    parcel_id         TEXT,
    property_address  TEXT,
    city              TEXT,
    zip               TEXT,
    sold_amount       NUMERIC(14,2),
    sold_to           TEXT CHECK (sold_to IN ('THIRD_PARTY', 'PLAINTIFF', 'CERT_HOLDER')),
    court_type        TEXT,
    source            TEXT,
    source_url        TEXT,
    stale             BOOLEAN NOT NULL DEFAULT FALSE,
    extra             JSONB NOT NULL DEFAULT '{}',
    ingested_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (county, auction_date, case_number)
);
CREATE INDEX idx_cases_case_number ON cases (case_number);
CREATE INDEX idx_cases_plaintiff ON cases (plaintiff);

CREATE TABLE properties (
    county         TEXT NOT NULL,
    auction_date   DATE NOT NULL,
    case_number    TEXT NOT NULL,
    account        TEXT,
    parcel_id      TEXT,
    site_address   TEXT,
    city           TEXT,
    zip            TEXT,
    market_value   NUMERIC(14,2),
    assessed_value NUMERIC(14,2),
    taxable_value  NUMERIC(14,2),
    homestead      BOOLEAN,
    year_built     INTEGER,
    living_area    NUMERIC(10,1),
    beds           NUMERIC(4,1),
    baths          NUMERIC(4,1),
    pool           BOOLEAN,
    land_use       TEXT,
    property_type  TEXT,
    sales_history  JSONB NOT NULL DEFAULT '[]',
    photo_url      TEXT,
    source         TEXT,
    source_url     TEXT,
    stale          BOOLEAN NOT NULL DEFAULT FALSE,
    ingested_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (county, auction_date, case_number)
);
CREATE INDEX idx_properties_parcel ON properties (parcel_id);

CREATE TABLE liens (
    id            BIGSERIAL PRIMARY KEY,
    county        TEXT NOT NULL,
    auction_date  DATE NOT NULL,
    case_number   TEXT NOT NULL,
    lien_type     TEXT NOT NULL,
    amount        NUMERIC(14,2),
    position      INTEGER,
    status        TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SATISFIED', 'UNKNOWN')),
    holder        TEXT,
    recorded_date DATE,
    book          TEXT,
    page          TEXT,
    instrument    TEXT,
    source        TEXT,
    source_url    TEXT,
    stale         BOOLEAN NOT NULL DEFAULT FALSE,
    ingested_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_liens_partition ON liens (county, auction_date, case_number);

CREATE TABLE tax_records (
    id                 BIGSERIAL PRIMARY KEY,
    county             TEXT NOT NULL,
    auction_date       DATE NOT NULL,
    case_number        TEXT NOT NULL,
    parcel_id          TEXT,
    tax_year           INTEGER,
    amount_due         NUMERIC(14,2),
    paid               BOOLEAN,
    certificate_number TEXT,
    certificate_holder TEXT,
    source             TEXT,
    source_url         TEXT,
    stale              BOOLEAN NOT NULL DEFAULT FALSE,
    ingested_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_tax_records_partition ON tax_records (county, auction_date, case_number);

CREATE TABLE outcomes (
    county        TEXT NOT NULL,
    auction_date  DATE NOT NULL,
    case_number   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('SCHEDULED', 'CANCELLED', 'SOLD', 'REDEEMED', 'OTHER')),
    sold_amount   NUMERIC(14,2),
    sold_to       TEXT CHECK (sold_to IN ('THIRD_PARTY', 'PLAINTIFF', 'CERT_HOLDER')),
    buyer         TEXT,
    source        TEXT,
    source_url    TEXT,
    captured_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (county, auction_date, case_number)
);

CREATE TABLE demographics (
    zip                     TEXT PRIMARY KEY,
    median_household_income NUMERIC(12,2),
    median_home_value       NUMERIC(14,2),
    vacancy_rate            NUMERIC(6,4),
    owner_occupancy_rate    NUMERIC(6,4),
    survey                  TEXT,
    source_url              TEXT,
    stale                   BOOLEAN NOT NULL DEFAULT FALSE,
    ingested_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Input that could not be parsed: kept with its reason and where it came from, never silently dropped.
CREATE TABLE quarantine (
    id          BIGSERIAL PRIMARY KEY,
    asset       TEXT NOT NULL,
    partition   TEXT,
    source_url  TEXT,
    reason      TEXT NOT NULL,
    raw         TEXT,
    run_id      TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_quarantine_asset ON quarantine (asset, partition, created_at DESC);

-- Last good response per request, the fallback when a portal is down or blocks us (served as stale).
CREATE TABLE http_cache (
    cache_key    TEXT PRIMARY KEY,
    url          TEXT NOT NULL,
    status_code  INTEGER NOT NULL,
    headers      JSONB NOT NULL DEFAULT '{}',
    body         BYTEA NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ============================================================================
-- ANALYSIS (seed §8 core table, keyed per auction partition instead of case_number alone)
-- ============================================================================

CREATE TABLE auction_results (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number VARCHAR(50) NOT NULL,
    county TEXT NOT NULL,
    auction_date DATE NOT NULL,
    property_address TEXT,
    city VARCHAR(100),
    zip_code VARCHAR(10),
    parcel_id VARCHAR(50),

    final_judgment DECIMAL(12,2),
    opening_bid DECIMAL(12,2),

    plaintiff_name TEXT,
    plaintiff_type VARCHAR(50),
    defendant_name TEXT,

    decision VARCHAR(20) CHECK (decision IN ('BID', 'REVIEW', 'SKIP', 'DO_NOT_BID')),
    decision_reason TEXT,
    reasons JSONB NOT NULL DEFAULT '[]',
    confidence_score DECIMAL(5,4),
    human_review_required BOOLEAN DEFAULT FALSE,
    risk_level VARCHAR(20),

    ml_third_party_probability DECIMAL(5,4),
    ml_predicted_price DECIMAL(12,2),
    ml_price_lower DECIMAL(12,2),
    ml_price_upper DECIMAL(12,2),
    ml_model_version VARCHAR(50),
    ml_top_reasons JSONB,

    max_bid_calculated DECIMAL(12,2),
    profit_margin DECIMAL(12,2),
    viable BOOLEAN,
    bid_judgment_ratio DECIMAL(8,4),
    expected_roi DECIMAL(8,4),
    arv_estimate DECIMAL(12,2),
    arv_basis TEXT,
    repair_estimate DECIMAL(12,2),
    repair_basis TEXT,

    surviving_liens JSONB DEFAULT '[]',
    extinguished_value DECIMAL(14,2),
    tax_cert_balance DECIMAL(12,2),

    actual_outcome VARCHAR(50),
    actual_sale_price DECIMAL(12,2),
    actual_buyer VARCHAR(200),
    outcome_recorded_at TIMESTAMPTZ,

    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    pipeline_run_id TEXT,

    CONSTRAINT auction_results_case_key UNIQUE (county, auction_date, case_number),
    CONSTRAINT auction_date_plausible CHECK (auction_date >= '2000-01-01')
);
CREATE INDEX idx_auction_results_date ON auction_results (auction_date DESC);
CREATE INDEX idx_auction_results_decision ON auction_results (decision);
CREATE INDEX idx_auction_results_plaintiff ON auction_results (plaintiff_name);
CREATE INDEX idx_auction_results_zip ON auction_results (zip_code);

CREATE TABLE agent_decisions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number VARCHAR(50) NOT NULL,
    county TEXT NOT NULL,
    auction_date DATE NOT NULL,
    run_id VARCHAR(100),
    agents_deployed TEXT[] NOT NULL,
    individual_votes JSONB NOT NULL,
    consensus_reached BOOLEAN,
    final_recommendation VARCHAR(20),
    confidence DECIMAL(5,4),
    human_review_required BOOLEAN DEFAULT FALSE,
    risk_level VARCHAR(20),
    risk_score DECIMAL(5,4),
    early_termination BOOLEAN DEFAULT FALSE,
    processing_time_ms INTEGER,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT agent_decisions_case_key UNIQUE (county, auction_date, case_number)
);
CREATE INDEX idx_agent_decisions_case ON agent_decisions (case_number);
CREATE INDEX idx_agent_decisions_consensus ON agent_decisions (consensus_reached);

-- ============================================================================
-- AGENT MEMORY (pgvector, compact vectors, HNSW)
-- ============================================================================

CREATE TABLE agent_memory (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number VARCHAR(50) NOT NULL,
    county TEXT NOT NULL,
    auction_date DATE NOT NULL,
    context JSONB NOT NULL,
    prediction JSONB NOT NULL,
    features JSONB NOT NULL,
    actual_outcome JSONB,
    prediction_error DECIMAL(5,4),
    embedding vector(32) NOT NULL,
    embedding_version TEXT NOT NULL,
    outcome_recorded BOOLEAN DEFAULT FALSE,
    outcome_recorded_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT unique_agent_memory_case UNIQUE (county, auction_date, case_number)
);
CREATE INDEX idx_agent_memory_embedding ON agent_memory USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 64);
CREATE INDEX idx_agent_memory_outcome ON agent_memory (outcome_recorded, created_at);

-- Nearest cases with a recorded outcome. The HNSW index serves the ORDER BY; the threshold filters after.
CREATE OR REPLACE FUNCTION match_similar_cases(
    query_embedding vector(32),
    match_count INT DEFAULT 5,
    match_threshold FLOAT DEFAULT 0.7
)
RETURNS TABLE (
    case_number VARCHAR(50),
    county TEXT,
    auction_date DATE,
    context JSONB,
    prediction JSONB,
    actual_outcome JSONB,
    features JSONB,
    prediction_error DECIMAL(5,4),
    similarity FLOAT
)
LANGUAGE sql STABLE
AS $$
    SELECT nearest.case_number, nearest.county, nearest.auction_date, nearest.context, nearest.prediction,
           nearest.actual_outcome, nearest.features, nearest.prediction_error, nearest.similarity
    FROM (
        SELECT am.*, 1 - (am.embedding <=> query_embedding) AS similarity
        FROM agent_memory am
        WHERE am.outcome_recorded
        ORDER BY am.embedding <=> query_embedding
        LIMIT match_count
    ) nearest
    WHERE nearest.similarity > match_threshold
    ORDER BY nearest.similarity DESC
$$;

-- ============================================================================
-- ML MONITORING
-- ============================================================================

CREATE TABLE prediction_audit (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    case_number VARCHAR(50) NOT NULL,
    county TEXT NOT NULL,
    auction_date DATE NOT NULL,
    model_version VARCHAR(50),
    predicted_probability DECIMAL(5,4),
    confidence DECIMAL(5,4),
    actual_outcome DECIMAL(5,4),
    predicted_sale_price DECIMAL(12,2),
    actual_sale_price DECIMAL(12,2),
    prediction_error DECIMAL(5,4),
    features JSONB,
    outcome_recorded_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT prediction_audit_case_key UNIQUE (county, auction_date, case_number, model_version)
);
CREATE INDEX idx_prediction_audit_case ON prediction_audit (case_number);
CREATE INDEX idx_prediction_audit_created ON prediction_audit (created_at) INCLUDE (prediction_error);
CREATE INDEX idx_prediction_audit_error ON prediction_audit (prediction_error);
CREATE INDEX idx_prediction_audit_model ON prediction_audit (model_version);

CREATE TABLE model_performance (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    model_version VARCHAR(50) NOT NULL,
    snapshot_date DATE NOT NULL,
    window_days INTEGER NOT NULL DEFAULT 30,
    accuracy DECIMAL(5,4),
    precision_score DECIMAL(5,4),
    recall_score DECIMAL(5,4),
    f1_score DECIMAL(5,4),
    auc_roc DECIMAL(5,4),
    brier_score DECIMAL(5,4),
    calibration_error DECIMAL(5,4),
    mean_abs_error DECIMAL(5,4),
    feature_drift JSONB,
    sample_count INTEGER,
    drift_detected BOOLEAN DEFAULT FALSE,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT unique_model_snapshot UNIQUE (model_version, snapshot_date, window_days)
);

CREATE TABLE model_registry (
    id BIGSERIAL PRIMARY KEY,
    model_name TEXT NOT NULL,
    version TEXT NOT NULL,
    trained_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    training_window_start DATE,
    training_window_end DATE,
    feature_list JSONB NOT NULL,
    feature_hash TEXT NOT NULL,
    params JSONB NOT NULL DEFAULT '{}',
    metrics JSONB NOT NULL DEFAULT '{}',
    artifact BYTEA NOT NULL,
    is_champion BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL DEFAULT 'CHALLENGER' CHECK (status IN ('CHAMPION', 'CHALLENGER', 'RETIRED')),
    notes TEXT,
    CONSTRAINT model_registry_version UNIQUE (model_name, version)
);
-- At most one champion per model name.
CREATE UNIQUE INDEX idx_model_registry_champion ON model_registry (model_name) WHERE is_champion;

-- ============================================================================
-- EXPERIMENTATION
-- ============================================================================

CREATE TABLE experiments (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) UNIQUE NOT NULL,
    description TEXT,
    variants TEXT[] NOT NULL,
    allocation DECIMAL(3,2) DEFAULT 0.10,
    metrics TEXT[],
    status VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'paused', 'completed')),
    winner VARCHAR(50),
    started_at TIMESTAMPTZ DEFAULT NOW(),
    ended_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE TABLE experiment_assignments (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    experiment_name VARCHAR(100) NOT NULL,
    case_number VARCHAR(50) NOT NULL,
    variant VARCHAR(50) NOT NULL,
    assigned_at TIMESTAMPTZ DEFAULT NOW(),
    CONSTRAINT unique_experiment_assignment UNIQUE (experiment_name, case_number)
);
CREATE INDEX idx_experiment_assignments_exp ON experiment_assignments (experiment_name);

CREATE TABLE experiment_outcomes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    experiment_name VARCHAR(100) NOT NULL,
    case_number VARCHAR(50) NOT NULL,
    variant VARCHAR(50) NOT NULL,
    metrics JSONB NOT NULL,
    recorded_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_experiment_outcomes_exp ON experiment_outcomes (experiment_name, variant);

-- ============================================================================
-- ALERTING, INSIGHTS & OBSERVABILITY
-- ============================================================================

CREATE TABLE alerts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    severity VARCHAR(20) NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    title VARCHAR(200) NOT NULL,
    message TEXT NOT NULL,
    context JSONB,
    acknowledged BOOLEAN DEFAULT FALSE,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR(100),
    timestamp TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_alerts_severity ON alerts (severity, timestamp DESC);
CREATE INDEX idx_alerts_acknowledged ON alerts (acknowledged, timestamp DESC);

CREATE TABLE insights (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    category VARCHAR(50) NOT NULL,
    title VARCHAR(200) NOT NULL,
    content JSONB NOT NULL,
    priority VARCHAR(20) DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_insights_category ON insights (category, created_at DESC);

CREATE TABLE audit_log (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id VARCHAR(100),
    action VARCHAR(100) NOT NULL,
    resource_type VARCHAR(100),
    resource_id VARCHAR(100),
    changes JSONB,
    ip_address INET,
    user_agent TEXT,
    timestamp TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_audit_user ON audit_log (user_id, timestamp DESC);
CREATE INDEX idx_audit_resource ON audit_log (resource_type, resource_id);
CREATE INDEX idx_audit_action ON audit_log (action, timestamp DESC);

CREATE TABLE data_versions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    table_name VARCHAR(100) NOT NULL,
    record_id UUID NOT NULL,
    version INTEGER NOT NULL,
    data JSONB NOT NULL,
    changed_by VARCHAR(100),
    change_reason TEXT,
    changed_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_data_versions_record ON data_versions (table_name, record_id, version DESC);

CREATE TABLE smart_router_logs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_type VARCHAR(100),
    complexity_score DECIMAL(3,2),
    tier_selected VARCHAR(20),
    model_used VARCHAR(50),
    latency_ms INTEGER,
    tokens_input INTEGER,
    tokens_output INTEGER,
    cost_usd DECIMAL(10,6),
    success BOOLEAN DEFAULT TRUE,
    error_message TEXT,
    fallback_used BOOLEAN DEFAULT FALSE,
    fallback_tier VARCHAR(20),
    pipeline_run_id TEXT,
    created_at TIMESTAMPTZ DEFAULT NOW()
);
CREATE INDEX idx_router_logs_tier ON smart_router_logs (tier_selected, created_at DESC);
CREATE INDEX idx_router_logs_pipeline ON smart_router_logs (pipeline_run_id);

CREATE TABLE daily_metrics (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_date DATE UNIQUE NOT NULL,
    pipelines_run INTEGER DEFAULT 0,
    pipelines_completed INTEGER DEFAULT 0,
    pipelines_failed INTEGER DEFAULT 0,
    avg_pipeline_duration_ms INTEGER,
    recommendations_bid INTEGER DEFAULT 0,
    recommendations_review INTEGER DEFAULT 0,
    recommendations_skip INTEGER DEFAULT 0,
    recommendations_do_not_bid INTEGER DEFAULT 0,
    total_judgment_value DECIMAL(14,2) DEFAULT 0,
    total_max_bid_value DECIMAL(14,2) DEFAULT 0,
    total_llm_calls INTEGER DEFAULT 0,
    free_tier_calls INTEGER DEFAULT 0,
    free_tier_percentage DECIMAL(5,4),
    total_cost DECIMAL(10,4) DEFAULT 0,
    avg_ml_confidence DECIMAL(5,4),
    predictions_made INTEGER DEFAULT 0,
    agent_consensus_rate DECIMAL(5,4),
    human_reviews_required INTEGER DEFAULT 0,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

-- ============================================================================
-- ROW LEVEL SECURITY: the application role gets full access; everyone else who is not the owner, none
-- ============================================================================

ALTER TABLE auction_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_memory ENABLE ROW LEVEL SECURITY;
ALTER TABLE prediction_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_registry ENABLE ROW LEVEL SECURITY;

CREATE POLICY app_full_access ON auction_results FOR ALL TO biddeed_app USING (true) WITH CHECK (true);
CREATE POLICY app_full_access ON agent_memory FOR ALL TO biddeed_app USING (true) WITH CHECK (true);
CREATE POLICY app_full_access ON prediction_audit FOR ALL TO biddeed_app USING (true) WITH CHECK (true);
CREATE POLICY app_full_access ON alerts FOR ALL TO biddeed_app USING (true) WITH CHECK (true);
CREATE POLICY app_full_access ON audit_log FOR ALL TO biddeed_app USING (true) WITH CHECK (true);
CREATE POLICY app_full_access ON model_registry FOR ALL TO biddeed_app USING (true) WITH CHECK (true);

GRANT USAGE ON SCHEMA public TO biddeed_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO biddeed_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO biddeed_app;
GRANT EXECUTE ON FUNCTION match_similar_cases(vector, INT, FLOAT) TO biddeed_app;

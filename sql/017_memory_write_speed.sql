-- 017_memory_write_speed: case memory writes no longer insert into the HNSW graph one row at a time,
-- and a memory's features are a typed array instead of a JSONB document.
--
-- pgvector's per-row graph insertion was ~95% of an upsert's or an outcome's server time (1-2 ms a row
-- at 100,000 memories, against ~0.1 ms for the rest of the row). A memory written with an outcome, or
-- given one, now arrives `graph_pending`: outside the graph, found by an exact scan instead (pending
-- memories are few: `fold_pending_memories` moves them into the graph in bulk, rebuilding it when they
-- are many). match_similar_cases takes the nearest `match_count` of both and keeps the best of them, so
-- what it returns does not depend on whether a memory has been folded yet (pending ones are exact).
ALTER TABLE agent_memory ADD COLUMN IF NOT EXISTS graph_pending BOOLEAN NOT NULL DEFAULT FALSE;

DROP INDEX IF EXISTS idx_agent_memory_embedding;
-- A memory's features become a float8[] in the order of memory_feature_names (model/embedding.py's
-- INPUT_FEATURES; a test holds the two together), NULL where unknown. Parsing the features as JSONB
-- was ~70% of the server's time per COPY row; match_similar_cases still returns them as a JSONB object
-- of the known ones, as before. The graph is dropped above first, so this rewrite inserts nothing into it.
CREATE TABLE IF NOT EXISTS memory_feature_names (
    position SMALLINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO memory_feature_names (position, name) VALUES
    (1, 'log_judgment'),
    (2, 'value'),
    (3, 'judgment_to_value'),
    (4, 'equity_ratio'),
    (5, 'max_bid_to_judgment'),
    (6, 'case_age_years'),
    (7, 'county_court'),
    (8, 'kind_BANK'),
    (9, 'kind_SERVICER'),
    (10, 'kind_TRUSTEE'),
    (11, 'kind_GSE'),
    (12, 'kind_HOA'),
    (13, 'kind_CONDO'),
    (14, 'kind_GOVERNMENT'),
    (15, 'kind_PRIVATE'),
    (16, 'kind_UNKNOWN'),
    (17, 'plaintiff_tp_rate'),
    (18, 'plaintiff_tp_samples'),
    (19, 'homestead'),
    (20, 'building_age'),
    (21, 'living_area'),
    (22, 'type_SFR'),
    (23, 'type_CONDO'),
    (24, 'type_TOWNHOUSE'),
    (25, 'type_MULTI-FAMILY'),
    (26, 'type_COMMERCIAL'),
    (27, 'type_LAND'),
    (28, 'unpaid_taxes'),
    (29, 'active_liens'),
    (30, 'active_mortgages'),
    (31, 'surviving_lien_value'),
    (32, 'senior_mortgage_survives'),
    (33, 'zip_income'),
    (34, 'zip_vacancy'),
    (35, 'value_to_zip_median')
ON CONFLICT DO NOTHING;
GRANT SELECT ON memory_feature_names TO biddeed_app;

ALTER TABLE agent_memory ADD COLUMN IF NOT EXISTS feature_values DOUBLE PRECISION[];
UPDATE agent_memory am SET feature_values = ARRAY(
    SELECT CASE jsonb_typeof(am.features -> n.name)
               WHEN 'number' THEN (am.features ->> n.name)::float8
               WHEN 'boolean' THEN (am.features ->> n.name)::boolean::int::float8
           END
    FROM memory_feature_names n ORDER BY n.position);
ALTER TABLE agent_memory ALTER COLUMN feature_values SET NOT NULL;
ALTER TABLE agent_memory DROP COLUMN features;

CREATE INDEX idx_agent_memory_embedding ON agent_memory USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 64)
    WHERE outcome_recorded AND NOT graph_pending;

-- the exact branch of match_similar_cases and the fold read only the pending memories
CREATE INDEX IF NOT EXISTS idx_agent_memory_graph_pending ON agent_memory (id)
    WHERE graph_pending AND outcome_recorded;

-- Still a single-SELECT STABLE SQL function, so the planner inlines it: the first branch is served by the
-- HNSW index (its WHERE implies the index predicate), the second by the pending index.
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
           nearest.actual_outcome,
           (SELECT coalesce(jsonb_object_agg(n.name, v.value ORDER BY v.position), '{}'::jsonb)
            FROM unnest(nearest.feature_values) WITH ORDINALITY AS v(value, position)
            JOIN memory_feature_names n USING (position)
            WHERE v.value IS NOT NULL),
           nearest.prediction_error, nearest.similarity
    FROM (
        SELECT * FROM (
            (SELECT am.*, 1 - (am.embedding <=> query_embedding) AS similarity
             FROM agent_memory am
             WHERE am.outcome_recorded AND NOT am.graph_pending
             ORDER BY am.embedding <=> query_embedding
             LIMIT match_count)
            UNION ALL
            (SELECT am.*, 1 - (am.embedding <=> query_embedding) AS similarity
             FROM agent_memory am
             WHERE am.outcome_recorded AND am.graph_pending
             ORDER BY am.embedding <=> query_embedding
             LIMIT match_count)
        ) candidates
        ORDER BY candidates.similarity DESC
        LIMIT match_count
    ) nearest
    WHERE nearest.similarity > match_threshold
    ORDER BY nearest.similarity DESC
$$;
GRANT EXECUTE ON FUNCTION match_similar_cases(vector, INT, FLOAT) TO biddeed_app;

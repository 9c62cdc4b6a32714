-- 017_memory_graph_pending: case memory writes no longer insert into the HNSW graph one row at a time.
--
-- pgvector's per-row graph insertion was ~95% of an upsert's or an outcome's server time (1-2 ms a row
-- at 100,000 memories, against ~0.1 ms for the rest of the row). A memory written with an outcome, or
-- given one, now arrives `graph_pending`: outside the graph, found by an exact scan instead (pending
-- memories are few: `fold_pending_memories` moves them into the graph in bulk, rebuilding it when they
-- are many). match_similar_cases takes the nearest `match_count` of both and keeps the best of them, so
-- what it returns does not depend on whether a memory has been folded yet (pending ones are exact).
ALTER TABLE agent_memory ADD COLUMN IF NOT EXISTS graph_pending BOOLEAN NOT NULL DEFAULT FALSE;

DROP INDEX IF EXISTS idx_agent_memory_embedding;
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
           nearest.actual_outcome, nearest.features, nearest.prediction_error, nearest.similarity
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

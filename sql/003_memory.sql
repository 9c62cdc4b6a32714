-- 003_memory: case memory retrieval indexes (store/memory.py).
--
-- match_similar_cases (001) only ever returns cases with a recorded outcome. With the HNSW index over
-- every memory, the graph search collects hnsw.ef_search candidates and the outcome filter runs after it
-- (pgvector 0.6 has no iterative scan), so cases still awaiting their sale -- which sit right next to
-- the case being analysed, the same partition, the same kind -- use up candidate slots and the search
-- returns fewer or farther cases than the true top k. Indexing only the cases with an outcome makes every
-- candidate a usable one, halves the index, and halves its build time. The function needs no change:
-- it is a STABLE, non-STRICT single-SELECT SQL function, so the planner inlines it, proves
-- `am.outcome_recorded` implies the index predicate, and serves its ORDER BY ... LIMIT from this index
-- (EXPLAIN shows "Index Scan using idx_agent_memory_embedding"; tested in store/test_memory.py).
-- Recording an outcome inserts the case into the graph (an UPDATE of outcome_recorded).
DROP INDEX IF EXISTS idx_agent_memory_embedding;
CREATE INDEX idx_agent_memory_embedding ON agent_memory USING hnsw (embedding vector_cosine_ops)
    WITH (m = 16, ef_construction = 64)
    WHERE outcome_recorded;

-- memory_stats' recent-error window reads only this index.
CREATE INDEX idx_agent_memory_outcome_time ON agent_memory (outcome_recorded_at) INCLUDE (prediction_error)
    WHERE outcome_recorded;

-- 005_history: real auction history imported from files (biddeed import-history), tagged by source.

-- One row per imported source: what file it was, and what the import did. A second import of the same
-- bytes changes nothing; a corrected file replaces the source's rows in one transaction.
CREATE TABLE history_imports (
    source           TEXT PRIMARY KEY,
    file_name        TEXT NOT NULL,
    file_sha256      TEXT NOT NULL,
    rows_read        INTEGER NOT NULL,
    rows_imported    INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    rows_skipped     INTEGER NOT NULL,
    unknown_columns  TEXT[] NOT NULL DEFAULT '{}',
    imported_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_cases_source ON cases (source);
CREATE INDEX idx_properties_source ON properties (source);
CREATE INDEX idx_outcomes_source ON outcomes (source);
CREATE INDEX idx_cases_auction_id ON cases (county, auction_date, (extra->>'auction_id'))
    WHERE extra ? 'auction_id';

-- 016_case_fact_columns: the numeric case facts an imported history carries (and the models read) become
-- typed columns of cases, instead of keys of its JSONB extra. Parsing them as JSONB was a fifth of an
-- import's time, and a typed column says what the fact is. extra keeps what has no column of its own.
ALTER TABLE cases
    ADD COLUMN IF NOT EXISTS auction_id           BIGINT,
    ADD COLUMN IF NOT EXISTS case_filing_year     DOUBLE PRECISION,
    ADD COLUMN IF NOT EXISTS hoa_association_flag DOUBLE PRECISION,
    ADD COLUMN IF NOT EXISTS defendant_count      DOUBLE PRECISION,
    ADD COLUMN IF NOT EXISTS previous_auctions    DOUBLE PRECISION,
    ADD COLUMN IF NOT EXISTS day_count            DOUBLE PRECISION,
    ADD COLUMN IF NOT EXISTS place_in_line        DOUBLE PRECISION,
    ADD COLUMN IF NOT EXISTS lot_size             DOUBLE PRECISION;

UPDATE cases SET
    auction_id = (extra->>'auction_id')::numeric::bigint,
    case_filing_year = (extra->>'case_filing_year')::float8,
    hoa_association_flag = (extra->>'hoa_association_flag')::float8,
    defendant_count = (extra->>'defendant_count')::float8,
    previous_auctions = (extra->>'previous_auctions')::float8,
    day_count = (extra->>'day_count')::float8,
    place_in_line = (extra->>'place_in_line')::float8,
    lot_size = (extra->>'lot_size')::float8,
    extra = extra - ARRAY['auction_id', 'case_filing_year', 'hoa_association_flag', 'defendant_count',
                          'previous_auctions', 'day_count', 'place_in_line', 'lot_size']
WHERE source IN (SELECT source FROM history_imports)
  AND extra ?| ARRAY['auction_id', 'case_filing_year', 'hoa_association_flag', 'defendant_count',
                     'previous_auctions', 'day_count', 'place_in_line', 'lot_size'];

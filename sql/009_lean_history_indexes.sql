-- 009_lean_history_indexes: an imported history writes each of its 21,140 rows into every index of cases,
-- properties and outcomes, so keep only the indexes a query uses.
-- * the per-source indexes served only the DELETE of a re-imported source, which a scan does as fast;
-- * nothing filters on the auction-id expression (the import reads it per date range, by the primary key);
-- * plaintiff and parcel lookups are equality lookups, never for NULL: partial indexes skip rows without one
--   (history rows carry neither).
DROP INDEX IF EXISTS idx_cases_source;
DROP INDEX IF EXISTS idx_properties_source;
DROP INDEX IF EXISTS idx_outcomes_source;
DROP INDEX IF EXISTS idx_cases_auction_id;
DROP INDEX IF EXISTS idx_cases_plaintiff;
CREATE INDEX idx_cases_plaintiff ON cases (plaintiff) WHERE plaintiff IS NOT NULL;
DROP INDEX IF EXISTS idx_properties_parcel;
CREATE INDEX idx_properties_parcel ON properties (parcel_id) WHERE parcel_id IS NOT NULL;

-- 013_experiments: A/B tests of the bidding formula as data, per-partition assignments and judged outcomes.
-- An experiment's variants keep their names in `variants` (TEXT[], the first is the control); their bid
-- parameters and traffic weights are in `variant_params` ({"name": {"params": {...}, "weight": w}}).

ALTER TABLE experiments
    ADD COLUMN variant_params JSONB NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN primary_metric TEXT NOT NULL DEFAULT 'mean_profit'
        CHECK (primary_metric IN ('win_rate', 'mean_profit')),
    ADD COLUMN min_sample INTEGER NOT NULL DEFAULT 100 CHECK (min_sample > 0),
    ADD COLUMN alpha NUMERIC(4,3) NOT NULL DEFAULT 0.05 CHECK (alpha > 0 AND alpha < 0.5);

-- A case is assigned per sale-day partition: the same case number keeps its variant (the hash), and a
-- re-run replaces the partition's rows (delete-then-insert), as every partitioned asset does.
ALTER TABLE experiment_assignments
    DROP CONSTRAINT unique_experiment_assignment,
    ADD COLUMN county TEXT NOT NULL,
    ADD COLUMN auction_date DATE NOT NULL,
    ADD COLUMN decision TEXT,
    ADD COLUMN max_bid NUMERIC(14,2),
    ADD COLUMN max_bid_is_ceiling BOOLEAN,
    ADD COLUMN control_decision TEXT,
    ADD COLUMN control_max_bid NUMERIC(14,2),
    ADD COLUMN arv NUMERIC(14,2),
    ADD COLUMN repairs NUMERIC(14,2),
    ADD COLUMN holding_cost NUMERIC(14,2),
    ADD COLUMN surviving_liens_value NUMERIC(14,2),
    ADD COLUMN run_id TEXT,
    ADD CONSTRAINT unique_experiment_assignment UNIQUE (experiment_name, county, auction_date, case_number);
CREATE INDEX idx_experiment_assignments_partition ON experiment_assignments (county, auction_date);

-- What the assigned variant would have done at the real sale: WON (its max bid beat the winning bid),
-- LOST, or PASS (it would not have bid); profit at the sold price when won, 0 otherwise, null when unknown.
ALTER TABLE experiment_outcomes
    ADD COLUMN county TEXT NOT NULL,
    ADD COLUMN auction_date DATE NOT NULL,
    ADD COLUMN result TEXT NOT NULL CHECK (result IN ('WON', 'LOST', 'PASS')),
    ADD COLUMN won BOOLEAN NOT NULL,
    ADD COLUMN profit NUMERIC(14,2),
    ADD COLUMN sold_amount NUMERIC(14,2),
    ADD COLUMN sold_to TEXT,
    ADD CONSTRAINT unique_experiment_outcome UNIQUE (experiment_name, county, auction_date, case_number);
CREATE INDEX idx_experiment_outcomes_partition ON experiment_outcomes (county, auction_date);

-- The bid sheet shows the variant beside the control, so whoever reads the sheet reads the assignments.
GRANT SELECT ON experiments, experiment_assignments, experiment_outcomes TO biddeed_reader;

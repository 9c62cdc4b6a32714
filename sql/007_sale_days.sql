-- 007_sale_days: what each county's own calendar says of its coming days (RealForeclose calendar boxes,
-- Brevard's clerk list dates); the schedules request intake and outcomes only for these sale days.
CREATE TABLE sale_days (
    county       TEXT NOT NULL,
    auction_date DATE NOT NULL,
    auction_type TEXT CHECK (auction_type IN ('FORECLOSURE', 'TAX_DEED')),  -- null: the calendar does not say
    scheduled    INTEGER CHECK (scheduled >= 0),  -- null: a sale is shown without a readable count
    active       INTEGER CHECK (active >= 0),
    source_url   TEXT NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_sale_days_county_date ON sale_days (county, auction_date);
CREATE INDEX idx_sale_days_date ON sale_days (auction_date);

GRANT SELECT, INSERT, UPDATE, DELETE ON sale_days TO biddeed_app;

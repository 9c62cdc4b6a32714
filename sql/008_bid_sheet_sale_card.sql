-- The bid sheet shows what the sale card says: the auction type (a tax deed is priced against its opening
-- bid), a tax deed's certificate number, and the plaintiff's max bid ("Hidden" is a flag, never a number);
-- and whether the max bid is a ceiling before repairs (repairs unknown).
ALTER TABLE auction_results
    ADD COLUMN auction_type TEXT CHECK (auction_type IN ('FORECLOSURE', 'TAX_DEED')),
    ADD COLUMN certificate_number TEXT,
    ADD COLUMN plaintiff_max_bid DECIMAL(12,2),
    ADD COLUMN plaintiff_max_bid_hidden BOOLEAN,
    ADD COLUMN max_bid_is_ceiling BOOLEAN;

-- 004_learning: the training snapshot the models learn from (learn/training_set).

CREATE TABLE training_set (
    county          TEXT NOT NULL,
    auction_date    DATE NOT NULL,
    case_number     TEXT NOT NULL,
    feature_version TEXT NOT NULL,
    features        JSONB NOT NULL,
    third_party     SMALLINT NOT NULL CHECK (third_party IN (0, 1)),
    sold_amount     DOUBLE PRECISION,
    PRIMARY KEY (county, auction_date, case_number)
);
CREATE INDEX idx_training_set_date ON training_set (auction_date);

"""The `training_set` asset: every sold case's features with its outcome label."""

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import learning


class TrainingSetConfig(dg.Config):
    """Which sales to learn from: all of them by default, or those up to a date (to train "as of" then)."""

    through_date: str = ""


@dg.asset(group_name="learn", kinds={"postgres"}, deps=["case_features", "auction_outcomes"])
def training_set(config: TrainingSetConfig, database: DatabaseResource) -> dg.MaterializeResult:
    """Features of every case sold at auction, labelled THIRD_PARTY (1) or PLAINTIFF (0); cancelled and redeemed sales are left out."""
    with database.transaction() as conn:
        written = learning.refresh_training_set(conn, through=config.through_date or None)
        summary = conn.execute(
            "SELECT min(auction_date), max(auction_date), avg(third_party), count(DISTINCT auction_date),"
            " count(sold_amount) FROM training_set").fetchone()
        by_county = dict(conn.execute("SELECT county, count(*) FROM training_set GROUP BY 1").fetchall())
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written,
        "first_sale": str(summary[0]), "last_sale": str(summary[1]),
        "third_party_share": float(summary[2]) if summary[2] is not None else None,
        "sale_days": summary[3], "with_sale_price": summary[4],
        "rows_by_county": dg.MetadataValue.json(by_county),
    })

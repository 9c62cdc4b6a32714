"""BidDeed: Florida foreclosure auction analysis as Dagster software-defined assets."""

from biddeed_assets import compiled

compiled.install()

"""Learning benchmark: train on and score 100,000 synthetic auction outcomes, timed.

    .venv/bin/biddeed bench learn
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from biddeed_assets.model.synthetic import synthetic_training_frame

Figure = tuple[str, float, str]


def run(n_rows: int = 100_000) -> Iterator[Figure]:
    """Yield ("train_100k_s", s), ("score_100k_s", s), ("train_100k_holdout_auc", auc) and a few extras."""
    from biddeed_assets.model.artifacts import predict
    from biddeed_assets.model.training import train

    frame = synthetic_training_frame(n_rows, seed=7)
    t0 = time.perf_counter()
    bundle = train(frame)
    yield "train_100k_s", round(time.perf_counter() - t0, 2), "s"

    to_score = synthetic_training_frame(n_rows, seed=8, start="2025-06-03").drop(columns=["third_party", "sold_amount"])
    t0 = time.perf_counter()
    scored = predict(bundle, to_score)
    elapsed = time.perf_counter() - t0
    assert len(scored) == n_rows
    yield "score_100k_s", round(elapsed, 2), "s"
    yield "train_100k_holdout_auc", round(bundle.metrics["roc_auc"], 4), "auc"
    yield "train_100k_holdout_ece", round(bundle.metrics["ece"], 4), "ece"
    yield "train_100k_price_interval_coverage", round(bundle.metrics["price_interval_coverage"], 4), "fraction"

"""Learning benchmark: train the three outcome models on 100,000 auctions resampled from the real history.

    .venv/bin/biddeed bench learn

The real history has 21,140 auctions; drawing 100,000 with replacement (dates kept, so the time-ordered
slices stay apart) times the same training the `third_party_model` asset runs at the scale issue 5 set.
Its holdout figures would be inflated by the repeated rows, so only the time is reported; `bench real`
reports the honest holdout figures and `score_100k_s`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from biddeed_assets.bench import real as bench_real

Figure = tuple[str, float, str]


def run(n_rows: int = 100_000) -> Iterator[Figure]:
    """Yield ("train_100k_s", seconds): P(sold), P(third party | sold) and the price model, 100,000 rows."""
    import pandas as pd

    from biddeed_assets.model.outcome_training import train_outcome_models

    frame = pd.read_csv(bench_real.HISTORY).sample(n_rows, replace=True, random_state=0).reset_index(drop=True)
    frame["source"] = bench_real.SOURCE
    t0 = time.perf_counter()
    train_outcome_models(frame, kinds={bench_real.SOURCE: "history"})
    yield "train_100k_s", round(time.perf_counter() - t0, 2), "s"

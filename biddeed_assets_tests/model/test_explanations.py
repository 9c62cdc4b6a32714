"""Reasons: the strongest feature contributions as sentences, one case at a time or in a batch."""

from __future__ import annotations

import numpy as np

from biddeed_assets.model.explanations import reasons_batch, top_reasons


def test_top_reasons_formats_the_strongest_features():
    names = ["judgment_to_value", "equity_ratio", "pool", "value"]
    reasons = top_reasons([-0.41, 0.2, 0.0, 0.05, -1.0], names, [1.3245, None, 1.0, 254321.5], k=3)
    assert reasons == [
        "judgment_to_value=1.32 lowers the third-party chance (-0.41)",
        "equity_ratio=unknown raises the third-party chance (+0.20)",
        "value=254,322 raises the third-party chance (+0.05)",
    ]  # the bias (-1.0) and the zero contribution are never reasons
    assert top_reasons([0.0, 0.0], ["a", "b"], [1.0, 2.0]) == []


def test_batch_reasons_equal_top_reasons_with_ties_zeros_and_unknowns():
    names = ["a", "b", "c", "d"]
    contribs = np.array([[0.5, -0.5, 0.0, 0.1, 9.0], [0.0, 0.0, 0.0, 0.0, 1.0], [0.004, -0.004, 0.2, -0.3, 0.0]],
                        dtype=np.float32)
    X = np.array([[1.0, np.nan, 3.0, 12345.0], [0.0, 1.0, 2.0, 3.0], [0.5, 2024.0, np.nan, 0.25]], dtype=np.float32)
    batch = reasons_batch(contribs, names, X, k=3)
    assert batch == [top_reasons(contribs[i], names, X[i].tolist(), k=3) for i in range(3)]
    assert batch[0][:2] == ["a=1 raises the third-party chance (+0.50)", "b=unknown lowers the third-party chance (-0.50)"]
    assert batch[1] == []
    assert batch[2][2] == "a=0.5 raises the third-party chance (+0.00)"

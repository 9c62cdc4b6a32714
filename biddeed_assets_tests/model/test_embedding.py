import math

import numpy as np
import pandas as pd
import pytest

from biddeed_assets.model.embedding import (
    CLIP,
    DIM,
    DIM_NAMES,
    EMBEDDING_VERSION,
    Standardizer,
    embed,
    embed_many,
    to_pgvector_text,
)
from biddeed_assets.model.features import FEATURES, KINDS, PROPERTY_TYPES


def case(**overrides):
    """A complete bank-foreclosed SFR feature row, with `overrides`."""
    row = dict.fromkeys(FEATURES, 0.0)
    row.update({f"kind_{k}": float(k == "BANK") for k in KINDS})
    row.update({f"type_{t}": float(t == "SFR") for t in PROPERTY_TYPES})
    row.update(
        final_judgment=180_000.0, log_judgment=math.log(180_000), value=260_000.0, judgment_to_value=0.69,
        equity_ratio=0.25, max_bid_to_judgment=0.95, case_age_years=2.0, county_court=0.0, plaintiff_tp_rate=0.4,
        plaintiff_tp_samples=12.0, homestead=1.0, building_age=30.0, living_area=1800.0, unpaid_taxes=1200.0,
        active_liens=1.0, active_mortgages=1.0, surviving_lien_value=0.0, zip_income=70_000.0, zip_vacancy=0.1,
        value_to_zip_median=1.1, county_brevard=1.0,
    )
    row.update(overrides)
    return row


def cosine(a, b):
    return float(np.dot(a, b))


def test_layout_is_exactly_the_column_width():
    assert DIM == 32 and len(DIM_NAMES) == DIM and len(set(DIM_NAMES)) == DIM
    assert EMBEDDING_VERSION.endswith("-32")


@pytest.mark.parametrize("features", [case(), dict.fromkeys(FEATURES), {}], ids=["complete", "all-none", "empty"])
def test_embedding_has_32_finite_dims_of_unit_length(features):
    vector = embed(features)
    assert len(vector) == DIM and all(isinstance(x, float) and math.isfinite(x) for x in vector)
    assert math.isclose(np.linalg.norm(vector), 1.0, rel_tol=1e-6)


def test_embedding_is_deterministic_and_matches_the_vectorized_path():
    rows = [case(), case(log_judgment=None, value=None), dict.fromkeys(FEATURES)]
    assert embed(rows[0]) == embed(dict(rows[0]))
    many = embed_many(rows)
    assert many.shape == (3, DIM) and many.dtype == np.float32
    assert [embed(r) for r in rows] == many.tolist()
    assert np.array_equal(embed_many(pd.DataFrame(rows)), many)  # a feature frame gives the same vectors


def test_unknown_values_sit_at_the_centre_with_an_indicator():
    vector = dict(zip(DIM_NAMES, embed(dict.fromkeys(FEATURES)), strict=True))
    for name in ("log_judgment", "log_value", "plaintiff_tp_rate", "county_court"):
        assert vector[name] == 0.0
    for name in ("missing_value", "missing_max_bid", "missing_liens", "missing_taxes", "missing_zip", "bias"):
        assert vector[name] > 0
    for name in ("plaintiff_bank_like", "plaintiff_association", "type_residential", "type_condo"):
        assert vector[name] == 0.0  # an unknown category is no category, not the first one
    complete = dict(zip(DIM_NAMES, embed(case()), strict=True))
    assert complete["missing_value"] == 0.0 and complete["plaintiff_bank_like"] > 0 and complete["type_residential"] > 0


def test_categories_collapse_and_flags_are_signed():
    hoa = dict(zip(DIM_NAMES, embed(case(kind_BANK=0.0, kind_HOA=1.0, type_SFR=0.0, type_CONDO=1.0, county_court=1.0)),
                   strict=True))
    assert hoa["plaintiff_association"] > 0 and hoa["plaintiff_bank_like"] == 0 and hoa["type_condo"] > 0
    bank = dict(zip(DIM_NAMES, embed(case()), strict=True))
    assert hoa["county_court"] > 0 > bank["county_court"]


def test_similar_cases_are_closer_than_different_ones():
    base = embed(case())
    near = embed(case(final_judgment=190_000.0, log_judgment=math.log(190_000), building_age=33.0))
    hoa = embed(case(kind_BANK=0.0, kind_HOA=1.0, county_court=1.0, log_judgment=math.log(6_000),
                     judgment_to_value=0.02, senior_mortgage_survives=1.0, surviving_lien_value=150_000.0))
    assert cosine(base, near) > 0.98 > cosine(base, hoa)


def test_an_extreme_figure_is_clipped():
    raw = embed_many([case(log_judgment=math.log(1e9))])[0]
    ratio = raw[DIM_NAMES.index("log_judgment")] / raw[DIM_NAMES.index("bias")]
    assert ratio == pytest.approx(CLIP / 0.5, rel=1e-5)  # clipped at CLIP standard units (bias is 0.5)


def test_standardizer_defaults_fit_and_json_round_trip():
    default = Standardizer()
    assert default.is_default and default.version == EMBEDDING_VERSION
    frame = pd.DataFrame([case(log_judgment=11.0 + i / 50, zip_vacancy=0.05 + i / 1000) for i in range(100)])
    fitted = Standardizer.fit(frame)
    assert fitted.fitted_rows == 100
    assert fitted.centers["log_judgment"] == pytest.approx(11.99, abs=0.01)
    assert fitted.centers["homestead"] == 0.5  # flags keep their fixed meaning
    assert fitted.centers["active_liens"] == default.centers["active_liens"]  # no spread: keeps the default
    assert fitted.version.startswith(EMBEDDING_VERSION + "+") and fitted.version != default.version
    restored = Standardizer.from_json(fitted.to_json())
    assert restored == fitted and restored.version == fitted.version
    assert embed(case(), restored) == embed(case(), fitted) != embed(case())
    with pytest.raises(ValueError):
        Standardizer.from_json(fitted.to_json().replace(EMBEDDING_VERSION, "emb-v0"))


def test_pgvector_text_round_trips_float32():
    vector = embed(case())
    text = to_pgvector_text(vector)
    assert text.startswith("[") and text.endswith("]")
    assert np.array_equal(np.array(text[1:-1].split(","), dtype=np.float32), np.array(vector, dtype=np.float32))
    with pytest.raises(ValueError):
        to_pgvector_text([1.0, 0.0])

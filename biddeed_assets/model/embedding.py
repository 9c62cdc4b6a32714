"""A case's compact embedding for similar-case memory: 32 standardized, weighted, L2-normalized floats.

Replaces the seed's 1536-dim zero-padded hash vector: every dimension below means something, missing
values sit at the centre (0 after standardization) with an explicit indicator where a missing source
changes what the case is, and cosine similarity between two vectors compares cases feature by feature.

Numeric dims: ``clip((transform(x) - center) / scale, -CLIP, CLIP) * weight``, 0 when x is None (or the
transform is undefined, e.g. log of 0). Flags use centre 0.5 and scale 0.5, so 1 -> +1, 0 -> -1, unknown
-> 0. Centres and scales are the `Standardizer`'s: the defaults below (Brevard-like figures) until one is
fitted on a feature frame; a fitted standardizer changes the vectors, so its `version` (stored as
`agent_memory.embedding_version`) carries a fingerprint of its parameters.

| dim | name | source feature | transform | centre | scale | weight |
|---|---|---|---|---|---|---|
| 0 | log_judgment | log_judgment | identity | 11.9 | 0.8 | 1 |
| 1 | judgment_to_value | judgment_to_value | identity | 0.9 | 0.4 | 1 |
| 2 | equity_ratio | equity_ratio | identity | 0.0 | 0.5 | 1 |
| 3 | max_bid_to_judgment | max_bid_to_judgment | identity | 0.9 | 0.3 | 1 |
| 4 | case_age_years | case_age_years | identity | 2.0 | 1.5 | 1 |
| 5 | plaintiff_tp_rate | plaintiff_tp_rate | identity | 0.35 | 0.25 | 1.5 |
| 6 | plaintiff_tp_samples | plaintiff_tp_samples | log1p | 2.0 | 1.5 | 0.5 |
| 7 | log_value | value | log | 12.4 | 0.6 | 1 |
| 8 | building_age | building_age | identity | 35 | 20 | 1 |
| 9 | log_living_area | living_area | log | 7.4 | 0.4 | 1 |
| 10 | homestead | homestead | flag | 0.5 | 0.5 | 1 |
| 11 | log_unpaid_taxes | unpaid_taxes | log1p | 2.0 | 3.5 | 1 |
| 12 | active_liens | active_liens | identity | 1.5 | 1.2 | 1 |
| 13 | active_mortgages | active_mortgages | identity | 1.0 | 0.8 | 1 |
| 14 | log_surviving_liens | surviving_lien_value | log1p | 2.0 | 4.0 | 1 |
| 15 | senior_mortgage_survives | senior_mortgage_survives | flag | 0.5 | 0.5 | 1.5 |
| 16 | log_zip_income | zip_income | log | 11.1 | 0.35 | 1 |
| 17 | zip_vacancy | zip_vacancy | identity | 0.12 | 0.06 | 1 |
| 18 | log_value_to_zip_median | value_to_zip_median | log | 0.0 | 0.5 | 1 |
| 19 | missing_value | value is None | indicator | | | 1.5 |
| 20 | missing_max_bid | max_bid_to_judgment is None (hidden or unknown) | indicator | | | 1 |
| 21 | missing_liens | active_liens is None (records not searched) | indicator | | | 1 |
| 22 | missing_taxes | unpaid_taxes is None | indicator | | | 1 |
| 23 | missing_zip | zip_income is None | indicator | | | 1 |
| 24 | plaintiff_bank_like | kind_BANK/SERVICER/TRUSTEE/GSE | one-hot | | | 2 |
| 25 | plaintiff_association | kind_HOA/CONDO | one-hot | | | 2 |
| 26 | plaintiff_other | kind_GOVERNMENT/PRIVATE/UNKNOWN | one-hot | | | 2 |
| 27 | type_residential | type_SFR/TOWNHOUSE | one-hot | | | 1.5 |
| 28 | type_condo | type_CONDO | one-hot | | | 1.5 |
| 29 | type_other | type_MULTI-FAMILY/COMMERCIAL/LAND | one-hot | | | 1.5 |
| 30 | county_court | county_court (the HOA/COA signal) | flag | 0.5 | 0.5 | 1.5 |
| 31 | bias | constant | | | | 0.5 |

One-hot groups are 0 when every member is unknown (None). The constant bias keeps every vector non-zero
(cosine is undefined at zero) and shifts all similarities alike. The layout is exactly `DIM` = 32 long
(padded with zeros if ever shorter); the vector is L2-normalized, so cosine similarity = dot product.
Change any row of the table (or a default) -> bump EMBEDDING_VERSION and re-embed the memory.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from biddeed_assets.model.features import FEATURES

EMBEDDING_VERSION = "emb-v1-32"
DIM = 32
CLIP = 3.0  # one extreme figure (a $5M judgment) must not outweigh every other dimension


@dataclass(frozen=True)
class NumericDim:
    name: str
    source: str
    transform: str  # identity | log | log1p | flag
    center: float
    scale: float
    weight: float = 1.0


NUMERIC: tuple[NumericDim, ...] = (
    NumericDim("log_judgment", "log_judgment", "identity", 11.9, 0.8),
    NumericDim("judgment_to_value", "judgment_to_value", "identity", 0.9, 0.4),
    NumericDim("equity_ratio", "equity_ratio", "identity", 0.0, 0.5),
    NumericDim("max_bid_to_judgment", "max_bid_to_judgment", "identity", 0.9, 0.3),
    NumericDim("case_age_years", "case_age_years", "identity", 2.0, 1.5),
    NumericDim("plaintiff_tp_rate", "plaintiff_tp_rate", "identity", 0.35, 0.25, 1.5),
    NumericDim("plaintiff_tp_samples", "plaintiff_tp_samples", "log1p", 2.0, 1.5, 0.5),
    NumericDim("log_value", "value", "log", 12.4, 0.6),
    NumericDim("building_age", "building_age", "identity", 35.0, 20.0),
    NumericDim("log_living_area", "living_area", "log", 7.4, 0.4),
    NumericDim("homestead", "homestead", "flag", 0.5, 0.5),
    NumericDim("log_unpaid_taxes", "unpaid_taxes", "log1p", 2.0, 3.5),
    NumericDim("active_liens", "active_liens", "identity", 1.5, 1.2),
    NumericDim("active_mortgages", "active_mortgages", "identity", 1.0, 0.8),
    NumericDim("log_surviving_liens", "surviving_lien_value", "log1p", 2.0, 4.0),
    NumericDim("senior_mortgage_survives", "senior_mortgage_survives", "flag", 0.5, 0.5, 1.5),
    NumericDim("log_zip_income", "zip_income", "log", 11.1, 0.35),
    NumericDim("zip_vacancy", "zip_vacancy", "identity", 0.12, 0.06),
    NumericDim("log_value_to_zip_median", "value_to_zip_median", "log", 0.0, 0.5),
)
# (dim name, feature whose None sets it, weight)
MISSING: tuple[tuple[str, str, float], ...] = (
    ("missing_value", "value", 1.5),
    ("missing_max_bid", "max_bid_to_judgment", 1.0),
    ("missing_liens", "active_liens", 1.0),
    ("missing_taxes", "unpaid_taxes", 1.0),
    ("missing_zip", "zip_income", 1.0),
)
# (group, weight, ((dim name, member features), ...)): members are the features.py one-hot columns
ONE_HOT: tuple[tuple[str, float, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("plaintiff", 2.0, (
        ("plaintiff_bank_like", ("kind_BANK", "kind_SERVICER", "kind_TRUSTEE", "kind_GSE")),
        ("plaintiff_association", ("kind_HOA", "kind_CONDO")),
        ("plaintiff_other", ("kind_GOVERNMENT", "kind_PRIVATE", "kind_UNKNOWN")),
    )),
    ("property_type", 1.5, (
        ("type_residential", ("type_SFR", "type_TOWNHOUSE")),
        ("type_condo", ("type_CONDO",)),
        ("type_other", ("type_MULTI-FAMILY", "type_COMMERCIAL", "type_LAND")),
    )),
)
TAIL: tuple[NumericDim, ...] = (NumericDim("county_court", "county_court", "flag", 0.5, 0.5, 1.5),)
BIAS = 0.5

DIM_NAMES: tuple[str, ...] = (
    *(d.name for d in NUMERIC),
    *(name for name, _, _ in MISSING),
    *(name for _, _, dims in ONE_HOT for name, _ in dims),
    *(d.name for d in TAIL),
    "bias",
)
assert len(DIM_NAMES) <= DIM, "the layout outgrew the vector(32) column"
_SOURCES = {d.source for d in (*NUMERIC, *TAIL)} | {s for _, s, _ in MISSING} | {
    m for _, _, dims in ONE_HOT for _, members in dims for m in members
}
assert _SOURCES <= set(FEATURES), f"embedding reads unknown features: {sorted(_SOURCES - set(FEATURES))}"
INPUT_FEATURES: tuple[str, ...] = tuple(f for f in FEATURES if f in _SOURCES)  # what a memory keeps of its case

_STANDARDIZED = (*NUMERIC, *TAIL)


def _transform(kind: str, x: np.ndarray) -> np.ndarray:
    """Transformed values; NaN where undefined (log of <= 0), which then counts as missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "log":
            return np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), np.nan)
        if kind == "log1p":
            return np.where(x > -1, np.log1p(np.where(x > -1, x, 0.0)), np.nan)
        if kind == "flag":
            return np.where(np.isnan(x), np.nan, (x != 0).astype(float))
    return x


@dataclass(frozen=True)
class Standardizer:
    """Centres and scales of the standardized dims (after their transform); defaults until fitted."""

    centers: Mapping[str, float] = field(default_factory=lambda: {d.name: d.center for d in _STANDARDIZED})
    scales: Mapping[str, float] = field(default_factory=lambda: {d.name: d.scale for d in _STANDARDIZED})
    fitted_rows: int = 0

    @classmethod
    def fit(cls, frame: Any, *, min_rows: int = 30) -> Standardizer:
        """Mean and standard deviation of each numeric dim over `frame` (a DataFrame or mappings).

        A dim with fewer than `min_rows` known values, or no spread, keeps its default. Flags keep
        0.5/0.5 always: their meaning (+1 yes, -1 no, 0 unknown) must not move with the sample.
        """
        columns, n = _columns(frame, [d.source for d in _STANDARDIZED])
        default = cls()
        centers, scales = dict(default.centers), dict(default.scales)
        for d in _STANDARDIZED:
            if d.transform == "flag":
                continue
            values = _transform(d.transform, columns[d.source])
            values = values[np.isfinite(values)]
            if values.size >= min_rows and float(values.std()) > 1e-9:
                centers[d.name], scales[d.name] = float(values.mean()), float(values.std())
        return cls(centers=centers, scales=scales, fitted_rows=n)

    @property
    def is_default(self) -> bool:
        mine, default = self.to_dict(), DEFAULT_PARAMETERS
        return mine["centers"] == default["centers"] and mine["scales"] == default["scales"]

    @property
    def version(self) -> str:
        """EMBEDDING_VERSION, plus a fingerprint of the parameters when they are not the defaults."""
        if self.is_default:
            return EMBEDDING_VERSION
        mine = self.to_dict()
        body = json.dumps({"centers": mine["centers"], "scales": mine["scales"]}, sort_keys=True)
        return f"{EMBEDDING_VERSION}+{hashlib.sha256(body.encode()).hexdigest()[:8]}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "embedding_version": EMBEDDING_VERSION,
            "centers": {d.name: float(self.centers[d.name]) for d in _STANDARDIZED},
            "scales": {d.name: float(self.scales[d.name]) for d in _STANDARDIZED},
            "fitted_rows": self.fitted_rows,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | Mapping[str, Any]) -> Standardizer:
        data = json.loads(text) if isinstance(text, str) else dict(text)
        if data.get("embedding_version") != EMBEDDING_VERSION:
            raise ValueError(f"standardizer is for {data.get('embedding_version')!r}, not {EMBEDDING_VERSION!r}")
        names = {d.name for d in _STANDARDIZED}
        if set(data["centers"]) != names or set(data["scales"]) != names:
            raise ValueError("standardizer dims do not match this embedding layout")
        if any(float(s) <= 0 or not math.isfinite(float(s)) for s in data["scales"].values()):
            raise ValueError("standardizer scales must be positive and finite")
        return cls(
            centers={k: float(v) for k, v in data["centers"].items()},
            scales={k: float(v) for k, v in data["scales"].items()},
            fitted_rows=int(data.get("fitted_rows", 0)),
        )


DEFAULT_STANDARDIZER = Standardizer()
DEFAULT_PARAMETERS = DEFAULT_STANDARDIZER.to_dict()


def _columns(rows: Any, names: Sequence[str]) -> tuple[dict[str, np.ndarray], int]:
    """Float columns (NaN for None/missing) from a DataFrame or a sequence of mappings."""
    if hasattr(rows, "columns") and hasattr(rows, "__len__"):  # a pandas DataFrame
        n = len(rows)
        cols = {}
        for name in names:
            if name in rows.columns:
                cols[name] = np.asarray(rows[name].to_numpy(dtype=float, na_value=np.nan), dtype=float)
            else:
                cols[name] = np.full(n, np.nan)
        return cols, n
    rows = rows if isinstance(rows, Sequence) else list(rows)
    n = len(rows)
    cols = {}
    for name in names:
        cols[name] = np.fromiter(
            (np.nan if (v := r.get(name)) is None else v for r in rows), dtype=float, count=n
        )
    return cols, n


_ALL_SOURCES = sorted(_SOURCES)


def embed_many(rows: Iterable[Mapping[str, Any]] | Any, standardizer: Standardizer = DEFAULT_STANDARDIZER) -> np.ndarray:
    """Embeddings of many feature rows (mappings of features.py names, or a DataFrame): (n, DIM) float32.

    Vectorized per dimension; float32 is what pgvector stores, so these are the stored values.
    """
    cols, n = _columns(rows, _ALL_SOURCES)
    out = np.zeros((n, DIM), dtype=float)
    j = 0
    for d in NUMERIC:
        out[:, j] = _standardized(d, cols[d.source], standardizer)
        j += 1
    for _, source, weight in MISSING:
        out[:, j] = np.isnan(cols[source]) * weight
        j += 1
    for _, weight, dims in ONE_HOT:
        for _, members in dims:
            hit = np.zeros(n, dtype=bool)
            for m in members:
                hit |= np.nan_to_num(cols[m], nan=0.0) != 0
            out[:, j] = hit * weight
            j += 1
    for d in TAIL:
        out[:, j] = _standardized(d, cols[d.source], standardizer)
        j += 1
    out[:, j] = BIAS
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / norms).astype(np.float32)


def _standardized(d: NumericDim, x: np.ndarray, standardizer: Standardizer) -> np.ndarray:
    z = (_transform(d.transform, x) - standardizer.centers[d.name]) / standardizer.scales[d.name]
    return np.nan_to_num(np.clip(z, -CLIP, CLIP), nan=0.0) * d.weight


def embed(features: Mapping[str, Any], standardizer: Standardizer = DEFAULT_STANDARDIZER) -> list[float]:
    """The embedding of one case's feature row (features.py names; None = unknown): DIM floats, unit length."""
    return embed_many([features], standardizer)[0].tolist()


def to_pgvector_text(vector: Sequence[float] | np.ndarray) -> str:
    """pgvector's text form '[x,y,...]' (what a `%s::vector` parameter or text COPY expects)."""
    values = np.asarray(vector, dtype=np.float32)
    if values.shape != (DIM,):
        raise ValueError(f"an embedding has {DIM} floats, got shape {values.shape}")
    return "[" + ",".join(values.astype(str).tolist()) + "]"

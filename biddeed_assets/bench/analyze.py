"""Analyze benchmark: features + rules + consensus for 10,000 simulated cases (`analyze_10k_cases_s`), as case_analysis runs them."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

from biddeed_assets import compiled
from biddeed_assets.model.features import case_features
from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.rules.analysis import analyze_case
from biddeed_assets.simulator.truth import truth_for, zip_demographics
from biddeed_assets.simulator.world import World

CASES = 10_000


def simulated_inputs(n: int = CASES, seed: int = 7) -> list[CaseInputs]:
    """CaseInputs as the store would hand them over, built from the simulated world's truth."""
    world, out, day = World(seed), [], dt.date(2024, 1, 1)
    while len(out) < n:
        for county in ("brevard", "hillsborough", "duval"):
            for case in world.cases_on(county, day):
                t = truth_for(seed, case)
                prop = t.property
                out.append(CaseInputs(
                    case={"county": county, "auction_date": case.auction_date, "case_number": case.case_number,
                          "plaintiff": case.plaintiff, "final_judgment": t.final_judgment, "status": case.status,
                          "court_type": "COUNTY" if case.court == "CC" else "CIRCUIT", "auction_type": "FORECLOSURE"},
                    prop={"market_value": prop.market_value, "year_built": prop.year_built, "zip": prop.zip,
                          "living_area": prop.living_area, "property_type": prop.property_type,
                          "homestead": prop.homestead, "pool": prop.pool, "sales_history": []},
                    liens=tuple({"lien_type": lien.lien_type, "amount": lien.amount, "holder": lien.holder,
                                 "status": "ACTIVE" if lien.active else "SATISFIED",
                                 "recorded_date": lien.recorded_date} for lien in t.liens),
                    taxes=tuple({"tax_year": y.year, "amount_due": None if y.paid else y.amount, "paid": y.paid,
                                 "certificate_number": y.certificate_number} for y in t.taxes),
                    demographics=zip_demographics(seed, prop.zip),
                    plaintiff_third_party_rate=0.4, plaintiff_sample_count=25,
                ))
        day += dt.timedelta(days=1)
    return out[:n]


def _cpu(fn, items) -> float:
    started = time.process_time()
    for item in items:
        fn(item)
    return time.process_time() - started


def run() -> Iterator[tuple[str, float, str]]:
    inputs = simulated_inputs()
    started, cpu = time.perf_counter(), time.process_time()
    for item in inputs:  # as case_analysis does: the facts both start from derived once
        derived = item.derive()
        case_features(item, derived)
        analyze_case(derived.context, derived.features)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    yield "analyze_10k_cases_s", round(elapsed, 2), "s"
    # on a shared machine the wall time is mostly the other processes': this is this one's own
    yield "analyze_10k_cases_cpu_s", round(cpu, 2), "s (CPU time of this process)"
    # the figures above depend on it: `make compiled` builds them, BIDDEED_PURE_PYTHON=1 turns them off
    yield ("analyze_compiled_modules", len(compiled.loaded_compiled()),
           f"of {len(compiled.MODULES)} per-case modules ran compiled (Cython); 0 is pure Python")
    # where the time goes, stage by stage over the same cases (a second pass: caches are warm)
    contexts = [item.to_context() for item in inputs]
    features_cpu = _cpu(case_features, inputs)
    contexts_cpu = _cpu(CaseInputs.to_context, inputs)
    verdicts_cpu = _cpu(analyze_case, contexts)
    yield "analyze_10k_features_cpu_s", round(features_cpu, 2), "s (CPU time: case_features)"
    yield "analyze_10k_contexts_cpu_s", round(contexts_cpu, 2), "s (CPU time: CaseInputs.to_context)"
    yield "analyze_10k_verdicts_cpu_s", round(verdicts_cpu, 2), "s (CPU time: analyze_case)"

"""The world's Brevard cases as the county's sites know them on a date: by case number, account and parcel."""

from __future__ import annotations

import bisect
import datetime as dt
import threading

from starlette.requests import Request

from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.brevard.names import normalized
from biddeed_assets.simulator.truth import CaseTruth, truth_for

COUNTY = "brevard"
# The first sale day the sites know (the auction partitions' start); they know every case listed by as_of.
INDEX_START = dt.date(2023, 1, 1)


class BrevardIndex:
    """The world's Brevard cases from INDEX_START on, findable by case number, account and parcel id.

    A case is known on `as_of` once its sale day is listed (up to the clerk's horizon ahead). When a case
    number, account or parcel comes up on several sale days, the latest listed one is the one shown.
    """

    def __init__(self, sim):
        self.sim = sim
        self._truths: list[CaseTruth] = []
        self._until = INDEX_START - dt.timedelta(days=1)
        self._views: dict[dt.date, dict[str, dict[str, CaseTruth]]] = {}
        self._sorted: dict[str, tuple[dict, list[str], list[CaseTruth]]] = {}  # kind: (its view, keys, cases)
        self._lock = threading.Lock()

    @property
    def seed(self) -> int:
        return self.sim.world.seed  # read on each request: tests may swap the world

    @property
    def faults(self):
        return self.sim.faults

    def as_of(self, request: Request) -> dt.date:
        return self.sim.as_of(request)

    def view(self, as_of: dt.date) -> dict[str, dict[str, CaseTruth]]:
        """{"case": {...}, "account": {...}, "parcel": {...}} for the cases listed by `as_of`."""
        limit = as_of + dt.timedelta(days=cal.LIST_HORIZON_DAYS)
        with self._lock:
            if limit in self._views:
                return self._views[limit]
            if limit > self._until:
                world = self.sim.world
                for day in world.sale_dates(COUNTY, self._until + dt.timedelta(days=1), limit):
                    self._truths.extend(truth_for(world.seed, c) for c in world.cases_on(COUNTY, day))
                self._until = limit
            view: dict[str, dict[str, CaseTruth]] = {"case": {}, "account": {}, "parcel": {}}
            for truth in self._truths:  # in sale-day order, so later sales overwrite earlier ones
                if dt.date.fromisoformat(truth.case.auction_date) > limit:
                    break
                view["case"][truth.case.case_number] = truth
                view["account"][truth.property.account] = truth
                view["parcel"][truth.property.parcel_id] = truth
            if len(self._views) > 32:
                self._views.clear()
            self._views[limit] = view
            return view

    def case(self, case_number: str, as_of: dt.date) -> CaseTruth | None:
        return self.view(as_of)["case"].get(case_number)

    def account(self, account: str, as_of: dt.date) -> CaseTruth | None:
        return self.view(as_of)["account"].get(account)

    def property(self, key: str, as_of: dt.date) -> CaseTruth | None:
        """The case of the parcel with this account number or parcel id."""
        view = self.view(as_of)
        key = key.strip().upper()
        return view["account"].get(key) or view["parcel"].get(key)

    def parcels(self, as_of: dt.date) -> list[CaseTruth]:
        """One case per parcel (the latest listed)."""
        return list(self.view(as_of)["account"].values())

    def case_numbers_starting(self, term: str, as_of: dt.date) -> list[CaseTruth]:
        """The cases whose normalized case number begins with the normalized `term`."""
        return self._starting("case", term, as_of)

    def parcel_ids_starting(self, prefix: str, as_of: dt.date) -> list[CaseTruth]:
        """One case per parcel whose parcel id (upper case) begins with `prefix`."""
        return self._starting("parcel", prefix, as_of)

    def _starting(self, kind: str, prefix: str, as_of: dt.date) -> list[CaseTruth]:
        # A search per request would scan every case the county has; the view's keys are sorted once instead.
        view = self.view(as_of)
        with self._lock:
            cached = self._sorted.get(kind)
            if cached is None or cached[0] is not view:
                if kind == "case":
                    pairs = sorted(((normalized(n), t) for n, t in view["case"].items()), key=lambda p: p[0])
                else:
                    pairs = sorted(((t.property.parcel_id.upper(), t) for t in view["account"].values()),
                                   key=lambda p: p[0])
                cached = self._sorted[kind] = (view, [k for k, _ in pairs], [t for _, t in pairs])
        _, keys, truths = cached
        start = bisect.bisect_left(keys, prefix)
        end = start
        while end < len(keys) and keys[end].startswith(prefix):
            end += 1
        return truths[start:end]

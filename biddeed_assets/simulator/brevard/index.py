"""The world's Brevard cases as the county's sites know them on a date: by case number, account and parcel."""

from __future__ import annotations

import datetime as dt
import threading

from starlette.requests import Request

from biddeed_assets.simulator import calibration as cal
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

"""Fetches begun ahead are used only for the same inputs, once; the rest is fetched when asked."""

import threading
import time

import pytest

from biddeed_assets.portals.ahead import Ahead
from biddeed_assets.portals.sources import PerCase

LIENS = PerCase("official_records", "official_records", fetch=None, requires="appraiser_parcel",
                reads=("appraiser_parcel",))


class Calls:
    def __init__(self):
        self.asked: list[tuple] = []
        self.lock = threading.Lock()

    def __call__(self, case):
        with self.lock:
            self.asked.append((case["case_number"], case.get("appraiser_parcel")))
        if case.get("appraiser_parcel") == "BROKEN":
            raise ValueError("page unreadable")
        return f"liens of {case['appraiser_parcel']}"


def test_a_fetch_begun_with_the_same_inputs_is_taken_and_not_repeated():
    calls = Calls()
    with Ahead() as ahead:
        ahead.begin(LIENS, {"case_number": "A", "appraiser_parcel": "P1"}, calls, workers=2)
        take = ahead.or_fetch(LIENS, calls)
        assert take({"case_number": "A", "appraiser_parcel": "P1", "account": "ignored"}) == "liens of P1"
    assert calls.asked == [("A", "P1")]


def test_a_case_whose_inputs_changed_since_is_fetched_again_with_its_own():
    calls = Calls()
    with Ahead() as ahead:
        ahead.begin(LIENS, {"case_number": "A", "appraiser_parcel": "P1"}, calls, workers=2)
        take = ahead.or_fetch(LIENS, calls)
        # the stored property row names another parcel (its page failed and the earlier row was kept)
        assert take({"case_number": "A", "appraiser_parcel": "P0"}) == "liens of P0"
        assert take({"case_number": "B", "appraiser_parcel": "P2"}) == "liens of P2"  # never begun
    assert sorted(calls.asked) == [("A", "P0"), ("A", "P1"), ("B", "P2")]


def test_a_fetch_begun_ahead_is_taken_once_and_its_error_is_the_stages():
    calls = Calls()
    with Ahead() as ahead:
        ahead.begin(LIENS, {"case_number": "A", "appraiser_parcel": "BROKEN"}, calls, workers=1)
        take = ahead.or_fetch(LIENS, calls)
        with pytest.raises(ValueError, match="page unreadable"):
            take({"case_number": "A", "appraiser_parcel": "BROKEN"})
        with pytest.raises(ValueError, match="page unreadable"):  # asked again: fetched again, not replayed
            take({"case_number": "A", "appraiser_parcel": "BROKEN"})
    assert calls.asked == [("A", "BROKEN"), ("A", "BROKEN")]


def test_closing_drops_what_no_stage_took_and_cancels_what_had_not_started():
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def slow(case):
        started.set()
        release.wait(5)
        ran.append(case["case_number"])

    ahead = Ahead()
    ahead.begin(LIENS, {"case_number": "A", "appraiser_parcel": "P1"}, slow, workers=1)
    ahead.begin(LIENS, {"case_number": "B", "appraiser_parcel": "P2"}, slow, workers=1)
    assert started.wait(5)
    closing = threading.Thread(target=ahead.close)
    closing.start()  # while A runs: B, queued behind A's one worker, is cancelled
    while not ahead_closed(ahead):
        time.sleep(0.01)
    time.sleep(0.2)  # close has cancelled what was queued by now: it does so right after taking the pools
    release.set()
    closing.join(5)
    assert not closing.is_alive() and ran == ["A"]


def ahead_closed(ahead: Ahead) -> bool:
    return not ahead._pools  # close() takes the pools before it cancels and waits

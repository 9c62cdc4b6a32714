"""The ColdFusion sessions a RealForeclose day page opens (CFID, CFTOKEN): the day, paging cursors, last page.

Sessions expire after SESSION_IDLE_S seconds without a request (ColdFusion's default timeout); an
expired session is a missing one. At most MAX_SESSIONS are kept, the least recently used dropped first.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from starlette.requests import Request

SESSION_IDLE_S = 20 * 60
MAX_SESSIONS = 5000


@dataclass
class Session:
    """What the server keeps for one visitor: the day page's county and date, and where its paging stands."""

    county: str
    auction_date: dt.date
    as_of: dt.date | None  # only when the day page was asked with an explicit as_of
    cursors: dict[str, int] = field(default_factory=dict)
    last_page: tuple[str, ...] = ()
    touched: float = field(default_factory=time.monotonic)


class Sessions:
    """The ColdFusion sessions the day pages open, keyed by (CFID, CFTOKEN); thread-safe, bounded."""

    def __init__(self):
        self._by_key: OrderedDict[tuple[str, str], Session] = OrderedDict()
        self._ids = itertools.count(4_100_000 + secrets.randbelow(100_000))
        self._lock = threading.Lock()

    def open(self, session: Session) -> tuple[str, str]:
        key = (str(next(self._ids)), str(secrets.randbelow(90_000_000) + 10_000_000))
        with self._lock:
            self._by_key[key] = session
            while len(self._by_key) > MAX_SESSIONS:
                self._by_key.popitem(last=False)
        return key

    def get(self, request: Request, county: str) -> Session | None:
        key = (request.cookies.get("CFID", ""), request.cookies.get("CFTOKEN", ""))
        with self._lock:
            session = self._by_key.get(key)
            if session is None or session.county != county:
                return None
            now = time.monotonic()
            if now - session.touched > SESSION_IDLE_S:
                del self._by_key[key]
                return None
            session.touched = now
            self._by_key.move_to_end(key)
            return session

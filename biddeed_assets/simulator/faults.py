"""Fault injection for the simulated portals: set per portal by flag or by the admin endpoint.

Status faults answer before the page is built (403 block, 429 with Retry-After, 5xx, timeout, slow);
content faults spoil the page that is built (empty, truncated, malformed, no_table, bad_rows,
wrong_encoding, empty_load). `remaining` counts the requests still affected (-1: until cleared).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from starlette.responses import Response

STATUS_FAULTS = ("block_403", "rate_429", "error_5xx", "timeout", "slow")
CONTENT_FAULTS = ("empty", "truncated", "malformed", "no_table", "bad_rows", "wrong_encoding", "empty_load")
KINDS = STATUS_FAULTS + CONTENT_FAULTS


@dataclass
class Fault:
    kind: str
    remaining: int = -1
    delay_s: float = 0.0
    retry_after_s: int = 1


class FaultBoard:
    """The faults in force, per portal; safe to use from the server's threads."""

    def __init__(self):
        self._faults: dict[str, Fault] = {}
        self._lock = threading.Lock()

    def set(self, portal: str, kind: str, *, count: int = -1, delay_s: float = 0.0, retry_after_s: int = 1) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
        with self._lock:
            self._faults[portal] = Fault(kind, count, delay_s, retry_after_s)

    def clear(self, portal: str | None = None) -> None:
        with self._lock:
            if portal is None:
                self._faults.clear()
            else:
                self._faults.pop(portal, None)

    def take(self, portal: str) -> Fault | None:
        """The fault for this request, if any, counting it against the fault's remaining requests."""
        with self._lock:
            fault = self._faults.get(portal)
            if fault is None:
                return None
            if fault.remaining > 0:
                fault.remaining -= 1
                if fault.remaining == 0:
                    del self._faults[portal]
            return fault

    def snapshot(self) -> dict[str, dict]:
        with self._lock:
            return {p: vars(f).copy() for p, f in self._faults.items()}


def spoil(body: bytes, kind: str) -> bytes:
    """Apply a content fault that does not depend on the page kind."""
    if kind == "empty":
        return b""
    if kind == "truncated":
        return body[: max(1, len(body) // 3)]
    if kind == "malformed":
        return b"<html><body><div>Service temporarily unavailable<table><tr><td>\x00\xff" + body[:40]
    if kind == "wrong_encoding":
        return body.decode("iso-8859-1").encode("utf-16")
    return body


async def answer_fault(board: FaultBoard, portal: str) -> tuple[Response | None, str | None]:
    """Take this request's fault: a response to send instead (status faults), or a content fault's kind."""
    fault = board.take(portal)
    if fault is None:
        return None, None
    if fault.kind == "block_403":
        return Response("<html><body><h1>403 Forbidden</h1>Access denied</body></html>", 403), None
    if fault.kind == "rate_429":
        return Response("Too Many Requests", 429, headers={"Retry-After": str(fault.retry_after_s)}), None
    if fault.kind == "error_5xx":
        return Response("<html><body>502 Bad Gateway</body></html>", 502), None
    if fault.kind in ("timeout", "slow"):
        await asyncio.sleep(fault.delay_s or (30.0 if fault.kind == "timeout" else 1.0))
        return None, None
    return None, fault.kind

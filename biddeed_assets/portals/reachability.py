"""A quick connectivity probe of portal hosts: can a TCP connection be opened within a few seconds?"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlsplit

PROBE_TIMEOUT_S = 3.0


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def is_loopback(url: str) -> bool:
    return host_port(url)[0] in ("127.0.0.1", "localhost", "::1")


def unreachable(urls: list[str], timeout_s: float = PROBE_TIMEOUT_S) -> dict[str, str]:
    """Each host:port of `urls` that accepts no connection within `timeout_s` (in parallel), with the reason.

    Name resolution can hang longer than a socket timeout, so each probe runs in a daemon thread and a probe
    still running at the deadline counts as unreachable; the caller never waits more than `timeout_s`.
    """
    targets = sorted({host_port(url) for url in urls})
    reasons: dict[tuple[str, int], str | None] = {}

    def probe(target: tuple[str, int]) -> None:
        try:
            socket.create_connection(target, timeout=timeout_s).close()
            reasons[target] = None
        except OSError as exc:
            reasons[target] = exc.strerror or type(exc).__name__

    threads = [threading.Thread(target=probe, args=(t,), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout_s
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    failed = {}
    for host, port in targets:
        if (host, port) not in reasons:
            failed[f"{host}:{port}"] = f"no answer within {timeout_s:g} s"
        elif reasons[(host, port)] is not None:
            failed[f"{host}:{port}"] = reasons[(host, port)]
    return failed

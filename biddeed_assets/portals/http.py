"""The HTTP client every portal fetch goes through: a descriptive User-Agent and sane timeouts."""

from __future__ import annotations

import httpx

USER_AGENT = "BidDeed/0.1 (foreclosure auction research; +https://github.com/biddeed; polite crawler)"


def make_client(*, timeout_s: float = 20.0, user_agent: str = USER_AGENT) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        headers={"User-Agent": user_agent},
        follow_redirects=True,
    )

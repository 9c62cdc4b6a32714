"""PortalHttp over loopback: retries, the per-host breaker, pacing, and the stale-cache fallback."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from biddeed_assets.portals import http as portal_http
from biddeed_assets.portals.errors import FetchError
from biddeed_assets.portals.http import (
    USER_AGENT,
    HostPaces,
    PortalHttp,
    cache_key,
    host_key,
    is_stale,
    make_client,
)
from biddeed_assets.store.db import open_pool
from biddeed_assets.store.http_cache import HttpCache

CLERK_PAGE = "/clerk/Foreclosures/foreclosure_sales.html"
FAST = {"wait_initial_s": 0.05, "wait_max_s": 0.2, "min_interval_s": 0.0, "timeout_s": 5.0}


@pytest.fixture(autouse=True)
def _fresh_breakers():
    portal_http.reset_breakers()
    yield
    portal_http.reset_breakers()


@pytest.fixture
def cache(db_url):
    pool = open_pool(db_url, max_size=2)
    yield HttpCache(pool)
    pool.close()


class Logs(list):
    """A log sink that keeps (level, message) pairs."""

    def __call__(self, level: str, message: str) -> None:
        self.append((level, message))

    def text(self) -> str:
        return "\n".join(message for _, message in self)


def _clerk(simulator, **settings) -> tuple[PortalHttp, Logs, str]:
    logs = Logs()
    http = PortalHttp("clerk", log=logs, **{**FAST, **settings})
    return http, logs, simulator.url + CLERK_PAGE


def _remaining(simulator) -> int:
    return simulator.sim.faults.snapshot()["clerk"]["remaining"]


# --- a tiny app of our own: echo, cookies, slowness with an in-flight gauge, a 404 ---


class _Gauge:
    def __init__(self):
        self.in_flight = 0
        self.max_in_flight = 0
        self.hits = 0


def _own_app(gauge: _Gauge) -> Starlette:
    async def echo(request: Request) -> Response:
        gauge.hits += 1
        body = (await request.body()).decode()
        return JSONResponse({"headers": dict(request.headers), "query": str(request.url.query), "body": body})

    async def set_cookie(request: Request) -> Response:
        response = Response("ok")
        response.set_cookie("ASP.NET_SessionId", "s3ss10n")
        return response

    async def slow(request: Request) -> Response:
        gauge.in_flight += 1
        gauge.max_in_flight = max(gauge.max_in_flight, gauge.in_flight)
        await asyncio.sleep(0.3)
        gauge.in_flight -= 1
        return Response("done")

    async def missing(request: Request) -> Response:
        gauge.hits += 1
        return Response("no such case", 404)

    return Starlette(routes=[
        Route("/echo", echo, methods=["GET", "POST"]),
        Route("/set-cookie", set_cookie),
        Route("/slow", slow),
        Route("/missing", missing),
    ])


@pytest.fixture(scope="module")
def own_server():
    gauge = _Gauge()
    server = uvicorn.Server(uvicorn.Config(_own_app(gauge), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the test app did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", gauge
    server.should_exit = True
    thread.join(timeout=10)


# --- retries ---


def test_5xx_burst_is_retried_and_counted(simulator):
    simulator.sim.faults.set("clerk", "error_5xx", count=2)
    http, logs, url = _clerk(simulator)
    with http:
        response = http.get(url)
    assert response.status_code == 200 and not is_stale(response)
    assert b"<table" in response.content.lower()
    assert (http.stats["requests"], http.stats["attempts"], http.stats["retries"]) == (1, 3, 2)
    assert "HTTP 502" in logs.text() and "retry 2 of 3" in logs.text()


def test_429_honours_retry_after(simulator):
    simulator.sim.faults.set("clerk", "rate_429", count=1, retry_after_s=1)
    http, _, url = _clerk(simulator)
    started = time.monotonic()
    with http:
        response = http.get(url)
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.9  # the backoff alone would be ~0.1 s
    assert http.stats["retries"] == 1
    assert http.stats["hosts"][host_key(httpx.URL(url))]["breaker_failures"] == 0  # a 429 is no breaker failure


def test_retry_after_is_capped(simulator):
    simulator.sim.faults.set("clerk", "rate_429", count=1, retry_after_s=3600)
    http, _, url = _clerk(simulator, max_retry_after_s=0.2)
    started = time.monotonic()
    with http:
        assert http.get(url).status_code == 200
    assert time.monotonic() - started < 60


def test_timeout_burst_is_retried(simulator):
    simulator.sim.faults.set("clerk", "timeout", count=1, delay_s=1.5)
    http, logs, url = _clerk(simulator, timeout_s=0.5)
    with http:
        response = http.get(url)
    assert response.status_code == 200
    assert http.stats["retries"] == 1
    assert "Timeout" in logs.text()


def test_connection_errors_exhaust_attempts_then_fetch_error():
    with PortalHttp("clerk", log=Logs(), max_attempts=3, **FAST) as http:
        with pytest.raises(FetchError, match=r"127\.0\.0\.1:9.*after 3 attempt"):
            http.get("http://127.0.0.1:9/clerk")  # the discard port: nothing listens on loopback
    assert (http.stats["attempts"], http.stats["retries"], http.stats["failures"]) == (3, 2, 1)


def test_404_is_returned_not_retried_and_no_breaker_failure(own_server):
    base, gauge = own_server
    before = gauge.hits
    with PortalHttp("bcpao", log=Logs(), **FAST) as http:
        response = http.get(base + "/missing")
    assert response.status_code == 404 and gauge.hits == before + 1
    host = http.stats["hosts"][host_key(httpx.URL(base))]
    assert (host["retries"], host["breaker_failures"], host["breaker"]) == (0, 0, "closed")


# --- blocks and the breaker ---


def test_403_is_not_retried_and_counts_as_breaker_failure(simulator):
    simulator.sim.faults.set("clerk", "block_403", count=3)
    http, _, url = _clerk(simulator)
    host = host_key(httpx.URL(url))
    with http, pytest.raises(FetchError, match=f"host {host}.*403"):
        http.get(url)
    assert _remaining(simulator) == 2  # exactly one request reached the server
    assert http.stats["retries"] == 0
    assert http.stats["hosts"][host]["breaker_failures"] == 1


def test_breaker_opens_after_fail_max_blocks_and_stops_calling(simulator):
    simulator.sim.faults.set("clerk", "block_403", count=10)
    http, logs, url = _clerk(simulator, fail_max=3)
    host = host_key(httpx.URL(url))
    with http:
        for _ in range(3):
            with pytest.raises(FetchError):
                http.get(url)
        assert portal_http.breaker_state(host) == "open"
        assert f"circuit breaker for host {host}: closed -> open" in logs.text()
        with pytest.raises(FetchError, match=f"breaker for {host} is open"):
            http.get(url)
    assert _remaining(simulator) == 7  # the fourth call never reached the server
    assert http.stats["rejected"] == 1
    assert any("closed -> open" in change for change in http.stats["breaker_changes"])


def test_breaker_is_shared_by_every_client_of_a_host(simulator):
    simulator.sim.faults.set("clerk", "block_403", count=10)
    first, _, url = _clerk(simulator, fail_max=2)
    with first:
        for _ in range(2):
            with pytest.raises(FetchError):
                first.get(url)
    second, _, _ = _clerk(simulator, fail_max=2)
    with second, pytest.raises(FetchError, match="is open"):
        second.get(url)
    assert _remaining(simulator) == 8


def test_open_breaker_serves_the_remembered_response_stale(simulator, cache):
    http, logs, url = _clerk(simulator, fail_max=2, cache=cache)
    with http:
        good = http.get(url)
        http.remember(good)
        simulator.sim.faults.set("clerk", "block_403", count=10)
        stale = [http.get(url) for _ in range(3)]  # two blocks open the breaker; the third is not sent
    assert all(is_stale(r) and r.content == good.content for r in stale)
    assert _remaining(simulator) == 8
    cached_at = dt.datetime.fromisoformat(stale[-1].extensions["biddeed_cached_at"])
    assert cached_at.tzinfo is not None
    assert logs.text().count("served stale cached response for") == 3
    assert "because the circuit breaker" in logs.text()
    assert (http.stats["fallbacks"], http.stats["rejected"]) == (3, 1)


def test_breaker_half_opens_after_reset_timeout_and_success_closes_it(simulator):
    simulator.sim.faults.set("clerk", "block_403", count=2)
    http, logs, url = _clerk(simulator, fail_max=2, reset_timeout_s=0.5)
    host = host_key(httpx.URL(url))
    with http:
        for _ in range(2):
            with pytest.raises(FetchError):
                http.get(url)
        with pytest.raises(FetchError, match="is open"):
            http.get(url)
        time.sleep(0.6)
        assert http.get(url).status_code == 200
    assert portal_http.breaker_state(host) == "closed"
    text = logs.text()
    assert text.index("closed -> open") < text.index("open -> half-open") < text.index("half-open -> closed")


def test_failed_half_open_trial_reopens_the_breaker(simulator):
    simulator.sim.faults.set("clerk", "block_403", count=-1)
    http, logs, url = _clerk(simulator, fail_max=1, reset_timeout_s=0.3)
    with http:
        with pytest.raises(FetchError):
            http.get(url)
        time.sleep(0.4)
        with pytest.raises(FetchError, match="403"):
            http.get(url)  # the trial, sent and blocked
    assert portal_http.breaker_state(host_key(httpx.URL(url))) == "open"
    assert "half-open -> open" in logs.text()


# --- the cache ---


def test_remember_then_block_returns_the_cached_body_byte_for_byte(simulator, cache):
    http, logs, url = _clerk(simulator, cache=cache)
    with http:
        good = http.get(url)
        http.remember(good)
        simulator.sim.faults.set("clerk", "block_403", count=1)
        stale = http.get(url)
    assert stale.status_code == 200 and is_stale(stale) and not is_stale(good)
    assert stale.content == good.content
    assert stale.headers["content-type"] == good.headers["content-type"]
    assert stale.text == good.text  # decoded with the page's own charset
    assert f"served stale cached response for {url}" in logs.text() and "HTTP 403" in logs.text()


def test_exhausted_5xx_falls_back_to_cache(simulator, cache):
    http, _, url = _clerk(simulator, cache=cache, max_attempts=2)
    with http:
        http.remember(http.get(url))
        simulator.sim.faults.set("clerk", "error_5xx", count=2)
        response = http.get(url)
    assert is_stale(response) and http.stats["fallbacks"] == 1 and http.stats["retries"] == 1


def test_volatile_tx_param_does_not_change_the_cache_key(simulator, cache):
    client = make_client()
    one = client.build_request("GET", "http://h/index.cfm?b=2&tx=111&a=1")
    two = client.build_request("GET", "http://h/index.cfm", params={"a": "1", "tx": "222", "b": "2"})
    other = client.build_request("GET", "http://h/index.cfm?a=1&b=3&tx=1")
    client.close()
    assert cache_key(one) == cache_key(two) == "GET http://h/index.cfm?a=1&b=2"
    assert cache_key(other) != cache_key(one)
    http, _, url = _clerk(simulator, cache=cache)
    with http:
        http.remember(http.get(url, params={"tx": "1700000000000"}))
        simulator.sim.faults.set("clerk", "block_403", count=1)
        assert is_stale(http.get(url, params={"tx": "1700000009999"}))


def test_post_form_body_order_does_not_change_the_key(own_server):
    base, _ = own_server
    client = make_client()
    one = client.build_request("POST", base + "/echo", data={"a": "1", "b": "2", "tx": "9"})
    two = client.build_request("POST", base + "/echo", data={"b": "2", "a": "1"})
    client.close()
    assert cache_key(one) == cache_key(two)
    with PortalHttp("rf-hillsborough", log=Logs(), **FAST) as http:
        assert http.post(base + "/echo", data={"ref": "A1,A2"}).json()["body"] == "ref=A1%2CA2"


def test_no_cache_hit_raises_fetch_error_naming_host(simulator, cache):
    simulator.sim.faults.set("clerk", "block_403", count=1)
    http, _, url = _clerk(simulator, cache=cache)
    with http, pytest.raises(FetchError, match=rf"clerk: GET .* host {host_key(httpx.URL(url))}.*no cached response"):
        http.get(url)


def test_http_cache_upserts(cache):
    assert cache.get("GET http://nowhere/") is None
    first = cache.put("k", "http://x/", 200, {"content-type": "text/html"}, b"\x00one")
    second = cache.put("k", "http://x/", 200, {"content-type": "text/plain"}, b"two\xff")
    row = cache.get("k")
    assert row.body == b"two\xff" and row.headers == {"content-type": "text/plain"} and second >= first


# --- politeness ---


def test_per_host_max_concurrency_is_respected(own_server):
    base, gauge = own_server
    gauge.max_in_flight = 0
    with PortalHttp("bcpao", log=Logs(), **{**FAST, "max_concurrency": 2}) as http:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(lambda _: http.get(base + "/slow").status_code, range(6)))
        elapsed = time.monotonic() - started
    assert statuses == [200] * 6
    assert gauge.max_in_flight <= 2
    assert elapsed >= 3 * 0.3 * 0.95  # six 0.3 s requests, two at a time: at least three rounds


def test_clients_given_the_same_paces_share_each_hosts_limit(own_server):
    base, gauge = own_server
    gauge.max_in_flight = 0
    paces = HostPaces()
    settings = {**FAST, "max_concurrency": 2}
    with PortalHttp("bcpao", log=Logs(), paces=paces, **settings) as one, \
            PortalHttp("official_records", log=Logs(), paces=paces, **settings) as other:
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(lambda i: (one if i % 2 else other).get(base + "/slow").status_code, range(6)))
    assert statuses == [200] * 6
    assert gauge.max_in_flight == 2  # two clients, one host: its limit, not each client's


def test_slow_portal_with_concurrency_two_takes_three_rounds(simulator):
    simulator.sim.faults.set("clerk", "slow", count=-1, delay_s=0.3)
    http, _, url = _clerk(simulator, max_concurrency=2)
    with http, ThreadPoolExecutor(max_workers=6) as pool:
        started = time.monotonic()
        assert all(r.status_code == 200 for r in pool.map(lambda _: http.get(url), range(6)))
        assert time.monotonic() - started >= 3 * 0.3 * 0.95


def test_min_interval_spaces_request_starts(own_server):
    base, _ = own_server
    with PortalHttp("census", log=Logs(), **{**FAST, "min_interval_s": 0.2}) as http:
        started = time.monotonic()
        for _ in range(4):
            http.get(base + "/echo")
    assert time.monotonic() - started >= 3 * 0.2 * 0.95


# --- identity and session ---


def test_user_agent_is_sent(own_server):
    base, _ = own_server
    with PortalHttp("clerk", log=Logs(), **FAST) as http:
        assert http.get(base + "/echo").json()["headers"]["user-agent"] == USER_AGENT
    with make_client() as client:
        assert client.get(base + "/echo").json()["headers"]["user-agent"] == USER_AGENT


def test_cookies_persist_across_calls(own_server):
    base, _ = own_server
    with PortalHttp("rf-hillsborough", log=Logs(), **FAST) as http:
        http.get(base + "/set-cookie")
        assert "ASP.NET_SessionId=s3ss10n" in http.get(base + "/echo").json()["headers"]["cookie"]
        assert http.cookies.get("ASP.NET_SessionId") == "s3ss10n"


def test_log_to_and_pool_name():
    seen = []

    class FakeLog:
        def warning(self, message):
            seen.append(message)

    portal_http.log_to(FakeLog())("warning", "breaker open")
    assert seen == ["breaker open"]
    assert portal_http.pool_name("rf-hillsborough") == "portal_rf_hillsborough"


def test_remembered_pages_reach_the_cache_at_close_and_serve_the_next_client(simulator, cache):
    http, _, url = _clerk(simulator, cache=cache)
    with http:
        good = http.get(url)
        http.remember(good)
        http.remember(http.get(url, params={"page": "2"}))
    key = cache_key(good.request)
    assert cache.get(key).body == good.content
    later, logs, _ = _clerk(simulator, cache=cache)
    simulator.sim.faults.set("clerk", "block_403", count=1)
    with later:
        stale = later.get(url)
    assert is_stale(stale) and stale.content == good.content and "served stale" in logs.text()


def test_put_many_upserts_and_the_last_of_a_key_wins(cache):
    from biddeed_assets.store.http_cache import CachedResponse

    cache.put("many-a", "http://x/a", 200, {}, b"old")
    now = dt.datetime.now(dt.UTC)
    written = cache.put_many([CachedResponse("many-a", "http://x/a", 200, {"content-type": "text/html"}, b"new", now),
                              CachedResponse("many-b", "http://x/b", 404, {}, b"\x00first", now),
                              CachedResponse("many-b", "http://x/b", 200, {}, b"second\xff", now)])
    assert written == 2
    assert cache.get("many-a").body == b"new" and cache.get("many-a").headers == {"content-type": "text/html"}
    assert (cache.get("many-b").status_code, cache.get("many-b").body) == (200, b"second\xff")
    assert cache.put_many([]) == 0

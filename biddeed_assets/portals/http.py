"""The HTTP layer every portal fetch goes through.

A descriptive User-Agent; per host: at most `max_concurrency` requests in flight with their starts at
least `min_interval_s` apart, and a circuit breaker shared by every client in the process; retries
(tenacity, exponential backoff with jitter) for transient failures only; and, when a host cannot
answer, the last good response the caller `remember`ed, marked stale in `response.extensions`.
Bodies are streamed and refused (PageTooLarge, a ParseError) past BIDDEED_MAX_PAGE_BYTES, never
retried or replaced by the cache: a page that big is not a page to parse.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
import logging
import os
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

import certifi
import httpx
import psycopg
import pybreaker
import tenacity
from opentelemetry import trace

from biddeed_assets.portals.errors import FetchError, PageTooLarge
from biddeed_assets.store.http_cache import CachedResponse

if TYPE_CHECKING:
    from biddeed_assets.store.http_cache import HttpCache

USER_AGENT = "BidDeed/0.1 (foreclosure auction research; +https://github.com/biddeed; polite crawler)"

tracer = trace.get_tracer("biddeed.portals")
STALE = "biddeed_stale"  # response.extensions key: True when served from the cache
CACHED_AT = "biddeed_cached_at"  # response.extensions key: ISO time the cached response was fetched
CACHE_KEY = "biddeed_cache_key"  # response.extensions key: the key `remember` stores the response under
VOLATILE_PARAMS = frozenset({"tx", "_"})  # cache-busters: they never change what a page says
# The stored body is already decoded, and a replayed session cookie would be a stale one.
_UNSTORED_HEADERS = frozenset(
    {"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive", "set-cookie"}
)
_TRANSPORT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_COUNTS = ("requests", "attempts", "retries", "fallbacks", "failures", "rejected")
_NO_VERDICT = object()  # an attempt that says nothing about the host's health (429, or our own error)

MAX_PAGE_BYTES_ENV = "BIDDEED_MAX_PAGE_BYTES"
DEFAULT_MAX_PAGE_BYTES = 20_000_000  # parsing costs ~30x a page's size in memory: a 50 MB page took 1.5 GB
# Headers that describe the body as it came over the wire; the body kept is decoded and whole.
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})

Log = Callable[[str, str], None]
_logger = logging.getLogger(__name__)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every client: loading the CA bundle costs ~0.1 s per client otherwise."""
    return ssl.create_default_context(cafile=certifi.where())


# Asks a server that can travel in time (the simulator) for its pages as of a date; real sites ignore it.
AS_OF_HEADER = "X-Simulator-Today"


def make_client(*, timeout_s: float = 20.0, user_agent: str = USER_AGENT) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        headers={"User-Agent": user_agent},
        follow_redirects=True,
        verify=_tls_context(),
    )


def max_page_bytes() -> int:
    """The page size cap in bytes: BIDDEED_MAX_PAGE_BYTES (e.g. 20000000 or 20_000_000), default 20 MB."""
    raw = os.environ.get(MAX_PAGE_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_PAGE_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{MAX_PAGE_BYTES_ENV} must be a positive whole number of bytes, not {raw!r}")
    return value


def read_capped(response: httpx.Response, limit: int) -> bytes:
    """A streamed response's decoded body, refused (PageTooLarge) as soon as it declares or grows past `limit`."""
    url = str(response.request.url)
    declared = (response.headers.get("content-length") or "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise PageTooLarge(url, limit, declared=int(declared))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise PageTooLarge(url, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def send_capped(client: httpx.Client, request: httpx.Request, limit: int | None = None) -> httpx.Response:
    """Send a request, streaming its answer, and return it read whole unless it is above the page cap."""
    response = client.send(request, stream=True)
    try:
        body = read_capped(response, max_page_bytes() if limit is None else limit)
    finally:
        response.close()
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _WIRE_HEADERS]
    extensions = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
    return httpx.Response(response.status_code, headers=headers, content=body, request=response.request,
                          extensions=extensions, history=response.history)


def request_summary(*stats: Mapping[str, Any]) -> dict[str, Any]:
    """What an asset's clients (their `stats`) did, for its metadata: the counts, and the requests per host."""
    hosts: Counter = Counter()
    for one in stats:
        for host, counts in one.get("hosts", {}).items():
            hosts[host] += counts.get("requests", 0)
    totals = {name: sum(one.get(name, 0) for one in stats) for name in ("requests", "retries", "fallbacks", "failures")}
    return {**totals, "hosts": dict(hosts)}


def default_log(level: str, message: str) -> None:
    """Log through the standard logging module."""
    _logger.log(getattr(logging, level.upper(), logging.INFO), message)


def log_to(logger: Any) -> Log:
    """A log sink over any logger with debug/info/warning/error methods, e.g. a Dagster `context.log`."""
    return lambda level, message: getattr(logger, level)(message)


def pool_name(portal: str) -> str:
    """The Dagster pool the assets fetching from this portal run in, so runs share its politeness."""
    return "portal_" + portal.replace("-", "_")


def is_stale(response: httpx.Response) -> bool:
    """Whether this response was served from the cache instead of the portal."""
    return bool(response.extensions.get(STALE, False))


def host_key(url: httpx.URL) -> str:
    """The host a breaker and a pace belong to: host, with the port when it is not the default."""
    return f"{url.host}:{url.port}" if url.port else url.host


def cache_key(request: httpx.Request) -> str:
    """Method + URL without volatile params + sorted query and form body: what makes two requests the same."""
    url = request.url
    query = sorted((k, v) for k, v in url.params.multi_items() if k.lower() not in VOLATILE_PARAMS)
    key = f"{request.method} {url.copy_with(query=None, fragment=None)}"
    if query:
        key += "?" + urlencode(query)
    if request.content:
        key += " " + _body_key(request.content, request.headers.get("content-type", ""))
    return key


def _body_key(body: bytes, content_type: str) -> str:
    if content_type.startswith("application/x-www-form-urlencoded"):
        fields = parse_qsl(body.decode("latin-1"), keep_blank_values=True)
        return urlencode(sorted((k, v) for k, v in fields if k.lower() not in VOLATILE_PARAMS))
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _retry_after_s(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class PortalUnavailable(FetchError):
    """A portal host could not answer (retries exhausted, blocked, or breaker open) and nothing was cached."""

    def __init__(self, portal: str, host: str, method: str, url: str, reason: str, attempts: int):
        super().__init__(
            f"{portal}: {method} {url} failed at host {host}: {reason}; no cached response to fall back on"
        )
        self.portal, self.host, self.url, self.reason, self.attempts = portal, host, url, reason, attempts


class _Unavailable(Exception):
    """An attempt's failure that ends in the cache fallback."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Transient(_Unavailable):
    """Worth retrying: a timeout, a connection error, a 5xx or a 429."""


class _RateLimited(_Transient):
    def __init__(self, reason: str, retry_after_s: float | None):
        super().__init__(reason)
        self.retry_after_s = retry_after_s


class _Blocked(_Unavailable):
    """A 403: the host refuses us; asking again would not help and would look worse."""


class _BreakerOpen(_Unavailable):
    """The host's breaker is open: the request is not sent at all."""


class _HostFailure(Exception):
    """What the breaker is told when an attempt failed."""


def _outcome(failure: str | None) -> None:
    if failure is not None:
        raise _HostFailure(failure)


# --- circuit breakers, one per host, shared by every PortalHttp in the process ---------------------------

_owner = threading.local()  # the PortalHttp whose call is driving a breaker, so it logs the state change


class _StateLog(pybreaker.CircuitBreakerListener):
    def state_change(self, cb: pybreaker.CircuitBreaker, old_state: Any, new_state: Any) -> None:
        old = old_state.name if old_state is not None else "none"
        owner = getattr(_owner, "http", None)
        if owner is not None:
            owner._breaker_changed(cb.name, old, new_state.name, cb.fail_counter)
        else:
            default_log("warning", f"circuit breaker for host {cb.name}: {old} -> {new_state.name}")


class _HostBreaker:
    """pybreaker's state machine for one host, asked before each attempt and told its outcome after.

    pybreaker's own `call` holds the breaker's lock for the whole guarded call, which would serialize
    every request to the host; so the request runs outside, and only its outcome goes through `call`.
    """

    def __init__(self, host: str, fail_max: int, reset_timeout_s: float):
        self.host = host
        self._storage = pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=fail_max, reset_timeout=reset_timeout_s, state_storage=self._storage,
            listeners=[_StateLog()], name=host,
        )
        self._lock = threading.Lock()
        self._trial_in_flight = False

    @property
    def state(self) -> str:
        return self.breaker.current_state

    def admit(self) -> bool:
        """Let an attempt through (True when it is the half-open trial), or raise _BreakerOpen."""
        with self._lock:
            if self.breaker.current_state == pybreaker.STATE_OPEN:
                opened_at = self._storage.opened_at or dt.datetime.now(dt.UTC)
                reopens = opened_at + dt.timedelta(seconds=self.breaker.reset_timeout)
                if dt.datetime.now(dt.UTC) < reopens:
                    raise _BreakerOpen(f"the circuit breaker for {self.host} is open until {reopens:%H:%M:%S} UTC")
                self.breaker.half_open()
            if self.breaker.current_state == pybreaker.STATE_HALF_OPEN:
                if self._trial_in_flight:
                    raise _BreakerOpen(f"the circuit breaker for {self.host} is half-open with a trial in flight")
                self._trial_in_flight = True
                return True
            return False

    def record(self, verdict: Any, trial: bool) -> None:
        """Tell the breaker an attempt's outcome: None success, a str failure, _NO_VERDICT nothing."""
        with self._lock:
            if trial:
                self._trial_in_flight = False
            if verdict is _NO_VERDICT:
                return
            try:
                self.breaker.call(_outcome, verdict)
            except (_HostFailure, pybreaker.CircuitBreakerError):
                pass  # recorded; the attempt itself reports the failure


_BREAKERS: dict[str, _HostBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def _breaker_for(host: str, fail_max: int, reset_timeout_s: float) -> _HostBreaker:
    """The host's breaker; the first client to reach a host sets its fail_max and reset timeout."""
    with _BREAKERS_LOCK:
        if host not in _BREAKERS:
            _BREAKERS[host] = _HostBreaker(host, fail_max, reset_timeout_s)
        return _BREAKERS[host]


def breaker_state(host: str) -> str:
    """'closed', 'open' or 'half-open' for a host ('closed' when never reached)."""
    return breaker_status(host)["breaker"]


def breaker_status(host: str) -> dict[str, Any]:
    """A host's breaker state and its count of consecutive failures."""
    with _BREAKERS_LOCK:
        breaker = _BREAKERS.get(host)
    if breaker is None:
        return {"breaker": pybreaker.STATE_CLOSED, "breaker_failures": 0}
    return {"breaker": breaker.state, "breaker_failures": breaker.breaker.fail_counter}


def reset_breakers() -> None:
    """Forget every host's breaker (tests)."""
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


# --- politeness per host ---------------------------------------------------------------------------------


class _HostPace:
    """At most `max_concurrency` requests in flight to one host, their starts `min_interval_s` apart."""

    def __init__(self, max_concurrency: int, min_interval_s: float):
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._min_interval_s = min_interval_s

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start)
                self._next_start = start + self._min_interval_s
            if start > now:
                time.sleep(start - now)
            yield

    def defer(self, seconds: float) -> None:
        """Hold every request to the host back for `seconds` (the host asked us to slow down)."""
        with self._lock:
            self._next_start = max(self._next_start, time.monotonic() + seconds)


class HostPaces:
    """Each host's pace, shared by the clients given it: one step's clients to a host then keep one limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paces: dict[str, _HostPace] = {}

    def of(self, host: str, max_concurrency: int, min_interval_s: float) -> _HostPace:
        """The host's pace; the first client to reach the host sets its limits."""
        with self._lock:
            if host not in self._paces:
                self._paces[host] = _HostPace(max_concurrency, min_interval_s)
            return self._paces[host]


# --- the client ------------------------------------------------------------------------------------------


class PortalHttp:
    """A portal's resilient, thread-safe HTTP client with httpx-like get/post; see the module docstring."""

    def __init__(
        self,
        portal: str,
        *,
        cache: HttpCache | None = None,
        log: Log | None = None,
        timeout_s: float = 20.0,
        max_attempts: int = 4,
        wait_initial_s: float = 0.5,
        wait_max_s: float = 8.0,
        max_retry_after_s: float = 60.0,
        fail_max: int = 5,
        reset_timeout_s: float = 30.0,
        min_interval_s: float = 0.1,
        max_concurrency: int = 4,
        user_agent: str = USER_AGENT,
        headers: Mapping[str, str] | None = None,
        paces: HostPaces | None = None,
    ):
        self.portal = portal
        self.max_attempts = max_attempts
        self.max_retry_after_s = max_retry_after_s
        self.fail_max = fail_max
        self.reset_timeout_s = reset_timeout_s
        self.min_interval_s = min_interval_s
        self.max_concurrency = max_concurrency
        self._cache = cache
        self._log = log if log is not None else default_log
        self._backoff = tenacity.wait_exponential_jitter(multiplier=wait_initial_s, max=wait_max_s, jitter=wait_initial_s)
        self._client = make_client(timeout_s=timeout_s, user_agent=user_agent)
        self._client.headers.update(headers or {})
        self._lock = threading.Lock()
        self._paces = paces if paces is not None else HostPaces()
        self._counts: dict[str, Counter] = {}
        self._breaker_changes: list[str] = []
        self._pending: dict[str, CachedResponse] = {}  # remembered, not yet in the cache

    def __enter__(self) -> PortalHttp:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._client.close()

    @property
    def cookies(self) -> httpx.Cookies:
        """The session's cookie jar (kept across calls)."""
        return self._client.cookies

    def get(self, url: str, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> httpx.Response:
        return self.request("GET", url, params=params, headers=headers)

    def post(self, url: str, data: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> httpx.Response:
        return self.request("POST", url, data=data, headers=headers)

    def request(self, method: str, url: str, *, params: Any = None, data: Any = None, headers: Any = None) -> httpx.Response:
        """Send with pacing, breaker and retries; on a host failure serve the cached response or raise FetchError.

        Each request is a span (portal, host, method, URL without its query, status, attempts, stale) with a
        child span per attempt.
        """
        request = self._client.build_request(method, url, params=params, data=data, headers=headers)
        with tracer.start_as_current_span(f"{self.portal} {method}", kind=trace.SpanKind.CLIENT, attributes={
            "biddeed.portal": self.portal, "server.address": request.url.host or "", "http.request.method": method,
            "url.full": str(request.url.copy_with(query=None)),
        }) as span:
            response = self._request(request, method, url, params, data, headers)
            span.set_attribute("http.response.status_code", response.status_code)
            span.set_attribute("biddeed.stale", is_stale(response))
            return response

    def _request(self, request: httpx.Request, method: str, url: str, params: Any, data: Any,
                 headers: Any) -> httpx.Response:
        host = host_key(request.url)
        self._count(host, "requests")
        sent = [0]
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.max_attempts),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Transient),
            before_sleep=self._before_sleep(host, method, request.url),
            reraise=True,
        )
        try:
            built = [request]  # the first attempt sends the request built above; a retry builds its own
            response = retrying(self._attempt, host, sent, built, method, url, params, data, headers)
        except _Unavailable as exc:
            trace.get_current_span().set_attribute("biddeed.attempts", sent[0])
            return self._fall_back(request, host, exc, sent[0])
        trace.get_current_span().set_attribute("biddeed.attempts", sent[0])
        response.extensions[STALE] = False
        response.extensions[CACHE_KEY] = cache_key(request)
        return response

    def remember(self, response: httpx.Response) -> None:
        """Keep a response as its request's last good one; call it once the page parsed.

        Kept in memory (and served from there) until `flush` or `close` stores them all in one statement: a
        database round trip per page would cost about as much as fetching it.
        """
        if self._cache is None or is_stale(response):
            return
        key = response.extensions.get(CACHE_KEY) or cache_key(response.request)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in _UNSTORED_HEADERS}
        with self._lock:
            self._pending[key] = CachedResponse(key, str(response.request.url), response.status_code, headers,
                                            response.content, dt.datetime.now(dt.UTC))

    def flush(self) -> None:
        """Store the remembered responses in the HTTP cache."""
        with self._lock:
            pending, self._pending = self._pending, {}
        if self._cache is None or not pending:
            return
        try:
            self._cache.put_many(list(pending.values()))
        except psycopg.Error as exc:
            self._log("warning", f"{self.portal}: could not cache {len(pending)} response(s): {exc}")

    @property
    def stats(self) -> dict[str, Any]:
        """Counts per host and in total, each host's breaker state, and the breaker changes this client saw."""
        with self._lock:
            hosts = {host: dict(counts) for host, counts in self._counts.items()}
            changes = list(self._breaker_changes)
        totals = {name: sum(counts.get(name, 0) for counts in hosts.values()) for name in _COUNTS}
        per_host = {
            host: {**{name: counts.get(name, 0) for name in _COUNTS}, **breaker_status(host)}
            for host, counts in hosts.items()
        }
        return {**totals, "hosts": per_host, "breaker_changes": changes}

    # --- one attempt ---

    def _attempt(self, host: str, sent: list[int], built: list[httpx.Request], method: str, url: str, params: Any,
                 data: Any, headers: Any) -> httpx.Response:
        breaker = _breaker_for(host, self.fail_max, self.reset_timeout_s)
        try:
            trial = self._driving(breaker.admit)
        except _BreakerOpen:
            self._count(host, "rejected")
            raise
        verdict: Any = _NO_VERDICT
        try:
            # built before the host's slot is taken: the slot is for the exchange alone
            request = built.pop() if built else self._client.build_request(method, url, params=params, data=data,
                                                                           headers=headers)
            with self._pace(host).slot(), tracer.start_as_current_span("attempt") as span:
                sent[0] += 1
                span.set_attribute("biddeed.attempt", sent[0])
                self._count(host, "attempts")
                try:
                    response = send_capped(self._client, request)
                except _TRANSPORT_ERRORS as exc:
                    verdict = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                    span.set_attribute("error.type", type(exc).__name__)
                    raise _Transient(verdict) from exc
                span.set_attribute("http.response.status_code", response.status_code)
            verdict = _verdict(response.status_code)
        finally:
            self._driving(breaker.record, verdict, trial)
        return self._check(response, host)

    def _check(self, response: httpx.Response, host: str) -> httpx.Response:
        """Turn a failing status into the exception that decides retry or fallback."""
        status = response.status_code
        if status == 429:
            retry_after = _retry_after_s(response.headers.get("retry-after"))
            if retry_after is not None:
                self._pace(host).defer(min(retry_after, self.max_retry_after_s))
            raise _RateLimited("HTTP 429 (rate limited)", retry_after)
        if status >= 500:
            raise _Transient(f"HTTP {status}")
        if status == 403:
            raise _Blocked("HTTP 403 (blocked), not retried")
        return response

    def _wait(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _RateLimited) and exc.retry_after_s is not None:
            return min(exc.retry_after_s, self.max_retry_after_s)
        return self._backoff(retry_state)

    def _before_sleep(self, host: str, method: str, url: httpx.URL) -> Callable[[tenacity.RetryCallState], None]:
        def hook(retry_state: tenacity.RetryCallState) -> None:
            self._count(host, "retries")
            exc = retry_state.outcome.exception() if retry_state.outcome else None
            self._log("info", f"{self.portal}: {method} {url} failed ({exc}); retry {retry_state.attempt_number} "
                              f"of {self.max_attempts - 1} in {retry_state.upcoming_sleep:.2f} s")
        return hook

    def _fall_back(self, request: httpx.Request, host: str, exc: _Unavailable, sent: int) -> httpx.Response:
        reason = f"{exc.reason} after {sent} attempt(s)" if sent else exc.reason
        cached = self._lookup(cache_key(request))
        if cached is None:
            self._count(host, "failures")
            raise PortalUnavailable(self.portal, host, request.method, str(request.url), reason, sent) from exc
        self._count(host, "fallbacks")
        self._log("warning", f"{self.portal}: served stale cached response for {request.url} "
                             f"(fetched at {cached.fetched_at.isoformat()}) because {reason}")
        return httpx.Response(
            cached.status_code, headers=cached.headers, content=cached.body, request=request,
            extensions={STALE: True, CACHED_AT: cached.fetched_at.isoformat(), CACHE_KEY: cached.cache_key},
        )

    def _lookup(self, key: str) -> CachedResponse | CachedResponse | None:
        if self._cache is None:
            return None
        with self._lock:
            pending = self._pending.get(key)
        if pending is not None:
            return pending
        try:
            return self._cache.get(key)
        except psycopg.Error as exc:
            self._log("error", f"{self.portal}: the HTTP cache could not be read: {exc}")
            return None

    # --- bookkeeping ---

    def _driving(self, action: Callable[..., Any], *args: Any) -> Any:
        """Run a breaker action with this client as the one that logs the state changes it causes."""
        _owner.http = self
        try:
            return action(*args)
        finally:
            _owner.http = None

    def _breaker_changed(self, host: str, old: str, new: str, failures: int) -> None:
        why = f" after {failures} consecutive failure(s)" if new == pybreaker.STATE_OPEN and old == pybreaker.STATE_CLOSED else ""
        message = f"{self.portal}: circuit breaker for host {host}: {old} -> {new}{why}"
        with self._lock:
            self._breaker_changes.append(f"{dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ} {host}: {old} -> {new}")
        self._log("warning" if new == pybreaker.STATE_OPEN else "info", message)

    def _pace(self, host: str) -> _HostPace:
        return self._paces.of(host, self.max_concurrency, self.min_interval_s)

    def _count(self, host: str, name: str) -> None:
        with self._lock:
            self._counts.setdefault(host, Counter())[name] += 1


def _verdict(status: int) -> Any:
    """What an answer says about the host: a failure (5xx, 403 block), nothing (429), else success (None)."""
    if status == 429:
        return _NO_VERDICT
    if status >= 500 or status == 403:
        return f"HTTP {status}"
    return None

"""Errors a portal raises: what went wrong, and where."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TypeVar

import lxml.etree

F = TypeVar("F", bound=Callable)

# What parsing code raises on a page it cannot read: lxml's own errors, its AssertionError on some cut
# pages, JSON and Unicode errors (ValueError), and the lookups and arithmetic of code that met a shape
# it did not expect. A parser entry turns each into a ParseError so a caller has one thing to catch.
UNREADABLE = (
    AssertionError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    lxml.etree.Error,
)


class PortalError(Exception):
    """A portal could not give us what we asked for."""


class ParseError(PortalError):
    """A page could not be read as the kind of page it claims to be."""

    def __init__(self, message: str, *, source_url: str | None = None):
        super().__init__(message if not source_url else f"{message} ({source_url})")
        self.reason = message
        self.source_url = source_url


class PageTooLarge(ParseError):
    """A page larger than the configured cap: refused before it is read or parsed."""

    def __init__(self, url: str | None, limit: int, *, declared: int | None = None):
        size = f"declares {declared:,} bytes" if declared is not None else "grew past the cap while read"
        super().__init__(
            f"page refused: it {size}, above the cap of {limit:,} bytes (BIDDEED_MAX_PAGE_BYTES)",
            source_url=url,
        )
        self.limit = limit
        self.declared = declared


class FetchError(PortalError):
    """A page could not be fetched (after retries), or came back unusable."""


def parse_errors_only(what: str) -> Callable[[F], F]:
    """Decorate a parser entry so that whatever it cannot read ends in a ParseError naming `what` and the URL."""

    def wrap(fn: F) -> F:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def entry(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except ParseError:
                raise
            except UNREADABLE as exc:
                raise ParseError(
                    f"the {what} could not be read: {type(exc).__name__}: {exc}"[:500],
                    source_url=_source_url(signature, args, kwargs),
                ) from exc

        return entry  # type: ignore[return-value]

    return wrap


def _source_url(signature: inspect.Signature, args: tuple, kwargs: dict) -> str | None:
    try:
        url = signature.bind_partial(*args, **kwargs).arguments.get("source_url")
    except TypeError:
        return None
    return url if isinstance(url, str) else None

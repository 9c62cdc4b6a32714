"""Errors a portal raises: what went wrong, and where."""


class PortalError(Exception):
    """A portal could not give us what we asked for."""


class ParseError(PortalError):
    """A page could not be read as the kind of page it claims to be."""

    def __init__(self, message: str, *, source_url: str | None = None):
        super().__init__(message if not source_url else f"{message} ({source_url})")
        self.reason = message
        self.source_url = source_url


class FetchError(PortalError):
    """A page could not be fetched (after retries), or came back unusable."""

"""A portal that stays down after the HTTP layer's retries: ask Dagster to re-run the step later."""

from contextlib import contextmanager

import dagster as dg

from biddeed_assets.portals.http import PortalUnavailable


@contextmanager
def retry_when_unavailable(config):
    """Turn PortalUnavailable into Dagster's RetryRequested (other errors, e.g. parse errors, fail at once)."""
    try:
        yield
    except PortalUnavailable as exc:
        if config.retries_when_unavailable <= 0:
            raise
        raise dg.RetryRequested(
            max_retries=config.retries_when_unavailable, seconds_to_wait=config.retry_wait_s
        ) from exc

"""Argument types and the parser of the `biddeed` command: a bad argument is one line and exit 2, before any work."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UsageError(ValueError):
    """An argument or input file the command cannot use: `main` prints it as one line and exits 2."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the one line `biddeed: error: ...` (no usage dump); subparsers inherit it."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())}\n")


def one_line(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def iso_date(text: str) -> dt.date:
    """A calendar date written YYYY-MM-DD (not 12/09/2026, not `tomorrow`)."""
    try:
        if _ISO.match(text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date on the calendar (YYYY-MM-DD)") from None
    raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD")


def partition_range() -> tuple[dt.date, dt.date]:
    """The first and last sale dates partitioned (the last is two weeks ahead of today in Florida)."""
    from biddeed_assets.defs.partitions import auction_dates

    first = dt.datetime.fromisoformat(auction_dates.start.isoformat()).date()
    return first, dt.date.fromisoformat(auction_dates.get_last_partition_key())


def partition_date(text: str) -> str:
    """An ISO sale date inside the date partitions, as the partition key YYYY-MM-DD."""
    day = iso_date(text)
    first, last = partition_range()
    if not first <= day <= last:
        raise argparse.ArgumentTypeError(f"{day} is outside the sale-date partitions ({first} to {last})")
    return day.isoformat()


def county(text: str) -> str:
    """A county of the registry by slug or name ('miami_dade', 'Miami-Dade'), as its slug."""
    from biddeed_assets.portals.counties import BY_SLUG
    from biddeed_assets.portals.kinds import county_arg

    try:
        return county_arg(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"unknown county {text!r}; known: {', '.join(sorted(BY_SLUG))}") from None


def enabled_county(text: str) -> str:
    """A county that is partitioned and ingested (BIDDEED_COUNTIES), as its slug."""
    from biddeed_assets.portals.counties import enabled_slugs

    slug, enabled = county(text), enabled_slugs()
    if slug not in enabled:
        raise argparse.ArgumentTypeError(f"county {slug!r} is not enabled (BIDDEED_COUNTIES); enabled: "
                                         f"{', '.join(enabled)}")
    return slug


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (1 to 65535)")
    return value


def http_url(text: str) -> str:
    """An http(s) URL with a host, such as a running simulator's http://127.0.0.1:8765."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL such as http://127.0.0.1:8765")
    try:
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} has no valid port") from None
    return text


def existing_file(text: str) -> Path:
    """A path to a readable regular file."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"not a file: {text}")
    return path


def read_utf8(path: Path) -> str:
    """The file's text; UsageError when it is not UTF-8 (a BOM is allowed)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def say(text: str) -> None:
    """One line for the person at the terminal (stderr: stdout stays the command's output)."""
    print(text, file=sys.stderr, flush=True)

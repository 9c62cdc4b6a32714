"""Progress of a long command: a bar with counts and ETA on a terminal, plain lines in a log (CI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

# Plain lines come at most this often (the first after as long, the last at the end if any came before): a log
# shows a long command's progress without a line per item, and a short command leaves it alone.
PLAIN_EVERY_S = 10.0


class Progress:
    """`with Progress("replaying", total=182, unit="sale days") as bar: bar.advance(26)`."""

    def __init__(self, description: str, total: int, *, unit: str = "", stream: TextIO | None = None,
                 tty: bool | None = None):
        self.description, self.total, self.unit = description, total, unit
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = 0
        self._started = time.monotonic()
        self._last_line = time.monotonic()
        self._printed = False
        self._rich: RichProgress | None = None
        self._task = None

    def __enter__(self) -> Progress:
        self._started = self._last_line = time.monotonic()
        self._printed = False
        if self.tty:
            self._rich = RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(self.unit),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False)
            self._rich.__enter__()
            self._task = self._rich.add_task(self.description, total=self.total)
        return self

    def advance(self, n: int = 1, note: str = "") -> None:
        self.done += n
        if self._rich is not None:
            self._rich.update(self._task, advance=n, description=f"{self.description}{' ' + note if note else ''}")
            return
        now = time.monotonic()
        if now - self._last_line >= PLAIN_EVERY_S or (self.done >= self.total and self._printed):
            self._last_line, self._printed = now, True
            print(self.line(note), file=self.stream, flush=True)

    def line(self, note: str = "") -> str:
        """The plain progress line: counts, elapsed time and the estimate of what remains."""
        elapsed = time.monotonic() - self._started
        eta = elapsed / self.done * (self.total - self.done) if self.done else None
        return (f"{self.description}: {self.done}/{self.total} {self.unit}".rstrip()
                + f" ({elapsed:.0f} s" + (f", ETA {eta:.0f} s" if eta is not None and self.done < self.total else "")
                + ")" + (f" {note}" if note else ""))

    def __exit__(self, *exc_info: object) -> None:
        if self._rich is not None:
            self._rich.__exit__(*exc_info)

"""Progress of long commands: a bar with counts and ETA on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from biddeed_assets.app import progress
from biddeed_assets.app.progress import Progress


def test_a_log_gets_plain_lines_with_counts_and_the_estimate(monkeypatch):
    monkeypatch.setattr(progress, "PLAIN_EVERY_S", 0.0)
    out = io.StringIO()
    with Progress("replaying history", 4, unit="sale days", stream=out) as bar:
        bar.advance(1, note="brevard")
        bar.advance(3)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("replaying history: 1/4 sale days (") and "ETA" in lines[0] and lines[0].endswith("brevard")
    assert lines[-1].startswith("replaying history: 4/4 sale days (") and "ETA" not in lines[-1]
    assert "\x1b[" not in out.getvalue()  # no terminal codes in a log


def test_a_short_command_leaves_a_log_alone():
    out = io.StringIO()
    with Progress("materializing", 100, stream=out) as bar:
        for _ in range(100):
            bar.advance()
    assert out.getvalue() == ""  # done within PLAIN_EVERY_S: no line at all, let alone one per item


def test_a_terminal_gets_the_bar():
    out = io.StringIO()
    with Progress("benchmarks", 2, unit="benches", stream=out, tty=True) as bar:
        bar.advance(2)
    assert "2/2" in out.getvalue() and "benchmarks" in out.getvalue()

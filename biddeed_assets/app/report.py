"""`biddeed report`: the printable report of a sale day (md, html or pdf), to a file or standard output."""

from __future__ import annotations

import sys
from pathlib import Path

from biddeed_assets.bid_sheet import report, report_pdf

FORMATS = {"md": report.as_markdown, "html": report.as_html, "pdf": report_pdf.as_pdf}


class ReportError(ValueError):
    """A bad request of the report: said in one line."""


def title(date: str, county: str | None) -> str:
    return f"BidDeed bid sheet for {date}" + (f", {county}" if county else "")


def render(rows: list[dict], *, fmt: str, date: str, county: str | None = None, decisions: str | None = None,
           third_party_likely: bool = False) -> str | bytes:
    """The report of the rows in `fmt`, after the investor's filters."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    chosen = report.parse_decisions(decisions) if decisions else None
    picked = report.select(rows, decisions=chosen, third_party_likely=third_party_likely)
    return FORMATS[fmt](picked, title=title(date, county))


def write(output: str | bytes, path: str | None) -> None:
    """To the file (made whole or not at all) or, without one, to standard output."""
    if path is None:
        if isinstance(output, bytes):
            if sys.stdout.isatty():
                raise ReportError("a PDF is not for a terminal: give --output FILE, or redirect standard output")
            sys.stdout.flush()
            sys.stdout.buffer.write(output)
            sys.stdout.buffer.flush()
            return
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
        return
    target = Path(path)
    if not target.parent.is_dir():
        raise ReportError(f"{path}: no such directory {str(target.parent)!r}")
    partial = target.with_name(target.name + ".partial")
    if isinstance(output, bytes):
        partial.write_bytes(output)
    else:
        partial.write_text(output, encoding="utf-8")
    partial.replace(target)

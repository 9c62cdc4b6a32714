"""The sale-day report as a PDF (fpdf2, pure Python), with the DejaVu fonts matplotlib ships for full Unicode."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from biddeed_assets.bid_sheet import report

FONT = "DejaVu"
_WIDTHS = (58, 24, 26, 18, 22, 30)  # mm of the summary columns on an A4 page's 180 mm


@functools.cache
def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _document(title: str):
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("BidDeed")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_font(FONT, "", _font_dir() / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", _font_dir() / "DejaVuSans-Bold.ttf")
    return pdf


def _line(pdf, text: str, *, size: float = 9, style: str = "", link: str | None = None) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", link=link or None, align="L")


def _summary(pdf, section: report.Section) -> None:
    pdf.set_font(FONT, "B", 8)
    for (title, _), width in zip(report.SUMMARY, _WIDTHS, strict=True):
        pdf.cell(width, 5, title, border=1)
    pdf.ln()
    pdf.set_font(FONT, "", 8)
    for row in section.rows:
        for text, width in zip(report.summary_cells(row), _WIDTHS, strict=True):
            pdf.cell(width, 5, text, border=1)
        pdf.ln()


def _case(pdf, row: dict) -> None:
    pdf.ln(2)
    _line(pdf, f"{row['case_number']} — {row.get('decision') or '—'}", size=11, style="B")
    for label, text in report.facts(row):
        _line(pdf, f"{label}: {text}")
    _line(pdf, "reasons:", style="B")
    for i, reason in enumerate(report.reasons(row), 1):
        _line(pdf, f"  {i}. {reason}")
    if report.narrative(row):
        _line(pdf, f"narrative: {report.narrative(row)}")
    for label, url in report.links(row):
        pdf.set_text_color(0, 0, 200)
        _line(pdf, f"{label}: {url}", link=url)
        pdf.set_text_color(0, 0, 0)


def as_pdf(rows: Sequence[dict], *, title: str = "Bid sheet") -> bytes:
    pdf = _document(title)
    pdf.add_page()
    _line(pdf, title, size=16, style="B")
    if not rows:
        _line(pdf, "No case matches.")
    for i, section in enumerate(report.sections(rows)):
        if i:
            pdf.add_page()  # a county's sale day starts its own page
        pdf.ln(3)
        _line(pdf, section.heading, size=13, style="B")
        _line(pdf, section.tally)
        pdf.ln(1)
        _summary(pdf, section)
        for row in section.rows:
            _case(pdf, row)
    return bytes(pdf.output())

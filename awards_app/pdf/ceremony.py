"""The ceremony pack's PDFs: the running order and script, the photographer's list, the press
list and the sponsors' sheets, each a section that starts on a new page with the consent
rule it applied at its top. Plain data in, bytes out.

The caller (services/ceremony) has already applied the consent rules: this module prints the
blocks it is given, in the bundled fonts (accented, Greek, Cyrillic and Arabic names).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from awards_app.core.errors import Cancelled
from awards_app.pdf import fonts
from awards_app.pdf.ceremony_blocks import ENTRY, HEADING, INFO, LEAD, NOTE, TEXT, DETAIL, Section

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 16 * mm, 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
INK = HexColor("#1f2933")
ACCENT = HexColor("#2f5d62")
MUTED = HexColor("#5b6770")
TINT = HexColor("#eef3f4")
RULE_LINE = HexColor("#b8c4ca")


def _style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
    extra.setdefault("fontName", fonts.SANS)
    extra.setdefault("textColor", INK)
    return ParagraphStyle(name, fontSize=size, leading=leading, **extra)


TITLE = _style("title", 19, 24, fontName=fonts.SANS_BOLD, spaceAfter=4)
STYLES = {
    LEAD: _style("lead", 11, 15, textColor=MUTED, spaceAfter=8),
    HEADING: _style("heading", 13, 17, fontName=fonts.SANS_BOLD, textColor=ACCENT,
                    spaceBefore=12, spaceAfter=3, keepWithNext=1),
    INFO: _style("info", 10, 13.5, textColor=MUTED, keepWithNext=1),
    ENTRY: _style("entry", 11.5, 15.5, fontName=fonts.SANS_BOLD, spaceBefore=7,
                  keepWithNext=1),
    DETAIL: _style("detail", 10, 13.5, leftIndent=12),
    TEXT: _style("text", 10.5, 15, leftIndent=12, spaceBefore=2, spaceAfter=2),
    NOTE: _style("note", 9, 12, textColor=MUTED, leftIndent=12, spaceBefore=2),
}
RULE_TEXT = _style("rule", 9.5, 13)
_BOLD = {ENTRY}
_ITALIC = {NOTE}


def _rule_box(text: str) -> Flowable:
    table = Table([[fonts.text_flowable(text, RULE_TEXT)]], colWidths=[CONTENT_WIDTH])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 9.5),
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE_LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def _flowables(section: Section) -> list[Flowable]:
    out: list[Flowable] = [fonts.text_flowable(section.title, TITLE, bold=True)]
    blocks = list(section.blocks)
    while blocks and blocks[0].kind == LEAD:
        out.append(fonts.text_flowable(blocks.pop(0).text, STYLES[LEAD]))
    out += [_rule_box(section.rule), Spacer(1, 4 * mm)]
    entry: list[Flowable] = []
    heading_only = False  # the group holds a heading and no young person yet
    for block in blocks:
        flowable = fonts.text_flowable(block.text, STYLES[block.kind],
                                       bold=block.kind in _BOLD, italic=block.kind in _ITALIC)
        # A young person's entry and its details stay together on one page, and a heading
        # stays with the first entry under it.
        if block.kind == HEADING or (block.kind == ENTRY and not heading_only):
            if entry:
                out.append(KeepTogether(entry))
            entry = [flowable]
            heading_only = block.kind == HEADING
        elif block.kind == ENTRY:
            entry.append(flowable)
            heading_only = False
        elif entry:
            entry.append(flowable)
        else:
            out.append(flowable)
    if entry:
        out.append(KeepTogether(entry))
    return out


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, title: str, **kwargs: Any) -> None:
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author="Awards App", initialFontName=fonts.SANS, **kwargs)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH,
                      PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body")
        self.footer = title
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])

    def _footer(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        fonts.draw_line(canvas, f"{self.footer} — page {doc.page}", MARGIN_X,
                        MARGIN_BOTTOM - 9 * mm, size=8)
        canvas.restoreState()


def ceremony_pdf(title: str, sections: Sequence[Section], *,
                 progress: Progress | None = None,
                 cancelled: IsCancelled | None = None) -> bytes:
    """One PDF of ``sections``, each starting on a new page. ``progress(done, total)`` is
    called per section laid out; ``cancelled()`` returning True stops with Cancelled."""
    fonts.register_fonts()
    story: list[Flowable] = []
    for number, section in enumerate(sections):
        if cancelled is not None and cancelled():
            raise Cancelled()
        if number:
            story.append(PageBreak())
        story += _flowables(section)
        if progress is not None:
            progress(number + 1, len(sections) + 1)
    if not story:
        story.append(Spacer(1, 1))
    buffer = io.BytesIO()
    _Doc(buffer, title).build(story)
    if progress is not None:
        progress(len(sections) + 1, len(sections) + 1)
    return buffer.getvalue()

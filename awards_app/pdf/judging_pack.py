"""Printed judging packs: one per judge, with a cover page and a scoring sheet per nomination.

The caller decides what a judge may see and passes only that (a pseudonym, the category, the
narratives already masked, the criteria); this module prints exactly those fields and its
own fixed wording, nothing else. Every nomination starts on a new page with a QR code that
holds its reference alone, so a returned sheet can be matched by scanning it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
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
from awards_app.pdf.qr import QrFlowable

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class PackCriterion:
    name: str
    guidance: str
    weight: float
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class PackItem:
    ref: str
    pseudonym: str
    category: str
    success: str
    obstacles: str
    voice: str
    criteria: tuple[PackCriterion, ...]


@dataclass(frozen=True)
class JudgePack:
    judge: str
    sponsor: str
    event: str
    items: tuple[PackItem, ...]


# Fixed wording, kept together so a reviewer can see everything the pack says on its own.
CONFIDENTIAL = "Confidential"
CONFIDENTIALITY_NOTE = (
    "Please keep this pack private and return it to the coordinator; do not copy or "
    "photograph it. Nominees are shown by a pseudonym only: please don’t try to work out "
    "who they are, and tell the coordinator if you think you know someone."
)
NARRATIVES = (("success", "Their success"), ("obstacles", "Obstacles overcome"),
              ("voice", "In their own words"))

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 16 * mm, 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
QR_SIZE = 26 * mm

INK = HexColor("#1f2933")
ACCENT = HexColor("#2f5d62")
MUTED = HexColor("#5b6770")
RULE = HexColor("#b8c4ca")
TINT = HexColor("#eef3f4")


def _style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
    extra.setdefault("fontName", fonts.SANS)
    extra.setdefault("textColor", INK)
    return ParagraphStyle(name, fontSize=size, leading=leading, **extra)


EVENT = _style("event", 13, 17, textColor=ACCENT, spaceAfter=4)
TITLE = _style("title", 20, 26, fontName=fonts.SANS_BOLD, spaceAfter=6)
LEAD = _style("lead", 11, 15, textColor=MUTED, spaceAfter=10)
HEADING = _style("heading", 11.5, 15, fontName=fonts.SANS_BOLD, textColor=ACCENT,
                 spaceBefore=10, spaceAfter=4, keepWithNext=1)
BODY = _style("body", 10, 14.5, spaceAfter=5)
BULLET = _style("bullet", 10, 14.5, leftIndent=12, bulletIndent=2, bulletFontName=fonts.SANS,
                spaceAfter=3)
CELL = _style("cell", 9.5, 12.5)
CELL_BOLD = _style("cellBold", 9.5, 12.5, fontName=fonts.SANS_BOLD)
SMALL = _style("small", 8.5, 11, textColor=MUTED)
REF = _style("ref", 20, 24, fontName=fonts.SANS_BOLD)
CATEGORY = _style("category", 12, 16, textColor=ACCENT, spaceBefore=2)
PSEUDONYM = _style("pseudonym", 15, 20, fontName=fonts.SANS_BOLD, spaceBefore=2)
QR_CAPTION = _style("qrCaption", 8.5, 10, alignment=TA_CENTER, textColor=MUTED)


def _table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """Table commands, starting from our font: a table's default font is Helvetica, which
    ReportLab would reference (unembedded) even for cells that hold only flowables."""
    return TableStyle([("FONT", (0, 0), (-1, -1), fonts.SANS, 9.5), *commands])


def _text(text: str, style: ParagraphStyle, *, bold: bool = False) -> Flowable:
    return fonts.text_flowable(text, style, bold=bold)


def _bullet(text: str) -> Flowable:
    if fonts.has_rtl(text):
        return fonts.text_flowable(text, BULLET)
    return fonts.CachedParagraph(fonts.markup(text), BULLET, bulletText="•")


def _weight(weight: float) -> str:
    return f"×{weight:g}"


# ---------------------------------------------------------------------------------------------
# Small drawn pieces


class _Marker(Flowable):  # type: ignore[misc]
    """Invisible; tells the document which pack and nomination the following pages hold."""

    def __init__(self, pack: int, item: int | None, *, done: bool = False) -> None:
        super().__init__()
        self.pack, self.item, self.done = pack, item, done
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


class _ScoreBoxes(Flowable):  # type: ignore[misc]
    """One box per score from ``low`` to ``high``, numbered, to circle or tick."""

    GAP = 1.6 * mm

    def __init__(self, low: int, high: int, box: float) -> None:
        super().__init__()
        self.low, self.high, self.box = low, high, box
        count = high - low + 1
        self.width = count * box + (count - 1) * self.GAP
        self.height = box

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        # Drawn once per document as a form and reused: the boxes repeat on every sheet.
        canvas = self.canv
        name = f"scoreBoxes{self.low}_{self.high}_{round(self.box * 100)}"
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, self.width, self.height)
            self._draw_boxes(canvas)
            canvas.endForm()
        canvas.doForm(name)

    def _draw_boxes(self, canvas: Canvas) -> None:
        box = self.box
        size = min(9.5, box * 0.42)
        canvas.setLineWidth(0.8)
        canvas.setStrokeColor(INK)
        canvas.setFillColor(INK)
        canvas.setFont(fonts.SANS, size)
        for i, score in enumerate(range(self.low, self.high + 1)):
            x = i * (box + self.GAP)
            canvas.roundRect(x, 0, box, box, 1.2, stroke=1, fill=0)
            canvas.drawCentredString(x + box / 2, box / 2 - size * 0.36, str(score))


class _WriteIn(Flowable):  # type: ignore[misc]
    """For scales too wide for boxes: a box to write the score in, with its range."""

    def __init__(self, low: int, high: int) -> None:
        super().__init__()
        self.low, self.high = low, high
        self.width, self.height = 48 * mm, 9 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.rect(0, 0, 18 * mm, self.height, stroke=1, fill=0)
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.SANS, 8.5)
        canvas.drawString(20 * mm, self.height / 2 - 3, f"from {self.low} to {self.high}")


class _CommentBox(Flowable):  # type: ignore[misc]
    """A framed area with faint writing lines for a handwritten comment."""

    LABEL = "Comments (optional)"

    def __init__(self, height: float) -> None:
        super().__init__()
        self.box_height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.box_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.roundRect(0, 0, self.width, self.box_height, 3, stroke=1, fill=0)
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.SANS, 8.5)
        canvas.drawString(3 * mm, self.box_height - 4.5 * mm, self.LABEL)
        canvas.setLineWidth(0.4)
        y = self.box_height - 12 * mm
        while y > 3 * mm:
            canvas.line(3 * mm, y, self.width - 3 * mm, y)
            y -= 8 * mm


class _TickBox(Flowable):  # type: ignore[misc]
    def __init__(self, size: float = 4 * mm) -> None:
        super().__init__()
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


# ---------------------------------------------------------------------------------------------
# Story


def _scale_sentence(pack: JudgePack) -> str:
    scales = {(c.scale_min, c.scale_max) for item in pack.items for c in item.criteria}
    if len(scales) == 1:
        low, high = next(iter(scales))
        return (f"Score each criterion from {low} to {high} by circling or ticking one box: "
                f"{low} is the lowest score and {high} the highest.")
    return ("Score each criterion within the range printed beside it, by circling or ticking "
            "one box: the lowest number is the lowest score.")


def _weight_sentence(pack: JudgePack) -> str:
    weighted = sorted({(c.name, c.weight) for item in pack.items for c in item.criteria
                       if c.weight != 1}, key=lambda nw: (-nw[1], nw[0].casefold()))
    if not weighted:
        return "Every criterion counts equally towards the total."
    if len(weighted) > 4:
        return "Criteria with a weight other than ×1 count that many times towards the total."
    parts = [f"“{name}” counts {_weight(weight)}" for name, weight in weighted]
    return "; ".join(parts) + " towards the total; every other criterion counts ×1."


def _cover(pack: JudgePack, index: int) -> list[Flowable]:
    count = len(pack.items)
    story: list[Flowable] = [
        _Marker(index, None),
        _text(pack.event, EVENT),
        _text(f"Judging pack for {pack.judge}" + (f" ({pack.sponsor})" if pack.sponsor.strip()
                                                  else ""), TITLE),
        _text(f"{count} nomination{'s' if count != 1 else ''} to score." if count
              else "There are no nominations in this pack.", LEAD),
        _text("How to score", HEADING),
        _bullet("Read each nomination in full before you score it."),
    ]
    if count:
        story += [_bullet(_scale_sentence(pack)), _bullet(_weight_sentence(pack))]
    story += [
        _bullet("Add a comment if it helps explain your scores; comments are optional."),
        _bullet("Each nomination’s QR code holds only its reference, so your scores can be "
                "entered quickly."),
        Spacer(0, 4 * mm),
    ]
    note = Table([[_text(CONFIDENTIAL, CELL_BOLD)], [_text(CONFIDENTIALITY_NOTE, CELL)]],
                 colWidths=[CONTENT_WIDTH])
    note.setStyle(_table_style(
        ("BACKGROUND", (0, 0), (-1, -1), TINT),
        ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
        ("TOPPADDING", (0, 0), (-1, 0), 3 * mm), ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
    ))
    story.append(note)
    if count:
        story.append(_text("Nominations in this pack", HEADING))
        rows: list[list[Any]] = [[_text(h, SMALL) for h in ("Scored", "Ref", "Category",
                                                            "Nominee")]]
        for item in pack.items:
            rows.append([_TickBox(), _text(item.ref, CELL_BOLD), _text(item.category, CELL),
                         _text(item.pseudonym, CELL)])
        table = Table(rows, colWidths=[16 * mm, 26 * mm, 72 * mm, CONTENT_WIDTH - 114 * mm],
                      repeatRows=1)
        table.setStyle(_table_style(
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (0, -1), 3 * mm),
        ))
        story.append(table)
    story.append(_Marker(index, None, done=True))
    return story


def _header(item: PackItem) -> Flowable:
    left = [_text(item.ref, REF), _text(item.category, CATEGORY),
            _text(item.pseudonym, PSEUDONYM)]
    right = [QrFlowable(item.ref, QR_SIZE), _text(item.ref, QR_CAPTION)]
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH - QR_SIZE, QR_SIZE])
    table.setStyle(_table_style(
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ("LINEBELOW", (0, 0), (-1, -1), 1, ACCENT),
    ))
    return table


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a single line break stays a line break."""
    return [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def _score_table(criteria: tuple[PackCriterion, ...]) -> Flowable:
    widest = max(c.scale_max - c.scale_min + 1 for c in criteria)
    weight_width, room = 16 * mm, 96 * mm
    box = min(7.5 * mm, (room + _ScoreBoxes.GAP) / widest - _ScoreBoxes.GAP)
    boxes_width = max(widest * (box + _ScoreBoxes.GAP) - _ScoreBoxes.GAP, 50 * mm) + 4 * mm
    rows: list[list[Any]] = [[_text("Criterion", SMALL), _text("Weight", SMALL),
                              _text("Your score (circle or tick one)", SMALL)]]
    for c in criteria:
        about = [_text(c.name, CELL_BOLD)]
        if c.guidance.strip():
            about.append(_text(c.guidance, SMALL))
        scale = (_ScoreBoxes(c.scale_min, c.scale_max, box) if box >= 5 * mm
                 else _WriteIn(c.scale_min, c.scale_max))
        rows.append([about, _text(_weight(c.weight), CELL), scale])
    table = Table(rows, colWidths=[CONTENT_WIDTH - weight_width - boxes_width, weight_width,
                                   boxes_width], repeatRows=1)
    table.setStyle(_table_style(
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 1), (-1, -1), 5), ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ))
    return table


def _section(item: PackItem, pack: int, index: int) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), _Marker(pack, index), _header(item)]
    for field, title in NARRATIVES:
        paragraphs = _paragraphs(getattr(item, field))
        if paragraphs:
            story.append(_text(title, HEADING))
            story += [fonts.text_flowable(p, BODY, flip_alignment=True) for p in paragraphs]
    scoring: list[Flowable] = [_text(f"Your scores for {item.ref}", HEADING)]
    if item.criteria:
        scoring.append(_score_table(item.criteria))
    scoring += [Spacer(0, 4 * mm), _CommentBox(36 * mm)]
    story += [KeepTogether(scoring), _Marker(pack, index, done=True)]
    return story


def _check(packs: Sequence[JudgePack]) -> None:
    for pack in packs:
        for item in pack.items:
            for c in item.criteria:
                if c.scale_min > c.scale_max:
                    raise ValueError(f"{item.ref}: criterion '{c.name}' runs from "
                                     f"{c.scale_min} to {c.scale_max}; the lowest score must "
                                     "come first")


# ---------------------------------------------------------------------------------------------
# Page furniture: footer numbers need each pack's page count, known only at the end.


class _PackCanvas(Canvas):  # type: ignore[misc]
    """Holds finished pages until ``save`` so the footer can say 'page X of Y' per pack."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.packs: Sequence[JudgePack] = ()
        self.pack_index = 0
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals: dict[int, int] = {}
        for page in self._pages:
            totals[page["pack_index"]] = totals.get(page["pack_index"], 0) + 1
        seen: dict[int, int] = {}
        for page in self._pages:
            self.__dict__.update(page)
            seen[self.pack_index] = seen.get(self.pack_index, 0) + 1
            self._footer(seen[self.pack_index], totals[self.pack_index])
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        pack = self.packs[self.pack_index]
        y = 10 * mm
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 4 * mm, PAGE_WIDTH - MARGIN_X, y + 4 * mm)
        self.setFillColor(ACCENT)
        right = fonts.draw_line(self, CONFIDENTIAL, PAGE_WIDTH - MARGIN_X, y, size=8.5,
                                bold=True, align=TA_RIGHT)
        self.setFillColor(MUTED)
        room = CONTENT_WIDTH - right - 8 * mm
        event, size = pack.event, 8.5
        text = f"{event} · {pack.judge} · page {number} of {total}"
        # Long names: a slightly smaller size first, then a shortened event name.
        while fonts.line_width(text, size=size) > room and (size > 7 or len(event) > 12):
            if size > 7:
                size -= 0.5
            else:
                event = event[:-2].rstrip() + "…"
            text = f"{event} · {pack.judge} · page {number} of {total}"
        fonts.draw_line(self, text, MARGIN_X, y, size=size)

    @property
    def page_count(self) -> int:
        return len(self._pages)


class _PackDocument(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, filename: str, packs: Sequence[JudgePack], progress: Progress | None,
                 cancelled: IsCancelled | None) -> None:
        super().__init__(
            filename, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, initialFontName=fonts.SANS,
            title=f"Judging packs: {packs[0].event}", subject="Confidential judging pack",
            creator="Awards App", author="",
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH,
                      PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("pack", [frame], onPageEnd=self._page_end)])
        self.packs = packs
        self.progress, self.cancelled = progress, cancelled
        self.total = len(packs) + sum(len(p.items) for p in packs)
        self.done = 0
        self.pack_index = 0
        self.item: PackItem | None = None
        self.item_page = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        if not isinstance(flowable, _Marker):
            return
        if flowable.done:
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, self.total)
            if self.cancelled is not None and self.cancelled():
                raise Cancelled("Printing the judging packs was cancelled; no file was written.")
            return
        self.pack_index = flowable.pack
        pack = self.packs[flowable.pack]
        self.item = None if flowable.item is None else pack.items[flowable.item]
        self.item_page = self.canv.getPageNumber()

    def _page_end(self, canvas: _PackCanvas, doc: BaseDocTemplate) -> None:
        canvas.packs = self.packs
        canvas.pack_index = self.pack_index
        if self.item is not None and canvas.getPageNumber() != self.item_page:
            canvas.saveState()
            canvas.setFillColor(MUTED)
            fonts.draw_line(canvas, f"{self.item.ref} · {self.item.category} · continued",
                            PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 10 * mm, size=8.5,
                            align=TA_RIGHT)
            canvas.restoreState()


def write_judging_packs(packs: Sequence[JudgePack], path: Path, *,
                        progress: Progress | None = None,
                        cancelled: IsCancelled | None = None) -> int:
    """Write every pack into one PDF at ``path``; returns the number of pages written.

    Each pack starts on a new page and numbers its own pages, so packs can be printed
    together and handed out separately. The file appears only when complete (written to a
    temporary file, then renamed). ``progress(done, total)`` counts covers and nominations;
    ``cancelled()`` is polled as often, and cancelling raises ``Cancelled``.
    """
    if not packs:
        raise ValueError("There are no judging packs to print.")
    _check(packs)
    fonts.register_fonts()
    if cancelled is not None and cancelled():
        raise Cancelled("Printing the judging packs was cancelled; no file was written.")
    story: list[Flowable] = []
    for index, pack in enumerate(packs):
        if index:
            story.append(PageBreak())
        story += _cover(pack, index)
        for number, item in enumerate(pack.items):
            story += _section(item, index, number)
    temporary = path.with_name(f".{path.name}.partial")
    doc = _PackDocument(str(temporary), packs, progress, cancelled)
    canvases: list[_PackCanvas] = []

    def canvas_maker(*args: Any, **kwargs: Any) -> _PackCanvas:
        canvases.append(_PackCanvas(*args, **kwargs))
        return canvases[-1]

    try:
        try:
            doc.build(story, canvasmaker=canvas_maker)
        except Cancelled:
            # ReportLab appends its own diagnostics to the message; give a clean one.
            raise Cancelled(
                "Printing the judging packs was cancelled; no file was written.") from None
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return canvases[-1].page_count

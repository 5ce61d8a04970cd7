"""The one-page results summary: each category's placed young people, by the name their
certificate prints, in the certificates' fonts. Plain data in, bytes out.

Everything is fitted onto one A4 page: one column while the text fits at a comfortable size,
then two columns, then smaller text (never below MIN_SIZE, when the rest is left off and the
page says how many lines were).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from awards_app.pdf import fonts

MARGIN = 48.0
BODY_SIZE, MIN_SIZE = 11.0, 6.0
LEADING = 1.35
ACCENT = HexColor("#1F5C99")
MUTED = HexColor("#555555")


@dataclass(frozen=True)
class SummaryCategory:
    name: str
    state: str  # "Provisional", "Complete" or "Final"
    placed: tuple[tuple[str, str], ...]  # (placement in words, name as printed), best first


@dataclass(frozen=True)
class SummaryTable:
    """A small table drawn at the foot of the page (the parity figures): a heading, column
    headings (the first for the row names), rows of text and a few lines under it."""

    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[str, ...] = ()


TABLE_SIZE = 8.5


def _wrapped(lines: Sequence[str], width: float) -> list[str]:
    """``lines`` broken between words to fit ``width`` at the table's size, in italics."""
    out: list[str] = []
    for line in lines:
        text = ""
        for word in line.split():
            longer = f"{text} {word}" if text else word
            if text and fonts.line_width(longer, size=TABLE_SIZE, italic=True) > width:
                out.append(text)
                text = word
            else:
                text = longer
        out.append(text)
    return out


def _table_height(table: SummaryTable, width: float) -> float:
    step = TABLE_SIZE * LEADING
    return (14 + step * (1 + len(table.rows)) + 4 + step * len(_wrapped(table.lines, width))
            + 10)


def _draw_table(canvas: Canvas, table: SummaryTable, x: float, top: float,
                width: float) -> None:
    """``table`` from ``top`` down: the first column as wide as its longest text, the others
    sharing the rest, numbers right-aligned."""
    step = TABLE_SIZE * LEADING
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.5)
    canvas.line(x, top, x + width, top)
    canvas.setFillColor(ACCENT)
    y = top - 12
    fonts.draw_line(canvas, table.heading, x, y, size=10, bold=True)
    first = max(fonts.line_width(t, size=TABLE_SIZE, bold=True)
                for t in (table.columns[0], *(row[0] for row in table.rows))) + 8
    other = (width - first) / max(1, len(table.columns) - 1)
    for index, row in enumerate((table.columns, *table.rows)):
        y -= step
        canvas.setFillColor(MUTED if index == 0 else HexColor("#000000"))
        for column, text in enumerate(row):
            if column == 0:
                fonts.draw_line(canvas, text, x, y, size=TABLE_SIZE, bold=index == 0)
            else:
                fonts.draw_line(canvas, text, x + first + other * column - 4, y,
                                size=TABLE_SIZE, bold=index == 0, align=TA_RIGHT)
    y -= 4
    canvas.setFillColor(MUTED)
    for line in _wrapped(table.lines, width):
        y -= step
        fonts.draw_line(canvas, line, x, y, size=TABLE_SIZE, italic=True)


@dataclass(frozen=True)
class _Line:
    text: str
    heading: bool = False
    gap: bool = False  # a blank line before a category


def _placement_lines(category: SummaryCategory, width: float, size: float) -> list[_Line]:
    """One line per placement ("Highly commended: Ana, Ben"), wrapped between names."""
    grouped: dict[str, list[str]] = {}
    for placement, name in category.placed:
        grouped.setdefault(placement, []).append(name or "(no name)")
    lines: list[_Line] = []
    for placement, names in grouped.items():
        text = f"{placement}: {names[0]}"
        for name in names[1:]:
            longer = f"{text}, {name}"
            if fonts.line_width(longer, size=size) <= width:
                text = longer
            else:
                lines.append(_Line(text + ","))
                text = f"    {name}"
        lines.append(_Line(text))
    return lines or [_Line("No placements decided yet")]


def _lines(categories: Sequence[SummaryCategory], width: float, size: float) -> list[_Line]:
    out: list[_Line] = []
    for index, category in enumerate(categories):
        out.append(_Line(f"{category.name} — {category.state}", heading=True, gap=index > 0))
        out += _placement_lines(category, width, size)
    return out


def _height(lines: Sequence[_Line], size: float) -> float:
    return sum(size * LEADING * (1.6 if line.gap else 1.0) for line in lines)


def _columns(lines: list[_Line], count: int, size: float, height: float) -> list[list[_Line]]:
    """Split ``lines`` into ``count`` columns, breaking before a category where possible."""
    if count == 1:
        return [lines]
    half = _height(lines, size) / 2
    used, split = 0.0, len(lines)
    for i, line in enumerate(lines):
        if used >= half and line.heading:
            split = i
            break
        used += size * LEADING * (1.6 if line.gap else 1.0)
    first, second = lines[:split], lines[split:]
    if second and second[0].gap:
        second[0] = _Line(second[0].text, heading=True)
    return [first, second]


def _layout(categories: Sequence[SummaryCategory], width: float, height: float
            ) -> tuple[float, list[list[_Line]], int]:
    """(text size, columns of lines, lines left off) that fit in ``width`` × ``height``."""
    size = BODY_SIZE
    while True:
        for count in (1, 2):
            column_width = (width - 24 * (count - 1)) / count
            lines = _lines(categories, column_width, size)
            columns = _columns(lines, count, size, height)
            if all(_height(c, size) <= height for c in columns):
                return size, columns, 0
        if size <= MIN_SIZE:
            break
        size = max(MIN_SIZE, size - 0.5)
    # Still too long at the smallest size: fill two columns and count what is left off.
    lines = _lines(categories, (width - 24) / 2, size)
    fitted: list[list[_Line]] = [[], []]
    column, used, heading = 0, 0.0, ""
    for shown, line in enumerate(lines):
        step = size * LEADING * (1.6 if line.gap else 1.0)
        if used + step > height:
            column, used = column + 1, 0.0
            if column == 2:
                orphan = int(bool(fitted[1]) and fitted[1][-1].heading)  # a name, no one under
                return size, [fitted[0], fitted[1][:len(fitted[1]) - orphan]], (
                    len(lines) - shown + orphan)
            if not line.heading:  # a category carried over keeps its name at the top
                fitted[column].append(_Line(f"{heading} (continued)", heading=True))
                used += size * LEADING
            line = _Line(line.text, heading=line.heading)
            step = size * LEADING
        if line.heading:
            heading = line.text
        fitted[column].append(line)
        used += step
    return size, fitted, 0


def results_summary_pdf(title: str, categories: Sequence[SummaryCategory], *,
                        note: str = "Names as printed on the certificates.",
                        table: SummaryTable | None = None) -> bytes:
    """One A4 page listing every category's placed young people, with ``table`` (if any)
    at its foot; the names give way to it, as they do to the page's end."""
    fonts.register_fonts()
    page_width, page_height = A4
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Awards App")
    top = page_height - MARGIN
    canvas.setFillColor(ACCENT)
    fonts.draw_line(canvas, title, MARGIN, top - 18, size=18, bold=True)
    canvas.setFillColor(MUTED)
    fonts.draw_line(canvas, note, MARGIN, top - 38, size=10, italic=True)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1)
    canvas.line(MARGIN, top - 48, page_width - MARGIN, top - 48)

    width = page_width - 2 * MARGIN
    body_top = top - 68
    height = body_top - MARGIN - 14
    if table is not None:
        height -= _table_height(table, width)
        _draw_table(canvas, table, MARGIN, MARGIN + 14 + _table_height(table, width) - 6, width)
    size, columns, left_off = _layout(categories, width, height)
    column_width = (width - 24 * (len(columns) - 1)) / len(columns)
    for number, column in enumerate(columns):
        x = MARGIN + number * (column_width + 24)
        y = body_top
        for line in column:
            y -= size * LEADING * (1.6 if line.gap else 1.0)
            canvas.setFillColor(ACCENT if line.heading else HexColor("#000000"))
            fonts.draw_line(canvas, line.text, x, y, size=size, bold=line.heading)
    if left_off:
        canvas.setFillColor(MUTED)
        fonts.draw_line(canvas, f"{left_off} more lines did not fit on this page: the results "
                                "sheet (CSV or XLSX) lists everyone.", MARGIN, MARGIN,
                        size=8, italic=True)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""Bundled fonts, a font per text run, and right-to-left text for the PDF renderers.

Noto Sans covers Latin (with diacritics), Greek and Cyrillic; Noto Sans Arabic covers Arabic.
ReportLab's ``Paragraph`` sets left-to-right text well, so :func:`text_flowable` uses it for
any text without right-to-left characters. ReportLab reorders right-to-left text only with
``rlbidi`` (which we must not install, see docs/platform.md), so text that has any is set by
:class:`BidiParagraph`: a small Unicode bidi resolver (character levels, rule L2 reordering
per line) plus HarfBuzz shaping of each Arabic run through ReportLab's ``shapeStr``.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from awards_app.paths import resource

SANS = "AwardsSans"
SANS_BOLD = "AwardsSans-Bold"
SANS_ITALIC = "AwardsSans-Italic"
ARABIC = "AwardsArabic"
ARABIC_BOLD = "AwardsArabic-Bold"

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
}
# Bold italic is rare in our layouts; bold stands in for it rather than shipping 0.5 MB more.
_FAMILIES = {
    SANS: (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD),
    ARABIC: (ARABIC, ARABIC_BOLD, ARABIC, ARABIC_BOLD),
}

_lock = threading.Lock()
_registered = False
_sans_chars: frozenset[int] = frozenset()
_arabic_chars: frozenset[int] = frozenset()
_plain_sans: frozenset[str] = frozenset()  # left-to-right characters Noto Sans has


def register_fonts() -> None:
    """Register the bundled fonts with ReportLab once per process (thread-safe)."""
    global _registered, _sans_chars, _arabic_chars, _plain_sans
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        for family, (normal, bold, italic, bold_italic) in _FAMILIES.items():
            addMapping(family, 0, 0, normal)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold_italic)
            pdfmetrics.registerFontFamily(
                family, normal=normal, bold=bold, italic=italic, boldItalic=bold_italic
            )
        _sans_chars = frozenset(pdfmetrics.getFont(SANS).face.charToGlyph)
        _arabic_chars = frozenset(pdfmetrics.getFont(ARABIC).face.charToGlyph)
        _plain_sans = frozenset(chr(c) for c in _sans_chars if _kind(chr(c)) != _R)
        _registered = True


def _sans(*, bold: bool, italic: bool) -> str:
    return SANS_BOLD if bold else SANS_ITALIC if italic else SANS


def _arabic(*, bold: bool) -> str:
    return ARABIC_BOLD if bold else ARABIC


# ---------------------------------------------------------------------------------------------
# Bidi classes, reduced to what a line of names and prose needs: no explicit embeddings.
_L, _R, _NUM, _N, _WS = "L", "R", "NUM", "N", "WS"
_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = set(_OPENERS.values())
_STRIP = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def _kind(ch: str) -> str:
    cls = unicodedata.bidirectional(ch)
    if cls == "L":
        return _L
    if cls in ("R", "AL"):
        return _R
    if cls in ("EN", "AN"):
        return _NUM
    if cls == "NSM":
        return "NSM"
    if cls in ("WS", "S", "B"):
        return _WS
    return _N


def has_rtl(text: str) -> bool:
    """Whether ``text`` needs right-to-left layout (Arabic, Hebrew, Syriac, Thaana …)."""
    if text.isascii():
        return False
    return any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.bidirectional(c) not in _STRIP)


def _base_level(text: str) -> int:
    """Rules P2/P3: the first strong character decides; left to right when there is none."""
    for ch in text:
        kind = _kind(ch)
        if kind == _L:
            return 0
        if kind == _R:
            return 1
    return 0


def _resolve_levels(text: str, base: int) -> list[int]:
    """Embedding level of each character (rules W1, W2, W7, N1, N2, I1, I2, simplified)."""
    sos = _R if base else _L
    kinds = [_kind(c) for c in text]
    last = sos
    for i, kind in enumerate(kinds):
        if kind == "NSM":
            kind = kinds[i] = kinds[i - 1] if i else sos
        if kind in (_L, _R):
            last = kind
        elif kind == _NUM and last == _L:
            kinds[i] = _L  # W7: a European number after left-to-right text is left-to-right
    _resolve_brackets(text, kinds, sos)
    strong = [(_R if k == _NUM else k) for k in kinds]
    i, n = 0, len(kinds)
    while i < n:
        if kinds[i] not in (_N, _WS):
            i += 1
            continue
        j = i
        while j < n and kinds[j] in (_N, _WS):
            j += 1
        before = strong[i - 1] if i else sos
        after = strong[j] if j < n else sos
        direction = before if before == after else sos
        kinds[i:j] = [direction] * (j - i)
        i = j
    if base:
        return [1 if k == _R else 2 for k in kinds]
    return [0 if k == _L else 1 if k == _R else 2 for k in kinds]


def _resolve_brackets(text: str, kinds: list[str], sos: str) -> None:
    """Rule N0: a bracket pair takes one direction, so "Sam (سارة)" keeps its brackets."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in _OPENERS and kinds[i] == _N:
            stack.append((_OPENERS[ch], i))
        elif ch in _CLOSERS and kinds[i] == _N:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    opposite = _L if sos == _R else _R
    for start, end in sorted(pairs):
        inside = {(_R if k == _NUM else k) for k in kinds[start + 1:end]}
        if sos in inside:
            direction = sos
        elif opposite in inside:
            before = next((_R if k == _NUM else k for k in reversed(kinds[:start])
                           if k in (_L, _R, _NUM)), sos)
            direction = opposite if before == opposite else sos
        else:
            continue
        kinds[start] = kinds[end] = direction


def _visual_order(levels: list[int]) -> list[int]:
    """Rule L2: indices of a line's characters in display order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    top = max(levels)
    lowest_odd = min(lv for lv in levels if lv % 2) if any(lv % 2 for lv in levels) else top + 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _char_font(ch: str, level: int, *, bold: bool, italic: bool) -> str:
    code = ord(ch)
    kind = _kind(ch)
    if kind == _R and code in _arabic_chars:
        return _arabic(bold=bold)
    if code in _sans_chars and (kind != _N and kind != _WS or level % 2 == 0):
        return _sans(bold=bold, italic=italic)
    # Punctuation and spaces inside right-to-left text stay in the Arabic run so that
    # HarfBuzz shapes (and mirrors) them with their neighbours.
    if code in _arabic_chars:
        return _arabic(bold=bold)
    return _sans(bold=bold, italic=italic)


@dataclass(frozen=True)
class _Run:
    """A piece of one line in display order: ``text`` is what the canvas draws."""

    text: str
    font: str
    width: float


@lru_cache(maxsize=4096)
def _shaped(logical: str, font: str, size: float) -> tuple[Any, float]:
    shaped = shapeStr(logical, font, size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        # No HarfBuzz (uharfbuzz missing) or nothing to shape: at least keep the order.
        return logical[::-1], pdfmetrics.stringWidth(logical, font, size)
    return shaped, sum(d.x_advance for d in data) * size / 1000


def _runs(text: str, levels: list[int], size: float, *, bold: bool, italic: bool) -> list[_Run]:
    """Split one line (logical order, with its levels) into drawable runs in display order."""
    order = _visual_order(levels)
    groups: list[tuple[int, str, list[str]]] = []
    for index in order:
        ch, level = text[index], levels[index]
        font = _char_font(ch, level, bold=bold, italic=italic)
        if groups and groups[-1][0] == level and groups[-1][1] == font:
            groups[-1][2].append(ch)
        else:
            groups.append((level, font, [ch]))
    runs = []
    for level, font, chars in groups:
        if level % 2 and font in (ARABIC, ARABIC_BOLD):
            # HarfBuzz takes logical order and returns glyphs right to left.
            shaped, width = _shaped("".join(reversed(chars)), font, size)
            runs.append(_Run(shaped, font, width))
        else:
            drawn = "".join(_MIRROR.get(c, c) for c in chars) if level % 2 else "".join(chars)
            runs.append(_Run(drawn, font, pdfmetrics.stringWidth(drawn, font, size)))
    return runs


def _word_width(word: str, levels: list[int], size: float, *, bold: bool, italic: bool) -> float:
    return sum(r.width for r in _runs(word, levels, size, bold=bold, italic=italic))


def _line_runs(text: str, size: float, *, bold: bool, italic: bool) -> list[_Run]:
    register_fonts()
    text = " ".join(_clean(text).split())
    levels = _resolve_levels(text, _base_level(text)) if has_rtl(text) else [0] * len(text)
    return _runs(text, levels, size, bold=bold, italic=italic)


def display_order(text: str) -> str:
    """``text`` as one line in display order, left to right (before shaping), mirrored
    brackets included: shows what the bidi rules decided, for tests and debugging."""
    text = " ".join(_clean(text).split())
    levels = _resolve_levels(text, _base_level(text))
    return "".join(_MIRROR.get(text[i], text[i]) if levels[i] % 2 else text[i]
                   for i in _visual_order(levels))


def line_width(text: str, *, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points of ``text`` set on one line by :func:`draw_line`."""
    return sum(r.width for r in _line_runs(text, size, bold=bold, italic=italic))


def draw_line(canvas: Canvas, text: str, x: float, y: float, *, size: float,
              bold: bool = False, italic: bool = False, align: int = TA_LEFT) -> float:
    """Draw one line of any supported script at baseline ``y``; returns its width.

    ``x`` is the left edge, the centre or the right edge for ``align`` left, centre, right.
    """
    runs = _line_runs(text, size, bold=bold, italic=italic)
    width = sum(r.width for r in runs)
    if align == TA_RIGHT:
        x -= width
    elif align == TA_CENTER:
        x -= width / 2
    for run in runs:
        canvas.setFont(run.font, size)
        canvas.drawString(x, y, run.text)
        x += run.width
    return width


def _tidy_lines(text: str) -> str:
    """Clean text with single spaces; line breaks are kept, blank lines dropped."""
    return "\n".join(" ".join(line.split()) for line in _clean(text).splitlines() if line.strip())


class BidiParagraph(Flowable):  # type: ignore[misc]
    """A wrapped paragraph of mixed left-to-right and right-to-left text.

    Lines are broken in logical order, then each line is reordered for display (rule L2).
    With ``flip_alignment`` a paragraph whose first strong character is right-to-left is
    set flush right where its style says left: where a reader of Arabic looks for prose.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, bold: bool = False,
                 italic: bool = False, flip_alignment: bool = False, first: bool = True,
                 resolved: tuple[int, list[int]] | None = None) -> None:
        super().__init__()
        register_fonts()
        self.style = style
        self.bold = bold or style.fontName in (SANS_BOLD, ARABIC_BOLD)
        self.italic = italic or style.fontName == SANS_ITALIC
        self.flip_alignment = flip_alignment
        if resolved is None:
            # Splits pass the text and levels on as they are: the direction is the paragraph's.
            self.text = _tidy_lines(text)
            self.base = _base_level(self.text)
            self.levels = _resolve_levels(self.text, self.base)
        else:
            self.text = text
            self.base, self.levels = resolved
        self._spans: list[tuple[int, int]] = []
        self._avail = -1.0
        self._first = first

    def _break(self, avail: float) -> list[tuple[int, int]]:
        """Greedy line breaks at spaces and at the text's own line breaks: (start, end)
        index pairs into ``self.text``."""
        size = self.style.fontSize
        space = pdfmetrics.stringWidth(" ", SANS, size)
        spans: list[tuple[int, int]] = []
        line_start = 0
        for line in self.text.split("\n"):
            start = position = line_start
            width = 0.0
            for word in line.split(" "):
                end = position + len(word)
                w = _word_width(word, self.levels[position:end], size, bold=self.bold,
                                italic=self.italic)
                if position > start and width + space + w > avail:
                    spans.append((start, position - 1))
                    start, width = position, w
                else:
                    width += (space if position > start else 0) + w
                position = end + 1
            spans.append((start, line_start + len(line)))
            line_start += len(line) + 1
        return spans

    def _lines(self, avail: float) -> list[tuple[int, int]]:
        if self._avail != avail:
            self._spans = self._break(avail)
            self._avail = avail
        return self._spans

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self._lines(availWidth)) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        spans = self._lines(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(spans):
            return [] if fit <= 0 else [self]
        cut, resume = spans[fit - 1][1], spans[fit][0]
        same = {"bold": self.bold, "italic": self.italic, "flip_alignment": self.flip_alignment}
        head = BidiParagraph(self.text[:cut], self.style, first=self._first,
                             resolved=(self.base, self.levels[:cut]), **same)
        tail = BidiParagraph(self.text[resume:], self.style, first=False,
                             resolved=(self.base, self.levels[resume:]), **same)
        return [head, tail]

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore) if self._first else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        style = self.style
        align = style.alignment
        if self.flip_alignment and self.base and align == TA_LEFT:
            align = TA_RIGHT
        x = {TA_RIGHT: self.width, TA_CENTER: self.width / 2}.get(align, 0.0)
        canvas = self.canv
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize * 1.0
        # Levels are those of the whole paragraph, so a line keeps the paragraph's direction.
        for a, b in self._spans:
            runs = _runs(self.text[a:b], self.levels[a:b], style.fontSize, bold=self.bold,
                         italic=self.italic)
            width = sum(r.width for r in runs)
            left = x - width if align == TA_RIGHT else x - width / 2 if align == TA_CENTER else x
            for run in runs:
                canvas.setFont(run.font, style.fontSize)
                canvas.drawString(left, y, run.text)
                left += run.width
            y -= style.leading


def markup(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """Paragraph markup for left-to-right text: escaped, each run in a font that has it."""
    register_fonts()
    text = _clean(text)
    parts: list[str] = []
    for chunk, font in _font_chunks(text, bold=bold, italic=italic):
        safe = escape(chunk)
        parts.append(safe if font == _sans(bold=bold, italic=italic)
                     else f'<font name="{font}">{safe}</font>')
    return "".join(parts)


def _font_chunks(text: str, *, bold: bool, italic: bool) -> Iterator[tuple[str, str]]:
    if _plain_sans.issuperset(text):
        yield text, _sans(bold=bold, italic=italic)
        return
    start = 0
    current = ""
    for i, ch in enumerate(text):
        font = _char_font(ch, 0, bold=bold, italic=italic)
        if i and font != current:
            yield text[start:i], current
            start = i
        current = font
    if text:
        yield text[start:], current


class CachedParagraph(Paragraph):  # type: ignore[misc]
    """A ``Paragraph`` that re-wraps only when the width changes.

    Tables, ``KeepTogether`` and frames each wrap the same paragraph at the same width two or
    three times; line breaking is most of the layout cost, and its result depends on the
    width alone.
    """

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # ``split`` deletes ``blPara`` when it gives up, and then a fresh wrap is needed.
        if availWidth != self._wrapped_at or not hasattr(self, "blPara"):
            super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self.width, self.height


def text_flowable(text: str, style: ParagraphStyle, *, bold: bool = False,
                  italic: bool = False, flip_alignment: bool = False) -> Flowable:
    """A wrapped paragraph for ``text`` in any supported script (no markup is interpreted).

    ``flip_alignment``: set right-to-left prose flush right (see :class:`BidiParagraph`).
    """
    if has_rtl(text):
        return BidiParagraph(text, style, bold=bold, italic=italic,
                             flip_alignment=flip_alignment)
    body = "<br/>".join(markup(line, bold=bold, italic=italic)
                        for line in _tidy_lines(text).split("\n"))
    if bold:
        body = f"<b>{body}</b>"
    if italic:
        body = f"<i>{body}</i>"
    return CachedParagraph(body, style)

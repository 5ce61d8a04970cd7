"""The drawn parts of a certificate: colours, type, borders and ornaments, all vector.

Display type is Noto Serif Display (Latin, Greek and Cyrillic). Text it cannot set (Arabic,
or any character it lacks) goes through :mod:`awards_app.pdf.fonts`, which shapes and orders
it right to left in Noto Sans and Noto Sans Arabic, so every name prints correctly, and most
in the serif.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from PIL import Image
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from awards_app.pdf import fonts
from awards_app.paths import resource

DISPLAY = "AwardsDisplay"
DISPLAY_ITALIC = "AwardsDisplay-Italic"

INK = HexColor("#1d2731")
SOFT_INK = HexColor("#3a4650")
MUTED = HexColor("#66737d")
LINE = HexColor("#9aa4ac")

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}  # font → the characters it has


def register_display_fonts() -> None:
    """Register the display serif (and the shared fonts) with ReportLab once per process."""
    fonts.register_fonts()
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        for name, filename in ((DISPLAY, "NotoSerifDisplay-Regular.ttf"),
                               (DISPLAY_ITALIC, "NotoSerifDisplay-Italic.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
        _coverage.update({name: frozenset(pdfmetrics.getFont(name).face.charToGlyph)
                          for name in (DISPLAY, DISPLAY_ITALIC, fonts.SANS, fonts.SANS_BOLD)})


# ---------------------------------------------------------------------------------------------
# Colours


@dataclass(frozen=True)
class Palette:
    """A design's metal (gold, silver or the event's accent) and the event's accent colour."""

    main: Color
    light: Color
    dark: Color
    accent: Color


def mix(colour: Color, other: Color, amount: float) -> Color:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``."""
    return Color(*(a + (b - a) * amount for a, b in
                   zip(colour.rgb(), other.rgb(), strict=True)))


_METALS = {
    "winner": ("#c39b3f", "#f4e8c4", "#8a6a1f"),   # gold
    "placed": ("#9ba6b0", "#e9edf0", "#56626c"),   # silver
}


@lru_cache(maxsize=64)
def palette(design: str, accent_hex: str) -> Palette:
    accent = HexColor(accent_hex)
    if design in _METALS:
        main, light, dark = (HexColor(h) for h in _METALS[design])
        return Palette(main, light, dark, accent)
    return Palette(accent, mix(accent, white, 0.86), mix(accent, Color(0, 0, 0), 0.3), accent)


# ---------------------------------------------------------------------------------------------
# Type


@dataclass(frozen=True)
class Face:
    """A text style: ``font`` sets the text directly when it has every character and none
    is right to left; otherwise :mod:`fonts` shapes it in Noto Sans and Noto Sans Arabic."""

    font: str
    bold: bool = False
    italic: bool = False


SERIF = Face(DISPLAY)
SERIF_ITALIC = Face(DISPLAY_ITALIC, italic=True)
SANS = Face(fonts.SANS)
SANS_BOLD = Face(fonts.SANS_BOLD, bold=True)


def tidy(text: str) -> str:
    """Composed characters (é as one letter, as the fonts map them), single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=16384)
def _direct(text: str, face: Face) -> str | None:
    """The font that sets ``text`` as it is, or None when it needs shaping or fallback."""
    register_display_fonts()
    if fonts.has_rtl(text):
        return None
    return face.font if _coverage[face.font].issuperset(map(ord, text)) else None


@lru_cache(maxsize=16384)
def measure(text: str, face: Face) -> float:
    """Width of ``text`` (tidied) on one line at 1 point."""
    font = _direct(text, face)
    if font is None:
        return fonts.line_width(text, size=1.0, bold=face.bold, italic=face.italic)
    widths = pdfmetrics.getFont(font).face.charWidths  # thousandths of an em, no kerning
    return float(sum(map(widths.__getitem__, map(ord, text)))) / 1000


@lru_cache(maxsize=64)
def _fill(rgb: tuple[float, float, float]) -> str:
    return "{:.4f} {:.4f} {:.4f} rg".format(*rgb)


def draw_text(canvas: Canvas, text: str, x: float, y: float, size: float, face: Face,
              colour: Color, *, align: int = TA_CENTER, spacing: float = 0.0) -> None:
    """One line of tidied ``text`` at baseline ``y``; ``x`` is its left edge, centre or right
    edge. ``spacing`` (letter spacing, points) applies to text set directly."""
    font = _direct(text, face)
    if font is None:
        canvas.setFillColor(colour)
        fonts.draw_line(canvas, text, x, y, size=size, bold=face.bold, italic=face.italic,
                        align=align)
        return
    width = measure(text, face) * size + spacing * (len(text) - 1)
    if align == TA_CENTER:
        x -= width / 2
    elif align == TA_RIGHT:
        x -= width
    # A page holds a dozen short texts; writing their operators directly is several times
    # quicker than a ReportLab text object each. This is the pattern the ttfonts module
    # documents for its subset fonts; q … Q keeps the colour and text state to this text.
    doc = canvas._doc
    ttf = pdfmetrics.getFont(font)
    shown = " ".join(f"{ttf.getSubsetInternalName(subset, doc)} {size:.2f} Tf <{chunk.hex()}> Tj"
                     for subset, chunk in ttf.splitString(text, doc))
    spaced = f"{spacing:.2f} Tc " if spacing else ""
    canvas.addLiteral(f"q {_fill(colour.rgb())} BT {spaced}1 0 0 1 {x:.2f} {y:.2f} Tm "
                      f"{shown} ET Q")


def fit_size(text: str, face: Face, width: float, largest: float) -> float:
    """The largest size up to ``largest`` at which ``text`` fits in ``width`` on one line."""
    wide = measure(text, face)
    return largest if wide <= 0 else min(largest, width / wide)


def fit_lines(text: str, face: Face, width: float, height: float, largest: float, *,
              one_line_down_to: float, leading: float = 1.18) -> tuple[float, list[str]]:
    """Size and lines for a short heading (a name, a category) in a ``width`` × ``height`` box:
    one line while that is at least ``one_line_down_to``, else two balanced lines if they
    come out larger. The result never overflows the box, however long the text."""
    single = min(fit_size(text, face, width, largest), height)
    words = text.split(" ")
    if single >= one_line_down_to or len(words) < 2:
        return single, [text]
    halves = min(([" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))),
                 key=lambda pair: max(measure(line, face) for line in pair))
    double = min(largest, height / (2 * leading),
                 *(width / measure(line, face) for line in halves))
    return (double, halves) if double > single else (single, [text])


def wrap(text: str, face: Face, width: float, size: float) -> list[str]:
    """Greedy line breaks at spaces for ``width`` at ``size`` (a word wider than the line
    gets a line of its own)."""
    space = measure(" ", face) * size
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in text.split(" "):
        wide = measure(word, face) * size
        if current and used + space + wide > width:
            lines.append(" ".join(current))
            current, used = [word], wide
        else:
            used += (space if current else 0.0) + wide
            current.append(word)
    lines.append(" ".join(current))
    return lines


def fit_block(text: str, face: Face, width: float, height: float, largest: float, *,
              smallest: float, leading: float = 1.32) -> tuple[float, list[str]]:
    """Size and lines for wrapped prose in a ``width`` × ``height`` box: the largest size
    down to ``smallest`` (in half points) that fits; below that, whatever fits."""
    size = largest
    while True:
        lines = wrap(text, face, width, size)
        widest = max(measure(line, face) for line in lines)
        if widest * size <= width and len(lines) * leading * size <= height:
            return size, lines
        if size <= smallest:
            return min(width / widest, height / (len(lines) * leading)), lines
        size -= 0.5


# ---------------------------------------------------------------------------------------------
# Images


def load_image(data: bytes | None, *, longest: int = 2400) -> ImageReader | None:
    """A checked image for drawing, or None when there is none or it cannot be read.

    Very large pictures are scaled down to ``longest`` pixels: plenty for print, and a
    full-size photograph would take seconds to compress into the file.
    """
    if not data:
        return None
    try:
        with Image.open(BytesIO(data)) as image:
            image.load()
            if max(image.size) <= longest:
                return ImageReader(BytesIO(data))  # a JPEG is embedded without decoding
            clear = "A" in image.getbands() or "transparency" in image.info
            smaller = image.convert("RGBA" if clear else "RGB")
            smaller.thumbnail((longest, longest))
            return ImageReader(smaller)
    # Pillow reports a damaged or unknown file in many ways (OSError, SyntaxError,
    # ValueError, DecompressionBombError …); any of them means "leave the picture out".
    except Exception:
        return None


def draw_fitted_image(canvas: Canvas, image: ImageReader, x: float, y: float, width: float,
                      height: float, *, cover: bool = False, sit: bool = False) -> None:
    """Draw ``image`` centred in the box, scaled to fit it (or with ``cover``, to fill it)
    and keeping its shape; with ``sit`` it rests on the box's bottom edge instead."""
    pixels_wide, pixels_high = image.getSize()
    scale = (max if cover else min)(width / pixels_wide, height / pixels_high)
    w, h = pixels_wide * scale, pixels_high * scale
    bottom = y if sit else y + (height - h) / 2
    canvas.drawImage(image, x + (width - w) / 2, bottom, w, h, mask="auto")


# ---------------------------------------------------------------------------------------------
# Borders


def draw_border(canvas: Canvas, style: str, colours: Palette, width: float,
                height: float) -> None:
    """The page border: "classic" (double rule, corner diamonds), "ribbon" (a tinted band
    with ribbons across two corners) or "minimal" (one fine rule)."""
    canvas.saveState()
    canvas.setStrokeColor(colours.main)
    canvas.setFillColor(colours.main)
    if style == "classic":
        canvas.setLineWidth(2.4)
        canvas.rect(20, 20, width - 40, height - 40, stroke=1, fill=0)
        canvas.setLineWidth(0.7)
        canvas.rect(27, 27, width - 54, height - 54, stroke=1, fill=0)
        for cx, cy in ((27, 27), (width - 27, 27), (27, height - 27), (width - 27, height - 27)):
            _diamond(canvas, cx, cy, 6.5, colours.main)
            _diamond(canvas, cx, cy, 2.6, colours.light)
    elif style == "ribbon":
        canvas.setStrokeColor(colours.light)
        canvas.setLineWidth(12)
        canvas.rect(22, 22, width - 44, height - 44, stroke=1, fill=0)
        canvas.setStrokeColor(colours.main)
        canvas.setLineWidth(1.2)
        canvas.rect(16, 16, width - 32, height - 32, stroke=1, fill=0)
        canvas.setLineWidth(0.6)
        canvas.rect(31, 31, width - 62, height - 62, stroke=1, fill=0)
        _corner_ribbon(canvas, 16, height - 16, 1, -1, colours)
        _corner_ribbon(canvas, width - 16, 16, -1, 1, colours)
    else:
        canvas.setLineWidth(0.6)
        canvas.rect(26, 26, width - 52, height - 52, stroke=1, fill=0)
        canvas.setLineWidth(2.2)
        for x0, y0, dx, dy in ((26, 26, 1, 1), (width - 26, 26, -1, 1),
                               (26, height - 26, 1, -1), (width - 26, height - 26, -1, -1)):
            canvas.line(x0, y0, x0 + 22 * dx, y0)
            canvas.line(x0, y0, x0, y0 + 22 * dy)
    canvas.restoreState()


def _corner_ribbon(canvas: Canvas, x: float, y: float, dx: int, dy: int,
                   colours: Palette) -> None:
    """A sash folded across the corner at (x, y); (dx, dy) points into the page."""
    near, far = 46.0, 72.0
    band = canvas.beginPath()
    band.moveTo(x + near * dx, y)
    band.lineTo(x + far * dx, y)
    band.lineTo(x, y + far * dy)
    band.lineTo(x, y + near * dy)
    band.close()
    canvas.setFillColor(colours.main)
    canvas.drawPath(band, stroke=0, fill=1)
    canvas.setStrokeColor(colours.light)
    canvas.setLineWidth(0.9)
    middle = (near + far) / 2
    canvas.line(x + (middle - 7) * dx, y, x, y + (middle - 7) * dy)
    canvas.line(x + (middle + 7) * dx, y, x, y + (middle + 7) * dy)


def _diamond(canvas: Canvas, x: float, y: float, radius: float, colour: Color) -> None:
    path = canvas.beginPath()
    path.moveTo(x, y + radius)
    path.lineTo(x + radius, y)
    path.lineTo(x, y - radius)
    path.lineTo(x - radius, y)
    path.close()
    canvas.setFillColor(colour)
    canvas.drawPath(path, stroke=0, fill=1)


# ---------------------------------------------------------------------------------------------
# Ornaments


def draw_divider(canvas: Canvas, x: float, y: float, half_width: float, colours: Palette) -> None:
    """A fine rule that fades towards its ends, with a diamond at its centre."""
    canvas.saveState()
    canvas.setLineWidth(0.8)
    steps = 8
    for i in range(steps):
        canvas.setStrokeColor(mix(colours.main, white, i / steps))
        a, b = 10 + half_width * i / steps, 10 + half_width * (i + 1) / steps
        canvas.line(x - a, y, x - b, y)
        canvas.line(x + a, y, x + b, y)
    _diamond(canvas, x, y, 4.5, colours.main)
    canvas.restoreState()


def draw_flanking_rules(canvas: Canvas, x: float, y: float, gap: float, length: float,
                        colours: Palette) -> None:
    """Short rules either side of a heading, each ending in a small diamond."""
    canvas.saveState()
    canvas.setStrokeColor(colours.main)
    canvas.setLineWidth(0.9)
    for side in (-1, 1):
        canvas.line(x + side * gap, y, x + side * (gap + length), y)
        _diamond(canvas, x + side * gap, y, 3.2, colours.main)
    canvas.restoreState()


def draw_laurel(canvas: Canvas, x: float, y: float, height: float, side: int,
                colours: Palette) -> None:
    """A laurel branch curving up beside a heading; ``side`` -1 on its left, 1 on its right.
    (x, y) is the foot of the branch."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(side, 1)
    radius = height * 0.9
    stem = canvas.beginPath()
    points = [(radius * (1 - math.cos(t)) * 0.45, radius * math.sin(t))
              for t in (i * math.pi / 40 for i in range(21))]
    stem.moveTo(*points[0])
    for point in points[1:]:
        stem.lineTo(*point)
    canvas.setStrokeColor(colours.dark)
    canvas.setLineWidth(1.1)
    canvas.drawPath(stem, stroke=1, fill=0)
    leaf = height * 0.16
    for i in range(2, 21, 3):
        px, py = points[i]
        angle = math.degrees(math.atan2(points[i][1] - points[i - 1][1],
                                        points[i][0] - points[i - 1][0]))
        for turn, colour in ((38, colours.main), (-38, colours.dark)):
            canvas.saveState()
            canvas.translate(px, py)
            canvas.rotate(angle + turn)
            canvas.setFillColor(colour)
            canvas.ellipse(0, -leaf * 0.22, leaf, leaf * 0.22, stroke=0, fill=1)
            canvas.restoreState()
    canvas.restoreState()


def draw_banner(canvas: Canvas, x: float, y: float, width: float, height: float,
                colours: Palette) -> None:
    """A ribbon banner centred on (x, y), its swallow-tailed ends folded behind it."""
    canvas.saveState()
    half, tail = width / 2, height * 0.75
    top, low = y - height * 0.1, y - height * 0.72  # the ends sit a little lower
    for side in (-1, 1):
        inner, outer = x + side * (half - 8), x + side * (half + tail)
        end = canvas.beginPath()
        end.moveTo(inner, top)
        end.lineTo(outer, top)
        end.lineTo(outer - side * height * 0.24, (top + low) / 2)
        end.lineTo(outer, low)
        end.lineTo(inner, low)
        end.close()
        canvas.setFillColor(colours.main)
        canvas.drawPath(end, stroke=0, fill=1)
        fold = canvas.beginPath()
        fold.moveTo(x + side * half, y - height / 2)
        fold.lineTo(inner, low)
        fold.lineTo(inner, y - height / 2)
        fold.close()
        canvas.setFillColor(colours.dark)
        canvas.drawPath(fold, stroke=0, fill=1)
    canvas.setFillColor(colours.light)
    canvas.setStrokeColor(colours.main)
    canvas.setLineWidth(1)
    canvas.rect(x - half, y - height / 2, width, height, stroke=1, fill=1)
    canvas.restoreState()


def draw_rosette(canvas: Canvas, x: float, y: float, radius: float, colours: Palette, *,
                 tails: bool) -> None:
    """A prize rosette centred on (x, y): pleated edge, ring and star; with ribbon tails
    below for the winner and placed designs, a plain seal otherwise."""
    canvas.saveState()
    if tails:
        for side in (-1, 1):
            tail = canvas.beginPath()
            top_x, low = x + side * radius * 0.25, y - radius * 1.75
            tail.moveTo(x, y)
            tail.lineTo(top_x + side * radius * 0.55, low)
            tail.lineTo(top_x + side * radius * 0.2, low + radius * 0.28)
            tail.lineTo(top_x - side * radius * 0.15, low)
            tail.close()
            canvas.setFillColor(colours.dark if side < 0 else colours.main)
            canvas.drawPath(tail, stroke=0, fill=1)
    points = 30 if tails else 44
    edge = canvas.beginPath()
    for i in range(points * 2):
        r = radius if i % 2 == 0 else radius * (0.86 if tails else 0.92)
        angle = math.pi * i / points
        (edge.moveTo if i == 0 else edge.lineTo)(x + r * math.sin(angle), y + r * math.cos(angle))
    edge.close()
    canvas.setFillColor(colours.main)
    canvas.drawPath(edge, stroke=0, fill=1)
    canvas.setFillColor(colours.light)
    canvas.circle(x, y, radius * 0.7, stroke=0, fill=1)
    canvas.setStrokeColor(colours.main)
    canvas.setLineWidth(0.8)
    canvas.circle(x, y, radius * 0.6, stroke=1, fill=0)
    star = canvas.beginPath()
    for i in range(10):
        r = radius * (0.36 if i % 2 == 0 else 0.15)
        angle = math.pi * i / 5
        (star.moveTo if i == 0 else star.lineTo)(x + r * math.sin(angle), y + r * math.cos(angle))
    star.close()
    canvas.setFillColor(colours.dark)
    canvas.drawPath(star, stroke=0, fill=1)
    canvas.restoreState()

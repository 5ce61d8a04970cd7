"""QR codes drawn as vector paths: sharp at any print resolution, small and quick to render.

Each row's dark modules are merged into runs and every run goes into one filled path, so a
code is a single fill operation (no image, no hairline seams between modules). The matrix
includes qrcode's four-module quiet zone and the light background is painted under it, so
the code decodes even when placed on a tinted area.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, black, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules; the QR specification's minimum


@lru_cache(maxsize=1024)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The module matrix (True = dark) for ``text``, quiet zone included.

    Error correction level M survives a crease or a pen mark over about 15% of the code.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def dark_rectangles(matrix: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int, int]]:
    """Dark modules merged into rectangles (row, column, width, height), in module units.

    Runs of dark modules in a row are merged first; a run repeated exactly on the rows below
    grows downwards. That roughly halves the number of rectangles in a typical code.
    """
    rows: list[dict[tuple[int, int], None]] = []
    for row in matrix:
        runs: dict[tuple[int, int], None] = {}
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs[(start, c - start)] = None
            else:
                c += 1
        rows.append(runs)
    rectangles = []
    for r, runs in enumerate(rows):
        for run in runs:
            height = 1
            while r + height < len(rows) and run in rows[r + height]:
                del rows[r + height][run]
                height += 1
            rectangles.append((r, run[0], run[1], height))
    return rectangles


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float, *,
            dark: Color = black, light: Color | None = white) -> None:
    """Draw the QR code for ``text`` as a ``size`` × ``size`` square, lower-left at (x, y).

    ``size`` includes the quiet zone. ``light=None`` leaves the background unpainted.
    """
    matrix = qr_matrix(text)
    modules = len(matrix)
    canvas.saveState()
    if light is not None:
        canvas.setFillColor(light)
        canvas.rect(x, y, size, size, stroke=0, fill=1)
    # Work in module units from the top-left corner: whole-number coordinates keep the
    # path short and exact.
    canvas.translate(x, y + size)
    canvas.scale(size / modules, -size / modules)
    path = canvas.beginPath()
    for r, c, width, height in dark_rectangles(matrix):
        path.rect(c, r, width, height)
    canvas.setFillColor(dark)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):  # type: ignore[misc]
    """A QR code as a flowable square of side ``size`` points (quiet zone included)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.text, 0, 0, self.size)

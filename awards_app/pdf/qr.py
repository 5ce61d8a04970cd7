"""QR codes drawn as vector paths: sharp at any print resolution, small and quick to render.

Each row's dark modules are merged into runs and every run goes into one filled path, so a
code is a single fill operation (no image, no hairline seams between modules). The matrix
includes qrcode's four-module quiet zone and the light background is painted under it, so
the code decodes even when placed on a tinted area.

Choosing the mask pattern (qrcode builds all eight and scores each) is most of the cost of a
code, and qrcode's bit-by-bit encoding most of the rest. For a thousand certificates a batch
passes a fixed mask, the one :func:`qr_mask_for` chose when each certificate was issued; the
code is then built here from tables, with the same chunks, version, error correction and
placement as qrcode, so the matrix is exactly qrcode's for that mask (the tests compare
them). That takes about a sixth of qrcode's time for the same mask, and a thirtieth of its
time when it chooses.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache

import qrcode
from qrcode import util
from qrcode.base import rs_blocks
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, black, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules; the QR specification's minimum
MASK_PATTERNS = range(8)
_EC_LEVEL = ERROR_CORRECT_M  # survives a crease or a pen mark over about 15% of the code
_OPTIMIZE = 20  # qrcode's default: a numeric or alphanumeric run this long gets its own chunk

Matrix = tuple[tuple[bool, ...], ...]


@lru_cache(maxsize=1024)
def qr_matrix(text: str, mask: int | None = None) -> Matrix:
    """The module matrix (True = dark) for ``text``, quiet zone included.

    ``mask``: a fixed mask pattern (0–7), usually :func:`qr_mask_for` of the same text;
    ``None`` lets qrcode choose, which takes some thirty times as long.
    """
    if mask is None:
        code = qrcode.QRCode(error_correction=_EC_LEVEL, border=QUIET_ZONE)
        code.add_data(text, optimize=_OPTIMIZE)
        code.make(fit=True)
        return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())
    light = "0" * QUIET_ZONE
    rows = [f"{light}{row}{light}" for row in _module_rows(text, mask)]
    blank = "0" * len(rows[0])
    rows = [blank] * QUIET_ZONE + rows + [blank] * QUIET_ZONE
    return tuple(tuple(m == "1" for m in row) for row in rows)


def qr_mask_for(text: str) -> int:
    """The mask pattern qrcode itself picks for ``text`` (its lowest-penalty mask).

    Worth storing with the text it was computed for: rendering with it is fast and gives the
    very code qrcode would have drawn.
    """
    code = qrcode.QRCode(error_correction=_EC_LEVEL, border=QUIET_ZONE)
    code.add_data(text, optimize=_OPTIMIZE)
    code.best_fit()
    return int(code.best_mask_pattern())


# ---------------------------------------------------------------------------------------------
# The table-driven encoder behind a fixed mask.

_GF_EXP = [0] * 512
_GF_LOG = [0] * 256
_value = 1
for _power in range(255):
    _GF_EXP[_power] = _value
    _GF_LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D  # x⁸ + x⁴ + x³ + x² + 1, the QR field's polynomial
for _power in range(255, 512):
    _GF_EXP[_power] = _GF_EXP[_power - 255]


def _gf_mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _GF_EXP[_GF_LOG[a] + _GF_LOG[b]]


@cache
def _rs_products(count: int) -> tuple[int, ...]:
    """For each byte value f, f × the generator polynomial's coefficients (leading 1 left
    out) packed into one integer: one XOR per step of the Reed–Solomon division."""
    generator = [1]
    for i in range(count):  # multiply by (x + αⁱ), highest power first
        product = [*generator, 0]
        for j, coefficient in enumerate(generator):
            product[j + 1] ^= _gf_mul(coefficient, _GF_EXP[i])
        generator = product
    return tuple(int.from_bytes(bytes(_gf_mul(f, g) for g in generator[1:]), "big")
                 for f in range(256))


def _error_correction(data: list[int], count: int) -> list[int]:
    """The ``count`` error correction codewords for one block (polynomial remainder)."""
    products = _rs_products(count)
    shift, keep = 8 * (count - 1), (1 << 8 * count) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ products[byte ^ (remainder >> shift)]
    return list(remainder.to_bytes(count, "big"))


def _chunk_bits(chunk: util.QRData) -> tuple[int, int]:
    """A chunk's data bits (without mode and length) as (value, bit count)."""
    data: bytes = chunk.data
    value = bits = 0
    if chunk.mode == util.MODE_NUMBER:
        for i in range(0, len(data), 3):
            part = data[i:i + 3]
            width = util.NUMBER_LENGTH[len(part)]
            value, bits = (value << width) | int(part), bits + width
    elif chunk.mode == util.MODE_ALPHA_NUM:
        find = util.ALPHA_NUM.find
        for i in range(0, len(data) - 1, 2):
            pair = find(data[i:i + 1]) * 45 + find(data[i + 1:i + 2])
            value, bits = (value << 11) | pair, bits + 11
        if len(data) % 2:
            value, bits = (value << 6) | find(data[-1:]), bits + 6
    else:
        value, bits = int.from_bytes(data, "big"), 8 * len(data)
    return value, bits


def _codewords(text: str) -> tuple[int, list[int]]:
    """The version qrcode's ``best_fit`` gives ``text``, and the interleaved data and error
    correction codewords of ``util.create_data``."""
    chunks = [(c.mode, len(c), *_chunk_bits(c))
              for c in util.optimal_data_chunks(text, minimum=_OPTIMIZE)]
    version = 1
    while True:
        sizes = util.mode_sizes_for_version(version)
        needed = sum(4 + sizes[mode] + bits for mode, _, _, bits in chunks)
        found = bisect_left(util.BIT_LIMIT_TABLE[_EC_LEVEL], needed, version)
        if found > 40:
            raise ValueError(f"{len(text)} characters are too many for a QR code.")
        version, settled = found, util.mode_sizes_for_version(found) is sizes
        if settled:
            break
    value = length = 0
    for mode, count, bits_value, bits in chunks:
        value = (((value << 4 | mode) << sizes[mode] | count) << bits) | bits_value
        length += 4 + sizes[mode] + bits
    blocks = rs_blocks(version, _EC_LEVEL)
    limit = sum(block.data_count for block in blocks) * 8
    terminator = min(4, limit - length)
    length += terminator
    padding = -length % 8
    value <<= terminator + padding
    length += padding
    data = list(value.to_bytes(length // 8, "big"))
    data += [0xEC, 0x11] * ((limit - length) // 16) + [0xEC] * ((limit - length) // 8 % 2)
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        piece = data[offset:offset + block.data_count]
        offset += block.data_count
        data_blocks.append(piece)
        ec_blocks.append(_error_correction(piece, block.total_count - block.data_count))
    interleaved = [b[i] for i in range(max(map(len, data_blocks))) for b in data_blocks
                   if i < len(b)]
    interleaved += [b[i] for i in range(len(ec_blocks[0])) for b in ec_blocks]
    return version, interleaved


class _Blank(qrcode.QRCode):  # type: ignore[misc]
    """qrcode's function patterns, format and version information, data modules left None."""

    def map_data(self, data: list[int], mask_pattern: int) -> None:
        return  # the data modules are filled in by :func:`_module_rows`


@cache
def _layout(version: int, mask: int) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...], int]:
    """A (version, mask) code's fixed modules as one integer per row (first column in the
    highest bit, data modules 0); each data module as (row, bit) in qrcode's placement
    order; and the mask over the data modules, in that order, as one integer."""
    blank = _Blank(version=version, error_correction=_EC_LEVEL, mask_pattern=mask)
    blank.data_cache = []  # placeholder so makeImpl skips encoding
    blank.makeImpl(False, mask)
    modules: list[list[bool | None]] = blank.modules
    size = len(modules)
    masked = util.mask_func(mask)
    order: list[tuple[int, int]] = []
    flips = 0
    row, step = size - 1, -1
    for col in range(size - 1, 0, -2):
        if col <= 6:
            col -= 1  # the vertical timing pattern takes column 6
        while 0 <= row < size:
            for c in (col, col - 1):
                if modules[row][c] is None:
                    order.append((row, 1 << (size - 1 - c)))
                    flips = flips << 1 | bool(masked(row, c))
            row += step
        row -= step
        step = -step
    rows = tuple(int("".join("1" if m else "0" for m in line), 2) for line in modules)
    return rows, tuple(order), flips


def _module_rows(text: str, mask: int) -> list[str]:
    """The code for ``text`` with ``mask`` as rows of "0"/"1", without the quiet zone."""
    if mask not in MASK_PATTERNS:
        raise ValueError(f"A QR mask pattern is a number from 0 to 7, not {mask!r}.")
    version, codewords = _codewords(text)
    fixed, order, flips = _layout(version, mask)
    grid = list(fixed)
    spare = len(order) - 8 * len(codewords)  # remainder bits, light before masking
    placed = format((int.from_bytes(bytes(codewords), "big") << spare) ^ flips,
                    f"0{len(order)}b")
    i = placed.find("1")
    while i >= 0:
        r, bit = order[i]
        grid[r] |= bit
        i = placed.find("1", i + 1)
    width = f"0{len(grid)}b"
    return [format(row, width) for row in grid]


def dark_rectangles(matrix: Matrix) -> list[tuple[int, int, int, int]]:
    """Dark modules merged into rectangles (row, column, width, height), in module units.

    Runs of dark modules in a row are merged first; a run repeated exactly on the rows below
    grows downwards. That roughly halves the number of rectangles in a typical code.
    """
    return _rectangles(["".join("1" if m else "0" for m in row) for row in matrix])


_DARK_RUN = re.compile("1+")


def _rectangles(rows: list[str]) -> list[tuple[int, int, int, int]]:
    """:func:`dark_rectangles` for rows of "0"/"1"."""
    rectangles = []
    growing: dict[tuple[int, int], int] = {}  # (start, end) of a run → first row it is on
    for r, row in enumerate(rows):
        runs = {m.span(): r for m in _DARK_RUN.finditer(row)}
        for span in runs.keys() & growing.keys():
            runs[span] = growing.pop(span)
        for (start, end), top in growing.items():
            rectangles.append((top, start, end - start, r - top))
        growing = runs
    for (start, end), top in growing.items():
        rectangles.append((top, start, end - start, len(rows) - top))
    return rectangles


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float, *,
            mask: int | None = None, dark: Color = black, light: Color | None = white) -> None:
    """Draw the QR code for ``text`` as a ``size`` × ``size`` square, lower-left at (x, y).

    ``size`` includes the quiet zone. ``light=None`` leaves the background unpainted.
    ``mask``: a fixed mask pattern, see :func:`qr_matrix`.
    """
    if mask is None:
        matrix = qr_matrix(text)
        modules, margin = len(matrix), 0
        rectangles = dark_rectangles(matrix)
    else:
        rows = _module_rows(text, mask)
        modules, margin = len(rows) + 2 * QUIET_ZONE, QUIET_ZONE
        rectangles = _rectangles(rows)
    # Module units from the code's top-left corner (inside any quiet zone the rows leave
    # out): whole-number coordinates keep the path short and exact. The operators are
    # written directly, one string per code: much quicker than a path object per rectangle,
    # and q … Q keeps the colour and the transformation to this code.
    module = size / modules
    paint = f"{_rgb(light)} rg {x:.3f} {y:.3f} {size:.3f} {size:.3f} re f " if light is not None else ""
    runs = " ".join([f"{c} {r} {w} {h} re" for r, c, w, h in rectangles])
    canvas.addLiteral(
        f"q {paint}{_rgb(dark)} rg {module:.5f} 0 0 {-module:.5f} {x + margin * module:.3f} "
        f"{y + size - margin * module:.3f} cm {runs} f Q")


def _rgb(colour: Color) -> str:
    return "{:.4f} {:.4f} {:.4f}".format(*colour.rgb())


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

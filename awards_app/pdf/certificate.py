"""Certificates: one landscape page each, in three designs that share one layout.

**Winner** (gold, laurels, a rosette), **Runner-up / Highly commended** ("placed": silver, a
ribbon banner, a rosette) and **Certificate of achievement** (the event's accent colour, a
seal). Each page shows the event and year, the title, the recipient's name, the category, an
optional citation, the sponsor, the ceremony date, up to two signatures, the council logo and
a QR code holding the verification text, with the code printed beneath it.

Speed: everything a batch shares (background, border, ornaments, headings, signatures,
council logo) is drawn once per (design, title, event) as a Form XObject that every page
reuses, as is each sponsor logo; a page adds only its own text and its QR code, drawn as
merged vector runs with the mask chosen when the certificate was issued.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from awards_app.core.errors import Cancelled
from awards_app.pdf import fonts
from awards_app.pdf import certificate_art as art
from awards_app.pdf.certificate_art import SANS, SANS_BOLD, SERIF, SERIF_ITALIC, draw_text
from awards_app.pdf.qr import MASK_PATTERNS, draw_qr, qr_mask_for

__all__ = ["Artwork", "CertificateSpec", "Signature", "qr_mask_for", "write_certificates",
           "DESIGNS", "PAGE_SIZES", "BORDER_STYLES", "Layout", "page_layout", "heading_fits"]

DESIGNS = ("winner", "placed", "achievement")
PAGE_SIZES = {"A4": landscape(A4), "Letter": landscape(LETTER)}
BORDER_STYLES = ("classic", "ribbon", "minimal")
CANCELLED = "Printing the certificates was cancelled; no file was written."


@dataclass(frozen=True)
class Signature:
    name: str
    role: str
    image: bytes | None


@dataclass(frozen=True)
class Artwork:
    """What every certificate of an event shares."""

    page_size: str = "A4"            # "A4" | "Letter", landscape
    border_style: str = "classic"    # "classic" | "ribbon" | "minimal"
    accent_colour: str = "#1F5C99"
    background_image: bytes | None = None
    council_logo: bytes | None = None
    signatures: tuple[Signature, ...] = ()   # 0–2


@dataclass(frozen=True)
class CertificateSpec:
    """One certificate, exactly as it is to be printed."""

    design: str                  # "winner" | "placed" | "achievement"
    title: str                   # "Winner", "Runner-up", "Highly commended", …
    event_name: str
    year: int
    category: str
    recipient: str
    citation: str                # may be ""
    sponsor_name: str            # may be ""
    sponsor_logo: bytes | None
    ceremony_date: str           # already formatted, e.g. "14 March 2027"; may be ""
    verification_text: str       # what the QR code holds
    code_display: str            # "7KQM-3XTR-9VWZ-H", printed under the QR code
    qr_mask: int | None = None   # fixed mask for speed; None lets qrcode choose
    #: every sponsor's logo, side by side in the logo area; empty: ``sponsor_logo`` alone
    sponsor_logos: tuple[bytes, ...] = ()

    @property
    def logos(self) -> tuple[bytes, ...]:
        """The logos to print, in order (those with no data left out)."""
        chosen = self.sponsor_logos or ((self.sponsor_logo,) if self.sponsor_logo else ())
        return tuple(data for data in chosen if data)


# ---------------------------------------------------------------------------------------------
# Layout: one set of positions for every design, from the page size and what the batch has.

SIDE = 64.0            # page edge to the content, left and right
BASE = 46.0            # page bottom to the lowest line of text
CORNER = 86.0          # width of the QR code's corner and of the emblem's
QR_SIZE = 76.0         # quiet zone included: about 21 mm of code on paper
NAME_SIZE, NAME_BOX = 50.0, 58.0
CATEGORY_SIZE, CATEGORY_BOX = 24.0, 32.0
CITATION_SIZE, CITATION_BOX, CITATION_WIDTH = 13.5, 50.0, 540.0
TITLE_SIZE = 40.0
LOGO_WIDTH, LOGO_HEIGHT, LOGO_GAP = 150.0, 42.0, 8.0  # the sponsor logo area, shared by all
CAP = 0.714            # the serif's capital height, in ems


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    heading_width: float                  # room for the name, category and title
    logo_box: tuple[float, float, float, float] | None
    baselines: dict[str, float]           # event, title, presented
    boxes: dict[str, tuple[float, float]]  # name, category, citation: (bottom, top)
    divider_y: float
    emblem: tuple[float, float, float]    # centre x, y and radius
    qr: tuple[float, float]               # lower-left corner
    signature_xs: tuple[float, ...]
    sponsor_x: float | None
    slot_width: float


def page_layout(page_size: str, *, council_logo: bool, signatures: int,
                sponsor: bool) -> Layout:
    """Where everything goes. The heading stack is spread evenly over the room above the
    signatures, so a page without a council logo is as balanced as one with."""
    width, height = PAGE_SIZES[page_size]
    centre = width / 2
    stack: list[tuple[str, float, float]] = [  # (part, height, gap below)
        ("event", 10.5 * CAP, 18), ("title", TITLE_SIZE * CAP, 20),
        ("presented", 14 * CAP, 12), ("name", NAME_BOX, 12), ("divider", 0, 14),
        ("category", CATEGORY_BOX, 8), ("citation", CITATION_BOX, 0)]
    if council_logo:
        stack.insert(0, ("logo", 46, 16))
    # Without signatures or a sponsor the band holds only the corner emblem and QR code,
    # which sit outside the citation's measure: the headings may come further down.
    top, bottom = height - 52, BASE + (112 if signatures or sponsor else 72)
    spare = top - bottom - sum(h for _, h, _ in stack)
    stretch = min(1.8, spare / sum(g for _, _, g in stack))
    y = top - max(0.0, spare - stretch * sum(g for _, _, g in stack)) / 2
    baselines: dict[str, float] = {}
    boxes: dict[str, tuple[float, float]] = {}
    for part, part_height, gap in stack:
        boxes[part] = (y - part_height, y)
        baselines[part] = y - part_height
        y -= part_height + gap * stretch
    logo = boxes.get("logo")
    zone = width - 2 * (SIDE + CORNER + 14)
    slot = zone / 3
    parts = ["signature"] * min(signatures, 1) + ["sponsor"] * sponsor \
        + ["signature"] * max(0, signatures - 1)
    xs = [centre + (i - (len(parts) - 1) / 2) * slot for i in range(len(parts))]
    return Layout(
        width=width, height=height, heading_width=width - 2 * SIDE - 40,
        logo_box=None if logo is None else (centre - 90, logo[0], 180, logo[1] - logo[0]),
        baselines=baselines, boxes=boxes, divider_y=boxes["divider"][0],
        emblem=(SIDE + CORNER / 2, BASE + 60, 27),
        qr=(width - SIDE - CORNER / 2 - QR_SIZE / 2, BASE + 12),
        signature_xs=tuple(x for x, p in zip(xs, parts, strict=True) if p == "signature"),
        sponsor_x=next((x for x, p in zip(xs, parts, strict=True) if p == "sponsor"), None),
        slot_width=slot - 12)


def heading_fits(text: str, *, part: str, layout: Layout) -> tuple[float, list[str]]:
    """Size and lines for the name ("name") or the category ("category") on this layout:
    the largest that fits its box, one line if it can, two if it must."""
    bottom, top = layout.boxes[part]
    if part == "name":
        return art.fit_lines(art.tidy(text), SERIF, layout.heading_width, top - bottom,
                             NAME_SIZE, one_line_down_to=30)
    return art.fit_lines(art.tidy(text), SERIF, layout.heading_width, top - bottom,
                         CATEGORY_SIZE, one_line_down_to=15)


def _event_line(spec: CertificateSpec) -> str:
    event = art.tidy(spec.event_name)
    return event if str(spec.year) in event else art.tidy(f"{event} {spec.year}")


# ---------------------------------------------------------------------------------------------
# Drawing


class _Writer:
    """Draws certificates onto one canvas, making each shared form the first time it is
    needed."""

    def __init__(self, canvas: Canvas, artwork: Artwork) -> None:
        self.canvas = canvas
        self.artwork = artwork
        self.background = art.load_image(artwork.background_image)
        self.council_logo = art.load_image(artwork.council_logo, longest=1200)
        self.signature_images = [art.load_image(s.image, longest=1200)
                                 for s in artwork.signatures]
        self.layouts = {sponsor: page_layout(artwork.page_size,
                                             council_logo=self.council_logo is not None,
                                             signatures=len(artwork.signatures), sponsor=sponsor)
                        for sponsor in (False, True)}
        self.forms: dict[tuple[str, str, str, bool], str] = {}
        self.logos: dict[tuple[bytes, ...], str | None] = {}
        self.images: dict[bytes, ImageReader | None] = {}

    def logo(self, logos: tuple[bytes, ...]) -> str | None:
        """The form holding these sponsor logos side by side, each scaled to fit its share of
        the logo area, drawn in place; None if there are none (missing or unreadable)."""
        if logos not in self.logos:
            for data in logos:
                if data not in self.images:
                    self.images[data] = art.load_image(data, longest=1200)
            images = [image for data in logos if (image := self.images[data]) is not None]
            name = f"SponsorLogo{len(self.logos)}" if images else None
            self.logos[logos] = name
            if name is not None:
                x = self.layouts[True].sponsor_x
                assert x is not None  # the layout with a sponsor has the sponsor's slot
                share = (LOGO_WIDTH - LOGO_GAP * (len(images) - 1)) / len(images)
                self.canvas.beginForm(name)
                for number, image in enumerate(images):
                    art.draw_fitted_image(self.canvas, image,
                                          x - LOGO_WIDTH / 2 + number * (share + LOGO_GAP),
                                          BASE + 42, share, LOGO_HEIGHT)
                self.canvas.endForm()
        return self.logos[logos]

    def page(self, spec: CertificateSpec) -> None:
        canvas = self.canvas
        logo = self.logo(spec.logos)
        sponsor_name = art.tidy(spec.sponsor_name)
        layout = self.layouts[bool(sponsor_name) or logo is not None]
        key = (spec.design, art.tidy(spec.title), _event_line(spec), layout.sponsor_x is not None)
        if key not in self.forms:
            self.forms[key] = f"Certificate{len(self.forms)}"
            canvas.beginForm(self.forms[key])
            self._furniture(layout, *key[:3])
            canvas.endForm()
        canvas.doForm(self.forms[key])
        colours = art.palette(spec.design, self.artwork.accent_colour)
        self._heading(spec.recipient, "name", layout, art.INK)
        self._heading(spec.category, "category", layout, colours.accent)
        citation = art.tidy(spec.citation)
        if citation:
            bottom, top = layout.boxes["citation"]
            size, lines = art.fit_block(citation, SERIF_ITALIC, CITATION_WIDTH, top - bottom,
                                        CITATION_SIZE, smallest=10)
            self._lines(lines, size, 1.32, layout, (top + bottom) / 2, SERIF_ITALIC, art.SOFT_INK)
        if layout.sponsor_x is not None:
            x = layout.sponsor_x
            if logo is not None:
                canvas.doForm(logo)
            if sponsor_name and logo is not None:
                draw_text(canvas, sponsor_name, x, BASE + 26,
                          art.fit_size(sponsor_name, SANS, layout.slot_width, 10.5), SANS, art.INK)
            elif sponsor_name:
                draw_text(canvas, sponsor_name, x, BASE + 54,
                          art.fit_size(sponsor_name, SERIF, layout.slot_width, 18), SERIF, art.INK)
        date = art.tidy(spec.ceremony_date)
        if date:
            draw_text(canvas, date, layout.emblem[0], BASE,
                      art.fit_size(date, SANS, CORNER + 20, 9), SANS, art.MUTED)
        qr_x, qr_y = layout.qr
        draw_qr(canvas, spec.verification_text, qr_x, qr_y, QR_SIZE, mask=spec.qr_mask)
        code = art.tidy(spec.code_display)
        draw_text(canvas, code, qr_x + QR_SIZE / 2, BASE,
                  art.fit_size(code, SANS_BOLD, CORNER + 20, 8.5), SANS_BOLD, art.MUTED)

    def _heading(self, text: str, part: str, layout: Layout, colour: Color) -> None:
        size, lines = heading_fits(text, part=part, layout=layout)
        bottom, top = layout.boxes[part]
        self._lines(lines, size, 1.18, layout, (top + bottom) / 2, SERIF, colour)

    def _lines(self, lines: list[str], size: float, leading: float, layout: Layout,
               middle: float, face: art.Face, colour: Color) -> None:
        """Lines centred on the page, the block's capitals centred on ``middle``."""
        step = size * leading
        y = middle + (len(lines) - 1) * step / 2 - size * CAP / 2
        x = layout.width / 2
        for line in lines:
            draw_text(self.canvas, line, x, y, size, face, colour)
            y -= step

    def _furniture(self, layout: Layout, design: str, title: str, event: str) -> None:
        """Everything on the page that certificates of one design, title and event share."""
        canvas, artwork = self.canvas, self.artwork
        colours = art.palette(design, artwork.accent_colour)
        width, height, centre = layout.width, layout.height, layout.width / 2
        if self.background is not None:
            art.draw_fitted_image(canvas, self.background, 0, 0, width, height, cover=True)
        art.draw_border(canvas, artwork.border_style, colours, width, height)
        if self.council_logo is not None and layout.logo_box is not None:
            art.draw_fitted_image(canvas, self.council_logo, *layout.logo_box)

        event_text = event if fonts.has_rtl(event) else event.upper()
        spacing = 1.8
        size = art.fit_size(event_text, SANS_BOLD,
                            layout.heading_width - spacing * len(event_text), 10.5)
        draw_text(canvas, event_text, centre, layout.baselines["event"], size, SANS_BOLD,
                  colours.accent, spacing=spacing)
        self._title(layout, design, title, colours)
        draw_text(canvas, "Presented to", centre, layout.baselines["presented"], 14,
                  SERIF_ITALIC, art.MUTED)
        art.draw_divider(canvas, centre, layout.divider_y, 150, colours)
        emblem_x, emblem_y, radius = layout.emblem
        if design == "achievement":  # a seal without ribbon tails sits lower, over the date
            art.draw_rosette(canvas, emblem_x, emblem_y - 12, radius, colours, tails=False)
        else:
            art.draw_rosette(canvas, emblem_x, emblem_y, radius, colours, tails=True)

        if layout.sponsor_x is not None:
            draw_text(canvas, "SPONSORED BY", layout.sponsor_x, BASE + 92, 7.5, SANS, art.MUTED,
                      spacing=1.4)
        for x, signature, image in zip(layout.signature_xs, artwork.signatures,
                                       self.signature_images, strict=False):
            line_y = BASE + 40
            if image is not None:
                art.draw_fitted_image(canvas, image, x - 70, line_y + 3, 140, 44, sit=True)
            canvas.setStrokeColor(art.LINE)
            canvas.setLineWidth(0.6)
            canvas.line(x - 72, line_y, x + 72, line_y)
            name, role = art.tidy(signature.name), art.tidy(signature.role)
            draw_text(canvas, name, x, line_y - 15,
                      art.fit_size(name, SERIF, layout.slot_width, 12), SERIF, art.INK)
            if role:
                draw_text(canvas, role, x, line_y - 28,
                          art.fit_size(role, SANS, layout.slot_width, 8.5), SANS, art.MUTED)

    def _title(self, layout: Layout, design: str, title: str, colours: art.Palette) -> None:
        canvas, centre = self.canvas, layout.width / 2
        baseline = layout.baselines["title"]
        size = art.fit_size(title, SERIF, layout.heading_width - 200, TITLE_SIZE)
        wide = art.measure(title, SERIF) * size
        middle = baseline + size * CAP / 2
        if design == "winner":
            for side in (-1, 1):
                art.draw_laurel(canvas, centre + side * (wide / 2 + 18), baseline - 10,
                                size * 1.35, side, colours)
        elif design == "placed":
            art.draw_banner(canvas, centre, middle, wide + 56, size * 1.45, colours)
        else:
            art.draw_flanking_rules(canvas, centre, middle, wide / 2 + 18, 48, colours)
        draw_text(canvas, title, centre, baseline, size, SERIF, colours.dark)


# ---------------------------------------------------------------------------------------------
# Writing the file


def _check(specs: Sequence[CertificateSpec], artwork: Artwork) -> None:
    if not specs:
        raise ValueError("There are no certificates to print.")
    if artwork.page_size not in PAGE_SIZES:
        raise ValueError(f"Page size must be A4 or Letter, not {artwork.page_size!r}.")
    if artwork.border_style not in BORDER_STYLES:
        raise ValueError(f"Border style must be one of {', '.join(BORDER_STYLES)}, "
                         f"not {artwork.border_style!r}.")
    if len(artwork.signatures) > 2:
        raise ValueError(f"A certificate has room for two signatures, not "
                         f"{len(artwork.signatures)}.")
    try:
        HexColor(artwork.accent_colour)
    except ValueError:
        raise ValueError(f"Accent colour must look like #1F5C99, not "
                         f"{artwork.accent_colour!r}.") from None
    for number, spec in enumerate(specs, start=1):
        if spec.design not in DESIGNS:
            raise ValueError(f"Certificate {number}: design must be one of "
                             f"{', '.join(DESIGNS)}, not {spec.design!r}.")
        if spec.qr_mask is not None and spec.qr_mask not in MASK_PATTERNS:
            raise ValueError(f"Certificate {number}: QR mask must be 0 to 7, "
                             f"not {spec.qr_mask!r}.")
        if not spec.verification_text:
            raise ValueError(f"Certificate {number}: the verification text is empty.")


def write_certificates(target: str | Path | BinaryIO, specs: Sequence[CertificateSpec],
                       artwork: Artwork, *, progress: Callable[[int, int], None] | None = None,
                       is_cancelled: Callable[[], bool] | None = None) -> int:
    """Write one page per spec into one PDF; returns the number of pages written.

    ``target`` is a path (the file appears only when complete: it is written beside it
    and renamed) or a binary stream, which receives nothing unless the run completes.
    ``progress(done, total)`` follows each page; ``is_cancelled()`` is polled before each
    page and ``Cancelled`` raised when it says so. Unreadable images are left out.
    """
    _check(specs, artwork)
    art.register_display_fonts()
    path = temporary = None
    if isinstance(target, str | Path):
        path = Path(target)
        temporary = path.with_name(f".{path.name}.partial")
    canvas = Canvas(target if temporary is None else str(temporary),
                    pagesize=PAGE_SIZES[artwork.page_size], initialFontName=fonts.SANS,
                    initialFontSize=10, pageCompression=1)
    canvas.setTitle(f"Certificates: {_event_line(specs[0])}")
    canvas.setCreator("Awards App")
    canvas.setSubject("Award certificates")
    writer = _Writer(canvas, artwork)
    total = len(specs)
    try:
        for done, spec in enumerate(specs):
            if is_cancelled is not None and is_cancelled():
                raise Cancelled(CANCELLED)
            writer.page(spec)
            canvas.showPage()
            if progress is not None:
                progress(done + 1, total)
        canvas.save()
        if path is not None and temporary is not None:
            os.replace(temporary, path)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return total

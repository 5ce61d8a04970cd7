"""Certificates, checked the way a printer, a reader and a phone would meet them.

One batch of 60 certificates (every design, Latin with diacritics, Greek, Cyrillic and
Arabic names, codes alone and inside verification URLs, fixed and chosen QR masks) is
written once per module and inspected with poppler (pdffonts, pdftotext, pdftoppm), qpdf and
zbar; a test whose tool is missing is skipped and says which package provides it.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from awards_app.core.errors import Cancelled
from awards_app.pdf import fonts
from awards_app.pdf.certificate import (
    QR_SIZE,
    Artwork,
    CertificateSpec,
    Signature,
    page_layout,
    qr_mask_for,
    write_certificates,
)
from tests.pdftools import normalise, pdffonts, qpdf_check, run, tool, words_of


NAMES = ("Zoë Ñúñez-Brontë", "Ελένη Παπαδοπούλου", "Ольга Иванова", "ليلى حداد",
         "Łukasz Żółkiewski", "Dương Nguyễn", "Saoirse Ó Briain", "Мирослава Соколова",
         "Αλέξανδρος Νικολάου", "سارة خالد", "Chloé Müller", "Jamal Okafor", "Björn Møller",
         "Amira")
CATEGORIES = ("Education achievement", "Overcoming adversity", "Community spirit",
              "Creative talent")
DESIGNS = (("winner", "Winner"), ("placed", "Runner-up"), ("placed", "Highly commended"),
           ("achievement", "Certificate of achievement"))
SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TEMPLATES = ("{code}", "https://example.org/verify/{code}",
             "https://verify.northshire.gov.uk/certificate?code={code}&v=1")


def png(size: tuple[int, int], colour: str, *, alpha: bool = False) -> bytes:
    image = Image.new("RGBA" if alpha else "RGB", size, (255, 255, 255, 0) if alpha else "white")
    ImageDraw.Draw(image).rectangle((4, 4, size[0] - 4, size[1] - 4), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


LOGOS = (png((120, 40), "#d9822b"), png((90, 60), "#2f7d5b"), None)
SPONSORS = ("Harbour Bakery", "Northgate Motors", "Friends of Elm Park")


def artwork(**changes: object) -> Artwork:
    base = Artwork(council_logo=png((150, 50), "#1f5c99"), signatures=(
        Signature("Cllr Margaret Ellison", "Leader of the Council", png((160, 50), "#223366",
                                                                          alpha=True)),
        Signature("Dr Samuel Adeyemi", "Director of Children's Services", None)))
    return replace(base, **changes)  # type: ignore[arg-type]


def spec(number: int, rng: random.Random, **changes: object) -> CertificateSpec:
    code = "".join(rng.choice(SYMBOLS) for _ in range(13))
    text = TEMPLATES[number % len(TEMPLATES)].format(code=code)
    design, title = DESIGNS[number % len(DESIGNS)]
    # Most codes use the mask chosen at issue time; some any fixed mask; some let qrcode choose.
    mask = None if number % 10 == 9 else number % 8 if number % 10 == 8 else qr_mask_for(text)
    made = CertificateSpec(
        design=design, title=title, event_name="Northshire Care Leavers Awards", year=2027,
        category=CATEGORIES[number % len(CATEGORIES)], recipient=NAMES[number % len(NAMES)],
        citation="" if number % 5 == 0 else "For steady courage and kindness all year.",
        sponsor_name=SPONSORS[number % 3], sponsor_logo=LOGOS[number % 3],
        ceremony_date="14 March 2027", verification_text=text,
        code_display=f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12]}", qr_mask=mask)
    return replace(made, **changes)  # type: ignore[arg-type]










def page_texts(path: Path, *extra: str) -> list[str]:
    done = run(tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", *extra, str(path), "-")
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8").split("\f")[:-1]


@dataclass(frozen=True)
class Batch:
    path: Path
    pages: int
    specs: list[CertificateSpec]
    progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    rng = random.Random(20270314)
    specs = [spec(n, rng) for n in range(60)]
    path = tmp_path_factory.mktemp("certificates") / "certificates.pdf"
    calls: list[tuple[int, int]] = []
    pages = write_certificates(path, specs, artwork(), progress=lambda d, t: calls.append((d, t)))
    return Batch(path, pages, specs, calls)


def test_qpdf_finds_no_structural_errors(batch: Batch) -> None:
    qpdf_check(batch.path)


def test_every_font_is_embedded_and_none_is_base14(batch: Batch) -> None:
    found = pdffonts(batch.path)
    names = {f["name"].split("+")[-1] for f in found}
    assert names >= {"NotoSerifDisplay-Regular", "NotoSerifDisplay-Italic", "NotoSans-Bold",
                     "NotoSansArabic-Regular"}, names
    assert all(f["emb"] == "yes" for f in found), found
    assert not any("Helvetica" in n or "Times" in n for n in names)


def test_each_page_shows_its_own_name_category_and_code(batch: Batch) -> None:
    texts = page_texts(batch.path)
    assert len(texts) == batch.pages == len(batch.specs)
    for text, made in zip(texts, batch.specs, strict=True):
        page = normalise(text)
        if fonts.has_rtl(made.recipient):
            # pdftotext runs its own bidi pass; the words must all be there, shaped.
            assert words_of(made.recipient) <= words_of(text), (made.recipient, page)
            assert any("\ufb50" <= ch <= "\ufeff" for ch in text)  # joined letter forms
        else:
            assert normalise(made.recipient) in page, (made.recipient, page)
        for value in (made.category, made.title, made.code_display, made.sponsor_name,
                      made.ceremony_date, made.citation, "Presented to",
                      "Cllr Margaret Ellison", "Director of Children's Services"):
            assert normalise(value) in page, (value, page)
        assert "NORTHSHIRE CARE LEAVERS AWARDS 2027" in page  # the year is not repeated


def test_every_qr_code_decodes_to_exactly_its_verification_text(batch: Batch,
                                                                tmp_path: Path) -> None:
    zbarimg = tool("zbarimg", "zbar-tools")
    dpi = 100
    layout = page_layout("A4", council_logo=True, signatures=2, sponsor=True)
    x, y = layout.qr
    scale = dpi / 72
    # Only the corner with the code: a twentieth of the page to rasterise.
    crop = [str(round(v * scale)) for v in (x - 8, layout.height - y - QR_SIZE - 8,
                                            QR_SIZE + 16, QR_SIZE + 16)]
    done = run(tool("pdftoppm", "poppler-utils"), "-r", str(dpi), "-png", "-gray",
               "-x", crop[0], "-y", crop[1], "-W", crop[2], "-H", crop[3],
               str(batch.path), str(tmp_path / "qr"))
    assert done.returncode == 0, done.stderr
    images = sorted(tmp_path.glob("qr-*.png"))
    assert len(images) == len(batch.specs)

    def decode(image: Path) -> str:
        # -Sbinary: the raw bytes, no charset guessing (zbar may print a dbus warning).
        result = run(zbarimg, "--quiet", "--raw", "-Sbinary", str(image))
        assert result.returncode == 0, (image.name, result.stderr)
        return result.stdout.decode("utf-8").removesuffix("\n")

    with ThreadPoolExecutor(max_workers=4) as pool:
        decoded = list(pool.map(decode, images))
    assert decoded == [s.verification_text for s in batch.specs]


def test_progress_follows_every_page(batch: Batch) -> None:
    total = len(batch.specs)
    assert batch.progress == [(n, total) for n in range(1, total + 1)]


def test_shared_furniture_and_logos_are_stored_once(batch: Batch) -> None:
    """Forms: one per (design, title) here, one per readable sponsor logo; each image once."""
    data = batch.path.read_bytes()
    forms = set(re.findall(rb"/FormXob\.(\w+)", data))
    ours = {b"Certificate%d" % n for n in range(4)} | {b"SponsorLogo0", b"SponsorLogo1"}
    assert forms >= ours
    # ReportLab names each image by its digest: the council logo, the one signature with an
    # image, and the two sponsor logos; the signature's transparency is a fifth image.
    assert len(forms - ours) == 4
    assert len(re.findall(rb"/Subtype\s*/Image", data)) == 5
    assert len(data) / batch.pages < 4000


@pytest.mark.parametrize("after", [0, 7])
def test_cancelling_raises_and_leaves_no_file(tmp_path: Path, after: int) -> None:
    path = tmp_path / "certificates.pdf"
    polls = 0

    def cancelled() -> bool:
        nonlocal polls
        polls += 1
        return polls > after

    rng = random.Random(1)
    with pytest.raises(Cancelled, match="cancelled"):
        write_certificates(path, [spec(n, rng) for n in range(12)], artwork(),
                           is_cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_cancelling_keeps_the_previous_file_and_writes_nothing_to_a_stream(
        tmp_path: Path) -> None:
    path = tmp_path / "certificates.pdf"
    path.write_bytes(b"last year's certificates")
    stop: Callable[[], bool] = lambda: True  # noqa: E731
    specs = [spec(1, random.Random(2))]
    with pytest.raises(Cancelled):
        write_certificates(path, specs, artwork(), is_cancelled=stop)
    assert path.read_bytes() == b"last year's certificates"
    assert [p.name for p in tmp_path.iterdir()] == ["certificates.pdf"]
    stream = io.BytesIO()
    with pytest.raises(Cancelled):
        write_certificates(stream, specs, artwork(), is_cancelled=stop)
    assert stream.getvalue() == b""
    assert write_certificates(stream, specs, artwork()) == 1
    assert stream.getvalue().startswith(b"%PDF-")


def test_unreadable_pictures_are_left_out_and_everything_else_prints(tmp_path: Path) -> None:
    truncated_png = png((200, 80), "#123456")[:60]
    broken = artwork(background_image=b"not a picture", council_logo=truncated_png,
                     signatures=(Signature("Dr Samuel Adeyemi", "Director", b"GIF89a junk"),))
    made = spec(3, random.Random(3), sponsor_logo=b"\xff\xd8\xff\xe0 not really a JPEG",
                sponsor_name="Harbour Bakery")
    path = tmp_path / "broken.pdf"
    assert write_certificates(path, [made], broken) == 1
    assert b"/Subtype /Image" not in path.read_bytes()
    page = normalise(page_texts(path)[0])
    for value in ("Harbour Bakery", "Dr Samuel Adeyemi", "Director", made.code_display):
        assert value in page


def test_letter_paper_is_landscape_letter(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    write_certificates(path, [spec(0, random.Random(4))], artwork(page_size="Letter"))
    done = run(tool("pdfinfo", "poppler-utils"), str(path))
    assert b"Page size:       792 x 612 pts (letter)" in done.stdout, done.stdout


@pytest.mark.parametrize(("changes", "message"), [
    ({"page_size": "A3"}, "Page size must be A4 or Letter"),
    ({"border_style": "wavy"}, "Border style must be one of classic, ribbon, minimal"),
    ({"accent_colour": "blue-ish"}, "Accent colour must look like #1F5C99"),
    ({"signatures": (Signature("A", "", None),) * 3}, "room for two signatures"),
])
def test_bad_artwork_is_refused_before_anything_is_written(
        tmp_path: Path, changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_certificates(tmp_path / "x.pdf", [spec(0, random.Random(5))], artwork(**changes))
    assert list(tmp_path.iterdir()) == []


def test_bad_specs_are_refused(tmp_path: Path) -> None:
    rng = random.Random(6)
    with pytest.raises(ValueError, match="no certificates"):
        write_certificates(tmp_path / "x.pdf", [], artwork())
    with pytest.raises(ValueError, match="Certificate 2: design must be one of"):
        write_certificates(tmp_path / "x.pdf", [spec(0, rng), spec(1, rng, design="gold")],
                           artwork())
    with pytest.raises(ValueError, match="Certificate 1: QR mask must be 0 to 7, not 8"):
        write_certificates(tmp_path / "x.pdf", [spec(0, rng, qr_mask=8)], artwork())
    assert list(tmp_path.iterdir()) == []


def encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def test_unusual_but_readable_pictures_all_print(tmp_path: Path) -> None:
    palette = Image.new("P", (60, 30), 0)
    palette.info["transparency"] = 0
    pictures = (
        encoded(palette, "PNG"),
        encoded(Image.new("LA", (60, 30), (90, 200)), "PNG"),
        encoded(Image.new("I;16", (60, 30), 40000), "PNG"),
        encoded(Image.new("RGB", (60, 30), "#c00"), "GIF"),
        encoded(Image.new("CMYK", (60, 30), (0, 80, 80, 0)), "JPEG"),
        encoded(Image.new("RGB", (3000, 1500), "#0a0"), "JPEG"),  # scaled down
    )
    specs = [spec(n, random.Random(n), sponsor_logo=picture)
             for n, picture in enumerate(pictures)]
    path = tmp_path / "pictures.pdf"
    assert write_certificates(path, specs, artwork(background_image=pictures[2])) == 6
    data = path.read_bytes()
    # each sponsor logo, the background, the council logo, a signature and its mask
    assert len(re.findall(rb"/Subtype\s*/Image", data)) >= len(pictures) + 3
    done = run(tool("qpdf", "qpdf"), "--check", str(path))
    assert done.returncode == 0, done.stdout

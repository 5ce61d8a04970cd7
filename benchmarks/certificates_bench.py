"""Time to write one PDF of 1,000 certificates. Target on this machine: ≤ 1.5 s.

Run: python benchmarks/certificates_bench.py [--count N] [--repeat N] [--samples DIR]

The specs are varied the way a real batch is: names in Latin with diacritics, Greek,
Cyrillic and Arabic, all three designs, two sponsors with logos and one without, codes alone
and in a verification URL, QR masks chosen as the service chooses them at issue time (that
is done once, before timing). Each timed run gets names it has not measured before, so text
caches start cold as they would for a new batch; the first run of the process (font loading,
QR tables) is reported on its own.

``--samples DIR`` also writes one example page per design as DIR/winner.png, placed.png and
achievement.png (pdftoppm, 100 dpi): the pictures in docs/certificates/ come from here.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from awards_app.paths import resource  # noqa: E402
from awards_app.pdf import certificate_art  # noqa: E402
from awards_app.pdf.certificate import (  # noqa: E402
    Artwork,
    CertificateSpec,
    Signature,
    qr_mask_for,
    write_certificates,
)

FIRST = ("Amira", "Zoë", "Chloé", "Łukasz", "Saoirse", "Dương", "Jamal", "Niamh", "Tomás",
         "Ελένη", "Αλέξανδρος", "Ольга", "Мирослава", "ليلى", "سارة", "Kwame", "Priya", "Björn")
LAST = ("Haddad", "Ñúñez-Brontë", "Ó Briain", "Żółkiewski", "Nguyễn", "Okafor", "Papadopoulou",
        "Иванова", "Соколов", "خالد", "حداد", "Møller", "Al-Rashid", "Fitzgerald-Hughes")
CATEGORIES = ("Education achievement", "Overcoming adversity", "Community spirit",
              "Creative talent", "Independent living", "Apprenticeship of the year")
CITATIONS = (
    "For returning to college after a difficult year and helping three younger students "
    "settle in along the way.",
    "For the courage to speak at the council's corporate parenting board, and for changing "
    "how it listens to young people.",
    "",
    "For running the Saturday football club every week, whatever the weather.",
)
TITLES = {"winner": ("Winner",), "placed": ("Runner-up", "Highly commended"),
          "achievement": ("Certificate of achievement",)}
SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _font(size: int, *, bold: bool = True) -> ImageFont.FreeTypeFont:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(resource("fonts", name)), size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def council_logo() -> bytes:
    """A made-up council crest and name."""
    image = Image.new("RGBA", (720, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 20), (150, 20), (150, 110), (85, 185), (20, 110)], fill="#1f5c99")
    draw.polygon([(45, 45), (125, 45), (125, 105), (85, 150), (45, 105)], fill="#f0c75e")
    draw.text((175, 28), "Northshire", font=_font(70), fill="#1f2933")
    draw.text((178, 118), "COUNCIL", font=_font(44, bold=False), fill="#1f5c99")
    return _png(image)


def sponsor_logo(name: str, colour: str, *, round_mark: bool) -> bytes:
    """A made-up sponsor logo: a coloured mark and the name, on white."""
    font = _font(64)
    image = Image.new("RGB", (200 + int(font.getlength(name)), 200), "white")
    draw = ImageDraw.Draw(image)
    if round_mark:
        draw.ellipse((10, 30, 150, 170), fill=colour)
    else:
        draw.rounded_rectangle((10, 40, 150, 160), radius=24, fill=colour)
    draw.text((175, 55), name, font=font, fill="#222222")
    return _png(image)


def signature(seed: int) -> bytes:
    """A scribbled signature on a transparent background."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (480, 150), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = []
    for i in range(120):
        t = i / 119
        points.append((30 + 420 * t + 18 * math.sin(t * 31 + seed),
                       80 + 40 * math.sin(t * 17 + rng.random()) * (1 - t / 2)))
    draw.line(points, fill=(20, 30, 90, 255), width=5, joint="curve")
    return _png(image)


def artwork(**changes: object) -> Artwork:
    base = Artwork(
        council_logo=council_logo(),
        signatures=(Signature("Cllr Margaret Ellison", "Leader of the Council", signature(1)),
                    Signature("Dr Samuel Adeyemi", "Director of Children's Services",
                              signature(2))))
    return replace(base, **changes)  # type: ignore[arg-type]


def new_code(rng: random.Random) -> str:
    return "".join(rng.choice(SYMBOLS) for _ in range(13))


def make_specs(count: int, seed: int) -> list[CertificateSpec]:
    rng = random.Random(seed)
    sponsors = (("Harbour Bakery", sponsor_logo("Harbour Bakery", "#d9822b", round_mark=True)),
                ("Northgate Motors", sponsor_logo("Northgate Motors", "#2f7d5b",
                                                  round_mark=False)),
                ("Friends of Elm Park", None))
    specs = []
    for n in range(count):
        design = ("winner", "placed", "achievement", "achievement")[n % 4]
        code = new_code(rng)
        text = f"https://example.org/verify/{code}" if n % 2 else code
        sponsor, logo = sponsors[n % 3]
        specs.append(CertificateSpec(
            design=design, title=rng.choice(TITLES[design]),
            event_name="Northshire Care Leavers Awards", year=2027,
            category=CATEGORIES[n % len(CATEGORIES)],
            recipient=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            citation=CITATIONS[n % len(CITATIONS)], sponsor_name=sponsor, sponsor_logo=logo,
            ceremony_date="14 March 2027", verification_text=text,
            code_display=f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12]}",
            qr_mask=qr_mask_for(text)))
    return specs


def fresh_names(specs: list[CertificateSpec], run: int) -> list[CertificateSpec]:
    """The same batch with names no earlier run has measured."""
    return [replace(s, recipient=f"{s.recipient} {run}{i}") for i, s in enumerate(specs)]


def write_samples(folder: Path) -> None:
    """One page per design, at 100 dpi, for docs/certificates/."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm is not installed (Debian package poppler-utils).")
    folder.mkdir(parents=True, exist_ok=True)
    bakery = sponsor_logo("Harbour Bakery", "#d9822b", round_mark=True)
    samples = {
        "winner": CertificateSpec(
            "winner", "Winner", "Northshire Care Leavers Awards", 2027, "Education achievement",
            "Amira Haddad", CITATIONS[0], "Harbour Bakery", bakery, "14 March 2027",
            "https://example.org/verify/7KQM3XTR9VWDH", "7KQM-3XTR-9VWD-H"),
        "placed": CertificateSpec(
            "placed", "Highly commended", "Northshire Care Leavers Awards", 2027,
            "Overcoming adversity", "Łukasz Żółkiewski", CITATIONS[1], "Northgate Motors",
            sponsor_logo("Northgate Motors", "#2f7d5b", round_mark=False), "14 March 2027",
            "https://example.org/verify/4HZN8PQ2C6WRA", "4HZN-8PQ2-C6WR-A"),
        "achievement": CertificateSpec(
            "achievement", "Certificate of achievement", "Northshire Care Leavers Awards", 2027,
            "Community spirit", "Ελένη Παπαδοπούλου", CITATIONS[3], "Friends of Elm Park",
            None, "14 March 2027", "https://example.org/verify/9D3T5VBXM1KQE",
            "9D3T-5VBX-M1KQ-E"),
    }
    styles = {"winner": "classic", "placed": "ribbon", "achievement": "minimal"}
    with tempfile.TemporaryDirectory() as tmp:
        for design, spec in samples.items():
            pdf = Path(tmp) / f"{design}.pdf"
            write_certificates(pdf, [spec], artwork(border_style=styles[design]))
            subprocess.run([pdftoppm, "-r", "100", "-png", "-singlefile", str(pdf),
                            str(folder / design)], check=True)
            print(f"wrote {folder / design}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--samples", type=Path, help="also write example PNGs to this folder")
    args = parser.parse_args()
    if args.samples:
        write_samples(args.samples)
    print(f"preparing {args.count} certificates…", flush=True)
    specs = make_specs(args.count, seed=5)
    shared = artwork()
    times, size = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "certificates.pdf"
        for run in range(args.repeat + 1):
            batch = fresh_names(specs, run)
            certificate_art.measure.cache_clear()
            started = time.perf_counter()
            pages = write_certificates(out, batch, shared)
            elapsed = time.perf_counter() - started
            size = out.stat().st_size
            if run == 0:
                print(f"first run (fonts, QR tables): {elapsed:.3f} s")
            else:
                times.append(elapsed)
    median = statistics.median(times)
    print(f"{pages} certificates, median of {len(times)} runs: {median:.3f} s "
          f"({pages / median:.0f} pages/s; runs {min(times):.3f}–{max(times):.3f} s), "
          f"{size / 1e6:.2f} MB ({size / pages / 1000:.1f} kB a page)")


if __name__ == "__main__":
    main()

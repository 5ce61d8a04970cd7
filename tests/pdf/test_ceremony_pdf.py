"""The ceremony pack's PDF renderer (pdf.ceremony): every section starts a page with its
consent rule boxed under its title, accented and Arabic names come out as written in embedded
fonts, a young person's entry is not split from its details, and Cancel stops it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from awards_app.core.errors import Cancelled
from awards_app.pdf.ceremony import ceremony_pdf
from awards_app.pdf.ceremony_blocks import DETAIL, ENTRY, HEADING, INFO, LEAD, TEXT, Block, Section
from tests.pdftools import normalise, pdffonts, qpdf_check

NAMES = ("Dóra Szabó", "Şevval Yıldız", "Seán Ó Briain", "أمل الحسن", "Ελένη Παπαδοπούλου")


def section(title: str, rule: str, count: int = 3) -> Section:
    blocks = [Block(LEAD, "19 March 2027 · Town Hall"), Block(HEADING, "1. Education Star"),
              Block(INFO, "Sponsored by Alpha Trust")]
    for i in range(count):
        name = NAMES[i % len(NAMES)]
        blocks += [Block(ENTRY, f"Winner: {name}"), Block(DETAIL, f"Say it: say-{i}"),
                   Block(TEXT, f"For steady courage, line {i}. " * 6)]
    return Section(title, rule, tuple(blocks))


def pages_of(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_each_section_starts_a_page_with_its_rule(tmp_path: Path) -> None:
    data = ceremony_pdf("Pack", [section("Script part", "Rule one applies."),
                                 section("Photos part", "Rule two applies.", 1)])
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    qpdf_check(path)
    pages = [normalise(p) for p in pages_of(data)]
    assert len(pages) == 2
    assert "Script part" in pages[0] and "Rule one applies." in pages[0]
    assert "Photos part" in pages[1] and "Rule two applies." in pages[1]
    assert pages[0].index("Rule one") < pages[0].index("Winner:")
    assert "Pack — page 2" in pages[1]


def test_accented_and_arabic_names_render_in_embedded_fonts(tmp_path: Path) -> None:
    data = ceremony_pdf("Pack", [section("Script", "Rule.", len(NAMES))])
    path = tmp_path / "names.pdf"
    path.write_bytes(data)
    text = normalise("\n".join(pages_of(data)))
    for name in NAMES:
        assert normalise(name) in text or normalise(name[::-1]) in text, name
    found = pdffonts(path)
    assert found and all(f["emb"] == "yes" for f in found)
    assert any("Arabic" in f["name"] for f in found)
    assert not any(f["name"].startswith("Helvetica") for f in found)


def test_an_entry_stays_with_its_details_across_pages() -> None:
    data = ceremony_pdf("Pack", [section("Script", "Rule.", 40)])
    pages = pages_of(data)
    assert len(pages) > 2
    for page in pages:
        lines = [line.strip() for line in page.replace("\r", "").split("\n") if line.strip()]
        # a page never ends on an entry line whose details went to the next page
        body = [line for line in lines if not line.startswith("Pack — page")]
        assert not body[-1].startswith("Winner:"), body[-3:]


def test_cancel_stops_before_anything_is_made() -> None:
    calls: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        ceremony_pdf("Pack", [section("A", "R."), section("B", "R.")],
                     progress=lambda d, t: calls.append((d, t)),
                     cancelled=lambda: len(calls) >= 1)
    assert calls == [(1, 3)]

"""Certificate type fitting: any name or category, however long, stays inside its box and the
border, printed whole."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards_app.pdf import certificate_art as art
from awards_app.pdf.certificate import SIDE, heading_fits, page_layout, write_certificates
from tests.pdf.test_certificates_pdf import artwork, page_texts, run, spec, tool

LONG_NAME = "Maximiliana Alexandrina Wilhelmina Fitzgerald-Hughes-Montgomery de la Cruz"
ENDLESS_NAME = " ".join(["Bartholomew"] * 24) + " Lastword"
LONG_ARABIC = "عبد الرحمن بن محمد بن عبد الله آل حداد الهاشمي القرشي"
LONG_CATEGORY = ("Outstanding contribution to the community through volunteering, mentoring and "
                 "peer support for younger care-experienced people across the whole county")
ONE_WORD = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize(("recipient", "category"), [
    (LONG_NAME, "Education achievement"),
    (ENDLESS_NAME, LONG_CATEGORY),
    (LONG_ARABIC, "فئة الإنجاز في التعليم والتدريب والعمل التطوعي في المجتمع المحلي"),
    (ONE_WORD, ONE_WORD),
    ("Αλέξανδρος-Παναγιώτης Χατζηκωνσταντίνου-Παπαδοπούλου", "Ζωή"),
])
def test_long_names_and_categories_shrink_inside_the_border(
        tmp_path: Path, page_size: str, recipient: str, category: str) -> None:
    path = tmp_path / "long.pdf"
    made = spec(1, random.Random(9), recipient=recipient, category=category)
    write_certificates(path, [made], artwork(page_size=page_size))
    done = run(tool("pdftotext", "poppler-utils"), "-bbox", "-enc", "UTF-8", str(path), "-")
    assert done.returncode == 0, done.stderr
    page = re.search(rb'<page width="([\d.]+)" height="([\d.]+)"', done.stdout)
    assert page is not None
    width, height = float(page[1]), float(page[2])
    layout = page_layout(page_size, council_logo=True, signatures=2, sponsor=True)
    for box in re.finditer(rb'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                           rb'yMax="([\d.]+)">([^<]*)</word>', done.stdout):
        x0, y0, x1, y1 = (float(v) for v in box.groups()[:4])
        text = box[5].decode("utf-8")
        assert SIDE <= x0 and x1 <= width - SIDE, (text, x0, x1)  # inside the side margins
        assert 27 <= y0 and y1 <= height - 27, text                # and the border
    # Word boxes come in display order; the text itself (bidi applied) proves it is whole.
    found = words(page_texts(path)[0])
    for part, value in (("name", recipient), ("category", category)):
        bottom, top = layout.boxes[part]
        size, lines = heading_fits(value, part=part, layout=layout)
        assert max(art.measure(line, art.SERIF) for line in lines) * size \
            <= layout.heading_width + 1e-6
        assert sum(found.count(w) >= words(value).count(w) for w in set(words(value))) \
            == len(set(words(value)))  # every word printed, as often as it occurs
        assert size * (1 if len(lines) == 1 else 2 * 1.18) <= top - bottom + 1e-6


def test_a_name_that_fits_stays_large_and_on_one_line() -> None:
    layout = page_layout("A4", council_logo=True, signatures=2, sponsor=True)
    assert heading_fits("Amira Haddad", part="name", layout=layout) == (50, ["Amira Haddad"])
    size, lines = heading_fits(LONG_NAME, part="name", layout=layout)
    assert len(lines) == 2 and size >= 24
    assert " ".join(lines) == LONG_NAME


TEXT = st.text(alphabet="abcdefghij ÀÉñøŁŻΑΩαωБЖжяسلامحد-", min_size=1, max_size=160)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.floats(200, 800), st.floats(20, 80))
def test_fit_lines_never_overflows_and_keeps_every_word(text: str, width: float,
                                                        height: float) -> None:
    art.register_display_fonts()
    text = art.tidy(text) or "x"
    size, lines = art.fit_lines(text, art.SERIF, width, height, 50, one_line_down_to=30)
    assert " ".join(lines) == text
    assert max(art.measure(line, art.SERIF) for line in lines) * size <= width + 1e-6
    assert size <= height and len(lines) <= 2


@settings(max_examples=100, deadline=None)
@given(TEXT, st.floats(300, 600), st.floats(30, 80))
def test_fit_block_never_overflows_and_keeps_every_word(text: str, width: float,
                                                        height: float) -> None:
    art.register_display_fonts()
    text = art.tidy(text) or "x"
    size, lines = art.fit_block(text, art.SERIF_ITALIC, width, height, 13.5, smallest=10)
    assert " ".join(lines) == text
    assert max(art.measure(line, art.SERIF_ITALIC) for line in lines) * size <= width + 1e-6
    assert len(lines) * 1.32 * size <= height + 1e-6

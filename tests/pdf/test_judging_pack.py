"""Judging packs: checked the way a printer, a judge and a scanner would meet them.

The PDF is written once per module and inspected with poppler (pdffonts, pdftotext,
pdftoppm), qpdf and zbar; a test whose tool is missing is skipped and says which package
provides it (scripts/setup-debian.sh installs them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle

from awards_app.core.errors import Cancelled
from awards_app.pdf import fonts
from awards_app.pdf.judging_pack import (
    JudgePack,
    PackCriterion,
    PackItem,
    write_judging_packs,
)
from awards_app.pdf.qr import dark_rectangles, qr_matrix
from tests.pdftools import normalise, pdffonts, qpdf_check, run, tool, words_of

# Narratives use words that appear nowhere else in a pack, so they can be counted.
VOCABULARY = ("steady calm college brother younger found kept local leadership caring through "
              "everyone relies going").split()


def narrative(count: int, seed: int) -> str:
    return " ".join(VOCABULARY[(seed + i * 7) % len(VOCABULARY)] for i in range(count)) + "."


CRITERIA = (
    PackCriterion("Achievement", "What have they achieved for themselves or others?", 1, 1, 5),
    PackCriterion("Obstacles overcome", "How much did they overcome to get here?", 2, 1, 5),
    PackCriterion("Impact on others", "Has their success helped anyone else?", 1, 0, 10),
)
PSEUDONYMS = ("Zoë Ñúñez-Brontë", "Ελένη Π.", "Ольга И.", "ليلى ح.", "Łukasz Ż.", "Dương T.",
              "Saoirse Ó.", "Мирослава К.", "Αλέξανδρος Ν.", "سارة خالد", "Chloé Ü.", "Jamal A.")
CATEGORIES = ("Education achievement", "Overcoming adversity", "Community spirit")
LONG_REF = "N-0003"
LONG_LAST_WORD = "finally"
# 2,000 words in ten paragraphs; the last word shows the narrative was printed to its end.
LONG = "\n\n".join(narrative(200, k) for k in range(10))[:-1] + " " + LONG_LAST_WORD + "."
MARKUP_LOOKALIKE = "Fish & chips <b>are</b> great;\nthis is a new line."
ARABIC_VOICE = "أنا فخورة جداً بما حققته هذا العام. حصلت على 3 شهادات في كلية المدينة."


def _item(number: int, **changes: object) -> PackItem:
    item = PackItem(
        ref=f"N-{number:04d}", pseudonym=PSEUDONYMS[number % len(PSEUDONYMS)],
        category=CATEGORIES[number % len(CATEGORIES)], success=narrative(70, number),
        obstacles=narrative(60, number + 1), voice=narrative(25, number + 2), criteria=CRITERIA)
    return replace(item, **changes)  # type: ignore[arg-type]


def make_packs() -> list[JudgePack]:
    first = tuple(_item(n, success=LONG) if f"N-{n:04d}" == LONG_REF else _item(n)
                  for n in range(12))
    second = (_item(20, voice=ARABIC_VOICE),
              _item(21, success=MARKUP_LOOKALIKE, obstacles="", voice=""),
              _item(22, pseudonym="ليلى ح.", category="فئة الإنجاز"))
    return [JudgePack("Priya Sharma", "Harbour Bakery Ltd", "Care Leavers Awards 2025", first),
            JudgePack("Tomás Ó Briain", "Northgate Motors", "Care Leavers Awards 2025", second)]






@dataclass(frozen=True)
class Written:
    path: Path
    pages: int
    packs: list[JudgePack]
    progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    packs = make_packs()
    path = tmp_path_factory.mktemp("pack") / "judging-packs.pdf"
    calls: list[tuple[int, int]] = []
    pages = write_judging_packs(packs, path, progress=lambda d, t: calls.append((d, t)))
    return Written(path, pages, packs, calls)






@pytest.fixture(scope="module")
def pdf_text(written: Written) -> str:
    done = run(tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(written.path), "-")
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8")


def test_qpdf_finds_no_structural_errors(written: Written) -> None:
    qpdf_check(written.path)


def test_every_font_is_embedded_and_none_is_base14(written: Written) -> None:
    fonts_found = pdffonts(written.path)
    assert {f["name"].split("+")[-1] for f in fonts_found} >= {"NotoSans-Regular",
                                                              "NotoSansArabic-Regular"}
    assert all(f["emb"] == "yes" for f in fonts_found), fonts_found
    assert not any("Helvetica" in f["name"] or "Times" in f["name"] for f in fonts_found)


def test_text_shows_every_ref_pseudonym_category_and_criterion(written: Written,
                                                              pdf_text: str) -> None:
    text = normalise(pdf_text)
    found = words_of(pdf_text)
    for pack in written.packs:
        for item in pack.items:
            for value in (item.ref, item.pseudonym, item.category):
                if fonts.has_rtl(value):
                    # pdftotext's own bidi pass may move punctuation; the words must all be there.
                    assert words_of(value) <= found, value
                else:
                    assert normalise(value) in text, value
            for criterion in item.criteria:
                assert criterion.name in text and normalise(criterion.guidance) in text
    assert "page 1 of" in text
    assert words_of(ARABIC_VOICE) <= found
    assert LONG_LAST_WORD in found
    assert "Fish & chips <b>are</b> great;" in pdf_text  # printed as typed, never as markup


def test_narratives_are_printed_whole_and_once(written: Written, pdf_text: str) -> None:
    def count(text: str) -> Counter[str]:
        return Counter(w for w in re.findall(r"\w+", text.casefold()) if w in VOCABULARY)

    expected = sum((count(f"{item.success} {item.obstacles} {item.voice}")
                    for pack in written.packs for item in pack.items), Counter())
    assert count(normalise(pdf_text)) == expected  # page splits neither drop nor repeat lines


def test_pages_are_numbered_per_pack_in_the_footer(written: Written, pdf_text: str) -> None:
    pages = [normalise(p) for p in pdf_text.split("\f") if p.strip()]
    assert len(pages) == written.pages > sum(len(p.items) for p in written.packs)
    numbers: dict[str, list[tuple[int, int]]] = {}
    for page in pages:
        found = re.search(r"Care Leavers Awards 2025 · (.+?) · page (\d+) of (\d+)", page)
        assert found, page[-200:]
        assert "Confidential" in page
        numbers.setdefault(found[1], []).append((int(found[2]), int(found[3])))
    assert set(numbers) == {"Priya Sharma", "Tomás Ó Briain"}
    for sequence in numbers.values():
        total = len(sequence)
        assert sequence == [(n, total) for n in range(1, total + 1)]


def test_long_narrative_runs_on_over_pages_with_a_running_header(pdf_text: str) -> None:
    pages = [normalise(p) for p in pdf_text.split("\f")]
    continued = [p for p in pages if f"{LONG_REF} · " in p and "continued" in p]
    assert len(continued) >= 2  # 2,000 words need more than two pages of their own


def test_qr_codes_decode_to_exactly_the_refs(written: Written, tmp_path: Path) -> None:
    pdftoppm = tool("pdftoppm", "poppler-utils")
    zbarimg = tool("zbarimg", "zbar-tools")
    # 150 dpi greyscale PGM: PNG compression would take 15 times as long to tell nothing more.
    done = run(pdftoppm, "-r", "150", "-gray", str(written.path), str(tmp_path / "page"))
    assert done.returncode == 0, done.stderr
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == written.pages

    def decode(image: Path) -> bytes:
        # -Sbinary: raw bytes, no charset guessing; each page has at most one code.
        result = run(zbarimg, "--quiet", "--raw", "-Sbinary", str(image))
        assert result.returncode in (0, 4), result.stderr  # 4: no code on this page
        return result.stdout

    with ThreadPoolExecutor() as pool:
        decoded = [d for d in pool.map(decode, images) if d]
    refs = {item.ref for pack in written.packs for item in pack.items}
    texts = [d.decode("utf-8") for d in decoded]
    assert sorted(texts) == sorted(refs)  # once each, nothing else


# Everything the pack says in its own words. A new sentence in the layout must be added here
# too: the privacy test below fails on any word that neither the caller nor this list gave.
BOILERPLATE = """
Judging pack for nominations nomination to score There are no in this pack How Read each in
full before you it Score each criterion from to by circling or ticking one box is the lowest
score and the highest within range printed beside it number counts towards total every other
Every criterion counts equally Criteria with a weight other than count that many times Add a
comment if helps explain your scores comments are optional Each nomination’s QR code holds
only its reference so your scores can be entered quickly Confidential Please keep this pack
private and return it to the coordinator do not copy or photograph it Nominees are shown by a
pseudonym only please don’t try to work out who they are and tell the coordinator if you think
you know someone Nominations in this pack Scored Ref Category Nominee Their success Obstacles
overcome In their own words Your scores for Criterion Weight Your score circle or tick one
Comments optional continued page of
"""


def test_pdf_says_nothing_but_what_it_was_given(written: Written, pdf_text: str) -> None:
    given = words_of(BOILERPLATE)
    for pack in written.packs:
        given |= words_of(f"{pack.judge} {pack.sponsor} {pack.event}")
        for item in pack.items:
            given |= words_of(" ".join((item.ref, item.pseudonym, item.category, item.success,
                                        item.obstacles, item.voice)))
            for c in item.criteria:
                given |= words_of(f"{c.name} {c.guidance}")
    unexpected = {w for w in words_of(pdf_text) - given if not w.isdigit()}
    assert not unexpected
    for leak in ("None", "PackItem", "PackCriterion", "JudgePack", "scale_min", "weight=",
                 "ref=", "&amp;", "\ufffd"):
        assert leak not in pdf_text


def test_progress_counts_covers_and_nominations(written: Written) -> None:
    total = len(written.packs) + sum(len(p.items) for p in written.packs)
    assert written.progress[-1] == (total, total)
    assert [d for d, _ in written.progress] == list(range(1, total + 1))


@pytest.mark.parametrize("after", [0, 3])
def test_cancelling_raises_and_leaves_no_file(tmp_path: Path, after: int) -> None:
    path = tmp_path / "packs.pdf"
    polls = 0

    def cancelled() -> bool:
        nonlocal polls
        polls += 1
        return polls > after

    with pytest.raises(Cancelled):
        write_judging_packs(make_packs(), path, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_cancelling_keeps_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "packs.pdf"
    path.write_bytes(b"earlier packs")
    stop: Callable[[], bool] = lambda: True  # noqa: E731
    with pytest.raises(Cancelled):
        write_judging_packs(make_packs(), path, cancelled=stop)
    assert path.read_bytes() == b"earlier packs"
    assert [p.name for p in tmp_path.iterdir()] == ["packs.pdf"]


def test_a_pack_with_no_nominations_still_prints_its_cover(tmp_path: Path) -> None:
    pages = write_judging_packs([JudgePack("Judge", "Sponsor", "Event", ())],
                                tmp_path / "empty.pdf")
    assert pages == 1


def test_bad_input_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no judging packs"):
        write_judging_packs([], tmp_path / "none.pdf")
    backwards = replace(CRITERIA[0], scale_min=5, scale_max=1)
    pack = JudgePack("Judge", "Sponsor", "Event", (_item(1, criteria=(backwards,)),))
    with pytest.raises(ValueError, match="N-0001: criterion 'Achievement' runs from 5 to 1"):
        write_judging_packs([pack], tmp_path / "bad.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("logical", "display"), [
    ("ليلى ح.", ".ح ىليل"),                       # right to left, full stop at the far left
    ("Sam (سارة)", "Sam (ةراس)"),                  # brackets stay a pair (rule N0)
    ("for سارة (مخبز)", "for (زبخم) ةراس"),        # an Arabic sponsor after an Arabic name
    ("منذ 2023.", ".2023 ذنم"),                    # numbers read left to right inside Arabic
    ("Zoë Ελένη Ольга", "Zoë Ελένη Ольга"),        # left-to-right scripts are untouched
])
def test_bidi_display_order(logical: str, display: str) -> None:
    assert fonts.display_order(logical) == display


@pytest.mark.parametrize("text", ["one line\nand another", "سطر\nسطر آخر"])
def test_line_breaks_in_a_narrative_are_kept(text: str) -> None:
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=10, leading=14)
    _, height = fonts.text_flowable(text, style).wrap(400, 1000)
    assert height == 28


@pytest.mark.parametrize("text", ["N-0042", "N-9999", "https://example.org/a?b=c", "Zoë"])
def test_qr_rectangles_cover_exactly_the_dark_modules(text: str) -> None:
    matrix = qr_matrix(text)
    assert all(not any(row) for row in matrix[:4] + matrix[-4:])  # quiet zone, top and bottom
    assert all(not any(row[:4] + row[-4:]) for row in matrix)      # and at the sides
    covered: list[tuple[int, int]] = []
    for r, c, width, height in dark_rectangles(matrix):
        covered += [(r + i, c + j) for i in range(height) for j in range(width)]
    dark = [(r, c) for r, row in enumerate(matrix) for c, on in enumerate(row) if on]
    assert sorted(covered) == sorted(dark)

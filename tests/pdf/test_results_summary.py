"""The one-page results summary: always one page, every placed name while it fits (in one
column, then two, then smaller), and a note saying how much was left off when it cannot."""

from __future__ import annotations

import pypdfium2

from awards_app.pdf.results_summary import SummaryCategory, results_summary_pdf


def read(data: bytes) -> tuple[int, str, list[float]]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        page = pdf[0]
        text = page.get_textpage().get_text_range()
        lefts = sorted({round(obj.get_bounds()[0]) for obj in page.get_objects()
                        if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_TEXT})
        return len(pdf), text, lefts
    finally:
        pdf.close()


def categories(count: int, per: int) -> list[SummaryCategory]:
    return [SummaryCategory(f"Category {c}", "Final", tuple(
        ("Winner" if i == 0 else "Highly commended", f"Person{c}x{i}") for i in range(per)))
        for c in range(count)]


def test_names_grouped_by_placement_in_one_column() -> None:
    pages, text, lefts = read(results_summary_pdf("Awards 2027 — results", [
        SummaryCategory("Education Star", "Final",
                        (("Winner", "Zoë"), ("Runner-up", "Mai Nguyễn"),
                         ("Highly commended", "Ana"), ("Highly commended", "Ben"))),
        SummaryCategory("Sports Hero", "Provisional", ()),
        SummaryCategory("Culture Champion", "Complete", (("Winner", "سارة"),)),
    ]))
    assert pages == 1
    for words in ("Awards 2027 — results", "Education Star — Final", "Winner: Zoë",
                  "Runner-up: Mai Nguyễn", "Highly commended: Ana, Ben",
                  "Sports Hero — Provisional", "No placements decided yet"):
        assert words in text
    assert lefts[0] == 48 and all(x < 300 for x in lefts)  # one column


def test_a_long_list_moves_to_two_columns_and_stays_on_one_page() -> None:
    many = categories(20, 6)
    pages, text, lefts = read(results_summary_pdf("Results", many))
    assert pages == 1
    assert any(x > 300 for x in lefts)  # a second column
    assert all(f"Person{c}x5" in text for c in range(20))
    assert "did not fit" not in text


def test_what_cannot_fit_is_counted_not_cut_silently() -> None:
    pages, text, _ = read(results_summary_pdf("Results", categories(120, 8)))
    assert pages == 1
    assert "more lines did not fit on this page" in text
    assert "Person0x7" in text and "Person119x7" not in text
    assert "(continued)" in text  # a category carried into the second column keeps its name

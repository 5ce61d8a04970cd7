"""The parity figures in the results export: a "Parity" sheet in the XLSX (rates as
percentages, blank where held back), a second CSV beside the results CSV, and the in-and-out-
of-the-city table at the foot of the one-page PDF summary — which stays one page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pypdfium2

from awards_app.db.engine import Database
from awards_app.pdf.results_summary import SummaryCategory, SummaryTable, results_summary_pdf
from awards_app.services import demo, parity
from awards_app.services.judging import results_sheet
from awards_app.services.parity import OUT_OF_AREA, STAGES, Stage


def demo_sheet(db: Database) -> results_sheet.ResultsSheet:
    with db.session() as s:
        event_id = demo.create_demo_event(s, stage="results").id
    with db.read_session() as s:
        return results_sheet.results_sheet(s, event_id)


def column_of(header: list[str], title: str) -> int:
    return header.index(title)


def test_xlsx_has_a_parity_sheet_with_the_report(db: Database, tmp_path: Path) -> None:
    sheet = demo_sheet(db)
    report = sheet.parity
    assert report is not None
    results_sheet.write_results_sheet(tmp_path / "r.xlsx", sheet)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Results", "Parity"]
    rows = [list(r) for r in book["Parity"].iter_rows(values_only=True)]
    header = next(r for r in rows if r[:2] == ["Table", "Living"])
    out = next(r for r in rows if r[:2] == [report.area.heading, OUT_OF_AREA])
    figure = next(r for r in report.area.rows if r.name == OUT_OF_AREA).figure(
        Stage.NOMINATIONS)
    assert out[column_of(header, "Nominations")] == figure.count
    assert out[column_of(header, "Nominations: share")] == figure.share
    # held back: a count with an empty share beside it
    assert out[column_of(header, "Shortlisted")] < parity.SMALL
    assert out[column_of(header, "Shortlisted: share")] is None
    cell = book["Parity"].cell(rows.index(out) + 1, column_of(header, "Nominations: share") + 1)
    assert cell.number_format == "0%"
    teams = [r for r in rows if r[0] == report.teams.heading]
    assert [r[1] for r in teams] == [row.name for row in report.teams.rows]
    text = [str(r[0]) for r in rows if r[0]]
    assert all(sentence in text for sentence in report.sentences)
    assert parity.SMALL_NUMBERS_RULE in text
    assert not any(isinstance(v, bool) for r in rows for v in r)


def test_csv_gets_its_parity_figures_in_a_second_file(db: Database, tmp_path: Path) -> None:
    sheet = demo_sheet(db)
    assert sheet.parity is not None
    path = results_sheet.write_results_sheet(tmp_path / "results.csv", sheet)
    beside = results_sheet.parity_csv_path(path)
    assert beside == tmp_path / "results-parity.csv"
    rows = list(csv.reader(io.StringIO(beside.read_text("utf-8-sig"))))
    main = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert tuple(main[0]) == results_sheet.SHEET_HEADER and len(main) == len(sheet.rows) + 1
    header = next(r for r in rows if r[:2] == ["Table", "Team"])
    expected = parity.table_cells(sheet.parity.teams)
    got = [r for r in rows if r and r[0] == sheet.parity.teams.heading]
    assert len(got) == len(expected)
    for want, row in zip(expected, got, strict=True):
        assert row == [parity.percent(v) if isinstance(v, float) else str(v) for v in want]
    assert len(header) == len(got[0])
    assert not list(tmp_path.glob(".*partial"))


def test_pdf_summary_carries_the_area_table_on_one_page(db: Database) -> None:
    sheet = demo_sheet(db)
    assert sheet.parity is not None
    pdf = pypdfium2.PdfDocument(results_sheet.summary_pdf(sheet))
    try:
        assert len(pdf) == 1
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Young people in and out of the city (parity)" in text
    for row in sheet.parity.area.rows:
        assert row.name in text
        nominations = parity.count_text(row.figure(Stage.NOMINATIONS))
        assert nominations in text
    assert "Counts below 5 have no percentage" in text
    assert "Winner:" in text  # the names are still there


def test_a_long_summary_gives_way_to_the_table_and_stays_one_page() -> None:
    categories = [SummaryCategory(f"Category {i}", "Final",
                                  tuple(("Winner", f"Young person {i}-{j}") for j in range(12)))
                  for i in range(30)]
    table = SummaryTable("Young people in and out of the city (parity)",
                         ("Living", *(s.value for s in STAGES)),
                         (("In the city", "40 (80%)", "1", "2", "3", "4", "5"),),
                         ("A note long enough to wrap " * 12,))
    pdf = pypdfium2.PdfDocument(results_summary_pdf("Results", categories, table=table))
    try:
        assert len(pdf) == 1
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "40 (80%)" in text and "more lines did not fit" in text

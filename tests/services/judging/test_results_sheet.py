"""The results sheet: names as the certificates print them, placements and ties in words,
no True/False; the CSV, XLSX and one-page PDF summary made from it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2
import pytest
from sqlalchemy import select

from awards_app.core.enums import Answer
from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import Category, Nomination, Nominee
from awards_app.services import certificates, demo, judging
from awards_app.services.judging import results, results_sheet

SURNAME = "Zqxwvy"  # a marker no demo name contains


def score_everything(s: Any, event_id: int, scorer: Any) -> None:
    for row in judging.judging_progress(s, event_id):
        for item in judging.judge_queue(s, row.judge_id):
            if item.category_id == row.category_id:
                judging.save_scores(s, judge_id=row.judge_id, nomination_id=item.nomination_id,
                                    scores={c.id: scorer(row.judge_id, item.ref, c.name)
                                            for c in item.criteria})


def varied(judge_id: int, ref: str, criterion: str) -> int:
    return 1 + (int(ref[2:]) * 7 + judge_id * 3 + len(criterion)) % 10


@pytest.fixture
def scored(db: Database) -> dict[str, Any]:
    """The demo event with every category scored; Education Star submitted and confirmed."""
    with db.session() as s:
        event_id = demo.create_demo_event(s).id
    with db.session() as s:
        score_everything(s, event_id, varied)
        star = s.scalar(select(Category.id).where(Category.event_id == event_id,
                                                  Category.name == "Education Star"))
        for row in judging.judging_progress(s, event_id):
            if row.category_id == star:
                judging.submit_category(s, judge_id=row.judge_id, category_id=star)
    with db.session() as s:
        results.confirm_results(s, star)
    with db.read_session() as s:
        (result,) = results.category_results(s, event_id, category_id=star)
    winner = next(r.nomination_id for r in result.ranking if r.placement == "winner")
    return {"event_id": event_id, "star": star, "winner": winner}


def set_nominee(db: Database, nomination_id: int, **values: Any) -> None:
    with db.session() as s:
        nomination = s.get(Nomination, nomination_id)
        assert nomination is not None
        nominee = s.get(Nominee, nomination.nominee_id)
        assert nominee is not None
        for key, value in values.items():
            setattr(nominee, key, value)


def sheet_of(db: Database, event_id: int) -> results_sheet.ResultsSheet:
    with db.read_session() as s:
        return results_sheet.results_sheet(s, event_id)


def test_rows_in_words_with_every_ranked_nomination(db: Database,
                                                     scored: dict[str, Any]) -> None:
    sheet = sheet_of(db, scored["event_id"])
    with db.read_session() as s:
        found = results.category_results(s, scored["event_id"])
    ranked = sum(1 for r in found for row in r.ranking if row.rank is not None)
    assert len(sheet.rows) == ranked > 0
    star = [r for r in sheet.rows if r.category == "Education Star"]
    assert {r.state for r in star} == {"Final"}
    assert star[0].placement == "Winner" and star[0].rank == 1
    assert {r.state for r in sheet.rows} <= {"Provisional", "Complete", "Final"}
    assert {r.placement for r in sheet.rows} <= {"Winner", "Runner-up", "Highly commended",
                                                 "Nominee", "To be decided"}
    for row in sheet.rows:
        assert row.score is None or row.score == round(row.score, 2)
        assert row.tie == "No" or row.tie.startswith("Tied; ")
    cells = [str(c) for row in results_sheet.sheet_cells(sheet) for c in row]
    assert "True" not in cells and "False" not in cells


def test_ties_are_explained_in_words(db: Database) -> None:
    with db.session() as s:
        event_id = demo.create_demo_event(s).id
    def scorer(_judge: int, ref: str, criterion: str) -> int:
        # every total is 16 (Obstacles overcome counts double); odd refs did more of it
        odd = int(ref[2:]) % 2
        return (6 if odd else 5) if criterion == "Obstacles overcome" else (2 if odd else 3)

    with db.session() as s:
        score_everything(s, event_id, scorer)
    ties = {r.tie for r in sheet_of(db, event_id).rows}
    assert "Tied; broken by the higher Obstacles overcome score" in ties
    assert "Tied; not broken yet (a casting decision is needed)" in ties
    sheet = sheet_of(db, event_id)
    assert results_sheet.tie_words(True, "obstacles") == (
        "Tied; broken by the higher Obstacles overcome score")
    assert results_sheet.tie_words(True, "casting") == (
        "Tied; broken by the lead judge's casting decision")
    assert results_sheet.tie_words(False, None) == "No"
    assert "To be decided" in {r.placement for r in sheet.rows}


def test_names_follow_the_certificate_consent_rule(db: Database,
                                                   scored: dict[str, Any]) -> None:
    winner = scored["winner"]
    set_nominee(db, winner, last_name=SURNAME, preferred_name="Mira",
                consent_certificate_name=Answer.NO)
    rows = [r for r in sheet_of(db, scored["event_id"]).rows if r.rank == 1
            and r.category == "Education Star"]
    assert [r.name for r in rows] == ["Mira"]

    # a surname typed into the preferred name is still left off without consent
    set_nominee(db, winner, preferred_name=f"Mira {SURNAME}")
    names = [r.name for r in sheet_of(db, scored["event_id"]).rows]
    assert "Mira" in names and not any(SURNAME in n for n in names)

    set_nominee(db, winner, preferred_name="Mira", consent_certificate_name=Answer.YES)
    assert f"Mira {SURNAME}" in [r.name for r in sheet_of(db, scored["event_id"]).rows]


def test_do_not_publish_shows_what_the_certificate_shows(db: Database,
                                                         scored: dict[str, Any]) -> None:
    winner = scored["winner"]
    set_nominee(db, winner, last_name=SURNAME, preferred_name="Mira",
                consent_certificate_name=Answer.YES, do_not_publish=True)
    with db.read_session() as s:
        from awards_app.services.certificates.data import placement_row
        certificate = placement_row(s, scored["event_id"], winner)
    assert certificate is not None
    rows = [r for r in sheet_of(db, scored["event_id"]).rows
            if r.category == "Education Star" and r.rank == 1]
    assert [r.name for r in rows] == [certificate.name] == [f"Mira {SURNAME}"]


def test_csv_and_xlsx_hold_the_same_rows(db: Database, scored: dict[str, Any],
                                         tmp_path: Path) -> None:
    set_nominee(db, scored["winner"], preferred_name="=Mira", last_name=SURNAME,
                consent_certificate_name=Answer.NOT_ASKED)
    sheet = sheet_of(db, scored["event_id"])
    results_sheet.write_results_sheet(tmp_path / "r.csv", sheet)
    results_sheet.write_results_sheet(tmp_path / "r.xlsx", sheet)
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert tuple(rows[0]) == results_sheet.SHEET_HEADER
    assert len(rows) == len(sheet.rows) + 1
    assert ["Education Star", "Winner", "1", "'=Mira"] == rows[1][:4]  # never a formula
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    values = [[("" if v is None else v) for v in row]
              for row in book.active.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert [f"{v:.2f}" if isinstance(v, float) else str(v) for v in values[1]] == rows[1]
    assert rows[1][4] == f"{sheet.rows[0].score:.2f}"
    assert len(values) == len(rows)
    assert not any(SURNAME in c for row in rows for c in row)
    assert not list(tmp_path.glob(".*partial"))


def test_unknown_file_type_is_refused_in_words(db: Database, scored: dict[str, Any],
                                               tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="ending in .csv, .xlsx, .pdf"):
        results_sheet.write_results_sheet(tmp_path / "r.txt", sheet_of(db, scored["event_id"]))
    assert not (tmp_path / "r.txt").exists()


def pdf_text(data: bytes) -> tuple[int, str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf), "\n".join(pdf[i].get_textpage().get_text_range()
                                   for i in range(len(pdf)))
    finally:
        pdf.close()


def test_pdf_summary_lists_placed_names_as_printed(db: Database,
                                                   scored: dict[str, Any]) -> None:
    set_nominee(db, scored["winner"], last_name=SURNAME, preferred_name=f"Mira {SURNAME}",
                consent_certificate_name=Answer.NO)
    sheet = sheet_of(db, scored["event_id"])
    pages, text = pdf_text(results_sheet.summary_pdf(sheet))
    assert pages == 1
    assert "Winner: Mira" in text and SURNAME not in text
    placed = [r for r in sheet.rows if r.placement in ("Winner", "Runner-up",
                                                        "Highly commended")]
    assert placed and all(r.name in text for r in placed)
    assert "Education Star — Final" in text
    nominees_only = {r.name for r in sheet.rows if r.placement == "Nominee"} - {
        r.name for r in placed}
    assert not any(f": {name}" in text for name in nominees_only)


def test_an_issued_certificate_gives_the_name_on_the_paper(db: Database,
                                                          scored: dict[str, Any]) -> None:
    winner = scored["winner"]
    set_nominee(db, winner, last_name=SURNAME, preferred_name="Mira",
                consent_certificate_name=Answer.YES)
    with db.session() as s:
        (issued,) = certificates.issue(s, scored["event_id"], [winner])
    assert issued.recipient == f"Mira {SURNAME}"
    # the young person changes their mind after it was printed: the paper keeps the name,
    # the sheet does not repeat the surname
    set_nominee(db, winner, preferred_name="Mirabel", consent_certificate_name=Answer.NO)
    rows = [r for r in sheet_of(db, scored["event_id"]).rows
            if r.category == "Education Star" and r.rank == 1]
    assert [r.name for r in rows] == ["Mira"]
    set_nominee(db, winner, consent_certificate_name=Answer.YES)
    rows = [r for r in sheet_of(db, scored["event_id"]).rows
            if r.category == "Education Star" and r.rank == 1]
    assert [r.name for r in rows] == [f"Mira {SURNAME}"]  # as printed, not "Mirabel …"

"""``awards results-sheet --out FILE.csv|.xlsx|.pdf``: the same sheet as the service, written
privately, with a plain refusal for any other kind of file."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2
import pytest

from awards_app.core.enums import Answer
from awards_app.db.engine import open_database
from awards_app.db.models import Nomination, Nominee
from awards_app.services.events import require_current_event
from awards_app.services.judging import results, results_sheet
from tests.cli.test_private_files import awards
from tests.services.judging.test_results_sheet import score_everything, varied

SURNAME = "Zqxwvy"


@pytest.fixture
def demo_db(db_url: str, cli: Any) -> Path:
    assert cli("init", "--demo").code == 0
    database = open_database(db_url)
    try:
        with database.session() as s:
            score_everything(s, require_current_event(s).id, varied)
        with database.session() as s:
            first = results.category_results(s, require_current_event(s).id)[0].ranking[0]
            nomination = s.get(Nomination, first.nomination_id)
            assert nomination is not None
            nominee = s.get(Nominee, nomination.nominee_id)
            assert nominee is not None
            nominee.last_name, nominee.preferred_name = SURNAME, "Mira"
            nominee.consent_certificate_name = Answer.NO
    finally:
        database.close()
    return db_url


def expected_cells(db_url: str) -> list[list[str]]:
    database = open_database(db_url)
    try:
        with database.read_session() as s:
            sheet = results_sheet.results_sheet(s, require_current_event(s).id)
    finally:
        database.close()
    return [[f"{v:.2f}" if isinstance(v, float) else str(v) for v in row]
            for row in results_sheet.sheet_cells(sheet)]


def test_csv_and_xlsx_match_the_service(demo_db: Path, cli: Any, tmp_path: Path) -> None:
    done = cli("results-sheet", "--out", str(tmp_path / "sheet.csv"))
    assert done.code == 0, done.err
    assert done.out.startswith("Wrote the results sheet (") and "sheet.csv" in done.out
    rows = list(csv.reader(io.StringIO((tmp_path / "sheet.csv").read_text("utf-8-sig"))))
    assert tuple(rows[0]) == results_sheet.SHEET_HEADER
    assert rows[1:] == expected_cells(demo_db) and len(rows) > 10
    assert "Mira" in {row[3] for row in rows} and not any(SURNAME in c for r in rows for c in r)

    assert cli("results-sheet", "--out", str(tmp_path / "sheet.xlsx")).code == 0
    book = openpyxl.load_workbook(tmp_path / "sheet.xlsx")
    sheet = book.active
    assert sheet is not None
    # a spreadsheet keeps 5.00 as the number 5: the score column is compared as numbers
    values = [["" if v is None else (f"{v:.2f}" if i == 4 and n else str(v))
               for i, v in enumerate(row)]
              for n, row in enumerate(sheet.iter_rows(values_only=True))]
    assert values == rows


def test_pdf_summary(demo_db: Path, cli: Any, tmp_path: Path) -> None:
    done = cli("results-sheet", "--out", str(tmp_path / "summary.pdf"))
    assert done.code == 0 and "Wrote the results summary" in done.out
    pdf = pypdfium2.PdfDocument(str(tmp_path / "summary.pdf"))
    try:
        assert len(pdf) == 1
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Winner: " in text and "Mira" in text and SURNAME not in text


def test_other_files_are_refused(demo_db: Path, cli: Any, tmp_path: Path) -> None:
    done = cli("results-sheet", "--out", str(tmp_path / "sheet.txt"))
    assert done.code == 2
    assert ".csv, .xlsx, .pdf" in done.err and "Traceback" not in done.err
    assert not (tmp_path / "sheet.txt").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_for_the_owner_only(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    db = tmp_path / "data" / "awards.sqlite3"
    awards(env, "--db", str(db), "init", "--demo")
    awards(env, "--db", str(db), "results-sheet", "--out", str(tmp_path / "sheet.xlsx"))
    assert stat.S_IMODE((tmp_path / "sheet.xlsx").stat().st_mode) == 0o600

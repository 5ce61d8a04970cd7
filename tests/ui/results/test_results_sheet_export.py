"""The Results page's export offers the results sheet (XLSX, CSV) and the one-page PDF
summary, written off the UI thread, with names as the certificates print them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from awards_app.core.enums import Answer
from awards_app.db.models import Nomination, Nominee
from awards_app.ui.common.context import AppContext
from awards_app.ui.results.page import EXPORT_FILTERS, ResultsPage
from tests.ui.judging.test_judging_page import score_category, varied

SURNAME = "Zqxwvy"


def hide_surname_of_the_winner(ctx: AppContext, ref: str) -> None:
    assert ctx.database is not None
    with ctx.database.session() as s:
        nomination = s.query(Nomination).filter_by(number=int(ref[2:])).one()
        nominee = s.get(Nominee, nomination.nominee_id)
        assert nominee is not None
        nominee.last_name, nominee.preferred_name = SURNAME, f"Zoë {SURNAME}"
        nominee.consent_certificate_name = Answer.NO


def export_as(qtbot: Any, ctx: AppContext, page: ResultsPage, monkeypatch: pytest.MonkeyPatch,
              name: str, chosen: str) -> None:
    offered: list[str] = []

    def ask(*args: Any, **_kwargs: Any) -> tuple[str, str]:
        offered.append(args[3])
        return name, chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=20_000)
    assert offered == [";;".join(EXPORT_FILTERS)]


def test_sheet_and_summary_from_the_page(qtbot: Any, demo_ctx: AppContext,
                                         page: ResultsPage,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    score_category(demo_ctx, "Education Star", varied)
    hide_surname_of_the_winner(demo_ctx, "N-0051")
    demo_ctx.data_changed.emit()

    # no suffix typed: the Excel filter decides
    export_as(qtbot, demo_ctx, page, monkeypatch, str(tmp_path / "sheet"), EXPORT_FILTERS[0])
    assert page.export_message.text() == f"Saved to {tmp_path / 'sheet.xlsx'}"
    book = openpyxl.load_workbook(tmp_path / "sheet.xlsx")
    sheet = book.active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Category", "Placement", "Rank", "Name as printed"]
    assert rows[1][:4] == ["Education Star", "Winner", 1, "Zoë"]
    cells = [str(v) for row in rows for v in row if v is not None]
    assert not any(SURNAME in c for c in cells)
    assert "True" not in cells and "False" not in cells

    export_as(qtbot, demo_ctx, page, monkeypatch, str(tmp_path / "summary"),
              EXPORT_FILTERS[2])
    assert page.export_message.text() == f"Saved to {tmp_path / 'summary.pdf'}"
    pdf = pypdfium2.PdfDocument(str(tmp_path / "summary.pdf"))
    try:
        assert len(pdf) == 1
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "Education Star — Complete" in text and "Winner: Zoë" in text
    assert SURNAME not in text


def test_a_failed_export_says_so(qtbot: Any, demo_ctx: AppContext,
                                 page: ResultsPage,
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 messages: list[Any]) -> None:
    export_as(qtbot, demo_ctx, page, monkeypatch, str(tmp_path / "missing" / "sheet.csv"), "")
    assert page.export_message.text() == "The results were not saved."
    assert not (tmp_path / "missing").exists()
    assert [(kind, title) for kind, title, _ in messages] == [("warning", "Export failed")]
    text = messages[0][2]
    assert str(tmp_path / "missing" / "sheet.csv") in text and "partial" not in text
    assert "Traceback" not in text and "Error" not in text

"""A CSV whose encoding cannot be told: the Import page offers the likely encodings with a few
lines read each way; the one chosen is used to check and import that file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QRadioButton
from sqlalchemy import select

from awards_app.db.models import Nominee
from awards_app.ui.common.context import AppContext
from tests.services.transfer.test_hostile_files import POLISH, UK, encoded_csv
from tests.ui.transfer.test_transfer_page import CLICK, choose, make_page, wait



def test_the_coordinator_chooses_the_encoding_and_the_file_imports(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = encoded_csv(tmp_path / "polish.csv", POLISH, "iso8859_2")
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    dialog = page.encoding_dialog
    assert dialog is not None and dialog.isVisible()
    radios = dialog.findChildren(QRadioButton)
    assert radios[0].text() == "Central European (ISO-8859-2)" and radios[0].isChecked()
    previews = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Łucja,Wiśniewska" in text for text in previews)
    assert any("Wi¶niewska" in text for text in previews)  # a wrong reading, to compare
    assert not page.import_button.isEnabled()
    dialog.grab().save(str(tmp_path / "encoding-dialog.png"))

    qtbot.mouseClick(dialog.use_button, CLICK)
    wait(qtbot, event_ctx)
    assert page.encoding_dialog is None
    assert page.outcome is not None and page.outcome.encoding == "iso8859-2"
    assert page.outcome.result is not None, page.outcome.problems
    qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, event_ctx)
    names = event_ctx.read(lambda s: s.execute(
        select(Nominee.first_name, Nominee.last_name)).all())
    assert [tuple(n) for n in names] == [("Łucja", "Wiśniewska")]


def test_cancelling_the_choice_stores_nothing_and_says_why(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = encoded_csv(tmp_path / "polish.csv", POLISH, "iso8859_2")
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    assert page.encoding_dialog is not None
    page.encoding_dialog.reject()
    assert page.encoding_dialog is None
    assert page.outcome is not None and page.outcome.result is None
    assert "is not saved as UTF-8" in page.outcome.problems[0].message
    assert not page.import_button.isEnabled()
    assert event_ctx.read(lambda s: s.scalars(select(Nominee)).all()) == []


def test_a_clearly_windows_1252_file_asks_nothing(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = encoded_csv(tmp_path / "uk.csv", UK, "cp1252")
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    assert page.encoding_dialog is None
    assert page.outcome is not None and page.outcome.result is not None

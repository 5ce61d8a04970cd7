"""The mapping step on the real Import / export page: a Microsoft Forms export is chosen,
the mapping dialog proposes its columns and answers, the coordinator adjusts them with the
keyboard and saves them by name, every row is checked and imported; the file grows and is
imported again (only the new rows); chosen again, the saved mapping is proposed."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import func, select

from awards_app.db.models import Nomination, Nominee
from awards_app.ui.common.context import AppContext
from awards_app.ui.transfer.mapping_dialog import IGNORE, MappingDialog
from tests.services.transfer.test_mapping import form_rows
from tests.ui.transfer.test_transfer_page import CLICK, choose, make_page, wait



def write_form(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(form_rows()[0])
        writer.writerows(rows)
    return path


def dialog_of(qtbot, page) -> MappingDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.mapping_dialog is not None, timeout=30_000)
    dialog = page.mapping_dialog
    qtbot.waitExposed(dialog)
    return dialog


def nominations(ctx: AppContext) -> int:
    return int(ctx.read(lambda s: s.scalar(select(func.count()).select_from(Nomination))))


def test_a_form_export_is_mapped_checked_imported_and_imported_again_when_it_grew(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path,
        messages: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    header, rows = form_rows()
    path = write_form(tmp_path / "Nominations 2027 (responses).csv", rows[:3])
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    dialog = dialog_of(qtbot, page)

    # Every column is listed with what it was taken to hold and an example value.
    boxes = dialog.field_boxes
    assert list(boxes) == header
    assert boxes["Which award are you nominating for?"].currentData() == "category"
    assert boxes["ID"].currentData() == "source_id"
    assert boxes["Start time"].currentText() == IGNORE
    assert nominations(event_ctx) == 0 and page.summary.text().startswith(
        "This file has columns of its own")
    # The answers: the form's award names onto categories, its yes/no sentences onto yes/no.
    values = dialog.value_boxes
    assert values[("category", "Education Star award")].currentText() == "Education Star"
    assert values[("consent_public", "Yes, they agreed")].currentText() == "Yes"
    assert values[("consent_photo", "Not sure")].currentText() == "Not asked"

    # With the keyboard: Tab goes from one column's list to the next; Home picks Ignore.
    boxes["ID"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is boxes["ID"])
    qtbot.keyClick(boxes["ID"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is boxes["Start time"]
    team = boxes["Your team"]
    team.setFocus()
    qtbot.keyClick(team, Qt.Key.Key_Home)
    assert team.currentData() is None
    team.setCurrentIndex(team.findData("nominator_team"))  # and back again, by mouse alike
    # Tiago's photo answer "Not sure" counts as yes here (the worker checked since); the
    # answers are listed afresh whenever a column changes.
    photo = dialog.value_boxes[("consent_photo", "Not sure")]
    photo.setFocus()
    qtbot.keyClick(photo, Qt.Key.Key_Home)
    assert photo.currentData() == "yes"
    # Mapping a column to a yes/no field adds its answers below, proposed.
    notes = dialog.field_boxes["In their own words"]
    notes.setCurrentIndex(notes.findData("do_not_publish"))
    assert ("do_not_publish", "I did it for me.") in dialog.value_boxes
    notes.setCurrentIndex(notes.findData("nominee_voice"))
    assert all(key[0] != "do_not_publish" for key in dialog.value_boxes)
    assert dialog.value_boxes[("consent_photo", "Not sure")].currentData() == "yes"  # kept

    # Names from the file are shown as plain text.
    shown = dialog.findChildren(type(dialog.name_edit).__mro__[0])  # the name box itself
    assert shown == [dialog.name_edit]
    for label in dialog.findChildren(type(page.summary)):
        assert label.textFormat() == Qt.TextFormat.PlainText or "&" in label.text()

    dialog.name_edit.setFocus()
    qtbot.keyClicks(dialog.name_edit, "Council form")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Continue is the default button
    # the choices are saved, then every row is checked through them
    qtbot.waitUntil(lambda: messages or (page.outcome is not None
                                         and page.outcome.mapping is not None), timeout=30_000)
    assert messages == []
    wait(qtbot, event_ctx)
    assert page.summary.text().startswith("3 rows ready to import (3 nominations, 3 new "
                                          "nominees, 2 new workers)")
    assert page.tables.problems_model.rowCount() == 0
    assert nominations(event_ctx) == 0  # checking stored nothing

    with qtbot.waitSignal(event_ctx.data_changed, timeout=60_000):
        qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, event_ctx)
    assert nominations(event_ctx) == 3
    photo_answer = event_ctx.read(lambda s: s.scalar(
        select(Nominee.consent_photo).where(Nominee.first_name == "Tiago")))
    assert str(photo_answer) == "yes"

    # The file grew: checked again through the same choices, only the new rows are offered.
    write_form(path, rows)
    qtbot.mouseClick(page.recheck_button, CLICK)
    wait(qtbot, event_ctx)
    assert page.mapping_dialog is None
    assert page.summary.text().startswith("2 new, 3 already imported: 2 rows ready to import")
    with qtbot.waitSignal(event_ctx.data_changed, timeout=60_000):
        qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, event_ctx)
    assert page.summary.text().startswith("2 new, 3 already imported: imported 2 rows")
    assert nominations(event_ctx) == 5
    qtbot.mouseClick(page.recheck_button, CLICK)
    wait(qtbot, event_ctx)
    assert page.summary.text().startswith("Nothing new: all 5 rows were already imported")
    assert not page.import_button.isEnabled()

    # Chosen again: the saved choices are proposed; Escape closes the dialog, nothing checked.
    choose(qtbot, page, monkeypatch, path)
    again = dialog_of(qtbot, page)
    assert again.name_edit.text() == "Council form"
    assert again.value_boxes[("consent_photo", "Not sure")].currentData() == "yes"
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.mapping_dialog is None)
    assert page.file_label.text().startswith("The columns were not matched")
    assert not page.import_button.isEnabled() and page.mapping_button.isEnabled()
    assert nominations(event_ctx) == 5


def test_a_file_in_the_programs_own_columns_skips_the_mapping_step(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.transfer.test_transfer_page import write_rows
    from tests.factories import nomination_rows

    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, write_rows(tmp_path / "own.csv", nomination_rows(4)))
    assert page.mapping_dialog is None and not page.mapping_button.isVisible()
    assert page.summary.text().startswith("4 rows ready to import")
    assert isinstance(page.kind, QComboBox)


def test_the_columns_keep_their_room_on_a_small_screen(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """At 150 % on a 1366×768 laptop (911×512 points) the answers' own size squeezed the
    file's columns to one row: they now share the room 3:2, columns first."""
    _header, rows = form_rows()
    path = write_form(tmp_path / "form.csv", rows[:3])
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    dialog = dialog_of(qtbot, page)
    dialog.resize(911, 512)
    qtbot.waitUntil(lambda: dialog.height() <= 512)
    columns, answers = dialog.parts.sizes()
    row_height = dialog.field_boxes["ID"].sizeHint().height()
    assert columns > answers > 0
    assert columns >= 4 * row_height, (columns, row_height)

"""Event settings (issue 13, item 1): the New-event dialog proposes the next ceremony after
today and keeps it in the chosen year; every setting of an event, its stage included, can be
changed from the window; dates that look wrong are asked about first."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from awards_app.core.enums import EventStatus
from awards_app.services import events
from awards_app.ui.catalogue.event_dialog import EventDialog, EventSettingsDialog
from awards_app.ui.common.context import AppContext
from tests.ui.stale import outlined_as_mine, refused_as_stale, reload, saved

DEC_2 = date(2026, 12, 2)


def test_a_first_event_proposes_the_next_ceremony_and_keeps_it_in_the_year(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, questions) -> None:
    dialog = EventDialog(ctx, None, today=DEC_2)
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2027
    assert dialog.ceremony.date() == QDate(2027, 3, 20)
    dialog.year.setValue(2028)
    assert dialog.ceremony.date() == QDate(2028, 3, 20)
    dialog.year.setValue(2027)
    assert saved(dialog) and questions == []
    stored = ctx.read(lambda s: events.get_event(s, dialog.saved_id).ceremony_date)
    assert stored == date(2027, 3, 20)


def test_in_spring_the_next_ceremony_is_next_year() -> None:
    assert events.proposed_ceremony(date(2026, 3, 21)) == date(2027, 3, 20)
    assert events.proposed_ceremony(date(2026, 3, 19)) == date(2026, 3, 20)
    assert events.proposed_ceremony(date(2026, 12, 2), like=date(2024, 2, 29)) == date(2027, 2, 28)
    assert events.in_year(date(2024, 2, 29), 2025) == date(2025, 2, 28)


def test_a_ceremony_in_the_past_or_another_year_is_asked_about(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, ctx: AppContext, questions) -> None:
    dialog = EventDialog(ctx, None, today=DEC_2)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2026)
    assert dialog.ceremony.date() == QDate(2026, 3, 20)
    answers = [QMessageBox.StandardButton.No]
    asked: list[str] = []

    def question(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.accept()
    assert "20/03/2026, is in the past" in asked[0]
    assert dialog.result() == 0 and ctx.event_id is None  # No: nothing stored, dialog open
    dialog.ceremony.setDate(QDate(2028, 3, 20))  # moved by hand into another year
    answers.append(QMessageBox.StandardButton.Yes)
    assert saved(dialog)
    assert "is not in 2026, the event's year" in asked[1]


def open_settings(qtbot, ctx: AppContext) -> EventSettingsDialog:  # type: ignore[no-untyped-def]
    dialog = EventSettingsDialog(ctx, None, event_id=ctx.require_event(), today=DEC_2)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_every_setting_and_the_stage_change_from_the_window(  # type: ignore[no-untyped-def]
        qtbot, demo_ctx: AppContext, questions) -> None:
    dialog = open_settings(qtbot, demo_ctx)
    before = demo_ctx.read(lambda s: events.event_for_edit(s, demo_ctx.require_event())).values
    assert dialog.name.text() == before["name"] and dialog.year.value() == before["year"]
    dialog.ceremony.setDate(QDate(2027, 4, 16))
    dialog.deadline.setDate(QDate(2027, 2, 1))
    dialog.venue.setText("The Mill, Northbridge")
    dialog.min_age.setValue(17)
    dialog.max_age.setValue(24)
    dialog.min_words.setValue(40)
    dialog.max_words.setValue(1500)
    judging = dialog.status.findData(EventStatus.JUDGING.value)
    dialog.status.setCurrentIndex(judging)
    assert "sponsors score" in dialog.stage_words.text()
    assert dialog.stage_words.textFormat() == Qt.TextFormat.PlainText
    assert saved(dialog) and questions == []
    after = demo_ctx.read(lambda s: events.event_for_edit(s, demo_ctx.require_event())).values
    assert (after["ceremony_date"], after["nomination_deadline"], after["venue"],
            after["min_age"], after["max_age"], after["min_words"], after["max_words"],
            after["status"]) == (date(2027, 4, 16), date(2027, 2, 1), "The Mill, Northbridge",
                                 17, 24, 40, 1500, EventStatus.JUDGING)


@pytest.mark.parametrize("stage", list(EventStatus))
def test_each_stage_says_what_it_allows(qtbot, demo_ctx: AppContext, stage: EventStatus) -> None:  # type: ignore[no-untyped-def]
    dialog = open_settings(qtbot, demo_ctx)
    dialog.status.setCurrentIndex(dialog.status.findData(stage.value))
    assert dialog.stage_words.text() == events.STAGE_WORDS[stage]
    assert dialog.status.currentText() == stage.label


def test_a_date_can_be_cleared_and_a_refusal_names_the_field(  # type: ignore[no-untyped-def]
        qtbot, demo_ctx: AppContext, messages) -> None:
    dialog = open_settings(qtbot, demo_ctx)
    dialog.min_age.setValue(30)
    dialog.max_age.setValue(20)
    dialog.accept()
    assert dialog.result() == 0
    assert dialog.max_age.property("invalid") is True
    assert any("minimum age" in text for _kind, _title, text in messages)
    dialog.min_age.setValue(16)
    dialog.deadline.setDate(dialog.deadline.minimumDate())  # "Not set"
    assert dialog.deadline.text() == "Not set"
    assert saved(dialog)
    assert demo_ctx.read(lambda s: events.get_event(
        s, demo_ctx.require_event()).nomination_deadline) is None


def test_a_stale_copy_is_refused_and_reloads_keeping_mine(  # type: ignore[no-untyped-def]
        qtbot, demo_ctx: AppContext, messages, another_window) -> None:
    dialog = open_settings(qtbot, demo_ctx)
    other = another_window()
    event_id = demo_ctx.require_event()
    loaded = other.read(lambda s: events.event_for_edit(s, event_id))
    other.write(lambda s: events.update_event(s, event_id, expected_version=loaded.version,
                                              original=loaded.original, venue="Civic Hall"))
    dialog.max_words.setValue(1800)
    assert "venue" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert dialog.venue.text() == "Civic Hall"
    assert dialog.max_words.value() == 1800 and outlined_as_mine(dialog.max_words)
    assert saved(dialog)


def test_reached_from_the_file_menu_and_the_overview(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, demo_ctx: AppContext) -> None:
    from awards_app.ui.catalogue import event_dialog
    from awards_app.ui.main_window import MainWindow, PageId

    opened: list[EventSettingsDialog] = []

    def fake_exec(dialog: EventSettingsDialog) -> int:
        opened.append(dialog)
        dialog.venue.setText("Town Hall")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(event_dialog.EventSettingsDialog, "exec", fake_exec)
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    demo_ctx.set_database(demo_ctx.database)  # as when the window opens it
    assert window.settings_action.isEnabled()
    window.settings_action.trigger()
    assert len(opened) == 1
    overview = window.page(PageId.OVERVIEW)
    qtbot.mouseClick(overview.settings_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert len(opened) == 2
    assert demo_ctx.read(lambda s: events.get_event(s, demo_ctx.require_event()).venue) == \
        "Town Hall"


def test_a_date_not_set_can_be_typed_stepped_and_cleared_from_the_keyboard(  # type: ignore[no-untyped-def]
        qtbot, demo_ctx: AppContext) -> None:
    """A "Not set" box took no typed digits ("Not set3101…") and ↑ went to 02/01/2000: typing
    and the arrows now start from today (the dialog's), and Ctrl+A, Delete clears it."""
    dialog = open_settings(qtbot, demo_ctx)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    deadline = dialog.deadline
    deadline.setDate(deadline.minimumDate())
    assert deadline.text() == "Not set"
    assert deadline.calendarWidget().yearShown() == DEC_2.year  # the calendar opens near today
    deadline.setFocus()
    qtbot.waitUntil(deadline.hasFocus)
    qtbot.keyClicks(deadline, "31012027")
    assert deadline.date() == QDate(2027, 1, 31)
    qtbot.keyClick(deadline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(deadline, Qt.Key.Key_Delete)
    assert deadline.text() == "Not set"
    qtbot.keyClick(deadline, Qt.Key.Key_Up)  # the first arrow shows where it starts
    assert deadline.date() == QDate(2026, 12, 2)
    qtbot.keyClick(deadline, Qt.Key.Key_Up)
    assert deadline.date() == QDate(2026, 12, 3)

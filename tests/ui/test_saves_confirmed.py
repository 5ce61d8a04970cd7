"""Every save says what was saved (issue 13, item 6): through the main window, each save path
ends with the status bar naming the record ("Saved nomination N-0012."), said only once the
transaction committed; a refused save (an invalid field, a stale copy) never says "Saved";
and what a save says never reaches the log."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from awards_app.services import judging, nominations, people
from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
from awards_app.ui.catalogue.event_dialog import EventSettingsDialog
from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
from awards_app.ui.certificates.design_dialog import DesignDialog
from awards_app.ui.common.context import SAVED, AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import Page
from awards_app.ui.judging.judge_copy import JudgeCopyDialog
from awards_app.ui.main_window import MainWindow
from awards_app.ui.people.dialogs import NomineeDialog, WorkerDialog
from awards_app.ui.results.casting_dialog import CastingDialog
from tests.services.transfer.test_mapping import form_rows
from tests.ui.judging.test_judging_page import category_id, score_category
from tests.ui.test_search_everywhere import open_page
from tests.ui.transfer.test_mapping_dialog import dialog_of, write_form
from tests.ui.transfer.test_transfer_page import choose
from tests.ui.window_walk import demo_window, idle

Fill = Callable[[Any], None]


class Said:
    """What the main window's status bar showed, in order."""

    def __init__(self, window: MainWindow) -> None:
        self.shown: list[str] = []
        window.statusBar().messageChanged.connect(self.shown.append)

    def since(self, mark: int) -> list[str]:
        return [text for text in self.shown[mark:] if text]

    def mark(self) -> int:
        return len(self.shown)


@pytest.fixture
def window(qtbot: Any, demo_ctx: AppContext) -> Iterator[MainWindow]:
    win = demo_window(qtbot, demo_ctx)
    yield win
    idle(qtbot, demo_ctx)


@pytest.fixture
def fills(monkeypatch: pytest.MonkeyPatch) -> dict[type, Fill]:
    """Dialogs a page runs are filled by type, then their Save pressed (the real button)."""
    by_type: dict[type, Fill] = {}

    def run(_page: Page, dialog: QDialog) -> bool:
        by_type.get(type(dialog), lambda _d: None)(dialog)
        dialog.show()
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)  # type: ignore[attr-defined]
        save.click()
        accepted = dialog.result() == QDialog.DialogCode.Accepted
        dialog.close()
        return accepted

    monkeypatch.setattr(Page, "run_dialog", run)
    return by_type


def expect_saved(said: Said, mark: int, words: str) -> None:
    """The save said "Saving…", then exactly ``words``, and that stays on screen."""
    assert said.since(mark)[-2:] == ["Saving…", words], said.since(mark)


# --- the save paths ------------------------------------------------------------------------


def nomination_editor(qtbot: Any, window: MainWindow, _fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.NOMINATIONS)
    page.view.setFocus()
    page.select_id(page.model.row(2).id)
    ref = page.selected_row().ref
    page.edit_selected()
    editor = page.editor
    assert editor is not None
    qtbot.waitExposed(editor)
    editor.citation.setText("Kept going through every setback this year.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.is_dirty
    editor.close()
    return f"Saved nomination {ref}."


def new_category(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.CATEGORIES)
    fills[CategoryDialog] = lambda d: qtbot.keyClicks(d.name, "Music Maker")
    page.add_action.trigger()
    assert page.selected_row().name == "Music Maker"
    return "Saved category Music Maker."


def criterion(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.CATEGORIES)
    category = page.selected_row()
    first = page.criteria_model.row(0)
    page.criteria_view.setCurrentIndex(page.criteria_model.index(0, 0))
    fills[CriterionDialog] = lambda d: d.weight.setValue(d.weight.value() + 1)
    page.edit_criterion_action.trigger()
    return f"Saved criterion {first.name} of {category.name}."


def sponsor(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.SPONSORS)
    page.select_id(page.model.row(0).id)
    name = page.selected_row().name
    fills[SponsorDialog] = lambda d: d.contact_phone.setText("0161 496 0000")
    page.edit_action.trigger()
    return f"Saved sponsor {name}."


def judge(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.SPONSORS)
    page.select_id(page.model.row(0).id)
    name = page.selected_row().name

    def fill(dialog: JudgeDialog) -> None:
        qtbot.keyClicks(dialog.name, "Priya Raman")
        qtbot.keyClicks(dialog.email, "priya.raman@example.org")

    fills[JudgeDialog] = fill
    page.add_judge_action.trigger()
    return f"Saved the judge's details for {name}."


def young_person(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.NOMINEES)
    page.select_id(page.model.row(0).id)
    fills[NomineeDialog] = lambda d: d.out_of_area.setChecked(not d.out_of_area.isChecked())
    page.edit_selected()
    return "Saved the young person's details."


def worker(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = open_page(qtbot, window, PageId.WORKERS)
    page.select_id(page.model.row(0).id)
    fills[WorkerDialog] = lambda d: d.team.setText("North Leaving Care Team")
    page.edit_selected()
    return "Saved the worker's details."


def event_settings(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> str:
    def fill(dialog: EventSettingsDialog) -> int:
        dialog.show()
        dialog.venue.setText("The Town Hall")
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        return int(dialog.result())

    monkeypatch.setattr(EventSettingsDialog, "exec", fill)
    window.settings_action.trigger()
    return "Saved the event settings."


def judge_copy(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = window.show_page(PageId.JUDGING)
    assert page is not None
    page.copy_ref.setText("N-0007")
    fills[JudgeCopyDialog] = lambda d: d.boxes["success"].setPlainText("She passed every exam.")
    page.edit_judge_copy()
    return "Saved the judges' copy of N-0007."


def casting_decision(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    ctx = window.ctx
    judge_ids = score_category(ctx, "Life Changer", lambda *_: 6)  # a dead heat
    cid = category_id(ctx, "Life Changer")
    ctx.write(lambda s: judging.set_lead_judge(s, category_id=cid, judge_id=judge_ids[0]),
              saved=None)
    page = window.show_page(PageId.RESULTS)
    assert page is not None
    ctx.data_changed.emit()
    row = page.categories.index_of(lambda r: r.category == "Life Changer")
    page.categories_view.setCurrentIndex(page.categories.index(row, 0))
    fills[CastingDialog] = lambda d: d.reason.setPlainText("Sohrab's story showed more change")
    page.casting_button.click()
    return "Saved the casting decision for Life Changer."


def certificate_design(qtbot: Any, window: MainWindow, fills: dict[type, Fill]) -> str:
    page = window.show_page(PageId.CERTIFICATES)
    assert page is not None
    fills[DesignDialog] = lambda d: d.signatures[0][0].setText("Councillor Jo Bright")
    page.design_button.click()
    return "Saved the certificate design."


PATHS: dict[str, Callable[..., str]] = {
    "nomination editor": nomination_editor,
    "new category": new_category,
    "criterion": criterion,
    "sponsor": sponsor,
    "judge": judge,
    "young person": young_person,
    "worker": worker,
    "judge copy": judge_copy,
    "casting decision": casting_decision,
    "certificate design": certificate_design,
}


@pytest.mark.parametrize("path", list(PATHS))
def test_a_save_says_what_was_saved(qtbot: Any, window: MainWindow, fills: dict[type, Fill],
                                    messages: list[Any], path: str,
                                    caplog: pytest.LogCaptureFixture) -> None:
    said = Said(window)
    mark = said.mark()
    with caplog.at_level(logging.DEBUG):
        words = PATHS[path](qtbot, window, fills)
    assert messages == []
    expect_saved(said, mark, words)
    assert window.statusBar().currentMessage() == words
    assert words not in caplog.text  # shown, never logged


def test_event_settings_say_so_after_the_event_is_reloaded(
        qtbot: Any, window: MainWindow, messages: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    said = Said(window)
    mark = said.mark()
    words = event_settings(qtbot, window, monkeypatch)
    assert messages == []
    expect_saved(said, mark, words)  # choosing the event again afterwards says nothing
    assert window.statusBar().currentMessage() == words


def test_a_saved_column_matching_says_so(qtbot: Any, window: MainWindow, messages: list[Any],
                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _header, rows = form_rows()
    path = write_form(tmp_path / "Nominations 2027 (responses).csv", rows[:2])
    page = window.show_page(PageId.TRANSFER)
    assert page is not None
    said = Said(window)
    mark = said.mark()
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy and page.choose_button.isEnabled(),
                    timeout=30_000)
    choose(qtbot, page, monkeypatch, path)
    dialog = dialog_of(qtbot, page)
    qtbot.keyClicks(dialog.name_edit, "Council form")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Saved the column matching Council form." in said.shown,
                    timeout=30_000)
    assert said.since(mark)[:2] == ["Saving…", "Saved the column matching Council form."]
    idle(qtbot, window.ctx)  # every row is then checked through it
    assert messages == []


# --- refused saves never say "Saved" -------------------------------------------------------


def test_an_invalid_field_does_not_say_saved(qtbot: Any, window: MainWindow,
                                             fills: dict[type, Fill],
                                             messages: list[Any]) -> None:
    page = open_page(qtbot, window, PageId.CATEGORIES)
    said = Said(window)
    mark = said.mark()
    fills[CategoryDialog] = lambda d: d.name.clear()  # a category needs a name
    page.add_action.trigger()
    assert [kind for kind, *_ in messages] == ["warning"]
    assert said.since(mark) == ["Saving…"]
    assert window.statusBar().currentMessage() == ""


def test_a_stale_copy_does_not_say_saved(qtbot: Any, window: MainWindow,
                                         fills: dict[type, Fill], messages: list[Any],
                                         another_window: Callable[[], AppContext]) -> None:
    page = open_page(qtbot, window, PageId.NOMINEES)
    nominee = page.model.row(0)
    page.select_id(nominee.id)
    other = another_window()

    def changed_elsewhere(dialog: NomineeDialog) -> None:
        values = other.read(lambda s: people.nominee_for_edit(s, nominee.id))
        other.write(lambda s: people.update_nominee(
            s, nominee.id, expected_version=values.version, original=values.original,
            **{**values.values, "out_of_area": not values.values["out_of_area"]}))
        dialog.out_of_area.setChecked(not dialog.out_of_area.isChecked())

    fills[NomineeDialog] = changed_elsewhere
    said = Said(window)
    mark = said.mark()
    page.edit_selected()
    assert said.since(mark) == ["Saving…"]
    assert "Saved" not in window.statusBar().currentMessage()
    assert messages == []  # said in the dialog, beside Reload


def test_a_save_that_names_nothing_in_particular_still_says_saved(
        qtbot: Any, window: MainWindow) -> None:
    said = Said(window)
    mark = said.mark()
    event_id = window.ctx.require_event()
    ref = window.ctx.read(lambda s: nominations.nomination_rows(s, event_id))[0].ref
    window.ctx.write(lambda s: None)
    assert said.since(mark) == ["Saving…", SAVED]
    window.ctx.write(lambda s: ref, saved=lambda r: f"Saved nomination {r}.")
    assert window.statusBar().currentMessage() == f"Saved nomination {ref}."
    window.ctx.write(lambda s: ref, saved=lambda r: r[99])  # words that cannot be made
    assert window.statusBar().currentMessage() == SAVED

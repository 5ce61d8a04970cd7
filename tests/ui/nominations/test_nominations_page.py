"""The Nominations page and editor, driven through their real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import func, select

from awards_app.db.models import Nomination, Nominee
from awards_app.services import nominations as nomination_service
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.nominations.page import NominationsPage
from tests.conftest import words


@pytest.fixture
def page(qtbot, demo_ctx: AppContext) -> NominationsPage:  # type: ignore[no-untyped-def]
    widget = NominationsPage(demo_ctx, None)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.show()
    return widget


def count(ctx: AppContext) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).select_from(Nomination)))


def shown_refs(page: NominationsPage) -> list[str]:
    return [r.ref for r in page.model.visible_rows]


def test_loads_every_nomination(page: NominationsPage) -> None:
    assert page.model.rowCount() == 54
    assert page.count_label.text() == "54 nominations"
    assert page.model.data(page.model.index(0, 0)) == "N-0001"


def test_search_is_instant_and_matches_words_anywhere(qtbot, page: NominationsPage) -> None:  # type: ignore[no-untyped-def]
    expected = [r.ref for r in page.model.visible_rows
                if r.worker.startswith("Tomasz") and r.category == "Sports Hero"]
    his = [r.ref for r in page.model.visible_rows if r.worker == "Tomasz Wiśniewski"]
    assert expected
    qtbot.keyClicks(page.search, "N-0004")
    qtbot.waitUntil(lambda: shown_refs(page) == ["N-0004"], timeout=2000)
    page.search.clear()
    qtbot.keyClicks(page.search, "tomasz sports")  # QTest types ASCII only
    qtbot.waitUntil(lambda: shown_refs(page) == expected, timeout=2000)
    assert page.count_label.text() == f"Showing {len(expected)} of 54"
    page.search.setText("WIŚNIEWSKI")  # case-insensitive beyond ASCII
    qtbot.waitUntil(lambda: shown_refs(page) == his, timeout=2000)
    assert len(his) > len(expected)


def test_filters_combine(page: NominationsPage) -> None:
    all_rows = list(page.model.visible_rows)
    page.category_filter.setCurrentIndex(page.category_filter.findText("Education Star"))
    assert {r.category for r in page.model.visible_rows} == {"Education Star"}
    page.status_filter.setCurrentIndex(page.status_filter.findText("Shortlisted"))
    expected = [r.ref for r in all_rows
                if r.category == "Education Star" and r.status.value == "shortlisted"]
    assert shown_refs(page) == expected and expected
    page.category_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(0)
    page.team_filter.setCurrentIndex(page.team_filter.findText("UASC Team"))
    assert {r.team for r in page.model.visible_rows} == {"UASC Team"}
    page.team_filter.setCurrentIndex(0)
    page.consent_filter.setCurrentIndex(page.consent_filter.findText("Do not publish"))
    assert page.model.visible_rows and {r.consent for r in page.model.visible_rows} == {
        "do_not_publish"}


def test_sorting_by_a_column(page: NominationsPage) -> None:
    page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    names = [r.nominee.casefold() for r in page.model.visible_rows]
    assert names == sorted(names)


def _fill_new_person(editor, first: str = "Precious", dob: date = date(2006, 5, 4)) -> None:  # type: ignore[no-untyped-def]
    editor.first_name.setText(first)
    editor.last_name.setText("Adeyemi-Clarke")
    editor.date_of_birth.setDate(QDate(dob))
    editor.worker.setCurrentIndex(1)  # a new nomination needs its nominator


def test_refused_save_highlights_fields_then_fixed_save_stores(
    qtbot, page: NominationsPage, messages  # type: ignore[no-untyped-def]
) -> None:
    before = count(page.ctx)
    editor = page.new_nomination()
    assert editor is not None and editor.isVisible()
    _fill_new_person(editor)
    editor.success.set_text("Passed her driving test.")
    assert "4 words" in editor.success.count.text()
    assert not editor.save()
    assert editor.category.property("invalid") is True
    assert editor.success.editor.styleSheet() != ""
    assert editor.obstacles.editor.styleSheet() != ""
    assert editor.first_name.property("invalid") is False
    assert "obstacles" in editor.problems.text().lower()
    assert messages and messages[-1][0] == "warning"
    assert count(page.ctx) == before
    assert page.ctx.read(lambda s: s.scalar(
        select(func.count()).select_from(Nominee).where(Nominee.last_name == "Adeyemi-Clarke"))) == 0

    editor.category.setCurrentIndex(editor.category.findText("Independence Star"))
    qtbot.keyClicks(editor.success.editor, " " + words(30, "confident"))
    editor.obstacles.set_text(words(26, "resilient"))
    editor.citation.setText("For building a home of her own.")
    with qtbot.waitSignal(editor.saved):
        assert editor.save()
    assert editor.category.property("invalid") is False
    assert not editor.problems.isVisible()
    assert count(page.ctx) == before + 1
    editor.accept()
    qtbot.waitUntil(lambda: page.model.total_count == before + 1, timeout=20_000)
    assert page.selected_row() is not None
    assert page.selected_row().nominee == "Precious"


def test_age_outside_the_range_is_refused_on_the_date_of_birth(page: NominationsPage) -> None:
    editor = page.new_nomination()
    _fill_new_person(editor, dob=date(1990, 1, 1))
    editor.category.setCurrentIndex(1)
    editor.success.set_text(words(30))
    editor.obstacles.set_text(words(30))
    assert not editor.save()
    assert editor.date_of_birth.property("invalid") is True
    assert "ceremony date" in editor.problems.text()
    editor.age_reason.setText("Agreed by the panel: her achievement spans her time in care.")
    assert editor.save()
    editor.accept()


def test_editing_an_existing_nomination(qtbot, page: NominationsPage) -> None:  # type: ignore[no-untyped-def]
    page.view.selectRow(0)
    page.edit_selected()
    editor = page.editor
    assert editor is not None and editor.windowTitle() == "Nomination N-0001"
    assert editor.first_name.text() and editor.success.words() >= 25
    editor.citation.setText("For turning his life around with courage.")
    editor.consent_photo.setCurrentIndex(editor.consent_photo.findData("no"))
    assert editor.save_and_close() is None
    event_id = page.ctx.require_event()
    form = page.ctx.read(lambda s: nomination_service.nomination_form(
        s, event_id, page.model.row(0).id))
    assert form.nomination["citation"] == "For turning his life around with courage."
    assert form.nominee["consent_photo"].value == "no"


def test_closing_with_unsaved_changes_asks(qtbot, page: NominationsPage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page.view.selectRow(1)
    page.edit_selected()
    editor = page.editor
    original = editor.citation.text()
    editor.citation.setText("Changed but not saved")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []

    def question(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    editor.reject()
    assert editor.isVisible() and len(asked) == 1  # Cancel keeps it open
    editor.reject()
    assert not editor.isVisible() and len(asked) == 2  # Discard closes without saving
    event_id = page.ctx.require_event()
    form = page.ctx.read(lambda s: nomination_service.nomination_form(
        s, event_id, page.model.row(1).id))
    assert form.nomination["citation"] == original


def test_unchanged_editor_closes_without_asking(page: NominationsPage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: pytest.fail("asked although nothing changed"))
    page.view.selectRow(2)
    page.edit_selected()
    page.editor.reject()
    assert page.editor is None or not page.editor.isVisible()


def test_withdraw_and_reinstate(qtbot, page: NominationsPage, monkeypatch, messages) -> None:  # type: ignore[no-untyped-def]
    page.view.selectRow(0)
    target = page.selected_row()
    asked: list[ReasonDialog] = []

    def answer(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ReasonDialog)
        asked.append(dialog)
        dialog.show()
        for refused in ("", "   \n "):  # empty, then only spaces: kept open, typing kept
            dialog.reason.setPlainText(refused)
            dialog.accept()
            assert dialog.isVisible() and dialog.outcome is None
            assert dialog.reason.toPlainText() == refused
            assert dialog.reason.property("invalid")
            assert messages and "say why" in messages[-1][2]
        dialog.reason.setPlainText("Moved to another authority")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(page, "run_dialog", answer)
    page.withdraw_selected()
    assert len(asked) == 1 and target.ref in asked[0].windowTitle()
    assert any(isolate(target.nominee) in label.text()
               for label in asked[0].findChildren(QLabel))
    withdrawn = page.ctx.read(lambda s: s.get(Nomination, target.id).withdrawn_reason)
    assert withdrawn == "Moved to another authority"
    qtbot.waitUntil(lambda: any(r.id == target.id and r.status.value == "withdrawn"
                                for r in page.model.visible_rows), timeout=20_000)
    page.select_id(target.id)
    assert page.reinstate_button.isEnabled() and not page.withdraw_button.isEnabled()
    page.reinstate_selected()
    qtbot.waitUntil(lambda: any(r.id == target.id and r.status.value == "submitted"
                                for r in page.model.visible_rows), timeout=20_000)


def test_automatic_garbage_collection_pauses_while_jobs_run(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """A collection started in a worker thread could free Qt objects there and crash."""
    import gc
    import threading

    release = threading.Event()
    seen: list[bool] = []

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        release.wait(5)
        return None

    assert gc.isenabled()
    demo_ctx.tasks.start(job)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [False] and not gc.isenabled()
    release.set()
    qtbot.waitUntil(lambda: not demo_ctx.tasks.busy, timeout=5000)
    assert gc.isenabled()


def test_a_new_young_persons_date_of_birth_starts_empty_and_is_required(
        page: NominationsPage) -> None:
    """No made-up date: a new nomination's date of birth says "Not set" and saving without
    one names it (it used to start at 01/01/2007 and be stored if left alone)."""
    editor = page.new_nomination()
    assert editor is not None
    assert editor.date_of_birth.text() == "Not set"
    editor.first_name.setText("Precious")
    editor.last_name.setText("Adeyemi-Clarke")
    editor.category.setCurrentIndex(1)
    editor.worker.setCurrentIndex(1)
    editor.success.set_text(words(30))
    editor.obstacles.set_text(words(30))
    assert not editor.save()
    assert editor.date_of_birth.property("invalid") is True, editor.problems.text()
    assert "date of birth" in editor.problems.text().lower()
    editor.date_of_birth.setDate(QDate(2006, 5, 4))
    assert editor.save()
    editor.accept()

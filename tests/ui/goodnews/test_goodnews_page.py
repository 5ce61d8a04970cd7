"""The Good news page through the real main window: the quick-entry line typed with real key
events (Enter adds, the cursor goes back to the first field), problems named beside it,
searching and deleting several stories, opening one, making a story a nomination (the editor
pre-filled; the story remembers it), and the team meeting (preferred names only, stories the
young person does not know about kept back, saved as a PDF)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from awards_app.db.models import AuditEntry, GoodNews, Nomination
from awards_app.services import goodnews
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.goodnews.meeting import MeetingDialog
from awards_app.ui.goodnews.page import GoodNewsPage
from awards_app.ui.main_window import MainWindow
from tests.conftest import words


@pytest.fixture
def page(qtbot: Any, window: MainWindow) -> GoodNewsPage:
    shown = window.show_page(PageId.GOOD_NEWS)
    assert isinstance(shown, GoodNewsPage)
    qtbot.waitUntil(lambda: shown.model.total_count > 0, timeout=10_000)
    return shown


def stories(ctx: AppContext) -> list[goodnews.StoryRow]:
    return sorted(ctx.read(goodnews.list_stories), key=lambda r: r.id)


def test_the_page_is_in_the_navigation_and_lists_the_demo_log(window: MainWindow,
                                                              page: GoodNewsPage) -> None:
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Good news" in labels
    assert page.model.total_count == 24
    first = page.model.row(0)
    assert first.story_date >= page.model.row(page.model.rowCount() - 1).story_date


def test_one_line_per_story_typed_with_the_keyboard(qtbot: Any, page: GoodNewsPage) -> None:
    entry = page.entry
    before = len(stories(page.ctx))
    entry.person.setFocus()
    qtbot.keyClicks(entry.person.lineEdit(), "Tendai")  # the folding completer suggests
    qtbot.keyClick(entry.person.lineEdit(), Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.worker.lineEdit(), "Priya Raman")
    qtbot.keyClick(entry.worker.lineEdit(), Qt.Key.Key_Tab)
    assert entry.team.text() == "North Leaving Care Team"  # the team follows the worker
    entry.story.setFocus()
    qtbot.keyClicks(entry.story, "Passed his food hygiene certificate.")
    qtbot.keyClick(entry.story, Qt.Key.Key_Tab)
    qtbot.keyClicks(entry.why, "He studied on his breaks.")
    qtbot.keyClick(entry.why, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(stories(page.ctx)) == before + 1, timeout=5_000)
    added = stories(page.ctx)[-1]
    assert (added.story, added.why_proud, added.team, added.story_date, added.young_person,
            added.worker) == ("Passed his food hygiene certificate.", "He studied on his breaks.",
                              "North Leaving Care Team", date.today(), "Tendai", "Priya Raman")
    # ready for the next story: cleared, the cursor back in the first field
    assert entry.story.text() == "" and entry.person.currentText() == ""
    assert entry.worker.currentText() == "Priya Raman"
    assert QApplication.focusWidget() in (entry.day, *entry.day.findChildren(type(entry.story)))
    assert page.selected_row() is not None and page.selected_row().id == added.id  # type: ignore[union-attr]
    assert not page.problems.isVisible()


def test_problems_are_named_beside_the_line_and_nothing_is_stored(qtbot: Any,
                                                                  page: GoodNewsPage) -> None:
    before = len(stories(page.ctx))
    entry = page.entry
    entry.person.setFocus()
    qtbot.keyClicks(entry.person.lineEdit(), "Nobody at all")
    qtbot.keyClick(entry.person.lineEdit(), Qt.Key.Key_Enter)
    assert page.problems.isVisible()
    text = page.problems.text()
    assert "choose the young person" in text and "Story: is empty" in text
    assert len(stories(page.ctx)) == before
    assert entry.person.property("invalid") and entry.story.property("invalid")
    assert QApplication.focusWidget() in (entry.person, entry.person.lineEdit())


def test_search_folds_accents_and_several_can_be_deleted(qtbot: Any, page: GoodNewsPage,
                                                         questions: list[Any]) -> None:
    qtbot.keyClicks(page.search, "zoe nursing")
    assert page.model.rowCount() == 1 and page.model.row(0).young_person == "Zoë"
    page.search.clear()
    qtbot.keyClicks(page.search, "Cal")
    cal = [page.model.row(i).id for i in range(page.model.rowCount())
           if page.model.row(i).young_person == "Cal"]
    assert len(cal) == 3
    page.view.selectAll()
    chosen = [r.id for r in page.selected_rows()]
    assert len(chosen) == page.model.rowCount() >= 3
    assert page.delete_button.text() == f"De&lete {len(chosen)} stories…"
    assert not page.nominate_button.isEnabled()  # one story at a time
    page.delete_selected()
    assert questions and questions[-1][0] == "Delete good news"
    remaining = {s.id for s in stories(page.ctx)}
    assert not remaining & set(chosen)
    deleted = page.ctx.read(lambda s: list(s.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.entity == "good_news", AuditEntry.action == "delete"))))
    assert sorted(deleted) == sorted(chosen)


def test_open_a_story_and_change_it(qtbot: Any, page: GoodNewsPage, monkeypatch: Any) -> None:
    row = page.model.row(0)
    page.select_id(row.id)
    filled: list[Any] = []

    def run(dialog: QDialog) -> bool:
        dialog.why.setPlainText("Changed through the dialog.")  # type: ignore[attr-defined]
        dialog.accept()
        filled.append(dialog)
        return True

    monkeypatch.setattr(page, "run_dialog", run)
    page.edit_selected()
    assert filled
    stored = [s for s in stories(page.ctx) if s.id == row.id][0]
    assert stored.why_proud == "Changed through the dialog." and stored.story == row.story


def test_a_story_becomes_a_nomination_in_one_step(qtbot: Any, page: GoodNewsPage,
                                                  monkeypatch: Any) -> None:
    event_id = page.ctx.require_event()
    cal = next(page.model.row(i) for i in range(page.model.rowCount())
               if page.model.row(i).young_person == "Cal")
    page.select_id(cal.id)

    def run(editor: Any) -> bool:
        assert editor.person_picker.currentData() == cal.nominee_id
        assert editor.worker.currentData() == cal.worker_id
        assert editor.success.text().startswith(cal.story)
        assert cal.why_proud in editor.success.text()
        assert editor.is_dirty  # pre-filled: closing would ask to save
        editor.category.setCurrentIndex(editor.category.findText("Independence Star"))
        editor.success.set_text(editor.success.text() + " " + words(20, "steady"))
        editor.obstacles.set_text(words(30, "resilient"))
        assert editor.save()
        editor.accept()
        return True

    monkeypatch.setattr(page, "run_dialog", run)
    page.make_nomination()
    made_id, success, worker_id, ref = page.ctx.read(lambda s: [
        (n.id, n.success, n.worker_id, n.ref) for n in s.scalars(select(Nomination).where(
            Nomination.event_id == event_id, Nomination.nominee_id == cal.nominee_id))][0])
    linked = page.ctx.read(lambda s: s.get(GoodNews, cal.id).nomination_id)
    assert linked == made_id
    assert success.startswith(cal.story) and worker_id == cal.worker_id
    shown = next(page.model.row(i) for i in range(page.model.rowCount())
                 if page.model.row(i).id == cal.id)
    assert shown.nomination_ref == ref
    assert cal.nominee_id not in page.unnominated


def test_a_refused_nomination_links_nothing(qtbot: Any, page: GoodNewsPage,
                                            monkeypatch: Any) -> None:
    row = page.model.row(0)
    page.select_id(row.id)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    def run(editor: Any) -> bool:
        assert not editor.save()  # no category: refused, nothing stored
        return False

    monkeypatch.setattr(page, "run_dialog", run)
    before = page.ctx.read(lambda s: s.get(GoodNews, row.id).nomination_id)
    page.make_nomination()
    assert page.ctx.read(lambda s: s.get(GoodNews, row.id).nomination_id) == before


def test_the_team_meeting_reads_preferred_names_and_keeps_back_the_unknown(
        qtbot: Any, page: GoodNewsPage, tmp_path: Path, monkeypatch: Any) -> None:
    dialog = page.open_meeting()
    qtbot.addWidget(dialog)
    dialog.month.setCurrentIndex(dialog.month.findData("2026-11"))
    text = dialog.text.toPlainText()
    assert text.startswith("Good news — November 2026")
    assert "Precious — 5 November (told by Adaeze Okafor)" in text
    for private in ("Mensah", "Kowalczyk", "brother"):
        assert private not in text
    assert dialog.kept_back.isVisible() and "1 story is not shown" in dialog.kept_back.text()
    dialog.with_unknown.setChecked(True)
    assert "brother" in dialog.text.toPlainText() and not dialog.kept_back.isVisible()
    assert "do not know it is being shared" in dialog.text.toPlainText()
    dialog.with_unknown.setChecked(False)
    target = tmp_path / "meeting.pdf"
    monkeypatch.setattr(MeetingDialog, "choose_file", staticmethod(lambda *_a: str(target)))
    dialog.save_pdf()
    qtbot.waitUntil(lambda: target.exists() and "Saved" in dialog.message.text(), timeout=20_000)
    assert target.read_bytes().startswith(b"%PDF")
    dialog.copy_text()
    assert QApplication.clipboard().text().splitlines()[0] == "Good news — November 2026"


def test_the_import_page_lists_good_news(page: GoodNewsPage) -> None:
    from awards_app.services.transfer.importers import IMPORTERS, ImportKind

    assert IMPORTERS[ImportKind.GOOD_NEWS].label == "Good news stories"
    assert page.import_button.isEnabled()


def test_a_story_for_the_service_is_what_the_page_shows(page: GoodNewsPage) -> None:
    rows = page.ctx.read(lambda s: goodnews.list_stories(s))
    assert [r.id for r in rows] == [page.model.row(i).id for i in range(page.model.rowCount())]


def test_the_meeting_prints_through_the_print_route(qtbot: Any, page: GoodNewsPage,
                                                    tmp_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printed = tmp_path / "printed.pdf"

    def to_file(_parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(MeetingDialog, "choose_printer", staticmethod(to_file))
    dialog = MeetingDialog(page.ctx, page, month=(2026, 11))
    qtbot.addWidget(dialog)
    dialog.print_view()
    qtbot.waitUntil(lambda: "to the printer" in dialog.message.text(), timeout=30_000)
    assert re.fullmatch(r"Sent \d+ pages? to the printer\.", dialog.message.text())
    assert printed.read_bytes().startswith(b"%PDF")
    assert dialog._print_folder is None  # the private copy is gone once printed


def test_another_worker_in_the_dialog_brings_their_team(qtbot: Any, page: GoodNewsPage) -> None:
    row = next(page.model.row(i) for i in range(page.model.rowCount())
               if page.model.row(i).team == "North Leaving Care Team")
    dialog = page.story_dialog(row)
    qtbot.addWidget(dialog)
    index = dialog.worker.findText("Siobhan Kelly", Qt.MatchFlag.MatchStartsWith)
    dialog.worker.setCurrentIndex(index)
    dialog.worker.activated.emit(index)
    assert dialog.team.text() == "Staying Put Team"
    dialog.accept()
    stored = [s for s in stories(page.ctx) if s.id == row.id][0]
    assert (stored.worker, stored.team) == ("Siobhan Kelly", "Staying Put Team")

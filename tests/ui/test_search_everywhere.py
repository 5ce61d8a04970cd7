"""Every page's search box finds what people type (issue 13, item 5): the plain spelling of a
name finds it with its accents, strokes and ligatures, in any case; Arabic finds Arabic.
Driven through the main window: keys typed into each page's search box."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select

from awards_app.db.engine import Database
from awards_app.db.models import Judge, Nomination, Nominee, Sponsor, Worker
from awards_app.services import certificates
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.table_model import RowTableModel, display
from awards_app.ui.main_window import MainWindow
from tests.factories import award_demo

#: (first name, last name) as written, and what a person types for each
PEOPLE = [
    (("Zoë", "Quill"), "zoe", "quill"),
    (("Łukasz", "Wiśniewski"), "Lukasz", "wisniewski"),
    (("Søren", "Dahl"), "SOREN", "dahl"),
    (("Æsa", "Jónsdóttir"), "aesa", "jonsdottir"),
    (("Şevval", "Aydın"), "sevval", "aydin"),
    (("Nguyễn", "Thị Lan"), "nguyen", "thi lan"),
    (("Ciarán", "O'Brien"), "ciaran", "obrien"),
    (("ليلى", "منصور"), "ليلى", "منصور"),
]
WORKER = ("Bjørn Ægidius", "bjorn aegidius")
SPONSOR = ("Œuvre Straße Foundation", "oeuvre strasse")


@pytest.fixture
def window(qtbot: Any, db: Database, messages: list[Any]) -> Iterator[MainWindow]:
    """The main window on the awarded demo, with the people above among the recipients of
    certificates (so every page has them), one worker and one sponsor renamed too."""
    event_id = award_demo(db)
    with db.session() as session:
        recipients = certificates.recipients(session, event_id)
        nominee_ids: list[int] = []
        for row in recipients:
            nomination = session.get(Nomination, row.nomination_id)
            assert nomination is not None
            nominee_id = nomination.nominee_id
            if nominee_id not in nominee_ids:
                nominee_ids.append(nominee_id)
        assert len(nominee_ids) >= len(PEOPLE)
        for nominee_id, ((first, last), _typed, _typed_last) in zip(nominee_ids, PEOPLE, strict=False):
            nominee = session.get(Nominee, nominee_id)
            assert nominee is not None
            nominee.first_name, nominee.last_name, nominee.preferred_name = first, last, first
        worker = session.scalars(select(Worker).order_by(Worker.id)).first()
        sponsor = session.scalars(select(Sponsor).order_by(Sponsor.id)).first()
        assert worker is not None and sponsor is not None
        worker.name, sponsor.name = WORKER[0], SPONSOR[0]
    ctx = AppContext()
    ctx.set_database(db)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 820)
    win.show()
    yield win
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)


def open_page(qtbot: Any, window: MainWindow, page_id: PageId) -> Any:
    page = window.show_page(page_id)
    assert page is not None
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy and page.model.total_count > 0,
                    timeout=30_000)
    return page


def type_search(qtbot: Any, page: Any, text: str) -> None:
    """Clear the page's search box and type ``text`` into it, key by key."""
    box: QLineEdit = page.search
    box.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == page.model.total_count, timeout=5_000)
    box.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClick(box, char)
        else:  # QTest types ASCII only: a key event carrying the letter, as a keyboard sends
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                      Qt.KeyboardModifier.NoModifier, char))
    assert box.text() == text
    qtbot.waitUntil(lambda: page.model.rowCount() < page.model.total_count, timeout=5_000)


def shown_text(model: RowTableModel[Any], search_text: bool = True) -> list[str]:
    """Each visible row as the search box sees it (or as its cells show it)."""
    rows = model.visible_rows
    if search_text:
        return [model._search_text(r) for r in rows]  # noqa: SLF001 - what the box looks in
    return [" ".join(display(c.value(r)) for c in model.columns) for r in rows]


def assert_found(qtbot: Any, page: Any, typed: str, written: str) -> None:
    type_search(qtbot, page, typed)
    rows = shown_text(page.model)
    assert rows, f"'{typed}' found nothing on {page.title}"
    assert all(written in row for row in rows), (typed, written, rows[:3])
    # exactly the rows holding the name as written
    everyone = [page.model._search_text(r) for r in page.model._all]  # noqa: SLF001
    assert len(rows) == sum(written in row for row in everyone)


@pytest.mark.parametrize(("page_id", "full_name"), [
    (PageId.NOMINATIONS, True),
    (PageId.NOMINEES, True),
    (PageId.CERTIFICATES, False),  # the name as printed: first names at least
])
def test_people_are_found_by_their_plain_spelling(qtbot: Any, window: MainWindow,
                                                  page_id: PageId, full_name: bool) -> None:
    page = open_page(qtbot, window, page_id)
    for (first, last), typed_first, typed_last in PEOPLE:
        assert_found(qtbot, page, typed_first, first)
        if full_name:
            assert_found(qtbot, page, f"{typed_first} {typed_last}", f"{first} {last}")
            assert_found(qtbot, page, typed_last.upper(), last)


def test_workers_and_sponsors_are_found_by_their_plain_spelling(qtbot: Any,
                                                                window: MainWindow) -> None:
    workers = open_page(qtbot, window, PageId.WORKERS)
    assert_found(qtbot, workers, WORKER[1], WORKER[0])
    nominations = open_page(qtbot, window, PageId.NOMINATIONS)
    type_search(qtbot, nominations, "BJORN")
    assert nominations.model.visible_rows
    assert {r.worker for r in nominations.model.visible_rows} == {WORKER[0]}
    sponsors = open_page(qtbot, window, PageId.SPONSORS)
    assert_found(qtbot, sponsors, SPONSOR[1], SPONSOR[0])
    assert [r.name for r in sponsors.model.visible_rows] == [SPONSOR[0]]


def test_invisible_characters_and_full_width_letters_are_ignored(qtbot: Any,
                                                                 window: MainWindow) -> None:
    page = open_page(qtbot, window, PageId.NOMINEES)
    for typed in ("ＺＯＥ", "zo\u200be quill", "ZOË QUILL", "o’brien"):
        page.search.clear()
        page.search.setText(typed)  # as pasted from elsewhere
        qtbot.waitUntil(lambda: page.model.rowCount() < page.model.total_count, timeout=5_000)
        rows = shown_text(page.model, search_text=False)
        assert rows and all(("Zoë" in row) or ("O'Brien" in row) for row in rows), typed


# --- type-ahead suggestions ----------------------------------------------------------------

def type_keys(qtbot: Any, box: QLineEdit, text: str) -> None:
    box.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClick(box, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                      Qt.KeyboardModifier.NoModifier, char))


def suggestions(completer: Any) -> list[str]:
    shown = completer.completionModel()
    return [shown.index(row, 0).data() for row in range(shown.rowCount())]


def choose_first_suggestion(qtbot: Any, completer: Any) -> None:
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_the_young_person_picker_suggests_names_typed_plainly(
        qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from awards_app.ui.nominations.editor import NominationEditor

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args, **_kw: QMessageBox.StandardButton.Discard)
    editor = NominationEditor(demo_ctx, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    picker = editor.person_picker
    edit = picker.lineEdit()
    assert edit is not None
    edit.clear()
    type_keys(qtbot, edit, "lucja ZIELINSKA")
    completer = picker.completer()
    assert completer is not None
    found = suggestions(completer)
    assert found and all("Łucja" in text and "Zielińska" in text for text in found)
    choose_first_suggestion(qtbot, completer)
    assert "Łucja" in picker.currentText() and isinstance(picker.currentData(), int)
    edit.clear()
    type_keys(qtbot, edit, "ليلى")
    assert suggestions(completer) and all("ليلى" in s for s in suggestions(completer))


def test_the_paper_judge_box_finds_a_judge_typed_plainly(qtbot: Any, db: Database,
                                                         messages: list[Any]) -> None:
    from awards_app.services import demo
    from awards_app.ui.judging.paper.window import PaperJudgingWindow

    with db.session() as session:
        demo.create_demo_event(session)
    with db.session() as session:
        judge = session.scalars(select(Judge).where(Judge.name == "Sandra Kowalczyk")).one()
        judge.name, judge_id = "Łukasz Kowalczyk", judge.id
    ctx = AppContext()
    ctx.set_database(db)
    window = PaperJudgingWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_tab(window.TYPE)
    entry = window.entry
    box = entry.judge.lineEdit()
    assert box is not None
    box.clear()
    type_keys(qtbot, box, "lukasz")
    completer = entry.judge.completer()
    assert completer is not None
    assert [s for s in suggestions(completer) if "Łukasz Kowalczyk" in s] == suggestions(completer)
    choose_first_suggestion(qtbot, completer)
    assert entry.judge.currentData() == judge_id
    # Enter in the box picks the judge whose name holds what was typed, accents ignored
    entry.judge.setCurrentIndex(-1)
    box.setText("KOWALCZYK")
    completer.popup().hide()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert entry.judge.currentData() == judge_id


def test_the_judge_copy_box_suggests_names_typed_plainly(qtbot: Any,
                                                         demo_ctx: AppContext) -> None:
    from awards_app.ui.judging.page import JudgingPage

    page = JudgingPage(demo_ctx, None)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    qtbot.waitUntil(lambda: page.copy_suggestions.rowCount() > 0, timeout=30_000)
    names = page.copy_suggestions.stringList()
    accented = next(s for s in names if "Zoë" in s or "Łucja" in s or "Şevval" in s)
    plain = "zoe" if "Zoë" in accented else "lucja" if "Łucja" in accented else "sevval"
    page.copy_ref.clear()
    type_keys(qtbot, page.copy_ref, plain)
    completer = page.copy_ref.completer()
    found = suggestions(completer)
    assert accented in found and all(plain not in text for text in found)
    # the suggestion is filled in as written, not folded (the line edit takes it while it
    # has the focus, which an offscreen window never gets: the completer's word is checked)
    with qtbot.waitSignal(completer.activated[str]) as chosen:
        choose_first_suggestion(qtbot, completer)
    assert chosen.args == [found[0]]

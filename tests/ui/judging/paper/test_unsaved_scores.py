"""Scores typed from a paper pack are never dropped without asking: choosing another judge,
opening another nomination, closing the window (Ctrl+W, or the main window closing) and
another event being chosen each ask Save / Discard / Cancel; Cancel leaves everything as it
was. Everything is done with key events: the scores typed, the judge and references typed,
and the question answered (Enter saves, D discards, Escape cancels)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from awards_app.services import events, judging
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.page import JudgingPage
from awards_app.ui.judging.paper import PaperJudgingWindow
from tests.ui.judging.paper.test_paper_judging import (
    JUDGE,
    choose_judge,
    focused,
    judge_id,
    press_enter,
    queue,
    type_keys,
    window,
)

__all__ = ["window"]  # the fixture, used by name
OTHER = "Mei Lin Chan"  # another judge of the demo's Education Star


def answer_next_question(key: Qt.Key) -> list[str]:
    """Answer the next question box with ``key`` (as typed), once it is on screen; the
    question's text is added to the list returned."""
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, answer)
            return
        asked.append(box.text())
        QTest.keyClick(box, key)

    QTimer.singleShot(0, answer)
    return asked


def open_and_type(window: PaperJudgingWindow, ref: str, keys: str) -> None:
    entry = window.entry
    entry.ref.setFocus()
    entry.ref.selectAll()
    type_keys(window, ref)
    press_enter(window)
    assert entry.heading.text().startswith(ref)
    type_keys(window, keys)


def press_ctrl_w(qtbot: Any, window: PaperJudgingWindow) -> None:
    """The platform's Close keys as typed (Ctrl+W, or Ctrl+F4 where that is the standard;
    shortcuts need the window active)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Close)[0][0]
    QTest.keyClick(focused(window), keys.key(), keys.keyboardModifiers())


def typed(window: PaperJudgingWindow) -> list[int | None]:
    return [c.value() for c in window.entry.controls]


def stored(ctx: AppContext, ref: str, judge: str = JUDGE) -> list[int]:
    return sorted(queue(ctx, judge)[ref].scores.values())


def type_judge(qtbot: Any, window: PaperJudgingWindow, name: str) -> None:
    entry = window.entry
    entry.judge.setFocus()
    entry.judge.lineEdit().selectAll()
    type_keys(window, name)
    press_enter(window)
    qtbot.wait(50)


def test_choosing_another_judge_asks_and_cancel_keeps_the_typing(
        qtbot: Any, demo_ctx: AppContext, window: PaperJudgingWindow) -> None:
    entry = window.entry
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    assert typed(window) == [6, 8, None]

    asked = answer_next_question(Qt.Key.Key_Escape)  # Cancel
    type_judge(qtbot, window, OTHER)
    assert asked and "The scores typed for N-0007 (Eleanor Askew's pack) are not saved" \
        in asked[0] and f"before choosing {OTHER}?" in asked[0]
    assert entry.judge_name == JUDGE and entry.judge.currentData() == entry.judge_id
    assert entry.heading.text().startswith("N-0007") and typed(window) == [6, 8, None]
    assert focused(window) is entry.controls[2]  # back on the score still to type
    assert stored(demo_ctx, "N-0007") == []

    type_keys(window, "9")  # typing goes on where it was
    asked = answer_next_question(Qt.Key.Key_D)  # Discard
    type_judge(qtbot, window, OTHER)
    assert asked
    assert entry.judge_name == OTHER and entry.item is None
    assert stored(demo_ctx, "N-0007") == []

    type_judge(qtbot, window, JUDGE)  # nothing typed: no question
    open_and_type(window, "N-0007", "68")
    asked = answer_next_question(Qt.Key.Key_Return)  # Save
    type_judge(qtbot, window, OTHER)
    assert asked and entry.judge_name == OTHER
    assert stored(demo_ctx, "N-0007") == [6, 8]


def test_opening_another_nomination_asks(qtbot: Any, demo_ctx: AppContext,
                                         window: PaperJudgingWindow) -> None:
    entry = window.entry
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    asked = answer_next_question(Qt.Key.Key_Escape)  # a sheet scanned: Cancel
    type_keys(window, "N-0051")
    press_enter(window)
    assert asked and "before opening N-0051?" in asked[0]
    assert entry.heading.text().startswith("N-0007") and entry.ref.text() == "N-0007"
    assert typed(window) == [6, 8, None] and focused(window) is entry.controls[2]

    asked = answer_next_question(Qt.Key.Key_Return)  # Save, then N-0051 opens
    type_keys(window, "N-0051")
    press_enter(window)
    assert asked and entry.heading.text().startswith("N-0051")
    assert stored(demo_ctx, "N-0007") == [6, 8]
    assert typed(window) == [None, None, None] and focused(window) is entry.controls[0]

    type_keys(window, "5")
    asked = answer_next_question(Qt.Key.Key_D)  # Discard, then N-0052 opens
    type_keys(window, "N-0052")
    press_enter(window)
    assert asked and entry.heading.text().startswith("N-0052")
    assert stored(demo_ctx, "N-0051") == []


def test_closing_the_window_asks(qtbot: Any, demo_ctx: AppContext,
                                 window: PaperJudgingWindow) -> None:
    entry = window.entry
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    asked = answer_next_question(Qt.Key.Key_Escape)  # Cancel: the window stays
    press_ctrl_w(qtbot, window)
    assert asked and "before closing paper judging?" in asked[0]
    assert window.isVisible() and typed(window) == [6, 8, None]

    # The main window closing asks through the Judging page; Cancel keeps both open.
    page = window.parentWidget()
    assert isinstance(page, JudgingPage)
    asked = answer_next_question(Qt.Key.Key_Escape)
    assert not page.can_close()
    assert asked and window.isVisible() and typed(window) == [6, 8, None]

    asked = answer_next_question(Qt.Key.Key_Return)  # Save: stored, then closed
    press_ctrl_w(qtbot, window)
    assert asked and not window.isVisible()
    assert stored(demo_ctx, "N-0007") == [6, 8]
    assert entry.unsaved() is False


def test_closing_with_discard_stores_nothing(qtbot: Any, demo_ctx: AppContext,
                                             window: PaperJudgingWindow) -> None:
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    page = window.parentWidget()
    assert isinstance(page, JudgingPage)
    asked = answer_next_question(Qt.Key.Key_D)
    assert page.can_close()
    assert asked and not window.isVisible()
    assert stored(demo_ctx, "N-0007") == []


def test_another_event_chosen_saves_the_typing_when_asked(
        qtbot: Any, demo_ctx: AppContext, window: PaperJudgingWindow) -> None:
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    jid = judge_id(demo_ctx)
    other = demo_ctx.write(lambda s: events.create_event(s, name="Next Awards", year=2028,
                                                         make_current=False).id)
    asked = answer_next_question(Qt.Key.Key_Escape)  # nothing to cancel: Escape saves
    demo_ctx.set_event(other)
    assert asked and "before this window closes for the other event?" in asked[0]
    assert not window.isVisible()
    pack = demo_ctx.read(lambda s: judging.judge_queue(s, jid))  # the judge of the other event
    assert sorted(next(i for i in pack if i.ref == "N-0007").scores.values()) == [6, 8]


def test_a_refused_save_keeps_the_typing_and_the_nomination(
        qtbot: Any, demo_ctx: AppContext, window: PaperJudgingWindow) -> None:
    """Save chosen, but the judge submitted meanwhile: nothing is dropped, nothing moves."""
    entry = window.entry
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    jid = judge_id(demo_ctx)
    items = [i for i in queue(demo_ctx).values() if i.category == "Education Star"]
    assert demo_ctx.database is not None
    with demo_ctx.database.session() as s:
        for item in items:
            judging.save_scores(s, judge_id=jid, nomination_id=item.nomination_id,
                                scores={c.id: 3 for c in item.criteria})
        judging.submit_category(s, judge_id=jid, category_id=items[0].category_id)
    asked = answer_next_question(Qt.Key.Key_Return)
    type_keys(window, "N-0005")
    press_enter(window)
    assert asked
    assert entry.heading.text().startswith("N-0007") and typed(window) == [6, 8, None]
    assert entry.message.text().startswith("Not saved: Eleanor Askew has submitted")


def test_the_judging_page_points_paper_judging_at_its_window(
        qtbot: Any, demo_ctx: AppContext) -> None:
    """No 'see Import / export' left on the Judging page: paper judging is its own window
    (packs, typing, importing with the mapping step), opened with Alt+D."""
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    page = JudgingPage(demo_ctx, None)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    words = [w.text() for w in page.findChildren(QLabel)] + [
        w.toolTip() for w in page.findChildren(QWidget)]
    assert not any("Import / export" in text for text in words)
    button = page.paper_button
    assert isinstance(button, QPushButton) and button.text() == "Paper ju&dging…"
    assert "import the scores they return" in button.toolTip()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    QTest.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.paper_window is not None and page.paper_window.isVisible())
    window = page.paper_window
    assert window is not None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Print packs", "Type scores", "Import scores"]
    helped = [w.text() for w in window.importer.findChildren(QLabel)]
    assert any("a file in columns of its own (a form's) is matched to these first" in t
               for t in helped)
    window.close()


def test_another_event_chosen_when_the_save_is_refused_says_so(
        qtbot: Any, demo_ctx: AppContext, window: PaperJudgingWindow,
        messages: list[tuple[str, str, str]]) -> None:
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    jid = judge_id(demo_ctx)
    items = [i for i in queue(demo_ctx).values() if i.category == "Education Star"]
    assert demo_ctx.database is not None
    with demo_ctx.database.session() as s:  # submitted meanwhile, from the judging screen
        for item in items:
            judging.save_scores(s, judge_id=jid, nomination_id=item.nomination_id,
                                scores={c.id: 3 for c in item.criteria})
        judging.submit_category(s, judge_id=jid, category_id=items[0].category_id)
    other = demo_ctx.write(lambda s: events.create_event(s, name="Next Awards", year=2028,
                                                         make_current=False).id)
    asked = answer_next_question(Qt.Key.Key_Return)  # Save: refused
    demo_ctx.set_event(other)
    assert asked and not window.isVisible()
    warned = [text for kind, _title, text in messages if kind == "warning"]
    assert warned and warned[-1].startswith("Not saved: Eleanor Askew has submitted")
    assert "type the scores for N-0007 again from the pack" in warned[-1]

"""Judging day through the real judging session window: PIN sign-in (wrong, right, locked),
scoring by mouse and keyboard, a conflict, a refused save, submitting, handing over to the
next judge, privacy of everything on screen, and screenshots at 100 % and 150 %.

Demo data: Ravinder Patel and Eleanor Askew (Askew Patel Solicitors LLP) judge Education Star
(four nominations) and Care Leaver of the Year (one); Mei Lin Chan and Oliver Featherstone
(Brightwire Digital) also judge Education Star.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from awards_app.core.enums import ConflictKind
from awards_app.services import demo
from awards_app.services import judging
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.judging import results
from awards_app.services.judging.exit_code import ExitCode
from awards_app.services.catalogue import sponsors
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.session import JudgingSessionWindow
from awards_app.ui.judging.session.dialogs import JudgeConflictDialog, SubmitDialog
from awards_app.ui.judging.session.panels import SCORED, SUBMITTED
from awards_app.ui.judging.session.score_control import ScoreControl
from tests.ui.fresh_process import picture_path, render_in_fresh_process

ROOT = Path(__file__).resolve().parents[4]
A, B = "Ravinder Patel", "Eleanor Askew"
PINS = {A: "2468", B: "13579", "Mei Lin Chan": "1111", "Oliver Featherstone": "2222"}
NO_PIN = "Rosie Hollins"
EXIT_CODE = "Lantern-42"
EDUCATION = "Education Star"


# --- set-up --------------------------------------------------------------------------------


def build_judging_day(ctx: AppContext) -> dict[str, Any]:
    """The demo event with PINs for the judges above; returns ids by name."""
    ctx.write(demo.create_demo_event, notify=False)
    ctx.set_database(ctx.database)
    event_id = ctx.require_event()

    def pins(s: Any) -> dict[str, int]:
        judges = {name: jid for jid, name, _sponsor, _pin in judging.judges_for_sign_in(s, event_id)}
        for name, pin in PINS.items():
            judging.set_pin(s, judges[name], pin)
        return judges

    return {"event_id": event_id, "judges": ctx.write(pins, notify=False)}


@pytest.fixture
def day(ctx: AppContext) -> dict[str, Any]:
    return build_judging_day(ctx)


@pytest.fixture
def window(qtbot, ctx: AppContext, day: dict[str, Any]) -> Iterator[JudgingSessionWindow]:  # type: ignore[no-untyped-def]
    win = JudgingSessionWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.use_exit_code(ExitCode(EXIT_CODE))
    win.show()
    yield win


def queue(ctx: AppContext, judge_id: int) -> list[judging.JudgeItem]:
    return ctx.read(lambda s: judging.judge_queue(s, judge_id))


def choose_judge(qtbot, win: JudgingSessionWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    screen = win.sign_in_screen
    row = screen.model.index_of(lambda r: r.name == name)
    assert row >= 0, name
    view = screen.judge_view
    view.scrollTo(screen.model.index(row, 0))
    rect = view.visualRect(screen.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_pin(qtbot, win: JudgingSessionWindow, pin: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(win.sign_in_screen.pin_edit, pin)
    qtbot.keyClick(win.sign_in_screen.pin_edit, Qt.Key.Key_Return)


def sign_in(qtbot, win: JudgingSessionWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    choose_judge(qtbot, win, name)
    type_pin(qtbot, win, PINS[name])
    assert win.stack.currentWidget() is win.scoring_screen, win.sign_in_screen.message.text()


def click(qtbot, button: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled() and button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def score_with_mouse(qtbot, win: JudgingSessionWindow, values: list[int]) -> None:  # type: ignore[no-untyped-def]
    controls = win.scoring_screen.criteria.controls()
    assert len(controls) == len(values)
    for control, value in zip(controls, values, strict=True):
        click(qtbot, control.buttons[value])


def all_texts(root: QWidget) -> list[str]:
    """Every text any widget under ``root`` holds, shown or hidden (and the window title)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # pending deletions first
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                 Qt.ItemDataRole.AccessibleTextRole):
                        texts.append(str(model.data(index, role) or ""))
            for column in range(model.columnCount()):
                texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    return [t for t in texts if t]


def shown_refs(win: JudgingSessionWindow) -> list[str]:
    return [row.ref for row in win.scoring_screen.model.visible_rows]


# --- a whole judging session ---------------------------------------------------------------


def test_a_judging_session_from_sign_in_to_complete_results(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, ctx: AppContext, day: dict[str, Any],
        window: JudgingSessionWindow) -> None:
    judges, event_id = day["judges"], day["event_id"]
    a, b = judges[A], judges[B]
    screen, scoring = window.sign_in_screen, window.scoring_screen
    assert window.stack.currentWidget() is screen
    assert "Northbridge Care Leavers Awards 2027" in window.windowTitle()

    # 1. A wrong PIN first: the service's message, in the window.
    choose_judge(qtbot, window, A)
    type_pin(qtbot, window, "0000")
    assert window.stack.currentWidget() is screen
    assert screen.message.isVisible()
    assert screen.message.text() == "That PIN is not right. 4 tries left before a pause."
    assert screen.pin_edit.text() == ""

    # 2. The right PIN.
    type_pin(qtbot, window, PINS[A])
    assert window.stack.currentWidget() is scoring
    assert scoring.who_label.text() == f"Signed in as {A} (Askew Patel Solicitors LLP)"
    assert scoring.progress_label.text() == "0 of 5 scored"
    items = queue(ctx, a)
    assert shown_refs(window) == [i.ref for i in items]
    education = [i for i in items if i.category == EDUCATION]
    assert len(education) == 4
    assert scoring.current_item().ref == education[0].ref  # type: ignore[union-attr]

    # 3. A conflict on the second nomination: asked, recorded, gone from the list.
    scoring.list_view.setCurrentIndex(scoring.model.index(1, 1))
    assert scoring.current_item().ref == education[1].ref  # type: ignore[union-attr]

    def answer_conflict(dialog: JudgeConflictDialog) -> int:
        assert education[1].pseudonym in dialog.findChild(QLabel).text()
        dialog.kind.setCurrentIndex(dialog.kind.findData(ConflictKind.KNOWS))
        dialog.note.setPlainText("She volunteers at our firm's homework club.")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(JudgeConflictDialog, "exec", answer_conflict)
    click(qtbot, scoring.conflict_button)
    assert education[1].ref not in shown_refs(window)
    assert "taken off your list" in scoring.message.text()
    (conflict,) = ctx.read(lambda s: judging.conflict_rows(s, event_id))
    assert (conflict.judge, conflict.kind, conflict.declared_by) == (A, ConflictKind.KNOWS, "judge")
    assert education[1].ref in conflict.subject
    assert scoring.progress_label.text() == "0 of 4 scored"
    education = [i for i in queue(ctx, a) if i.category == EDUCATION]
    assert len(education) == 3

    # 4. Score the three left by mouse. A refused save keeps what was entered.
    scoring.list_view.setCurrentIndex(scoring.model.index(0, 1))
    score_with_mouse(qtbot, window, [8, 9, 7])
    assert scoring.state_label.text() == "Not saved yet"
    scoring.criteria.comment_edit.setPlainText("x" * 4001)
    click(qtbot, scoring.save_button)
    assert scoring.current_item().ref == education[0].ref  # type: ignore[union-attr]
    assert scoring.message.text().startswith("Not saved yet: Comment: is 4,001 characters")
    assert [c.value() for c in scoring.criteria.controls()] == [8, 9, 7]
    assert not queue(ctx, a)[0].scores
    scoring.criteria.comment_edit.setPlainText("Determined and kind.")
    click(qtbot, scoring.save_button)
    assert scoring.current_item().ref == education[1].ref  # type: ignore[union-attr]
    assert scoring.message.text() == f"Saved {education[0].ref}."
    assert not scoring.submit_button.isEnabled()
    score_with_mouse(qtbot, window, [6, 7, 5])
    click(qtbot, scoring.save_button)
    score_with_mouse(qtbot, window, [10, 10, 9])
    assert scoring.submit_button.isEnabled()  # the last one counts as soon as it is entered
    assert scoring.submit_button.text() == "Su&bmit Education Star…"
    click(qtbot, scoring.save_button)
    assert "Everything in Education Star is scored" in scoring.message.text()
    assert scoring.progress_label.text() == "3 of 4 scored"
    assert "Education Star: 3 of 3 scored" in scoring.category_label.text()
    assert [r.state for r in scoring.model.visible_rows[:3]] == [SCORED] * 3
    saved = {i.ref: dict(i.scores) for i in queue(ctx, a) if i.category == EDUCATION}
    assert sorted(sorted(v.values()) for v in saved.values()) == [[5, 6, 7], [7, 8, 9],
                                                                   [9, 10, 10]]

    # 5. Submit: confirmed, then locked and marked.
    scoring.list_view.setCurrentIndex(scoring.model.index(0, 1))
    asked: list[str] = []

    def confirm(dialog: SubmitDialog) -> int:
        asked.append(dialog.windowTitle())
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(SubmitDialog, "exec", confirm)
    click(qtbot, scoring.submit_button)
    assert asked == ["Submit Education Star"]
    assert "submitted and locked" in scoring.message.text()
    progress = {(p.judge, p.category): p for p in
                ctx.read(lambda s: judging.judging_progress(s, event_id))}
    assert progress[(A, EDUCATION)].submitted and progress[(A, EDUCATION)].scored == 3
    assert [r.state for r in scoring.model.visible_rows[:3]] == [SUBMITTED] * 3
    scoring.list_view.setCurrentIndex(scoring.model.index(0, 1))
    assert scoring.state_label.text() == "Submitted — your scores here are locked"
    assert all(c.is_read_only() for c in scoring.criteria.controls())
    assert scoring.criteria.comment_edit.isReadOnly()
    assert not scoring.submit_button.isEnabled() and not scoring.conflict_button.isEnabled()
    qtbot.mouseClick(scoring.criteria.controls()[0].buttons[1], Qt.MouseButton.LeftButton)
    assert scoring.criteria.controls()[0].value() == 8  # a locked score does not move

    # 6. Finish: back to sign-in, nothing of judge A left in any widget.
    click(qtbot, scoring.finish_button)
    assert window.stack.currentWidget() is screen
    assert scoring.judge_id is None and scoring.items == [] and scoring.model.rowCount() == 0
    assert scoring.criteria.rows == [] and scoring.criteria.comment_edit.toPlainText() == ""
    leftovers = " ".join(all_texts(window))
    for trace in ("Signed in as", "Determined and kind", "N-0", " of 4 scored", EDUCATION,
                  *(i.pseudonym for i in items)):
        assert trace not in leftovers, [t for t in all_texts(window) if trace in t]
    assert screen.chosen() is None and screen.pin_edit.text() == ""

    # 7. Judge B sees only their own list and none of A's scores, then scores and submits.
    sign_in(qtbot, window, B)
    b_items = queue(ctx, b)
    assert shown_refs(window) == [i.ref for i in b_items]
    assert len([i for i in b_items if i.category == EDUCATION]) == 4  # A's conflict is A's
    for row in range(scoring.model.rowCount()):
        scoring.list_view.setCurrentIndex(scoring.model.index(row, 1))
        assert [c.value() for c in scoring.criteria.controls()] == [None, None, None]
        assert scoring.criteria.comment_edit.toPlainText() == ""
    assert "Determined and kind" not in " ".join(all_texts(window))
    scoring.list_view.setCurrentIndex(scoring.model.index(0, 1))
    for values in ([5, 5, 5], [6, 6, 6], [7, 7, 7], [8, 8, 8]):
        assert scoring.current_item().category == EDUCATION  # type: ignore[union-attr]
        score_with_mouse(qtbot, window, values)
        click(qtbot, scoring.save_button)
    scoring.list_view.setCurrentIndex(scoring.model.index(3, 1))
    click(qtbot, scoring.submit_button)
    click(qtbot, scoring.finish_button)

    # 8. The other judges of Education Star (by the paper route), then the results.
    def provisional(s: Any) -> str:
        category_id = next(i.category_id for i in b_items if i.category == EDUCATION)
        (result,) = results.category_results(s, event_id, category_id=category_id)
        return result.status

    assert ctx.read(provisional) == "provisional"
    for name in ("Mei Lin Chan", "Oliver Featherstone"):
        judge_id = judges[name]

        def score_and_submit(s: Any, judge_id: int = judge_id) -> None:
            for item in judging.judge_queue(s, judge_id):
                judging.save_scores(s, judge_id=judge_id, nomination_id=item.nomination_id,
                                    scores={c.id: 6 for c in item.criteria})
            judging.submit_category(s, judge_id=judge_id, category_id=item.category_id)

        ctx.write(score_and_submit)
    assert ctx.read(provisional) == "complete"

    # 9. The coordinator confirms: the results are final and locked.
    category_id = next(i.category_id for i in b_items if i.category == EDUCATION)
    final = ctx.write(lambda s: results.confirm_results(s, category_id))
    assert final.status == "final" and ctx.read(provisional) == "final"
    assert [r.placement for r in final.ranking].count("winner") == 1


# --- privacy -------------------------------------------------------------------------------

MARKERS = ("Zqxmarker", "2004-02-29", "29/02/2004", "29 Feb 2004", "29 February 2004",
           "Wrkmarker", "wrkmarker@council.example", "Teammarker", "Contactmarker",
           "contactmarker@sponsor.example", "01632 960777", "Othermarker")


def test_judges_see_nothing_private_and_no_other_judges_scores(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, day: dict[str, Any], window: JudgingSessionWindow) -> None:
    judges = day["judges"]
    a, b = judges[A], judges[B]
    first = queue(ctx, a)[0]

    def plant_markers(s: Any) -> None:
        from awards_app.db.models import Judge, Nomination

        nomination = s.get(Nomination, first.nomination_id)
        people.update_nominee(s, nomination.nominee_id, last_name="Zqxmarker",
                              date_of_birth=date(2004, 2, 29))
        people.update_worker(s, nomination.worker_id, name="Wrkmarker Person",
                             team="Teammarker Team", email="wrkmarker@council.example")
        nominations.update_nomination(
            s, first.nomination_id,
            success=f"{nomination.nominee.first_name} Zqxmarker passed every exam. "
                    + nomination.success)
        sponsors.update_sponsor(s, s.get(Judge, a).sponsor_id, contact_name="Contactmarker",
                                contact_email="contactmarker@sponsor.example",
                                contact_phone="01632 960777")
        # Another judge's scores and comment on the same nomination.
        judging.save_scores(s, judge_id=b, nomination_id=first.nomination_id,
                            scores={c.id: 3 for c in first.criteria},
                            comment="Othermarker thinks this is strong")

    ctx.write(plant_markers)
    window.sign_in_screen.reload()

    def check(where: str) -> None:
        seen = "\n".join(all_texts(window))
        for marker in MARKERS:
            assert marker.casefold() not in seen.casefold(), f"{marker!r} shown on {where}"

    check("the sign-in screen")
    sign_in(qtbot, window, A)
    scoring = window.scoring_screen
    assert scoring.current_item().ref == first.ref  # type: ignore[union-attr]
    assert "[surname]" in scoring.narrative_view.toPlainText()  # masked, not dropped
    for row in range(scoring.model.rowCount()):
        scoring.list_view.setCurrentIndex(scoring.model.index(row, 1))
        assert [c.value() for c in scoring.criteria.controls()] == [None] * 3  # not B's 3s
        check(f"nomination {scoring.current_item().ref}")  # type: ignore[union-attr]


# --- PINs ----------------------------------------------------------------------------------


def test_five_wrong_pins_lock_the_judge_out(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, day: dict[str, Any], window: JudgingSessionWindow) -> None:
    screen = window.sign_in_screen
    no_pin = screen.model.index_of(lambda r: r.name == NO_PIN)
    assert not screen.model.flags(screen.model.index(no_pin, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert screen.model.data(screen.model.index(no_pin, 2)) == "ask the coordinator for a PIN"
    choose_judge(qtbot, window, NO_PIN)
    assert screen.chosen() is None and not screen.sign_in_button.isEnabled()

    choose_judge(qtbot, window, B)
    for left in (4, 3, 2, 1):
        type_pin(qtbot, window, "9999")
        assert f"{left} {'try' if left == 1 else 'tries'} left" in screen.message.text()
    type_pin(qtbot, window, "9999")
    assert screen.message.text() in {f"Too many wrong PINs. Try again in {n} seconds."
                                     for n in (59, 60, 61)}
    assert not screen.sign_in_button.isEnabled()
    type_pin(qtbot, window, PINS[B])  # even the right PIN waits
    assert window.stack.currentWidget() is screen
    assert "Too many wrong PINs" in screen.message.text()
    assert ctx.read(lambda s: judging.sign_in(s, day["judges"][B], PINS[B])).locked_seconds > 0
    choose_judge(qtbot, window, A)  # another judge is not held up
    assert screen.message.text() == ""
    type_pin(qtbot, window, PINS[A])
    assert window.stack.currentWidget() is window.scoring_screen


def test_a_judge_with_nothing_to_score_is_told_so(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, day: dict[str, Any], window: JudgingSessionWindow) -> None:
    def new_judge(s: Any) -> None:
        sponsor = sponsors.create_sponsor(s, event_id=day["event_id"], name="Quiet Sponsor Ltd")
        judge = sponsors.create_judge(s, sponsor_id=sponsor.id, name="Nadia Newjudge")
        judging.set_pin(s, judge.id, "8642")

    ctx.write(new_judge)
    window.sign_in_screen.reload()
    choose_judge(qtbot, window, "Nadia Newjudge")
    type_pin(qtbot, window, "8642")
    scoring = window.scoring_screen
    assert window.stack.currentWidget() is scoring
    assert scoring.title_label.text() == "Nothing to score right now"
    assert scoring.progress_label.text() == "0 of 0 scored"
    assert scoring.criteria.rows == [] and not scoring.criteria_scroll.isVisible()
    assert not scoring.save_button.isEnabled() and not scoring.submit_button.isEnabled()
    click(qtbot, scoring.finish_button)
    assert window.stack.currentWidget() is window.sign_in_screen


# --- keyboard ------------------------------------------------------------------------------


def test_keyboard_only_sign_in_and_scoring(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, day: dict[str, Any], window: JudgingSessionWindow) -> None:
    # Focus is checked as the window's focus widget (where keys go while it is active): the
    # offscreen platform deactivates a window whose size hints change, which a real screen
    # does not, and a save now lets events run while it waits.
    screen, scoring = window.sign_in_screen, window.scoring_screen
    window.activateWindow()
    screen.judge_view.setFocus()
    qtbot.keyClicks(screen.judge_view, "Rav")  # type-ahead finds the name
    assert screen.chosen() is not None and screen.chosen().name == A  # type: ignore[union-attr]
    qtbot.keyClick(screen.judge_view, Qt.Key.Key_Return)
    assert window.focusWidget() is screen.pin_edit
    qtbot.keyClicks(screen.pin_edit, "24a68")  # digits only: the letter is refused
    assert screen.pin_edit.text() == "2468"
    qtbot.keyClick(screen.pin_edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is scoring

    first, second, third = scoring.criteria.controls()
    assert window.focusWidget() is first  # ready to type a score straight away
    qtbot.keyClick(first, Qt.Key.Key_7)
    assert first.value() == 7
    qtbot.keyClick(first, Qt.Key.Key_Right)
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert first.value() == 9
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert window.focusWidget() is second
    qtbot.keyClick(second, Qt.Key.Key_1)
    qtbot.keyClick(second, Qt.Key.Key_0)  # "1" then "0" quickly: ten
    assert second.value() == 10
    qtbot.keyClick(second, Qt.Key.Key_Left)
    assert second.value() == 9
    qtbot.keyClick(second, Qt.Key.Key_Tab)
    qtbot.keyClick(third, Qt.Key.Key_End)
    assert third.value() == 10
    qtbot.keyClick(third, Qt.Key.Key_Delete)
    assert third.value() is None
    qtbot.keyClick(third, Qt.Key.Key_0)  # 0 on its own is ten on a 1–10 scale
    assert third.value() == 10
    assert third.accessibleName() == "Inspiration to others score"
    assert "10 chosen" in third.accessibleDescription()
    first_ref = scoring.current_item().ref  # type: ignore[union-attr]
    qtbot.keyClick(third, Qt.Key.Key_Return)  # Enter: save and next
    assert scoring.current_item().ref != first_ref  # type: ignore[union-attr]
    saved = next(i for i in queue(ctx, day["judges"][A]) if i.ref == first_ref)
    assert sorted(saved.scores.values()) == [9, 9, 10]

    # Ctrl+S saves in place; Ctrl+Left goes back and shows the saved scores.
    control = scoring.criteria.controls()[0]
    assert window.focusWidget() is control
    window.activateWindow()  # shortcuts need an active window (see the first comment)
    qtbot.waitUntil(window.isActiveWindow)
    assert control.hasFocus()
    qtbot.keyClick(control, Qt.Key.Key_4)
    qtbot.keyClick(control, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert scoring.message.text().startswith("Saved N-")
    qtbot.keyClick(control, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert scoring.current_item().ref == first_ref  # type: ignore[union-attr]
    assert [c.value() for c in scoring.criteria.controls()] == [9, 9, 10]
    qtbot.keyClick(scoring.criteria.controls()[0], Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ControlModifier)
    assert scoring.criteria.controls()[0].value() == 4
    assert all(isinstance(c, ScoreControl) and c.focusPolicy() == Qt.FocusPolicy.StrongFocus
               for c in scoring.criteria.controls())


# --- start-up ------------------------------------------------------------------------------


def test_awards_app_judging_opens_full_screen_on_the_current_event(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, db_path: Path, ctx: AppContext, day: dict[str, Any]) -> None:
    """``awards-app --judging --db FILE``: the session window, full screen; the database
    opens in the background after the first paint."""
    from PySide6.QtCore import QTimer

    from awards_app.ui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own hook
    seen: dict[str, Any] = {}

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, JudgingSessionWindow) and w.isVisible()]
        if windows and windows[0].sign_in_screen.model.rowCount():
            win = windows[0]
            poll.stop()
            seen.update(full=win.isFullScreen(), judges=win.sign_in_screen.model.rowCount(),
                        title=win.windowTitle(), first=win.stack.currentWidget().objectName())
            win.close()  # refused: no exit code has been chosen, so it ends at once
            seen["closed_before_code"] = not win.isVisible()
            win.show_full_screen()
            win.setup_screen.code_edit.setText(EXIT_CODE)
            win.setup_screen.repeat_edit.setText(EXIT_CODE)
            seen["asks_unreviewed"] = win.setup_screen.unreviewed.isVisible()
            win.setup_screen.unreviewed.setChecked(True)  # start although not reviewed
            win.setup_screen.start_button.click()
            seen["then"] = win.stack.currentWidget().objectName()
            win.close()
            seen["closed_with_code_set"] = not win.isVisible()
            win.leave_screen.code_edit.setText(EXIT_CODE)
            win.leave_screen.end_button.click()
            seen["ended"] = not win.isVisible()
            QApplication.exit(0)

    # Timer objects, stopped at the end: a stray single shot must not end a later test's loop.
    poll, give_up = QTimer(), QTimer()
    poll.setInterval(50)
    poll.timeout.connect(look)
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: QApplication.exit(1))
    poll.start()
    give_up.start(30_000)
    # Closing the window would otherwise also post a Quit that lands after exec() returns
    # and stops every later event loop in this process.
    quit_on_close = QApplication.quitOnLastWindowClosed()
    QApplication.setQuitOnLastWindowClosed(False)
    try:
        assert app.main(["--judging", "--db", str(db_path)]) == 0
    finally:
        poll.stop()
        give_up.stop()
        QApplication.setQuitOnLastWindowClosed(quit_on_close)
    assert seen["full"] and seen["judges"] == len(ctx.read(
        lambda s: judging.judges_for_sign_in(s, day["event_id"])))
    assert "Northbridge Care Leavers Awards 2027" in seen["title"]
    assert seen["first"] == "ExitCodeSetupScreen" and seen["then"] == "SignInScreen"
    assert seen["asks_unreviewed"]
    assert seen["closed_before_code"] and not seen["closed_with_code_set"] and seen["ended"]
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=2_000)  # the event loop still runs afterwards


def test_the_window_paints_before_sqlalchemy_is_imported() -> None:
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from awards_app.ui.common.context import AppContext; "
            "from awards_app.ui.judging.session import JudgingSessionWindow; "
            "w = JudgingSessionWindow(AppContext()); "
            "w.first_painted.connect(lambda: (print('sqlalchemy' in sys.modules), app.exit(0))); "
            "w.show_full_screen(); app.exec()")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


# --- screenshots ---------------------------------------------------------------------------


def _cut_off(win: QWidget, what: str) -> list[str]:
    """Buttons of ``win`` outside it or squeezed below their own minimum."""
    problems = []
    window_rect = win.rect()
    for button in win.findChildren(QAbstractButton):
        if button.isVisible() and not isinstance(button.parentWidget(), ScoreControl):
            rect = button.rect().translated(button.mapTo(win, button.rect().topLeft()))
            if not window_rect.contains(rect):
                problems.append(f"{what}: button {button.text()!r} is cut off")
            if button.width() < button.minimumSizeHint().width():
                problems.append(f"{what}: button {button.text()!r} is squeezed")
    return problems


def render_screens(out_dir: str, prefix: str, width: int = 1366,
                   height: int = 768) -> dict[str, Any]:
    """Draw every session screen and question with demo data on a ``width``×``height``
    screen (in physical pixels: the window gets that divided by QT_SCALE_FACTOR) and report
    anything cut off."""
    import tempfile

    from awards_app.db.engine import open_database

    app = QApplication.instance() or QApplication([])
    database = open_database(Path(tempfile.mkdtemp()) / "shots.sqlite3")
    ctx = AppContext()
    ctx.set_database(database)
    build_judging_day(ctx)
    scale = float(os.environ.get("QT_SCALE_FACTOR") or 1)
    size = (round(width / scale), round(height / scale))
    win = JudgingSessionWindow(ctx)
    win.resize(*size)
    win.show()
    app.processEvents()
    shots = {"exit-code": str(Path(out_dir) / f"{prefix}-exit-code.png")}
    win.grab().save(shots["exit-code"])
    problems = _cut_off(win, "exit code")
    win.use_exit_code(ExitCode(EXIT_CODE))
    screen = win.sign_in_screen
    screen.choose(A)
    screen.pin_edit.setText("24")
    app.processEvents()
    shots["sign-in"] = str(Path(out_dir) / f"{prefix}-sign-in.png")
    win.grab().save(shots["sign-in"])
    problems += _cut_off(win, "sign-in")
    screen.pin_edit.setText(PINS[A])
    screen.sign_in()
    scoring = win.scoring_screen
    for values in ((8, 9, 7), (6, 8, 7)):  # two done, the third under way
        for value, control in zip(values, scoring.criteria.controls(), strict=True):
            control.set_value(value, notify=True)
        scoring.save_and_next()
    for value, control in zip((7, 9), scoring.criteria.controls(), strict=False):
        control.set_value(value, notify=True)
    scoring.criteria.comment_edit.setPlainText("Remarkable persistence with maths.")
    app.processEvents()
    shots["scoring"] = str(Path(out_dir) / f"{prefix}-scoring.png")
    win.grab().save(shots["scoring"])
    problems += _cut_off(win, "scoring")
    viewport = scoring.criteria_scroll.viewport()
    for control in scoring.criteria.controls():
        for number, button in control.buttons.items():
            left = button.mapTo(viewport, button.rect().topLeft()).x()
            if left < 0 or left + button.width() > viewport.width():
                problems.append(f"score button {number} is outside its column")
    if scoring.narrative_view.horizontalScrollBar().isVisible():
        problems.append("the narratives scroll sideways")
    item = scoring.current_item()
    assert item is not None
    questions = {
        "conflict": JudgeConflictDialog(ctx, win, judge_id=scoring.judge_id or 0,
                                        nomination_id=item.nomination_id, ref=item.ref,
                                        name=item.pseudonym),
        "submit": SubmitDialog(item.category, 4, win),
    }
    for name, dialog in questions.items():
        hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
        if hint.width() > size[0] or hint.height() > size[1]:
            problems.append(f"the {name} question needs {hint.width()}×{hint.height()}")
        dialog.resize(hint)
        dialog.show()
        app.processEvents()
        shots[name] = str(Path(out_dir) / f"{prefix}-{name}.png")
        dialog.grab().save(shots[name])
        problems += _cut_off(dialog, f"the {name} question")
        dialog.reject()
    win.request_exit()
    app.processEvents()
    shots["end"] = str(Path(out_dir) / f"{prefix}-end.png")
    win.grab().save(shots["end"])
    problems += _cut_off(win, "end judging")
    win.exit_code = None
    win.close()
    database.close()
    return {"shots": shots, "problems": problems}


#: laptops' screens, in physical pixels less a 40-pixel taskbar, at 100 % and 125 % (and
#: the 1366×768 laptop at 150 %)
SCREENS = [("1280x720", "1"), ("1280x720", "1.25"), ("1366x768", "1"), ("1366x768", "1.25"),
           ("1366x768", "1.5")]


@pytest.mark.parametrize(("screen", "scale"), SCREENS)
def test_every_screen_fits_a_laptop_with_a_taskbar(tmp_path: Path, screen: str,
                                                   scale: str) -> None:
    """Rendered in a fresh process (QT_SCALE_FACTOR applies at start-up). Set
    AWARDS_SCREENSHOTS=DIR to keep the pictures."""
    out_dir = str(picture_path(tmp_path, ""))
    width, height = (int(n) for n in screen.split("x"))
    height -= 40  # the taskbar, if full screen is ever refused
    prefix = f"judging-{screen}" + ("" if scale == "1" else f"-{round(float(scale) * 100)}")
    report = render_in_fresh_process("tests.ui.judging.session.test_judging_session",
                                     "render_screens", out_dir, prefix, width, height,
                                     scale=scale, tmp_path=tmp_path)
    assert report["problems"] == []
    for path in report["shots"].values():
        assert Path(path).stat().st_size > 5_000

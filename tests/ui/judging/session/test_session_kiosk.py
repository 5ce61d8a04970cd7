"""A judging session owns the screen (issue 12, item 1): however it is started it is full
screen, every other window of the program is hidden and stays unreachable, and only the
coordinator's exit code ends it. The exit code and PINs are checked off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from awards_app.services.judging import exit_code, pins
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.page import JudgingPage
from awards_app.ui.judging.session import JudgingSessionWindow
from awards_app.ui.main_window import MainWindow, PageId
from tests.ui.judging.session.test_judging_session import (
    A,
    PINS,
    build_judging_day,
    choose_judge,
    sign_in,
)

CODE = "Lantern-42"


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture
def main_window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    build_judging_day(ctx)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    yield win


def start_from_page(qtbot, main_window: MainWindow) -> JudgingSessionWindow:  # type: ignore[no-untyped-def]
    page = main_window.show_page(PageId.JUDGING)
    assert isinstance(page, JudgingPage)
    page.start_session()
    session = page.session_window
    assert isinstance(session, JudgingSessionWindow)
    qtbot.addWidget(session)
    return session


def choose_code(qtbot, session: JudgingSessionWindow, code: str, again: str | None = None) -> None:  # type: ignore[no-untyped-def]
    screen = session.setup_screen
    screen.code_edit.setText(code)
    screen.repeat_edit.setText(code if again is None else again)
    qtbot.keyClick(screen.repeat_edit, Qt.Key.Key_Return)


def type_exit_code(qtbot, session: JudgingSessionWindow, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(session.leave_screen.code_edit, code)
    qtbot.keyClick(session.leave_screen.code_edit, Qt.Key.Key_Return)


def test_started_from_the_coordinator_window_it_takes_the_screen_and_hides_the_rest(  # type: ignore[no-untyped-def]
        qtbot, main_window: MainWindow) -> None:
    session = start_from_page(qtbot, main_window)
    assert session.isFullScreen()
    assert not main_window.isVisible()
    assert visible_windows() == [session]
    # the coordinator chooses the exit code before any judge can sign in
    assert session.stack.currentWidget() is session.setup_screen
    choose_code(qtbot, session, "12345")
    assert "at least 6" in session.setup_screen.message.text()
    choose_code(qtbot, session, CODE, "Lantern-43")
    assert "not the same" in session.setup_screen.message.text()
    assert session.stack.currentWidget() is session.setup_screen
    choose_code(qtbot, session, CODE)
    assert session.stack.currentWidget() is session.sign_in_screen
    assert session.setup_screen.code_edit.text() == ""  # the code is not kept in a widget

    # the ✕ (or Alt+F4) does not close it: the exit code is asked for
    session.close()
    assert session.isVisible() and not main_window.isVisible()
    assert session.stack.currentWidget() is session.leave_screen
    type_exit_code(qtbot, session, "wrong-code")
    assert "not the exit code" in session.leave_screen.message.text()
    assert session.isVisible() and not main_window.isVisible()
    # Go back returns to sign-in, never to the coordinator's window
    qtbot.mouseClick(session.leave_screen.back_button, Qt.MouseButton.LeftButton)
    assert session.stack.currentWidget() is session.sign_in_screen
    assert not main_window.isVisible()
    # Close judging, then the right code: the coordinator's window comes back
    qtbot.mouseClick(session.sign_in_screen.close_button, Qt.MouseButton.LeftButton)
    assert session.stack.currentWidget() is session.leave_screen
    with qtbot.waitSignal(session.ended, timeout=10_000):
        type_exit_code(qtbot, session, CODE)
    assert not session.isVisible()
    assert main_window.isVisible()


def test_cancelling_before_a_code_is_chosen_goes_straight_back(  # type: ignore[no-untyped-def]
        qtbot, main_window: MainWindow) -> None:
    session = start_from_page(qtbot, main_window)
    assert session.setup_screen.cancel_button.text() == "&Cancel"
    qtbot.mouseClick(session.setup_screen.cancel_button, Qt.MouseButton.LeftButton)
    assert not session.isVisible() and main_window.isVisible()


def test_a_signed_in_judge_who_closes_is_saved_and_wiped_first(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext, main_window: MainWindow) -> None:
    session = start_from_page(qtbot, main_window)
    choose_code(qtbot, session, CODE)
    sign_in(qtbot, session, A)
    scoring = session.scoring_screen
    controls = scoring.criteria.controls()
    controls[0].set_value(7, notify=True)
    shown = scoring.current_item()
    assert shown is not None
    session.close()  # the title bar's ✕
    assert session.isVisible()
    assert session.stack.currentWidget() is session.leave_screen
    assert scoring.judge_id is None and scoring.items == []  # nothing of the judge is left
    from awards_app.services import judging

    judge_id = ctx.read(lambda s: {name: jid for jid, name, _s, _p in
                                   judging.judges_for_sign_in(s, ctx.require_event())})[A]
    saved = ctx.read(lambda s: judging.judge_queue(s, judge_id))
    assert any(item.scores for item in saved if item.nomination_id == shown.nomination_id)
    qtbot.mouseClick(session.leave_screen.back_button, Qt.MouseButton.LeftButton)
    assert session.stack.currentWidget() is session.sign_in_screen
    assert session.sign_in_screen.pin_edit.text() == ""


def test_leaving_full_screen_is_undone(qtbot, main_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    session = start_from_page(qtbot, main_window)
    session.showNormal()
    qtbot.waitUntil(session.isFullScreen, timeout=5_000)
    session.showMinimized()
    qtbot.waitUntil(session.isFullScreen, timeout=5_000)


def test_a_lost_database_is_not_shown_over_the_session(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, main_window: MainWindow, messages) -> None:
    from awards_app.core.errors import DatabaseGoneError

    session = start_from_page(qtbot, main_window)
    choose_code(qtbot, session, CODE)
    offered: list[str] = []
    monkeypatch.setattr(main_window, "_offer_recovery",
                        lambda path, text, **kwargs: offered.append(text))
    main_window.ctx.database_lost.emit(DatabaseGoneError("The database file has gone."))
    assert offered == [] and not main_window.isVisible()
    assert "fetch the coordinator" in session.sign_in_screen.intro.text()
    session.close()
    with qtbot.waitSignal(session.ended, timeout=10_000):
        type_exit_code(qtbot, session, CODE)
    qtbot.waitUntil(lambda: offered != [], timeout=5_000)  # said once the coordinator is back


def test_exit_code_and_pin_are_checked_off_the_ui_thread(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch, main_window: MainWindow) -> None:
    threads: dict[str, list[bool]] = {"exit": [], "pin": []}
    main = threading.main_thread()
    real_check = exit_code.ExitCode.check
    real_sign_in = pins.sign_in

    def check(self: exit_code.ExitCode, attempt: str) -> Any:
        threads["exit"].append(threading.current_thread() is main)
        return real_check(self, attempt)

    def sign_in_anywhere(*args: Any, **kwargs: Any) -> Any:
        threads["pin"].append(threading.current_thread() is main)
        return real_sign_in(*args, **kwargs)

    monkeypatch.setattr(exit_code.ExitCode, "check", check)
    from awards_app.services import judging

    monkeypatch.setattr(judging, "sign_in", sign_in_anywhere)
    session = start_from_page(qtbot, main_window)
    choose_code(qtbot, session, CODE)
    choose_judge(qtbot, session, A)
    qtbot.keyClicks(session.sign_in_screen.pin_edit, PINS[A])
    qtbot.keyClick(session.sign_in_screen.pin_edit, Qt.Key.Key_Return)
    assert session.stack.currentWidget() is session.scoring_screen
    session.close()
    with qtbot.waitSignal(session.ended, timeout=10_000):
        type_exit_code(qtbot, session, CODE)
    assert threads == {"exit": [False], "pin": [False]}


# --- the exit code itself (no window) -------------------------------------------------------


@pytest.mark.parametrize(("code", "again", "words"), [
    ("", "", "is empty"),
    ("  secret1", "  secret1", "space"),
    ("abc12", "abc12", "at least 6"),
    ("aaaaaaaa", "aaaaaaaa", "repeats one character"),
    ("Lantern-42", "lantern-42", "not the same"),
    ("x" * 65 + "y", "x" * 65 + "y", "longer than 64"),
])
def test_a_poor_exit_code_is_refused_with_the_reason(code: str, again: str, words: str) -> None:
    from awards_app.core.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        exit_code.check_new_code(code, again)
    assert words in str(caught.value)


def test_wrong_exit_codes_pause_for_longer_each_time() -> None:
    now = [1000.0]
    code = exit_code.ExitCode(CODE, clock=lambda: now[0])
    pauses = []
    for _round in range(4):
        for attempt in range(exit_code.MAX_TRIES):
            result = code.check(f"guess-{attempt}")
            assert not result.ok
        pauses.append(result.paused_seconds)
        assert code.seconds_paused() == result.paused_seconds
        right_too_soon = code.check(CODE)
        assert not right_too_soon.ok and "Try again in" in right_too_soon.message
        now[0] += result.paused_seconds + 1
    assert pauses == [60, 300, 1800, 1800]
    assert code.check(CODE).ok
    # 4 rounds of 5 guesses took over 36 minutes: an afternoon allows about 30 guesses
    assert sum(pauses[:3]) >= 2000


def test_started_on_its_own_it_asks_about_unreviewed_judge_copies(  # type: ignore[no-untyped-def]
        qtbot, ctx: AppContext) -> None:
    """``awards-app --judging`` has no Judging page to ask first: the setup screen does, and
    starting anyway is recorded."""
    from awards_app.db.models import AuditEntry
    from awards_app.services import judging

    build_judging_day(ctx)
    unreviewed = len(ctx.read(lambda s: judging.unreviewed_copies(s, ctx.require_event())))
    assert unreviewed > 0
    session = JudgingSessionWindow(ctx, standalone=True)
    qtbot.addWidget(session)
    session.begin()
    box = session.setup_screen.unreviewed
    assert box.isVisible() and str(unreviewed) in box.text() and not box.isChecked()
    choose_code(qtbot, session, CODE)
    assert session.stack.currentWidget() is session.setup_screen
    assert "not been reviewed" in session.setup_screen.message.text()
    box.setChecked(True)
    choose_code(qtbot, session, CODE)
    assert session.stack.currentWidget() is session.sign_in_screen
    recorded = ctx.read(lambda s: [e.summary for e in s.query(AuditEntry).filter_by(
        action="judging_started_unreviewed")])
    assert recorded == [f"{unreviewed} judge copies not reviewed"]
    session.close()
    with qtbot.waitSignal(session.ended, timeout=10_000):
        type_exit_code(qtbot, session, CODE)

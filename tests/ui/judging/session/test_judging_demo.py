"""``awards-app --judging --demo [STAGE]``: the session opens the demo at the stage asked for
(judging morning when none is named), not always at the nominations stage; ``--demo`` alone
still opens the main window's demo while nominations come in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from awards_app.core.enums import EventStatus
from awards_app.db.models import Score
from awards_app.services import events
from awards_app.ui import app
from awards_app.ui.judging.session import JudgingSessionWindow
from tests.ui.judging.session.test_judging_session import choose_judge, type_pin
from tests.ui.judging.session.test_session_kiosk import CODE, choose_code, type_exit_code


@pytest.mark.parametrize(("argv", "stage"), [
    (["--demo"], "nominations"),
    (["--judging", "--demo"], "judging"),
    (["--demo", "--judging"], "judging"),
    (["--judging", "--demo", "nominations"], "nominations"),
    (["--judging", "--demo", "judging"], "judging"),
    (["--demo", "results", "--judging"], "results"),
    (["--demo", "results"], "results"),
])
def test_the_stage_asked_for_is_the_stage_opened(argv: list[str], stage: str) -> None:
    assert app.parse_args(argv).demo == stage


@pytest.mark.parametrize(("stage", "status", "scored"), [
    (None, EventStatus.JUDGING, False),
    ("judging", EventStatus.JUDGING, False),
    ("results", EventStatus.RESULTS_FINAL, True),
    ("nominations", EventStatus.NOMINATIONS_OPEN, False),
])
def test_judging_demo_opens_at_its_stage_and_a_judge_signs_in_with_the_demo_pin(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch: pytest.MonkeyPatch, stage: str | None, status: EventStatus,
        scored: bool) -> None:
    """``app.main`` as the command runs it; the event loop is the test's: it waits for the
    demo to open, signs the first judge in with the PIN 1234, then ends the session with
    its exit code."""
    seen: dict[str, Any] = {}

    def run_session(_app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, JudgingSessionWindow) and w.isVisible())
        ctx = window.ctx
        qtbot.waitUntil(lambda: ctx.event_id is not None and not ctx.tasks.busy
                        and window.sign_in_screen.model.rowCount() > 0, timeout=60_000)
        assert ctx.database is not None and ctx.database.path is not None
        seen["folder"] = Path(ctx.database.path).parent
        seen["status"] = ctx.read(lambda s: events.require_current_event(s).status)
        seen["scored"] = ctx.read(lambda s: s.query(Score).count()) > 0
        assert window.isFullScreen()
        box = window.setup_screen.unreviewed
        if box.isVisible():
            box.setChecked(True)  # the demo's judge copies are not reviewed
        choose_code(qtbot, window, CODE)
        assert window.stack.currentWidget() is window.sign_in_screen
        judge = window.sign_in_screen.model.row(0).name
        choose_judge(qtbot, window, judge)
        type_pin(qtbot, window, "1234")
        assert window.stack.currentWidget() is window.scoring_screen, \
            window.sign_in_screen.message.text()
        seen["items"] = len(window.scoring_screen.items)
        qtbot.mouseClick(window.scoring_screen.finish_button, Qt.MouseButton.LeftButton)
        window.close()
        with qtbot.waitSignal(window.ended, timeout=10_000):
            type_exit_code(qtbot, window, CODE)
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_session)
    argv = ["--judging", "--demo"] + ([stage] if stage else [])
    assert app.main(argv) == 0
    assert seen["status"] == status
    assert seen["scored"] is scored
    if status is not EventStatus.NOMINATIONS_OPEN:
        assert seen["items"] > 0  # the signed-in judge has nominations to read
    assert not seen["folder"].exists()  # the demo leaves nothing behind


@pytest.mark.parametrize(("argv", "status"), [
    (["--demo"], EventStatus.NOMINATIONS_OPEN),
    (["--demo", "nominations"], EventStatus.NOMINATIONS_OPEN),
    (["--demo", "judging"], EventStatus.JUDGING),
    (["--demo", "results"], EventStatus.RESULTS_FINAL),
])
def test_without_judging_the_main_window_opens_the_demo_at_its_stage(  # type: ignore[no-untyped-def]
        qtbot, monkeypatch: pytest.MonkeyPatch, messages, argv: list[str],
        status: EventStatus) -> None:
    from awards_app.ui import settings
    from awards_app.ui.main_window import MainWindow

    seen: dict[str, Any] = {}

    def run_window(_app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        ctx = window.ctx
        qtbot.waitUntil(lambda: ctx.event_id is not None, timeout=60_000)
        assert ctx.database is not None and ctx.database.path is not None
        seen["folder"] = Path(ctx.database.path).parent
        seen["status"] = ctx.read(lambda s: events.require_current_event(s).status)
        qtbot.wait(300)  # the pages' first loads
        qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_window)
    try:
        assert app.main(argv) == 0
    finally:
        settings.use_demo_settings(False)
    assert seen["status"] == status
    assert not seen["folder"].exists()

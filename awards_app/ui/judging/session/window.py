"""JudgingSessionWindow: the full-screen window of judging day, however it is started
(``awards-app --judging`` or Judging ▸ Start judging session).

Screens on one stack: the coordinator chooses an exit code; then sign-in, and scoring for the
signed-in judge. Finish saves, wipes the judge's data from every widget and returns to
sign-in. The window keeps the whole screen and hides every other window of the program;
closing it (its button, the title bar's ✕, Alt+F4) asks for the exit code first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from awards_app.core.errors import ValidationError
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import describe
from awards_app.ui.judging.session.exit_screens import ExitCodeSetupScreen, LeaveScreen
from awards_app.ui.judging.session.scoring import ScoringScreen
from awards_app.ui.judging.session.sign_in import SignInScreen
from awards_app.ui.judging.session.style import show_message
from awards_app.ui.startup import open_job

if TYPE_CHECKING:
    from awards_app.services.judging.exit_code import ExitCode
    from awards_app.ui.common.tasks import Job

#: every judge's PIN in the throwaway demo database (``--judging --demo``)
DEMO_PIN = "1234"


def open_judging_job(db: str | None, *, demo: bool | str = False) -> Job:
    """Open the database off the UI thread; in the demo (at the stage named, one of
    services.demo.DEMO_STAGES; True: nominations), give every judge the demo PIN."""
    from awards_app.ui.connect_dialog import is_server_address  # small: no SQLAlchemy

    password = None
    if not demo and is_server_address(db):
        from awards_app import credentials  # a shared database: its remembered password

        password = credentials.remembered(str(db))
    opener = open_job(db, demo=demo, password=password)
    if not demo:
        return opener

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        database = opener(progress, cancelled)
        from awards_app.services import events  # in the job: SQLAlchemy loads off the UI thread, after the first paint
        from awards_app.services import judging  # in the job, as above

        with database.session() as session:
            event = events.current_event(session)
            if event is not None:
                for judge_id, _name, _sponsor, has_pin in judging.judges_for_sign_in(
                        session, event.id):
                    if not has_pin:
                        judging.set_pin(session, judge_id, DEMO_PIN)
        return database

    return job


class JudgingSessionWindow(QWidget):
    #: emitted once after the first paint (start-up: the database opens after it)
    first_painted = Signal()
    open_failed = Signal(str)

    #: the coordinator typed the exit code (or cancelled before any judge could sign in)
    ended = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 standalone: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.standalone = standalone
        self.setObjectName("JudgingSessionWindow")
        self._painted = False
        self._ending = False
        self._kiosk = False  # keeps the whole screen (begin), until the session ends
        self._hidden: list[QWidget] = []  # the program's other windows, shown again at the end
        self.exit_code: ExitCode | None = None
        self.setup_screen = ExitCodeSetupScreen(standalone=standalone)
        self.sign_in_screen = SignInScreen(ctx)
        self.scoring_screen = ScoringScreen(ctx)
        self.leave_screen = LeaveScreen()
        self.stack = QStackedWidget()
        for screen in (self.setup_screen, self.sign_in_screen, self.scoring_screen,
                       self.leave_screen):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.resize(1366, 768)
        self.setup_screen.chosen.connect(self.on_setup_screen_chosen)
        self.setup_screen.cancelled.connect(self.on_setup_screen_cancelled)
        self.sign_in_screen.signed_in.connect(self.on_sign_in_screen_signed_in)
        self.sign_in_screen.close_requested.connect(self.request_exit)
        self.scoring_screen.finished.connect(self.on_scoring_screen_finished)
        self.leave_screen.code_entered.connect(self.on_leave_screen_code_entered)
        self.leave_screen.back.connect(self.on_leave_screen_back)
        ctx.database_changed.connect(self.on_ctx_database_changed)
        ctx.database_lost.connect(self.on_ctx_database_lost)
        self._update_title()

    def show_full_screen(self) -> None:
        """``awards-app --judging``: the same as ``begin``."""
        self.begin()

    def begin(self) -> None:
        """Judging day: the whole screen, every other window of the program hidden until the
        coordinator types the exit code, starting with choosing that code."""
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w is not self and w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self._kiosk = True
        self.stack.setCurrentWidget(self.setup_screen if self.exit_code is None
                                    else self.sign_in_screen)
        self.showFullScreen()
        self.activateWindow()
        self.raise_()
        if self.exit_code is None:
            self.setup_screen.reset()
            self._count_unreviewed()
        else:
            self.sign_in_screen.judge_view.setFocus()

    # --- the exit code ---------------------------------------------------------------------

    def use_exit_code(self, code: ExitCode) -> None:
        """Judges may sign in: ``code`` ends the session."""
        self.exit_code = code
        self.setup_screen.reset()
        self.sign_in_screen.reset()
        self.stack.setCurrentWidget(self.sign_in_screen)
        self.sign_in_screen.judge_view.setFocus()

    def on_setup_screen_chosen(self, code: str, repeat: str) -> None:
        from awards_app.services.judging import exit_code  # argon2 loads when judging starts

        try:
            checked = exit_code.check_new_code(code, repeat)
        except ValidationError as exc:
            self.setup_screen.say(describe(exc))
            self.setup_screen.code_edit.setFocus()
            return
        if not self._unreviewed_accepted():
            return
        # hashing takes about 0.3 s: off the UI thread, the window painted meanwhile
        made = self.ctx.tasks.run_and_wait(lambda _progress, _cancelled: exit_code.ExitCode(checked))
        self.use_exit_code(made)

    def _count_unreviewed(self) -> None:
        """Started without the Judging page (``--judging``): the setup screen asks what that
        page would about judge copies nobody has reviewed."""
        event_id = self.ctx.event_id
        if not self.standalone or event_id is None or not self.ctx.is_open:
            self.setup_screen.set_unreviewed(0)
            return
        from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

        self.setup_screen.set_unreviewed(
            len(self.ctx.read(lambda s: judging.unreviewed_copies(s, event_id))))

    def _unreviewed_accepted(self) -> bool:
        """No unreviewed copies, or the coordinator ticked to start anyway (recorded)."""
        count, event_id = self.setup_screen.unreviewed_count, self.ctx.event_id
        if not count or event_id is None:
            return True
        if not self.setup_screen.unreviewed.isChecked():
            self.setup_screen.say(
                "Some judge copies have not been reviewed. Review them in the coordinator's "
                "window (Judging ▸ Review judge copies…), or tick the box to start anyway.")
            self.setup_screen.unreviewed.setFocus()
            return False
        from awards_app.services import judging  # on first use, as above

        try:
            self.ctx.write(lambda s: judging.record_unreviewed_start(s, event_id, count),
                           notify=False)
        except Exception as exc:  # said on the screen: nothing is started
            self.setup_screen.say(describe(exc))
            return False
        return True

    def on_setup_screen_cancelled(self) -> None:
        """No judge has signed in yet: the coordinator may go back without a code."""
        self._end()

    def request_exit(self) -> None:
        """Close judging (the button, the ✕, Alt+F4): a signed-in judge's work is saved and
        wiped from the screen, then the exit code is asked for."""
        if self.exit_code is None:
            self._end()
            return
        if self.signed_in():
            self.scoring_screen.save()  # best effort; a refused save has nowhere to go now
            self.scoring_screen.clear()
        self.leave_screen.reset()
        self.stack.setCurrentWidget(self.leave_screen)
        self.leave_screen.code_edit.setFocus()

    def on_leave_screen_code_entered(self, attempt: str) -> None:
        code = self.exit_code
        if code is None:
            self._end()
            return
        if not attempt:
            self.leave_screen.say("Type the exit code, or choose Go back.")
            return
        # argon2 takes about 0.3 s: off the UI thread, the window painted meanwhile
        result = self.ctx.tasks.run_and_wait(lambda _progress, _cancelled: code.check(attempt))
        if result.ok:
            self._end()
        else:
            self.leave_screen.say(result.message)
            self.leave_screen.code_edit.setFocus()

    def on_leave_screen_back(self) -> None:
        self.leave_screen.reset()
        self.sign_in_screen.reset()
        self.stack.setCurrentWidget(self.sign_in_screen)
        self.sign_in_screen.judge_view.setFocus()

    def _end(self) -> None:
        """The session is over (see ``closeEvent``)."""
        self._ending = True
        self.close()

    # --- database --------------------------------------------------------------------------

    def open_database(self, db: str | None, *, demo: bool | str = False) -> None:
        """Open (for the demo: fill at the stage named, and give every judge the PIN 1234)
        off the UI thread."""
        if demo:
            self.sign_in_screen.intro.setText("Setting up the demo event…")
            self.sign_in_screen.set_hint(f"Demo: every judge's PIN is {DEMO_PIN}.")
        self.ctx.tasks.start(open_judging_job(db, demo=demo), on_success=self.ctx.set_database,
                             on_error=self._open_failed)

    def _open_failed(self, error: BaseException) -> None:
        self.open_failed.emit(str(error))
        self.sign_in_screen.intro.setText(f"The database could not be opened: {describe(error)}")

    def on_ctx_database_changed(self) -> None:
        if self.stack.currentWidget() is self.scoring_screen:
            self.scoring_screen.clear()
        self.sign_in_screen.reload()
        self._count_unreviewed()
        if self.stack.currentWidget() is self.scoring_screen:
            self.stack.setCurrentWidget(self.sign_in_screen)
        self._update_title()

    def on_ctx_database_lost(self, _error: BaseException) -> None:
        words = ("The awards database can no longer be reached, so scores cannot be saved. "
                 "Please fetch the coordinator.")
        self.sign_in_screen.intro.setText(words)
        show_message(self.scoring_screen.message, words, problem=True)

    def _update_title(self) -> None:
        event = f" — {self.ctx.event_title}" if self.ctx.event_title else ""
        self.setWindowTitle(f"Judging{event} — Awards App")

    # --- turns -----------------------------------------------------------------------------

    def on_sign_in_screen_signed_in(self, judge_id: int, name: str, sponsor: str) -> None:
        self.sign_in_screen.reset()
        self.stack.setCurrentWidget(self.scoring_screen)
        self.scoring_screen.start(judge_id, name, sponsor)

    def on_scoring_screen_finished(self) -> None:
        self.sign_in_screen.reset()
        self.stack.setCurrentWidget(self.sign_in_screen)
        self.sign_in_screen.judge_view.setFocus()

    def signed_in(self) -> bool:
        return self.scoring_screen.judge_id is not None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._kiosk and not self._ending and self.exit_code is not None:
            event.ignore()  # only the exit code ends a session
            self.request_exit()
            return
        # The session is over: nothing of a judge stays, the other windows come back.
        if self.signed_in():
            self.scoring_screen.save()  # best effort; a refused save has nowhere to go now
        self.scoring_screen.clear()
        self.sign_in_screen.reset()
        was_kiosk, self._kiosk, self._ending = self._kiosk, False, False
        self.exit_code = None
        for widget in self._hidden:  # first: closing the last visible window would quit
            widget.show()
        self._hidden = []
        super().closeEvent(event)
        if was_kiosk:
            self.ended.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.WindowStateChange and self._kiosk
                and not self.windowState() & Qt.WindowState.WindowFullScreen):
            QTimer.singleShot(0, self.showFullScreen)  # minimised or restored: whole screen again

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

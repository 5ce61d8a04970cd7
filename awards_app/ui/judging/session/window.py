"""JudgingSessionWindow: the full-screen window of judging day (``awards-app --judging``).

Two screens on one stack: sign-in, then scoring for the signed-in judge. Finish (or closing
the window) saves, wipes the judge's data from every widget and returns to sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import describe
from awards_app.ui.judging.session.scoring import ScoringScreen
from awards_app.ui.judging.session.sign_in import SignInScreen
from awards_app.ui.startup import open_job

if TYPE_CHECKING:
    from awards_app.ui.common.tasks import Job

#: every judge's PIN in the throwaway demo database (``--judging --demo``)
DEMO_PIN = "1234"


def open_judging_job(db: str | None, *, demo: bool = False) -> Job:
    """Open the database off the UI thread; in the demo, give every judge the demo PIN."""
    opener = open_job(db, demo=demo)
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

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("JudgingSessionWindow")
        self._painted = False
        self.sign_in_screen = SignInScreen(ctx)
        self.scoring_screen = ScoringScreen(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.sign_in_screen)
        self.stack.addWidget(self.scoring_screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.resize(1366, 768)
        self.sign_in_screen.signed_in.connect(self.on_sign_in_screen_signed_in)
        self.sign_in_screen.close_requested.connect(self.close)
        self.scoring_screen.finished.connect(self.on_scoring_screen_finished)
        ctx.database_changed.connect(self.on_ctx_database_changed)
        self._update_title()

    def show_full_screen(self) -> None:
        """Judging day: the whole screen, nothing else of the computer in view."""
        self.showFullScreen()
        self.sign_in_screen.judge_view.setFocus()

    # --- database --------------------------------------------------------------------------

    def open_database(self, db: str | None, *, demo: bool = False) -> None:
        """Open (for the demo: fill, and give every judge the PIN 1234) off the UI thread."""
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
        self.stack.setCurrentWidget(self.sign_in_screen)
        self._update_title()

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
        if self.signed_in():
            self.scoring_screen.save()  # best effort; a refused save has nowhere to go now
            self.scoring_screen.clear()
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

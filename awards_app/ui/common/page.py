"""What every page of the main window shares: its id and title, refreshing from services
when the data changes (immediately if visible, otherwise when next shown), running a dialog
and running one unit of work from a button."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from awards_app.core.errors import DatabaseBusyError
from awards_app.ui.common.context import SAVED, AppContext
from awards_app.ui.common.navigation import PageId

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: the property marking a label that says what an action did (``Page.say_outcome``)
OUTCOME = "awards_outcome"


class Page(QWidget):
    #: which page this is (its label in the navigation is ``page_id.label``)
    page_id: ClassVar[PageId]
    #: asks the main window to show another page (a PageId); pages never reach for the window
    navigate_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        #: lines saying what the person's last action did, and the change count they were
        #: said at: cleared once the data changes again (then they may no longer hold)
        self._outcomes: dict[QLabel, tuple[int, str]] = {}
        self.setAccessibleName(self.title)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.database_changed.connect(self._on_data_changed)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._on_retry_timeout)

    @property
    def title(self) -> str:
        return self.page_id.label

    def refresh(self) -> None:
        """Reload everything shown from the services. Called only when a database is open."""
        raise NotImplementedError

    def can_close(self) -> bool:
        """Asked before the window closes; a page with unsaved work asks the user."""
        return True

    def focus_search(self) -> None:
        """Edit ▸ Find: pages with a search box put the cursor in it."""

    # --- acting --------------------------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show ``dialog`` and wait; True if it was accepted (tests replace this to fill the
        real dialog instead of blocking)."""
        return bool(dialog.exec())

    def act(self, work: Callable[[Session], Any], *, title: str = "",
            saved: str = SAVED) -> bool:
        """One unit of work from a button or menu; problems are shown. True if it was saved,
        and then ``saved`` is said in the window ("Saved the mapping Foster care form.")."""

        def run(session: Session) -> bool:
            work(session)
            return True

        return bool(self.ctx.act(self, run, title=title, saved=saved))

    def say_outcome(self, label: QLabel, text: str) -> None:
        """Say in ``label`` what the person's action just did ("3 nominations accepted…"),
        once it is done (its change already told): the line stays until the data changes
        again, elsewhere in the window or here, and is then cleared rather than left to go
        stale."""
        label.setText(text)
        label.setProperty(OUTCOME, True)
        self._outcomes[label] = (self.ctx.generation, text)

    # --- refreshing ----------------------------------------------------------------------

    def _on_data_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.ctx.is_open and self.ctx.event_id is not None:
            self._stale = False
            for label, (said_at, text) in list(self._outcomes.items()):
                if said_at != self.ctx.generation:
                    del self._outcomes[label]
                    if label.text() == text:  # not since replaced by the page itself
                        label.clear()
            try:
                self.refresh()
            except DatabaseBusyError as exc:
                if not exc.reading:
                    raise
                self._read_later()

    def _read_later(self) -> None:
        """The database could not be read just now (another PC upgrading a shared one): the
        page keeps what it shows, the status bar says why, and it is read again shortly
        (once, however often it was asked meanwhile; if it is still shown then)."""
        self._stale = True
        self.ctx.read_later(self._retry)

    def _on_retry_timeout(self) -> None:
        if self._stale and self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

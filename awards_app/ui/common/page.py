"""What every page of the main window shares: its title, and refreshing from services
when the data changes (immediately if visible, otherwise when next shown)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from awards_app.ui.context import AppContext


class Page(QWidget):
    #: label in the left navigation
    title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.setAccessibleName(self.title)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.database_changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        """Reload everything shown from the services. Called only when a database is open."""
        raise NotImplementedError

    def can_close(self) -> bool:
        """Asked before the window closes; a page with unsaved work asks the user."""
        return True

    def _on_data_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.ctx.is_open and self.ctx.event_id is not None:
            self._stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

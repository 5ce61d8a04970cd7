"""The Paper judging window, opened from the Judging page: three tabs, in the order the work
happens (print the packs, type the returned ones, or import a spreadsheet of scores)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.paper.entry import ScoreEntryPanel
from awards_app.ui.judging.paper.import_scores import ScoreImportPanel
from awards_app.ui.judging.paper.packs import PacksPanel


class PaperJudgingWindow(QWidget):
    """A window of its own beside the main one (the coordinator may keep the Judging page in
    view); Ctrl+W (the platform's Close keys) closes it, asking first about scores typed
    and not saved."""

    PACKS, TYPE, IMPORT = 0, 1, 2

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self._closing_anyway = False
        self._database = ctx.database  # the one the typed scores belong to
        self.setWindowTitle(f"Paper judging — {ctx.event_title}" if ctx.event_title
                            else "Paper judging")
        self.setAccessibleName("Paper judging")
        self.packs = PacksPanel(ctx)
        self.entry = ScoreEntryPanel(ctx)
        self.importer = ScoreImportPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Paper judging")
        self.tabs.addTab(self.packs, "Print packs")
        self.tabs.addTab(self.entry, "Type scores")
        self.tabs.addTab(self.importer, "Import scores")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        closing = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        closing.activated.connect(self.close)
        self.tabs.currentChanged.connect(self.on_tabs_current_changed)
        ctx.database_changed.connect(self.on_database_changed)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 150, self.fontMetrics().height() * 40)
        self.reload()

    def reload(self) -> None:
        if self.ctx.is_open and self.ctx.event_id is not None:
            self.packs.load()
            self.entry.load()

    def on_database_changed(self) -> None:
        """Another database or event: what this window holds belongs to the old one, so it
        closes; scores typed and not saved are saved first if the person says so (another
        event in the same database: they still belong to their judge and nomination)."""
        entry, item = self.entry, self.entry.item
        if item is not None and entry.unsaved():
            if self.ctx.database is self._database and self.ctx.is_open:
                if not entry.settle("this window closes for the other event",
                                    can_cancel=False):  # Save chosen, and refused: say so
                    QMessageBox.warning(
                        self, "Scores not saved",
                        f"{entry.message.text()} The window closes for the other event: type "
                        f"the scores for {item.ref} again from the pack.")
            else:  # the database they belong to is closed: say so, never silently
                QMessageBox.warning(
                    self, "Scores not saved",
                    f"The scores typed for {item.ref} could not be saved: another database "
                    "was opened. Type them again from the pack.")
        self._closing_anyway = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Scores typed and not saved: Save, Discard or Cancel (which keeps the window)."""
        if not self._closing_anyway and not self.entry.settle("closing paper judging"):
            event.ignore()
            return
        super().closeEvent(event)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.on_tabs_current_changed(index)

    def on_tabs_current_changed(self, index: int) -> None:
        if index == self.TYPE:
            self.entry.judge.setFocus()

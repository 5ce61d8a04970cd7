"""Walking the main window's pages on the demo (the status-line, column, search and save
walkers share it): open the window, and wait until the background work has settled."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import MainWindow


def idle(qtbot: Any, ctx: AppContext) -> None:
    """Wait until no background task runs and the events it left are handled."""
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=60_000)
    QApplication.processEvents()


def demo_window(qtbot: Any, ctx: AppContext, size: tuple[int, int] = (1366, 768)) -> MainWindow:
    """The main window on ``ctx`` (the demo), shown at ``size``, its first page loaded."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    ctx.set_database(ctx.database)
    idle(qtbot, ctx)
    return window

"""Small building blocks shared by the pages: actions mirrored by buttons, remembered
splitters, row selection, hint labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QTableView, QWidget

from awards_app.ui import settings


def make_action(owner: QWidget, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                views: tuple[QWidget, ...] = ()) -> QAction:
    """An action for a button and the context menus of ``views``; its shortcut works
    while focus is in one of those views."""
    action = QAction(text, owner)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    for view in views:
        view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


def action_button(action: QAction) -> QPushButton:
    """A push button mirroring ``action``: same text (with its mnemonic) and enabled state."""
    button = QPushButton(action.text())
    button.setEnabled(action.isEnabled())
    button.clicked.connect(action.trigger)

    def sync() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())
        button.setToolTip(action.toolTip() if action.toolTip() != action.iconText() else "")

    action.changed.connect(sync)
    return button


def keep_splitter(splitter: QSplitter) -> None:
    """Restore the splitter's saved position and save it whenever the user moves it."""
    key = settings.splitter_key(splitter.objectName())
    saved = settings.settings().value(key)
    if isinstance(saved, QByteArray):
        splitter.restoreState(saved)
    splitter.splitterMoved.connect(lambda *_: settings.put(key, splitter.saveState()))


def select_row(view: QTableView, row: int) -> None:
    if row >= 0:
        view.setCurrentIndex(view.model().index(row, 0))
    else:
        view.clearSelection()


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def current_row(view: QTableView) -> Any:
    """The row object under the view's current index (its model is a RowTableModel), or None."""
    index = view.currentIndex()
    return view.model().row(index.row()) if index.isValid() else None

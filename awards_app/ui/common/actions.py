"""Actions mirrored by buttons: one QAction per command, shared by its button, the context
menus of the views it acts on, and its keyboard shortcut."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


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

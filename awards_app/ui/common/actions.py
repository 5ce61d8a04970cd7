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


def shortcut_tip(action: QAction) -> str:
    """The button's tooltip: the action's own, or its words, with its keyboard shortcut
    ("Remove criterion (Del)"), so the shortcut can be learnt from the button."""
    own = action.toolTip() if action.toolTip() != action.iconText() else ""
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if not keys:
        return own
    words = own or action.iconText().rstrip("…")
    return f"{words} ({keys})"


def action_button(action: QAction) -> QPushButton:
    """A push button mirroring ``action``: same text (with its mnemonic), enabled state, and
    a tooltip naming its shortcut."""
    button = QPushButton(action.text())
    button.clicked.connect(action.trigger)

    def sync() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())
        button.setToolTip(shortcut_tip(action))

    sync()
    action.changed.connect(sync)
    return button

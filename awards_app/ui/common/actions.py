"""Actions mirrored by buttons: one QAction per command, shared by its button, the context
menus of the views it acts on, and its keyboard shortcut. A button with a keyboard shortcut
says it in its tooltip, in the platform's words ("Move up (Ctrl+Up)"), so it can be learnt:
``action_button`` for an action's button, ``press_with`` for keys that press a button."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

Keys = QKeySequence | QKeySequence.StandardKey | str
#: the property of a button listing the keyboard shortcuts that press it (its tooltip names
#: them; tests/ui/test_shortcut_tips.py checks every button it finds)
SHORTCUTS = "awards_shortcuts"


def keys_text(keys: Keys) -> str:
    """A shortcut as the platform writes it ("Ctrl+S" on Windows, "⌘S" on a Mac)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def with_keys(words: str, keys: Sequence[str]) -> str:
    """``words`` naming every one of ``keys`` not named yet: "Next (F3)"."""
    missing = [k for k in keys if k and k not in words]
    if not missing:
        return words
    return f"{words} ({', '.join(missing)})" if words else ", ".join(missing)


def button_shortcuts(button: QAbstractButton) -> list[str]:
    """The keyboard shortcuts that press ``button`` (its own, besides the Alt+letter of its
    text, and those given by ``press_with`` or its action), as the platform writes them."""
    found = [str(k) for k in button.property(SHORTCUTS) or []]
    own = button.shortcut()
    if not own.isEmpty() and own != QKeySequence.mnemonic(button.text()):
        found.append(own.toString(QKeySequence.SequenceFormat.NativeText))
    return list(dict.fromkeys(found))


def press_with(button: QAbstractButton, *keys: Keys, parent: QWidget,
               context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut
               ) -> list[QShortcut]:
    """Keyboard shortcuts, active in ``parent`` (its window, or per ``context``), that press
    ``button`` as a click would (nothing while it is disabled); its tooltip names them."""
    shortcuts = []
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), parent)
        shortcut.setContext(context)
        shortcut.activated.connect(button.click)
        shortcuts.append(shortcut)
    named = [*(button.property(SHORTCUTS) or []), *(keys_text(k) for k in keys)]
    button.setProperty(SHORTCUTS, list(dict.fromkeys(named)))
    button.setToolTip(with_keys(button.toolTip() or _words(button), named))
    return shortcuts


def _words(button: QAbstractButton) -> str:
    return button.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


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
        action.setShortcutVisibleInContextMenu(True)  # menus show it too (macOS hides it)
    for view in views:
        view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action


def shortcut_tip(action: QAction) -> str:
    """The button's tooltip: the action's own, or its words, with its keyboard shortcut
    ("Remove criterion (Del)"), so the shortcut can be learnt from the button."""
    own = action.toolTip() if action.toolTip() != action.iconText() else ""
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    if not keys:
        return own
    return with_keys(own or action.iconText().rstrip("…"), keys)


def action_button(action: QAction) -> QPushButton:
    """A push button mirroring ``action``: same text (with its mnemonic), enabled state, and
    a tooltip naming its shortcut."""
    button = QPushButton(action.text())
    button.clicked.connect(action.trigger)

    def sync() -> None:
        button.setText(action.text())
        button.setEnabled(action.isEnabled())
        button.setToolTip(shortcut_tip(action))
        button.setProperty(SHORTCUTS, [k.toString(QKeySequence.SequenceFormat.NativeText)
                                       for k in action.shortcuts()])

    sync()
    action.changed.connect(sync)
    return button

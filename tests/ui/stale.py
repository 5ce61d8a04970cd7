"""Driving a SavingDialog through a refused stale save and a Reload (shared by the UI tests
of each feature's editors)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.forms import REAPPLIED_COLOUR


def refused_as_stale(dialog: SavingDialog, messages: list[tuple[str, str, str]]) -> str:
    """Accept ``dialog``: it must stay open, offering Reload, with no message box. Returns
    what it says."""
    before = len(messages)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.stale.offering_reload and len(messages) == before
    return dialog.stale.message.text()


def reload(qtbot, dialog: SavingDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.stale.reload_button, Qt.MouseButton.LeftButton)
    assert not dialog.stale.offering_reload
    assert dialog.stale.message.text().startswith("Reloaded")


def outlined_as_mine(widget: QWidget) -> bool:
    target = widget.focusProxy() or widget
    return REAPPLIED_COLOUR in target.styleSheet()


def saved(dialog: SavingDialog) -> bool:
    """Accept ``dialog``; True when it saved and closed."""
    dialog.accept()
    return dialog.result() == QDialog.DialogCode.Accepted

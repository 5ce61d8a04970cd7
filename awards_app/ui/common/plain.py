"""Text from people and files is shown as text, never as markup (issue 12, item 7).

Qt guesses: a ``QLabel``, a message box and a tooltip show their text as rich text when it
looks like HTML (``Qt.AutoText``), so a preferred name ``<h1>Big</h1>`` became a heading.
Every widget that can show data uses these helpers:

- ``plain_label(text)`` / ``set_plain(label, text)``: a label that always shows its text as
  written (``Qt.PlainText``);
- ``rich(text)``: a value escaped (and bidi-isolated) for a label that *is* rich text on
  purpose (bold headings, links) and composes data into it;
- ``plain_tooltip(text)``: a tooltip that shows ``text`` as written;
- ``install_plain_message_boxes()``: ``QMessageBox.warning/critical/information/question``
  and ``QInputDialog.getText`` show their text as written, wherever they are called
  (installed with the excepthook, at start-up). ``QMessageBox.about`` keeps rich text: its
  text is the program's own.

Names are also isolated (``formats.isolate``) wherever they sit among other words, so a
right-to-left name cannot reorder the rest of a line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import Qt  # QtGui's Qt: it also has convertFromPlainText
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget

from awards_app.ui.common.formats import isolate

StandardButton = QMessageBox.StandardButton


def plain_label(text: str = "", *, word_wrap: bool = False, selectable: bool = False,
                parent: QWidget | None = None) -> QLabel:
    """A label that shows ``text`` exactly as written, whatever it looks like."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(word_wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_plain(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label`` as written (and make sure the label never guesses)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)


def rich(text: str) -> str:
    """``text`` from people or files, ready to sit inside rich text the program writes:
    isolated (bidi) and escaped, so it shows as written."""
    return html.escape(isolate(text), quote=False)


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as written (tooltips guess too): Qt's own conversion of
    plain text to a paragraph of escaped rich text, which wraps long lines."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""


def plain_message_box(icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str,
                      buttons: StandardButton = StandardButton.Ok,
                      default_button: StandardButton = StandardButton.NoButton) -> StandardButton:
    """A modal message box whose text is shown as written; returns the button pressed."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default_button != StandardButton.NoButton:
        box.setDefaultButton(default_button)
    return StandardButton(box.exec())


def _static(icon: QMessageBox.Icon, usual: StandardButton) -> Callable[..., StandardButton]:
    def show(parent: QWidget | None, title: str, text: str, buttons: Any = usual,
             defaultButton: Any = StandardButton.NoButton) -> StandardButton:  # noqa: N803 (Qt's name)
        return plain_message_box(icon, parent, title, text, StandardButton(buttons),
                                 StandardButton(defaultButton))

    show.__doc__ = f"QMessageBox's static function, with its text shown as written ({icon.name})."
    return show


#: the static functions of QMessageBox, each replaced by one that shows its text as written
PLAIN_BOXES: dict[str, Callable[..., StandardButton]] = {
    "information": _static(QMessageBox.Icon.Information, StandardButton.Ok),
    "warning": _static(QMessageBox.Icon.Warning, StandardButton.Ok),
    "critical": _static(QMessageBox.Icon.Critical, StandardButton.Ok),
    "question": _static(QMessageBox.Icon.Question, StandardButton.Yes | StandardButton.No),
}


def plain_get_text(parent: QWidget | None, title: str, label: str,
                   echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal, text: str = "",
                   *_args: Any, **_kwargs: Any) -> tuple[str, bool]:
    """``QInputDialog.getText`` with its question shown as written (it names records)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(echo)
    dialog.setTextValue(text)
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(Qt.TextFormat.PlainText)
    accepted = bool(dialog.exec())
    return dialog.textValue(), accepted


def install_plain_message_boxes() -> None:
    """From now on, ``QMessageBox.information/warning/critical/question(...)`` and
    ``QInputDialog.getText(...)`` anywhere in the program show their text as written (Qt's
    own versions guess, and messages quote names and file contents)."""
    for name, function in PLAIN_BOXES.items():
        setattr(QMessageBox, name, staticmethod(function))
    QInputDialog.getText = staticmethod(plain_get_text)  # type: ignore[method-assign]

"""Choosing the encoding of a CSV file whose encoding could not be told: each likely one is
shown with a few of the file's lines read that way, so the coordinator picks the one where
the names look right (the choice is used for that file only)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.services.transfer.tabular import EncodingChoice

PREVIEW_CHARS = 90


class EncodingDialog(QDialog):
    def __init__(self, file_name: str, choices: Sequence[EncodingChoice],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which letters does this file use?")
        self.choices = list(choices)
        intro = QLabel(
            f"{file_name} was not saved as UTF-8, so the program cannot tell for sure which "
            "letters its bytes stand for. Choose the reading where the names look right — or "
            "cancel, save the file as 'CSV UTF-8' in Excel, and choose it again.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for index, choice in enumerate(self.choices):
            button = QRadioButton(choice.label)
            button.setAccessibleDescription("Read the file as " + choice.label)
            self.group.addButton(button, index)
            preview = QLabel("\n".join(_short(line) for line in choice.preview))
            preview.setTextFormat(Qt.TextFormat.PlainText)  # names from a file: plain text
            preview.setFont(mono)
            preview.setContentsMargins(24, 0, 0, 8)
            preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(button)
            layout.addWidget(preview)
        if self.choices:
            self.group.button(0).setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = buttons.addButton("&Read it this way",
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> EncodingChoice | None:
        index = self.group.checkedId()
        return self.choices[index] if 0 <= index < len(self.choices) else None


def _short(line: str) -> str:
    return line if len(line) <= PREVIEW_CHARS else line[:PREVIEW_CHARS - 1] + "…"

"""Help ▸ User guide: the bundled page ``resources/guide/guide.html`` in a window of its own.

The window is not modal, so a coordinator can keep it open beside the main window while
following a step. Its images and links are found relative to the guide folder
(``setSearchPaths``), so the same page works in a checkout, an installed wheel and the
PyInstaller bundle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from awards_app.paths import resource
from awards_app.ui.common.actions import press_with

GUIDE_FILE = "guide.html"


def guide_dir() -> Path:
    """The folder holding the guide page and the screenshots it shows."""
    return resource("guide")


class UserGuideWindow(QWidget):
    """The user guide, with a find box (Ctrl+F, Enter/F3 for the next match)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Awards App — user guide")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # reopened, not rebuilt
        self.resize(760, 820)

        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)  # a web address opens in the browser
        self.browser.setSearchPaths([str(guide_dir())])
        self.browser.setSource(QUrl(GUIDE_FILE))
        self.browser.setAccessibleName("User guide")

        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in the guide")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.textChanged.connect(self.on_find_box_text_changed)
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find_box)
        self.find_note = QLabel()
        self.next_button = QPushButton("&Next")
        self.next_button.clicked.connect(self.find_next)
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.close)

        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_box, 1)
        find_row.addWidget(self.next_button)
        find_row.addWidget(self.find_note)
        find_row.addStretch()
        find_row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(find_row)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_find_box)
        press_with(self.next_button, QKeySequence.StandardKey.FindNext, parent=self)
        press_with(self.close_button, QKeySequence(Qt.Key.Key_Escape), parent=self)

    def focus_find_box(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def on_find_box_text_changed(self, _text: str) -> None:
        self.find_note.clear()

    def find_next(self) -> bool:
        """Select the next match of the find box's words, going round to the top once."""
        words = self.find_box.text().strip()
        if not words:
            return False
        found = self.browser.find(words)
        if not found:  # from the top again
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(words)
        self.find_note.setText("" if found else f"“{words}” is not in the guide")
        return found

    def headings(self) -> list[str]:
        """The guide's section headings, as shown (used by tests and for a quick check)."""
        document: QTextDocument = self.browser.document()
        titles = []
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() in (1, 2):
                titles.append(block.text())
            block = block.next()
        return titles

"""Opening a file or a folder the program saved, with a way forward when nothing opens it.

``QDesktopServices.openUrl`` returns False when the computer has no program for the file
(no PDF viewer is a common case in council offices); the button then seemed to do nothing.
``open_file`` and ``show_folder`` ask the desktop first and, when it cannot, say where the
file or folder is (the full path, selectable) with "Show the folder" and "Copy the path".
Every window action that opens a saved file or its folder goes through here (issue 13,
item 6)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui.common.plain import plain_label

NO_FILE_PROGRAM = ("No program to open this file was found on this computer. The file is "
                   "saved here:")
NO_FOLDER_PROGRAM = "The folder could not be shown on this computer. It is here:"
NO_FOLDER_EITHER = "The folder could not be shown either. It is here:"


def _open(path: Path) -> bool:
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def open_file(parent: QWidget | None, path: Path | str) -> FileLocationDialog | None:
    """Open ``path`` with the computer's program for it; if there is none, show where it is
    (returned, already open; None when the file opened)."""
    path = Path(path)
    if _open(path):
        return None
    return _show(FileLocationDialog(parent, path, intro=NO_FILE_PROGRAM, offer_folder=True))


def show_folder(parent: QWidget | None, path: Path | str) -> FileLocationDialog | None:
    """Show the folder ``path`` is (a folder itself, or the folder holding a file) in the
    computer's file manager; if it cannot, say where the folder is."""
    folder = folder_of(Path(path))
    if _open(folder):
        return None
    return _show(FileLocationDialog(parent, folder, intro=NO_FOLDER_PROGRAM,
                                    offer_folder=False))


def folder_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _show(dialog: FileLocationDialog) -> FileLocationDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog


class FileLocationDialog(QDialog):
    """Where a file (or folder) is, as selectable text, with "Show the folder" (for a file)
    and "Copy the path"."""

    def __init__(self, parent: QWidget | None, path: Path, *, intro: str,
                 offer_folder: bool) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle("Where it is saved")
        self.intro = plain_label(intro, word_wrap=True)
        self.path_label = self._path_label(str(path))
        #: says where the folder is when it cannot be shown either (hidden until then)
        self.folder_note = plain_label(NO_FOLDER_EITHER, word_wrap=True)
        self.folder_label = self._path_label(str(folder_of(path)))
        self.folder_note.hide()
        self.folder_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Close")
        buttons.rejected.connect(self.reject)
        self.folder_button = QPushButton("Show the &folder")
        self.folder_button.setAccessibleDescription("Open the folder in the file manager")
        self.folder_button.clicked.connect(self.on_folder_button_clicked)
        self.copy_button = QPushButton("&Copy the path")
        self.copy_button.setAccessibleDescription("Copy where it is, to paste elsewhere")
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button.setVisible(offer_folder)  # after addButton, which shows it
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.path_label, self.folder_note, self.folder_label):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.copy_button.setFocus()

    @staticmethod
    def _path_label(text: str) -> QLabel:
        label = plain_label(text, word_wrap=True, selectable=True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setAccessibleName("Path")
        return label

    def on_folder_button_clicked(self) -> None:
        if _open(folder_of(self.path)):
            self.accept()
            return
        self.folder_note.show()
        self.folder_label.show()
        self.folder_button.setEnabled(False)

    def on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(str(self.path))
        self.copy_button.setText("Copied")

"""Asking for a database's passphrase (encryption at rest): to open it, or a new one to
encrypt it with. The passphrase is typed into masked fields and handed straight to the
caller; nothing here stores it (no settings, no log)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

WRONG = ("That passphrase does not open this database. Check it (and Caps Lock) and try "
         "again.")
LOST = ("Keep the passphrase somewhere safe, such as a password manager. It cannot be "
        "recovered: without it nobody, including you, can open the database or its backups.")


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # paths come from people
    label.setWordWrap(True)
    return label


def _masked(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                              | Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText)
    return field


class PassphraseDialog(QDialog):
    """The passphrase of an encrypted database: Open checks it with ``check`` and keeps the
    dialog open with a plain message when it does not open the database; Cancel opens
    nothing."""

    def __init__(self, path: Path, check: Callable[[str], bool], *,
                 parent: QWidget | None = None, purpose: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("PassphraseDialog")
        self.setWindowTitle("Passphrase")
        self._check = check
        self.passphrase = ""
        intro = _plain_label(
            purpose or f"The database {path} is encrypted. Type its passphrase to open it.")
        self.field = _masked("Passphrase")
        self.message = _plain_label("")
        self.message.setObjectName("PassphraseMessage")
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setAccessibleName("Passphrase problem")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Open")
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.field)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def on_buttons_accepted(self) -> None:
        typed = self.field.text()
        if not typed:
            self._say("Type the passphrase first.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            opens = self._check(typed)  # a fraction of a second: the key is derived once
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not opens:
            self.field.clear()
            self._say(WRONG)
            return
        self.passphrase = typed
        self.field.clear()
        self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.field.setFocus()


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice. With ``first_run`` the person first chooses whether to
    encrypt the new database at all (encrypting is chosen already: recommended); with
    ``backups`` a tick box says whether the older backups follow."""

    def __init__(self, *, problem: Callable[[str, str], str | None], title: str, intro: str,
                 first_run: bool = False, backups: int = 0, ok_text: str = "&Encrypt",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NewPassphraseDialog")
        self.setWindowTitle(title)
        self._problem = problem
        self.passphrase: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label(intro))
        self.encrypt_choice = QRadioButton("&Protect it with a passphrase (recommended)")
        self.plain_choice = QRadioButton("&Do not encrypt it (anyone who can read the file "
                                         "can read the data)")
        group = QButtonGroup(self)
        for button in (self.encrypt_choice, self.plain_choice):
            group.addButton(button)
            layout.addWidget(button)
            button.setVisible(first_run)
        self.encrypt_choice.setChecked(True)
        self.encrypt_choice.toggled.connect(self.on_encrypt_choice_toggled)
        self.first = _masked("New passphrase")
        self.again = _masked("The same passphrase again")
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&New passphrase:", self.first)
        form.addRow("The same &again:", self.again)
        layout.addWidget(self.form_box)
        self.lost = _plain_label(LOST)
        layout.addWidget(self.lost)
        self.backups_box = QCheckBox(
            f"Also change the {backups} older backup(s) in the backups folder to match "
            "(recommended; otherwise they stay as they are)")
        self.backups_box.setChecked(True)
        self.backups_box.setVisible(backups > 0)
        layout.addWidget(self.backups_box)
        self.message = _plain_label("")
        self.message.setObjectName("PassphraseMessage")
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setAccessibleName("Passphrase problem")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self._first_run = first_run

    @property
    def convert_backups(self) -> bool:
        return self.backups_box.isChecked()

    def on_encrypt_choice_toggled(self, checked: bool) -> None:
        self.form_box.setEnabled(checked)
        self.lost.setEnabled(checked)
        self.ok_button.setText("&Encrypt" if checked else "&Continue")
        self.message.hide()

    def on_buttons_accepted(self) -> None:
        if self._first_run and self.plain_choice.isChecked():
            self.passphrase = None
            self.accept()
            return
        problem = self._problem(self.first.text(), self.again.text())
        if problem:
            self.message.setText(problem)
            self.message.show()
            self.again.clear()
            self.first.setFocus()
            return
        self.passphrase = self.first.text()
        self.first.clear()
        self.again.clear()
        self.accept()

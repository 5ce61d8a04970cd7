"""The coordinator's two screens in a judging session: choosing the exit code before judges
sign in, and typing it to end the session.

Both are screens of the session window itself, not separate windows, so nothing else of the
program ever comes to the front on a judging laptop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui.judging.session.style import LARGE, heading, scaled_font, show_message


def _code_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(64)
    edit.setAccessibleName(name)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                             | Qt.InputMethodHint.ImhNoPredictiveText)
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 24)
    return edit


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class _CodeScreen(QWidget):
    """A heading, a few words, a form and two buttons, centred and as wide as easy reading."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(scaled_font(LARGE))
        self.title = heading(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.intro = _plain()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.message = _plain()
        self.message.setAccessibleName("Message")
        show_message(self.message, "")
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        card = QVBoxLayout()
        card.setSpacing(self.fontMetrics().height() // 2)
        card.addStretch(1)
        card.addWidget(self.title)
        card.addWidget(self.intro)
        card.addLayout(self.form)
        card.addWidget(self.message)
        card.addLayout(self.buttons)
        card.addStretch(2)
        card_widget = QWidget()
        card_widget.setLayout(card)
        card_widget.setMaximumWidth(self.fontMetrics().averageCharWidth() * 70)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card_widget, 30)
        outer.addStretch(1)

    def say(self, text: str, *, problem: bool = True) -> None:
        show_message(self.message, text, problem=problem)


class ExitCodeSetupScreen(_CodeScreen):
    """Before the first judge: the coordinator chooses the code that ends the session."""

    #: the chosen code (checked by the window, which hashes it off the UI thread)
    chosen = Signal(str, str)
    cancelled = Signal()

    def __init__(self, *, standalone: bool, parent: QWidget | None = None) -> None:
        super().__init__("Before the judges sign in", parent)
        self.setObjectName("ExitCodeSetupScreen")
        self.intro.setText(
            "Coordinator: choose an exit code. While judging runs, this screen is all the "
            "laptop shows — your own window is hidden — and only this code ends judging. "
            "Keep it to yourself; it is forgotten when judging ends.")
        self.code_edit = _code_edit("Exit code")
        self.repeat_edit = _code_edit("Exit code again")
        code_label = QLabel("&Exit code:")
        code_label.setBuddy(self.code_edit)
        repeat_label = QLabel("&Again:")
        repeat_label.setBuddy(self.repeat_edit)
        self.form.addRow(code_label, self.code_edit)
        self.form.addRow(repeat_label, self.repeat_edit)
        #: shown when judge copies are not reviewed (a session started without the Judging
        #: page, which asks the same question itself)
        self.unreviewed = QCheckBox()
        self.unreviewed.setVisible(False)
        self.form.addRow(self.unreviewed)
        self.unreviewed_count = 0
        self.start_button = QPushButton("&Start judging")
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        self.cancel_button = QPushButton("&Quit" if standalone else "&Cancel")
        self.cancel_button.setAutoDefault(True)
        self.buttons.addWidget(self.start_button)
        self.buttons.addWidget(self.cancel_button)
        self.start_button.clicked.connect(self._choose)
        self.repeat_edit.returnPressed.connect(self._choose)
        self.code_edit.returnPressed.connect(self.repeat_edit.setFocus)
        self.cancel_button.clicked.connect(self.cancelled)

    def set_unreviewed(self, count: int) -> None:
        """``count`` judge copies are not reviewed: starting needs the box ticked."""
        self.unreviewed_count = count
        copies = f"{count} judge {'copy has' if count == 1 else 'copies have'}"
        self.unreviewed.setText(f"Start although {copies} not been reviewed "
                                "(the coordinator's Judging page can review them)")
        self.unreviewed.setChecked(False)
        self.unreviewed.setVisible(count > 0)

    def _choose(self) -> None:
        self.chosen.emit(self.code_edit.text(), self.repeat_edit.text())

    def reset(self) -> None:
        for edit in (self.code_edit, self.repeat_edit):
            edit.setText("")
        self.say("")
        self.code_edit.setFocus()


class LeaveScreen(_CodeScreen):
    """Ending judging: the coordinator types the exit code; anyone else goes back."""

    code_entered = Signal(str)
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("End judging", parent)
        self.setObjectName("LeaveScreen")
        self.intro.setText("Only the coordinator can end judging. If you are a judge, choose "
                           "Go back: your scores are saved.")
        self.code_edit = _code_edit("Exit code")
        label = QLabel("&Exit code:")
        label.setBuddy(self.code_edit)
        self.form.addRow(label, self.code_edit)
        self.end_button = QPushButton("&End judging")
        self.end_button.setAutoDefault(True)
        self.back_button = QPushButton("&Go back")
        self.back_button.setAutoDefault(True)
        self.back_button.setDefault(True)
        self.buttons.addWidget(self.end_button)
        self.buttons.addWidget(self.back_button)
        self.end_button.clicked.connect(self._enter)
        self.code_edit.returnPressed.connect(self._enter)
        self.back_button.clicked.connect(self.back)

    def _enter(self) -> None:
        code = self.code_edit.text()
        self.code_edit.setText("")  # never kept longer than needed
        self.code_entered.emit(code)

    def reset(self) -> None:
        self.code_edit.setText("")
        self.say("")
        self.code_edit.setFocus()

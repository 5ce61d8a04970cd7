"""The sign-in screen: a judge picks their name and types their PIN.

``services.judging.sign_in`` counts wrong tries and pauses a judge after five (longer each time),
so it runs in ``ctx.write`` (the failed try must be committed) and its message is shown here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import describe
from awards_app.ui.judging.session.style import LARGE, heading, scaled_font, show_message
from awards_app.ui.common.table_model import Column, Index, RowTableModel
from awards_app.ui.common.table_view import make_table_view

NO_PIN = "ask the coordinator for a PIN"


@dataclass(frozen=True)
class JudgeChoice:
    judge_id: int
    name: str
    sponsor: str
    has_pin: bool

    @property
    def note(self) -> str:
        return "" if self.has_pin else NO_PIN


class JudgeChoiceModel(RowTableModel[JudgeChoice]):
    """Judges without a PIN are listed (so they know to ask) but cannot be chosen."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([Column("Judge", lambda r: r.name), Column("Sponsor", lambda r: r.sponsor),
                          Column("", lambda r: r.note)], parent=parent)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and not self.row(index.row()).has_pin:
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)


class SignInScreen(QWidget):
    #: judge id, name, sponsor
    signed_in = Signal(int, str, str)
    close_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("SignInScreen")
        self.setFont(scaled_font(LARGE))
        self._locked_until: dict[int, float] = {}  # judge id → time.monotonic() deadline

        self.title = heading("Judging")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel("Choose your name, then type your PIN.")
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro.setWordWrap(True)
        self.hint = QLabel()  # e.g. the demo's PIN
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setVisible(False)

        self.model = JudgeChoiceModel(self)
        self.judge_view = make_table_view(self.model, "Judges", self, stretch_column=1)
        self.judge_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.judge_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.judge_view.setSortingEnabled(False)
        self.judge_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)  # one judge signs in
        self.judge_view.setFont(self.font())
        self.judge_view.verticalHeader().setDefaultSectionSize(
            self.judge_view.fontMetrics().height() + self.fontMetrics().height() // 2)
        self.judge_view.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        judge_label = QLabel("&Your name:")
        judge_label.setBuddy(self.judge_view)

        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"),
                                                               self.pin_edit))
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                          | Qt.InputMethodHint.ImhSensitiveData
                                          | Qt.InputMethodHint.ImhNoPredictiveText)
        self.pin_edit.setAccessibleName("PIN")
        self.pin_edit.setPlaceholderText("4 to 8 digits")
        self.pin_edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        pin_label = QLabel("&PIN:")
        pin_label.setBuddy(self.pin_edit)
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setAutoDefault(True)
        self.sign_in_button.setDefault(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Sign-in message")
        show_message(self.message, "")
        self.close_button = QPushButton("&Close judging")
        self.close_button.setAutoDefault(True)
        self.close_button.setFont(scaled_font(1.0))

        pin_row = QHBoxLayout()
        pin_row.addWidget(pin_label)
        pin_row.addWidget(self.pin_edit)
        pin_row.addWidget(self.sign_in_button)
        pin_row.addStretch(1)

        card = QVBoxLayout()
        card.setSpacing(self.fontMetrics().height() // 2)
        card.addWidget(self.title)
        card.addWidget(self.intro)
        card.addWidget(self.hint)
        card.addSpacing(self.fontMetrics().height() // 2)
        card.addWidget(judge_label)
        card.addWidget(self.judge_view, 1)
        card.addLayout(pin_row)
        card.addWidget(self.message)
        card_widget = QWidget()
        card_widget.setLayout(card)
        card_widget.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)

        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card_widget, 30)  # as wide as it may be, up to its maximum
        centre.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.addLayout(centre, 1)
        outer.addLayout(bottom)

        self.judge_view.selectionModel().currentRowChanged.connect(self.on_judge_changed)
        self.judge_view.clicked.connect(lambda _index: self.pin_edit.setFocus())
        self.judge_view.activated.connect(lambda _index: self.pin_edit.setFocus())
        self.pin_edit.textChanged.connect(self._update_buttons)
        self.pin_edit.returnPressed.connect(self.sign_in)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.close_button.clicked.connect(self.close_requested)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_buttons)
        self.setTabOrder(self.judge_view, self.pin_edit)
        self.setTabOrder(self.pin_edit, self.sign_in_button)
        self.setTabOrder(self.sign_in_button, self.close_button)
        self.reload()

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        """List the current event's judges (or say why there are none)."""
        self.title.setText(f"Judging — {self.ctx.event_title}" if self.ctx.event_title
                           else "Judging")
        choices: list[JudgeChoice] = []
        if not self.ctx.is_open:
            self.intro.setText("Opening the database…")
        elif self.ctx.event_id is None:
            self.intro.setText("There is no current event in this database. "
                               "Please ask the coordinator.")
        else:
            from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

            event_id = self.ctx.event_id
            choices = [JudgeChoice(*row) for row in
                       self.ctx.read(lambda s: judging.judges_for_sign_in(s, event_id))]
            self.intro.setText("Choose your name, then type your PIN." if choices else
                               "No judges have been added yet. Please ask the coordinator.")
        self.model.set_rows(choices)
        self.judge_view.resizeColumnToContents(0)
        self.judge_view.resizeColumnToContents(2)
        self.judge_view.setColumnHidden(2, all(c.has_pin for c in choices))
        self.reset()

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def reset(self) -> None:
        """Ready for the next judge: no name chosen, no PIN, no message."""
        self.pin_edit.setText("")
        self.judge_view.clearSelection()
        self.judge_view.setCurrentIndex(self.model.index(-1, -1))
        self.judge_view.scrollToTop()
        show_message(self.message, "")
        self._update_buttons()

    def chosen(self) -> JudgeChoice | None:
        index = self.judge_view.currentIndex()
        if not index.isValid() or not self.judge_view.selectionModel().isSelected(index):
            return None
        choice = self.model.row(index.row())
        return choice if choice.has_pin else None

    def choose(self, name: str) -> None:
        """Select a judge by name (keyboard type-ahead does the same for people)."""
        row = self.model.index_of(lambda r: r.name == name)
        if row >= 0:
            self.judge_view.selectRow(row)
            self.judge_view.setCurrentIndex(self.model.index(row, 0))

    def on_judge_changed(self, *_args: object) -> None:
        self.pin_edit.setText("")  # a PIN typed for someone else is not carried over
        show_message(self.message, "")  # nor the last judge's message
        self._update_buttons()

    def _seconds_locked(self, judge_id: int) -> int:
        deadline = self._locked_until.get(judge_id)
        if deadline is None:
            return 0
        left = deadline - time.monotonic()
        if left <= 0:
            del self._locked_until[judge_id]
            return 0
        return int(left) + 1

    def _update_buttons(self, *_args: object) -> None:
        choice = self.chosen()
        locked = self._seconds_locked(choice.judge_id) if choice else 0
        if locked:
            show_message(self.message, f"Too many wrong PINs. Try again in {locked} seconds.",
                         problem=True)
        elif self.message.text().startswith("Too many wrong PINs"):
            show_message(self.message, "")
        if not self._locked_until:
            self._tick.stop()
        self.sign_in_button.setEnabled(choice is not None and not locked
                                       and len(self.pin_edit.text()) >= 4)

    # --- signing in ------------------------------------------------------------------------

    def sign_in(self) -> None:
        choice = self.chosen()
        pin = self.pin_edit.text()
        if choice is None:
            show_message(self.message, "Please choose your name first.", problem=True)
            self.judge_view.setFocus()
            return
        if not 4 <= len(pin) <= 8:
            show_message(self.message, "Your PIN has 4 to 8 digits.", problem=True)
            self.pin_edit.setFocus()
            return
        self.pin_edit.setText("")  # never keep a PIN longer than needed (setText: no undo)
        if self._seconds_locked(choice.judge_id):
            self._update_buttons()
            return
        from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

        try:
            result = self.ctx.write(lambda s: judging.sign_in(s, choice.judge_id, pin),
                                    notify=False)
        except Exception as exc:  # shown in the window: no box to dismiss on judging day
            show_message(self.message, describe(exc), problem=True)
            return
        if result.ok:
            show_message(self.message, "")
            self.signed_in.emit(choice.judge_id, choice.name, choice.sponsor)
            return
        show_message(self.message, result.message, problem=True)
        if result.locked_seconds:
            self._locked_until[choice.judge_id] = time.monotonic() + result.locked_seconds
            self._tick.start()
            self._update_buttons()
        self.pin_edit.setFocus()

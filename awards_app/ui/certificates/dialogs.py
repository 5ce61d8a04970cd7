"""Small certificate dialogs: verify a code, the name printed on one certificate, and the
certificates' history. (Revoking and correcting ask why with ``common.dialogs.ReasonDialog``.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.codes import SAMPLE_CODE, format_code, has_wrong_check, normalise_code
from awards_app.core.editing import Loaded
from awards_app.services import certificates
from awards_app.services.certificates.records import LogEntry, NameChoice, Verification
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import make_table_view
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_CARD = ("#answerCard {{ background: {0}; border: 1px solid {2}; border-radius: 6px; }} "
         "#answerCard QLabel {{ color: {1}; background: transparent; border: none; }}")
_WARNING = _CARD.format("#fff4e5", "#6b3a00", "#e0a040")
ANSWER_STYLES = {
    "genuine": _CARD.format("#e8f5e9", "#1b5e20", "#81c784"),
    "revoked": _CARD.format("#fdecea", "#8e1b10", "#e57373"),
    "unknown": _WARNING,
    "mistyped": _WARNING,
    "malformed": _WARNING,
}
HEADINGS = {"genuine": "✔ Genuine", "revoked": "✖ Revoked", "unknown": "? Not found",
            "mistyped": "? A typing mistake", "malformed": "? Not a certificate code"}
VERIFY_HELP = (f"Type the code printed under the QR code (e.g. {format_code(SAMPLE_CODE)}), "
               "or scan it. Lower case, missing dashes and O for 0 are fine.")


class VerifyDialog(QDialog):
    """Type a code, or scan the QR with a USB scanner (it types the text and presses Enter).

    The answer always belongs to the text in the box: any edit clears it; Enter or Verify
    (and a pause after a whole code has been typed) checks, and an answer for a text no
    longer in the box is dropped. Enter never closes the dialog: the box is selected so the
    next scan replaces it.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Verify a certificate")
        self.code = QLineEdit()
        self.code.setAccessibleName("Certificate code")
        self.code.setPlaceholderText(f"e.g. {format_code(SAMPLE_CODE)}, or scan the QR code")
        self.code.setClearButtonEnabled(True)
        label = QLabel("Certificate &code:")
        label.setBuddy(self.code)
        self.verify_button = QPushButton("&Verify")
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.verify_button)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.answer = hint(VERIFY_HELP)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # names typed by people
        self.answer.setAccessibleName("Answer")
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card = QWidget()
        self.card.setObjectName("answerCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card_layout = QVBoxLayout(self.card)
        card_layout.addWidget(self.heading)
        card_layout.addWidget(self.answer)
        self.heading.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # No default button: Enter in the box verifies (a scanner's Enter after the code)
        # and never closes the dialog or clicks a button as well.
        for button in [self.verify_button, *buttons.buttons()]:
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(code_row)
        layout.addWidget(self.card)
        layout.addStretch(1)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(chars * 64)
        self.verification: Verification | None = None
        self._typing = QTimer(self, singleShot=True, interval=350)
        self._typing.timeout.connect(self._check_if_complete)
        self.code.textChanged.connect(self._on_code_changed)
        self.code.returnPressed.connect(self.check)
        self.verify_button.clicked.connect(self.check)

    def _on_code_changed(self, _text: str) -> None:
        self._clear()
        self._typing.start()

    def _clear(self) -> None:
        """No answer: the box no longer holds the text the last one was for."""
        self.verification = None
        self.heading.hide()
        self.heading.setText("")
        self.answer.setText(VERIFY_HELP)
        self.card.setStyleSheet("")

    def _fit(self) -> None:
        """Grow to show the whole answer: a wrapped label needs more lines than the dialog
        had room for when it opened (a long revoked answer was cut off)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        self.setMinimumHeight(max(needed, layout.totalMinimumSize().height()))
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _check_if_complete(self) -> None:
        text = self.code.text()
        if normalise_code(text) is not None or has_wrong_check(text):
            self.check()

    def check(self) -> None:
        self._typing.stop()
        text = self.code.text()
        if not text.strip():
            self._clear()
            return
        try:
            verification = self.ctx.read(lambda s: certificates.verify(s, text))
        except Exception as exc:
            show_error(self, exc, title="Could not check the code")
            return
        self.show_answer(text, verification)

    def show_answer(self, text: str, verification: Verification) -> None:
        """Show ``verification``, the answer for ``text``, unless the box says something else
        by now (a late answer for an older text is dropped)."""
        if text != self.code.text():
            return
        self.verification = verification
        self.heading.setText(HEADINGS[verification.status])
        self.heading.show()
        self.answer.setText(verification.message)
        self.card.setStyleSheet(ANSWER_STYLES[verification.status])
        self._fit()
        self.code.setFocus()
        self.code.selectAll()  # the next scan replaces this one


def _loaded(choice: NameChoice) -> Loaded:
    return Loaded(choice.version, {"name": choice.override, "reason": choice.reason},
                  compared=choice.original)


class NameDialog(SavingDialog):
    """The name printed on one nomination's certificate: the consent rule's, or an override
    with a reason. ``choice`` is what it is filled from (``certificates.name_choice``, with
    the version a save hands back); without it the dialog reads it itself. (``rule_name``,
    ``override`` and ``reason`` are what callers passed before records had versions; they
    are read again, with the version, rather than trusted.)"""

    def __init__(self, ctx: AppContext, parent: QWidget | None, *, nomination_id: int,
                 ref: str, choice: NameChoice | None = None, rule_name: str = "",
                 override: str = "", reason: str = "") -> None:
        super().__init__(ctx, parent)
        self.nomination_id = nomination_id
        self.said = f"Saved the name to print on {ref}'s certificate."
        self.printed: str | None = None
        self.choice = choice or ctx.read(lambda s: certificates.name_choice(s, nomination_id))
        self.loaded = _loaded(self.choice)
        self.setWindowTitle(f"Name on the certificate — {ref}")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name to print")
        self.name.setPlaceholderText("leave empty to follow the consent rule")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        form = QFormLayout()
        form.addRow("&Name to print:", self.name)
        form.addRow("&Reason:", self.reason)
        self.rule = hint("")
        self.rule.setTextFormat(Qt.TextFormat.PlainText)  # the young person's name
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fields = {"name": self.name, "reason": self.reason}
        self.fill(self.loaded.values)
        chars = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(chars * 60)

    def form_values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "reason": self.reason.text()}

    def fill(self, values: Mapping[str, Any]) -> None:
        self.rule.setText(
            f"By the young person's consent the certificate says “{isolate(self.choice.rule_name)}”. "
            "Type another name only for a good reason (for example, the name they now use), "
            "and say why. A certificate already printed keeps its name until you correct it.")
        self.name.setText(values["name"])
        self.reason.setText(values["reason"])

    def load_current(self, session: Session) -> Loaded:
        self.choice = certificates.name_choice(session, self.nomination_id)
        return _loaded(self.choice)

    def accept(self) -> None:
        name, reason, nid = self.name.text(), self.reason.text(), self.nomination_id
        loaded = self.loaded
        assert loaded is not None
        if self.save(lambda s: certificates.set_name_override(
                s, nid, name, reason, expected_version=loaded.version,
                original=loaded.original), saved=self.said):
            self.printed = self.outcome
            super().accept()


LOG_COLUMNS: list[Column[LogEntry]] = [
    Column("When", lambda e: e.at),
    Column("What", lambda e: e.action.capitalize()),
    Column("Code", lambda e: e.code),
    Column("Recipient", lambda e: e.recipient),
    Column("Reason", lambda e: e.reason),
    Column("Detail", lambda e: e.detail),
]


class LogDialog(QDialog):
    """Every issue, print, reprint, correction and revocation, oldest first."""

    def __init__(self, entries: list[LogEntry], parent: QWidget | None, *, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.model: RowTableModel[LogEntry] = RowTableModel(LOG_COLUMNS)
        self.model.set_rows(entries)
        view = make_table_view(self.model, "Certificate history")
        view.setSortingEnabled(False)
        view.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not entries:
            layout.addWidget(hint("Nothing has been issued yet."))
        layout.addWidget(view)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.resize(chars * 120, self.fontMetrics().height() * 24)

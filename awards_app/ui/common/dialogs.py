"""Dialogs that save: OK runs one unit of work through the services; a refused save outlines
the fields the ValidationError names, says what to fix and keeps the dialog open with
everything typed still there. ``ReasonDialog`` is the one that asks why."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.forms import text_box, write_form
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class SavingDialog(QDialog):
    """Save / Cancel buttons (``self.buttons``, Save renamed by ``ok_text``); ``save(work)``
    runs ``work`` as one unit of work and keeps its result in ``outcome``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 ok_text: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: Any = None
        #: the form's fields by the names a ValidationError uses
        self.fields: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        if ok_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def saved_id(self) -> int:
        """The id the last save returned (dialogs that add or edit one record), else 0."""
        return int(self.outcome or 0)

    def save(self, work: Callable[[Session], Any]) -> bool:
        """Run ``work`` as one unit of work; True if it was stored. A refusal is shown and
        the dialog stays as it is."""
        saved, outcome = write_form(self, self.ctx, self.fields, work)
        if saved:
            self.outcome = outcome
        return saved


class ReasonDialog(SavingDialog):
    """Asks why (the reason is kept: in the audit log, or in a certificate's history), then
    runs ``work(session, reason)`` as one unit of work; its result is kept in ``outcome``.
    A missing or refused reason keeps the dialog open."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, title: str,
                 intro: str, ok_text: str, work: Callable[[Session, str], Any],
                 reason_label: str = "&Reason:", placeholder: str = "") -> None:
        super().__init__(ctx, parent, ok_text=ok_text)
        self.work = work
        self.setWindowTitle(title)
        self.reason = text_box("Reason", 4)
        self.reason.setPlaceholderText(placeholder)
        label = QLabel(reason_label)
        label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(intro))
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.fields = {"reason": self.reason}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def accept(self) -> None:
        reason = self.reason.toPlainText()
        if self.save(lambda s: self.work(s, reason)):
            super().accept()

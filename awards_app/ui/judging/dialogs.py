"""Small dialogs of the Judging page: a judge's PIN, and a category's lead judge.

Each saves through the services when accepted; a refused save outlines the fields the
ValidationError names and keeps the dialog open with everything typed still there.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from awards_app.core.errors import ValidationError
from awards_app.services import judging
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import combo_box, line_edit, refuse
from awards_app.ui.common.widgets import hint


class PinDialog(SavingDialog):
    """A judge's 4–8 digit PIN, typed twice and never shown; stored only as a hash."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, judge_id: int,
                 judge_name: str, has_pin: bool = False) -> None:
        super().__init__(ctx, parent)
        self.judge_id = judge_id
        judge_name = isolate(judge_name)
        self.setWindowTitle(f"{'Change' if has_pin else 'Set'} the PIN for {judge_name}")
        digits = QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), self)
        self.pin = line_edit("New PIN", "4 to 8 digits")
        self.pin_again = line_edit("New PIN again")
        for box in (self.pin, self.pin_again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setValidator(digits)
            box.setMaxLength(8)
            box.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                                    | Qt.InputMethodHint.ImhSensitiveData)
        form = QFormLayout(self)
        form.addRow("New &PIN", self.pin)
        form.addRow("PIN &again", self.pin_again)
        form.addRow("", hint(
            f"{judge_name} types this PIN to start scoring. Tell them in person or by phone; "
            "the program keeps only a scrambled (hashed) copy, so it cannot show it again."
            + (" The old PIN stops working." if has_pin else ""), muted=True))
        form.addRow(self.buttons)
        self.fields = {"pin": self.pin, "pin_again": self.pin_again}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        pin, again, judge_id = self.pin.text(), self.pin_again.text(), self.judge_id
        if pin != again:
            refuse(self, self.fields, ValidationError.single(
                "pin_again", "is not the same as the first PIN — type the same digits twice"))
            return
        if self.save(lambda s: judging.set_pin(s, judge_id, pin), saved="Saved the judge's PIN."):
            super().accept()


class LeadJudgeDialog(SavingDialog):
    """Who decides a tie the rules cannot break: one of the category's own judges."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, category_id: int,
                 category: str, lead_judge_id: int | None) -> None:
        super().__init__(ctx, parent)
        self.category_id = category_id
        category = isolate(category)
        self.said = f"Saved the lead judge for {category}."
        self.setWindowTitle(f"Lead judge for {category}")
        judges = ctx.read(lambda s: judging.judges_of_category(s, category_id))
        self.judge = combo_box("Lead judge", [(None, "No lead judge yet"), *judges],
                            current=lead_judge_id)
        if self.judge.currentIndex() < 0:
            self.judge.setCurrentIndex(0)
        form = QFormLayout(self)
        form.addRow("Lead &judge", self.judge)
        form.addRow("", hint(
            f"If the agreed rules cannot separate nominations tied across a placement in "
            f"{category}, the lead judge decides their order (a casting decision)."
            if judges else f"{category} has no judges yet: ask a sponsor of it for one.",
            muted=True))
        form.addRow(self.buttons)
        self.fields = {"judge": self.judge}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        category_id, judge_id = self.category_id, self.judge.currentData()
        if self.save(lambda s: judging.set_lead_judge(s, category_id=category_id,
                                                      judge_id=judge_id), saved=self.said):
            super().accept()

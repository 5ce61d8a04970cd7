"""Add or edit a sponsor (with its logo), and add or edit one of its judges."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from awards_app.ui.context import AppContext
from awards_app.ui.dialogs.category_dialog import SavingDialog, hint_label, text_box
from awards_app.ui.widgets.logo_picker import LogoPicker

if TYPE_CHECKING:
    from awards_app.services.catalogue.sponsors import JudgeRow, SponsorRow


def _line(accessible_name: str, placeholder: str = "") -> QLineEdit:
    line = QLineEdit()
    line.setAccessibleName(accessible_name)
    line.setPlaceholderText(placeholder)
    return line


class SponsorDialog(SavingDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 sponsor: SponsorRow | None = None) -> None:
        super().__init__(ctx, parent)
        self.sponsor = sponsor
        self.setWindowTitle(f"Edit {sponsor.name}" if sponsor else "Add a sponsor")
        self.name = _line("Sponsor name", "e.g. Hollins & Daughters Bakery")
        self.contact_name = _line("Contact name")
        self.contact_email = _line("Contact email", "name@example.org")
        self.contact_phone = _line("Contact phone")
        self.notes = text_box("Notes", 3)
        self.logo = LogoPicker()
        if sponsor is not None:
            from awards_app.services.catalogue.sponsors import sponsor_logo

            sponsor_id = sponsor.id
            self.name.setText(sponsor.name)
            self.contact_name.setText(sponsor.contact_name)
            self.contact_email.setText(sponsor.contact_email)
            self.contact_phone.setText(sponsor.contact_phone)
            self.notes.setPlainText(sponsor.notes)
            self.logo.set_logo(ctx.read(lambda s: sponsor_logo(s, sponsor_id)))

        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Contact name", self.contact_name)
        form.addRow("E&mail", self.contact_email)
        form.addRow("&Phone", self.contact_phone)
        form.addRow("N&otes", self.notes)
        form.addRow("Logo", self.logo)
        form.addRow("", hint_label("The logo can appear on the certificates of the categories "
                              "this sponsor supports. PNG or JPEG, up to 5 MB."))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "contact_name": self.contact_name,
                       "contact_email": self.contact_email, "contact_phone": self.contact_phone,
                       "notes": self.notes, "logo": self.logo.preview}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "contact_name": self.contact_name.text(),
            "contact_email": self.contact_email.text(),
            "contact_phone": self.contact_phone.text(),
            "notes": self.notes.toPlainText(),
            "logo": self.logo.logo_bytes(),
        }

    def accept(self) -> None:
        from awards_app.services.catalogue import sponsors

        data = self.values()
        if self.sponsor is not None:
            sponsor_id = self.sponsor.id
            saved = self.save(lambda s: sponsors.update_sponsor(s, sponsor_id, **data).id)
        else:
            event_id = self.ctx.require_event()
            saved = self.save(lambda s: sponsors.create_sponsor(s, event_id=event_id, **data).id)
        if saved:
            super().accept()


class JudgeDialog(SavingDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, sponsor_id: int,
                 sponsor_name: str = "", judge: JudgeRow | None = None) -> None:
        super().__init__(ctx, parent)
        self.sponsor_id = sponsor_id
        self.judge = judge
        where = f" for {sponsor_name}" if sponsor_name else ""
        self.setWindowTitle(("Edit judge" if judge else "Add a judge") + where)
        self.name = _line("Judge name")
        self.email = _line("Judge email", "name@example.org")
        if judge is not None:
            self.name.setText(judge.name)
            self.email.setText(judge.email)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Email", self.email)
        form.addRow("", hint_label("A judge scores every category their sponsor supports. Score "
                              "sheets are sent to this email address."))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "email": self.email}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def accept(self) -> None:
        from awards_app.services.catalogue import sponsors

        name, email = self.name.text(), self.email.text()
        if self.judge is not None:
            judge_id = self.judge.id
            saved = self.save(lambda s: sponsors.update_judge(s, judge_id, name=name,
                                                              email=email).id)
        else:
            sponsor_id = self.sponsor_id
            saved = self.save(lambda s: sponsors.create_judge(s, sponsor_id=sponsor_id,
                                                              name=name, email=email).id)
        if saved:
            super().accept()

"""Add or edit a sponsor (with its logo), and add or edit one of its judges. Editing, they
hand back the version and values they were filled from, so a save from a stale copy is
refused and offers Reload (``SavingDialog``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QWidget

from awards_app.core.editing import Loaded
from awards_app.services.catalogue import sponsors
from awards_app.services.catalogue.sponsors import JudgeRow, SponsorRow
from awards_app.ui.catalogue.logo_picker import LogoPicker
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import line_edit, text_box
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class SponsorDialog(SavingDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 sponsor: SponsorRow | None = None) -> None:
        super().__init__(ctx, parent)
        self.sponsor = sponsor
        self.setWindowTitle(f"Edit {isolate(sponsor.name)}" if sponsor else "Add a sponsor")
        self.name = line_edit("Sponsor name", "e.g. Hollins & Daughters Bakery")
        self.contact_name = line_edit("Contact name")
        self.contact_email = line_edit("Contact email", "name@example.org")
        self.contact_phone = line_edit("Contact phone")
        self.notes = text_box("Notes", 3)
        self.logo = LogoPicker()
        if sponsor is not None:
            # The logo is not in the list's row: load the whole record (and its version).
            self.loaded = ctx.read(self.load_current)
            self.fill(self.loaded.values)

        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Contact name", self.contact_name)
        form.addRow("E&mail", self.contact_email)
        form.addRow("&Phone", self.contact_phone)
        form.addRow("N&otes", self.notes)
        form.addRow("Logo", self.logo)
        form.addRow("", hint("The logo can appear on the certificates of the categories this "
                             "sponsor supports. PNG or JPEG, up to 5 MB.", muted=True))
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

    def form_values(self) -> dict[str, Any]:
        return self.values()

    def fill(self, values: Mapping[str, Any]) -> None:
        self.name.setText(values["name"])
        self.contact_name.setText(values["contact_name"] or "")
        self.contact_email.setText(values["contact_email"] or "")
        self.contact_phone.setText(values["contact_phone"] or "")
        self.notes.setPlainText(values["notes"] or "")
        self.logo.set_logo(values["logo"])

    def load_current(self, session: Session) -> Loaded:
        assert self.sponsor is not None
        return sponsors.sponsor_for_edit(session, self.sponsor.id)

    def accept(self) -> None:
        data, loaded = self.values(), self.loaded
        said = f"Saved sponsor {isolate(str(data['name']).strip())}."
        if self.sponsor is not None and loaded is not None:
            sponsor_id = self.sponsor.id
            saved = self.save(lambda s: sponsors.update_sponsor(
                s, sponsor_id, expected_version=loaded.version, original=loaded.original,
                **data).id, saved=said)
        else:
            event_id = self.ctx.require_event()
            saved = self.save(lambda s: sponsors.create_sponsor(s, event_id=event_id, **data).id,
                              saved=said)
        if saved:
            super().accept()


class JudgeDialog(SavingDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, sponsor_id: int,
                 sponsor_name: str = "", judge: JudgeRow | None = None) -> None:
        super().__init__(ctx, parent)
        self.sponsor_id = sponsor_id
        self.judge = judge
        where = f" for {isolate(sponsor_name)}" if sponsor_name else ""
        self.said = f"Saved the judge's details{where}."  # a judge's name is theirs: not shown
        self.setWindowTitle(("Edit judge" if judge else "Add a judge") + where)
        self.name = line_edit("Judge name")
        self.email = line_edit("Judge email", "name@example.org")
        if judge is not None:
            self.loaded = Loaded(judge.version, judge.editable)
            self.fill(judge.editable)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Email", self.email)
        form.addRow("", hint("A judge scores every category their sponsor supports. The "
                             "email address is for your own contact with them: the program "
                             "sends no email.", muted=True))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "email": self.email}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)

    def form_values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "email": self.email.text()}

    def fill(self, values: Mapping[str, Any]) -> None:
        self.name.setText(values["name"])
        self.email.setText(values["email"] or "")

    def load_current(self, session: Session) -> Loaded:
        assert self.judge is not None
        return sponsors.judge_for_edit(session, self.judge.id)

    def accept(self) -> None:
        name, email, loaded = self.name.text(), self.email.text(), self.loaded
        if self.judge is not None and loaded is not None:
            judge_id = self.judge.id
            saved = self.save(lambda s: sponsors.update_judge(
                s, judge_id, name=name, email=email, expected_version=loaded.version,
                original=loaded.original).id, saved=self.said)
        else:
            sponsor_id = self.sponsor_id
            saved = self.save(lambda s: sponsors.create_judge(s, sponsor_id=sponsor_id,
                                                              name=name, email=email).id,
                              saved=self.said)
        if saved:
            super().accept()

"""Ceremony details of one placed young person: how to say their name, their seat or table,
and the press wording approved for their nomination (services/ceremony/edits.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QWidget

from awards_app.core.editing import Loaded
from awards_app.services import ceremony as cer
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import line_edit, text_box
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PRONUNCIATION_HELP = ("How to say the name that is read out, e.g. “AH-mee-rah”. Write only "
                      "the first name's sound unless they agreed to be named publicly.")
PRESS_HELP = ("Wording the team has approved for the press. It is released only for winners "
              "who agreed to be named publicly and did not ask for nothing to be published.")


class CeremonyDetailsDialog(SavingDialog):
    def __init__(self, ctx: AppContext, row: cer.PageRow, details: cer.DetailsLoaded,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, ok_text="&Save")
        self.row, self.details = row, details
        self.loaded = details.loaded
        self.setWindowTitle(f"Ceremony details — {isolate(row.young_person)}")
        self.name_read = plain_label(
            f"{row.placement}, {isolate(row.category)}: {isolate(row.name_read)}",
            word_wrap=True)
        self.name_read.setAccessibleName("Name as it will be read")
        self.press_status = plain_label(row.press_detail, word_wrap=True)
        self.press_status.setAccessibleName("Press")
        self.pronunciation = line_edit("How to say their name")
        self.pronunciation.setMaxLength(200)
        self.seat = line_edit("Seat or table", "e.g. Table 4")
        self.seat.setMaxLength(40)
        self.press_wording = text_box("Approved press wording", 5)
        self.fill(details.loaded.values)

        form = QFormLayout(self)
        form.addRow("Name as read", self.name_read)
        form.addRow("How to say &it", self.pronunciation)
        form.addRow("", hint(PRONUNCIATION_HELP, muted=True))
        form.addRow("Seat or t&able", self.seat)
        form.addRow("Press", self.press_status)
        form.addRow("Approved press &wording", self.press_wording)
        form.addRow("", hint(PRESS_HELP, muted=True))
        form.addRow(self.buttons)
        self.fields = {"pronunciation": self.pronunciation, "seat": self.seat,
                       "press_wording": self.press_wording}
        self.resize(560, self.sizeHint().height())

    def form_values(self) -> dict[str, Any]:
        return {"pronunciation": self.pronunciation.text(), "seat": self.seat.text(),
                "press_wording": self.press_wording.toPlainText()}

    def fill(self, values: Mapping[str, Any]) -> None:
        self.pronunciation.setText(values["pronunciation"])
        self.seat.setText(values["seat"])
        self.press_wording.setPlainText(values["press_wording"])

    def load_current(self, session: Session) -> Loaded:
        self.details = cer.details_for_edit(session, event_id=self.details.event_id,
                                            nomination_id=self.details.nomination_id)
        return self.details.loaded

    def accept(self) -> None:
        values, details = self.form_values(), self.details
        ref = self.row.ref
        if self.save(lambda s: cer.save_details(
                s, event_id=details.event_id, nomination_id=details.nomination_id,
                loaded=details, **values), saved=f"Saved the ceremony details of {ref}."):
            super().accept()

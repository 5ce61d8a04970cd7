"""New event: name, year, ceremony date, venue; set-up copied from last year when there is one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFormLayout, QLineEdit, QSpinBox, QWidget

from awards_app.services import catalogue, events
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.widgets import hint


class EventDialog(SavingDialog):
    """Creates the event on OK; ``saved_id`` is the new event's id."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, ok_text="Create event")
        self.setWindowTitle("New event")
        latest = ctx.read(lambda s: (lambda e: (e.id, e.name, e.year) if e else None)(
            events.latest_event(s)))
        today = date.today()
        self.name = QLineEdit(latest[1] if latest else "Care Leavers Awards")
        self.name.setAccessibleName("Event name")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(max(today.year, (latest[2] + 1) if latest else today.year))
        self.year.setAccessibleName("Year")
        self.ceremony = QDateEdit(QDate(self.year.value(), 3, 20))
        self.ceremony.setCalendarPopup(True)
        self.ceremony.setDisplayFormat("dd/MM/yyyy")
        self.ceremony.setAccessibleName("Ceremony date")
        self.venue = QLineEdit()
        self.venue.setAccessibleName("Venue")
        self.copy = QCheckBox()
        self._latest_id = latest[0] if latest else None
        if latest:
            self.copy.setText(f"Copy categories, criteria and sponsors from {latest[1]} "
                              f"{latest[2]}")
            self.copy.setChecked(True)
        else:
            self.copy.setText("Start with the nine standard categories")
            self.copy.setChecked(True)
            self.copy.setEnabled(False)

        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Year", self.year)
        form.addRow("&Ceremony date", self.ceremony)
        form.addRow("&Venue", self.venue)
        form.addRow("", self.copy)
        form.addRow("", hint("Everything can be changed later.", muted=True))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "year": self.year, "ceremony_date": self.ceremony,
                       "venue": self.venue}

    def accept(self) -> None:
        copy_from = self._latest_id if self.copy.isChecked() else None
        name, year, venue = self.name.text(), self.year.value(), self.venue.text()
        ceremony = self.ceremony.date().toPython()
        if self.save(lambda s: catalogue.create_event(
                s, name=name, year=year, ceremony_date=ceremony, venue=venue,
                copy_from=copy_from).id):
            super().accept()

"""New event: name, year, ceremony date, venue; set-up copied from last year when there is one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from awards_app.core.errors import ValidationError
from awards_app.ui.context import AppContext
from awards_app.ui.errors import show_error
from awards_app.ui.widgets.forms import mark_invalid


class EventDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created_event_id = 0
        self.setWindowTitle("New event")
        from awards_app.services import events

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
        hint = QLabel("Everything can be changed later.")
        hint.setEnabled(False)
        form.addRow("", hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create event")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.fields = {"name": self.name, "year": self.year, "ceremony_date": self.ceremony,
                       "venue": self.venue}

    def accept(self) -> None:
        from awards_app.services import catalogue

        copy_from = self._latest_id if self.copy.isChecked() else None
        ceremony = self.ceremony.date().toPython()
        try:
            event_id = self.ctx.write(lambda s: catalogue.create_event(
                s, name=self.name.text(), year=self.year.value(), ceremony_date=ceremony,
                venue=self.venue.text(), copy_from=copy_from,
            ).id)
        except ValidationError as exc:
            mark_invalid(self.fields, exc)
            show_error(self, exc)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.created_event_id = event_id
        super().accept()

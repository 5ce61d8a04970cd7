"""New event (name, year, ceremony date, venue; set-up copied from last year when there is
one) and Event settings (every setting of the current event, its stage included).

Dates that look wrong but may be meant — a ceremony in the past or outside the event's year —
are asked about before saving, never silently accepted or refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from awards_app.core.editing import Loaded
from awards_app.core.enums import EventStatus
from awards_app.services import catalogue, events
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dates import date_edit, date_of, show_date
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import spin_box
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: QDateEdit always holds a date; this one (shown as "Not set") means none was chosen


def confirm_dates(parent: QWidget, concerns: list[str]) -> bool:
    """Ask before saving dates that look wrong; True to go ahead."""
    if not concerns:
        return True
    answer = QMessageBox.question(
        parent, "Check the dates", "\n".join(concerns) + "\n\nSave these dates anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class EventDialog(SavingDialog):
    """Creates the event on OK; ``saved_id`` is the new event's id."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(ctx, parent, ok_text="Create event")
        self.setWindowTitle("New event")
        self.today = today or date.today()
        latest = ctx.read(lambda s: (lambda e: (e.id, e.name, e.year, e.ceremony_date)
                                     if e else None)(events.latest_event(s)))
        proposed = events.proposed_ceremony(self.today, like=latest[3] if latest else None)
        if latest and proposed.year <= latest[2]:  # the next event comes after the last one
            proposed = events.in_year(proposed, latest[2] + 1)
        self.name = QLineEdit(latest[1] if latest else "Care Leavers Awards")
        self.name.setAccessibleName("Event name")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(proposed.year)
        self.year.setAccessibleName("Year")
        self.ceremony = date_edit("Ceremony date", optional=False)
        show_date(self.ceremony, proposed)
        self.venue = QLineEdit()
        self.venue.setAccessibleName("Venue")
        self.copy = QCheckBox()
        self._latest_id = latest[0] if latest else None
        if latest:
            self.copy.setText(f"Copy categories, criteria and sponsors from {isolate(latest[1])} "
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
        form.addRow("", hint("Everything can be changed later in File ▸ Event settings.",
                             muted=True))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "year": self.year, "ceremony_date": self.ceremony,
                       "venue": self.venue}
        self.year.valueChanged.connect(self.on_year_value_changed)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)  # the hint on one line

    def on_year_value_changed(self, year: int) -> None:
        """The ceremony moves with the year: same day and month."""
        chosen = date_of(self.ceremony)
        if chosen is not None and chosen.year != year:
            show_date(self.ceremony, events.in_year(chosen, year))

    def accept(self) -> None:
        copy_from = self._latest_id if self.copy.isChecked() else None
        name, year, venue = self.name.text(), self.year.value(), self.venue.text()
        ceremony = date_of(self.ceremony)
        if not confirm_dates(self, events.date_concerns(
                year=year, ceremony_date=ceremony, nomination_deadline=None, today=self.today)):
            return
        if self.save(lambda s: catalogue.create_event(
                s, name=name, year=year, ceremony_date=ceremony, venue=venue,
                copy_from=copy_from).id, saved=f"Started {isolate(name.strip())} {year}."):
            super().accept()


class EventSettingsDialog(SavingDialog):
    """Every setting of one event, and the stage of the year it is at (with what that stage
    allows). A save from a stale copy is refused and offers Reload."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, event_id: int,
                 today: date | None = None) -> None:
        super().__init__(ctx, parent, ok_text="&Save")
        self.event_id = event_id
        self.today = today or date.today()
        self.name = QLineEdit()
        self.name.setAccessibleName("Event name")
        self.year = spin_box("Year", 2000, 2100)
        self.ceremony = date_edit("Ceremony date", optional=True, start=self.today)
        self.deadline = date_edit("Nomination deadline", optional=True, start=self.today)
        self.venue = QLineEdit()
        self.venue.setAccessibleName("Venue")
        self.min_age = spin_box("Youngest age", 0, 120)
        self.max_age = spin_box("Oldest age", 0, 120)
        self.min_words = spin_box("Fewest words in a narrative", 1, 2000)
        self.max_words = spin_box("Most words in a narrative", 1, 20000)
        self.status = QComboBox()
        self.status.setAccessibleName("Stage")
        for stage in EventStatus:
            self.status.addItem(stage.label, stage.value)
        self.stage_words = QLabel()
        self.stage_words.setTextFormat(Qt.TextFormat.PlainText)
        self.stage_words.setWordWrap(True)
        self.stage_words.setAccessibleName("What this stage allows")

        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Year", self.year)
        form.addRow("&Ceremony date", self.ceremony)
        form.addRow("Nomination &deadline", self.deadline)
        form.addRow("&Venue", self.venue)
        form.addRow("Youngest a&ge", self.min_age)
        form.addRow("&Oldest age", self.max_age)
        form.addRow("", hint("Young people are nominated if their age on the ceremony date is "
                             "in this range.", muted=True))
        form.addRow("Fewest &words", self.min_words)
        form.addRow("&Most words", self.max_words)
        form.addRow("S&tage", self.status)
        form.addRow("", self.stage_words)
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "year": self.year, "ceremony_date": self.ceremony,
                       "nomination_deadline": self.deadline, "venue": self.venue,
                       "min_age": self.min_age, "max_age": self.max_age,
                       "min_words": self.min_words, "max_words": self.max_words,
                       "status": self.status}
        self.status.currentIndexChanged.connect(self.on_status_current_index_changed)
        self.loaded = ctx.read(self.load_current)
        self.fill(self.loaded.values)
        self.setWindowTitle(f"Event settings — {isolate(self.loaded.values['name'])}")
        # wide enough for a venue's full name, and short enough for 150 % on a laptop
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 96)
        # tall enough for every line of the wrapped notes (Qt opens a window at no more than
        # two thirds of the screen's height, which cut them off at 150 % on a laptop)
        shown = self.stage_words.text()
        self.stage_words.setText(max(events.STAGE_WORDS.values(), key=len))  # the longest
        self.setMinimumHeight(max(0, self.heightForWidth(self.minimumWidth())))
        self.stage_words.setText(shown)

    def on_status_current_index_changed(self, _index: int) -> None:
        stage = EventStatus(self.status.currentData())
        self.stage_words.setText(events.STAGE_WORDS[stage])

    def form_values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "year": self.year.value(),
            "ceremony_date": date_of(self.ceremony),
            "nomination_deadline": date_of(self.deadline),
            "venue": self.venue.text(),
            "min_age": self.min_age.value(),
            "max_age": self.max_age.value(),
            "min_words": self.min_words.value(),
            "max_words": self.max_words.value(),
            "status": EventStatus(self.status.currentData()),
        }

    def fill(self, values: Mapping[str, Any]) -> None:
        self.name.setText(values["name"])
        self.year.setValue(values["year"])
        show_date(self.ceremony, values["ceremony_date"])
        show_date(self.deadline, values["nomination_deadline"])
        self.venue.setText(values["venue"] or "")
        for line in (self.name, self.venue):
            line.setCursorPosition(0)  # the start of a long name shows, not its end
        for spin, key in ((self.min_age, "min_age"), (self.max_age, "max_age"),
                          (self.min_words, "min_words"), (self.max_words, "max_words")):
            spin.setValue(values[key])
        self.status.setCurrentIndex(self.status.findData(EventStatus(values["status"]).value))
        self.on_status_current_index_changed(self.status.currentIndex())

    def load_current(self, session: Session) -> Loaded:
        return events.event_for_edit(session, self.event_id)

    def accept(self) -> None:
        values, loaded, event_id = self.form_values(), self.loaded, self.event_id
        assert loaded is not None
        dates = ("year", "ceremony_date", "nomination_deadline")
        changed = any(values[k] != loaded.values[k] for k in dates)
        if changed and not confirm_dates(self, events.date_concerns(
                year=values["year"], ceremony_date=values["ceremony_date"],
                nomination_deadline=values["nomination_deadline"], today=self.today)):
            return
        if self.save(lambda s: events.update_event(
                s, event_id, expected_version=loaded.version, original=loaded.original,
                **values).id, saved="Saved the event settings."):
            super().accept()


def edit_event_settings(ctx: AppContext, parent: QWidget | None) -> bool:
    """File ▸ Event settings and the Overview's button: True once the settings were saved
    (every page then shows them)."""
    event_id = ctx.require_event()
    dialog = EventSettingsDialog(ctx, parent, event_id=event_id)
    if not dialog.exec():
        return False
    ctx.set_event(event_id)  # the title, dates and limits shown everywhere come from here
    return True

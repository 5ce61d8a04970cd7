"""Date boxes: dd/MM/yyyy with a calendar, and the optional kind that may show "Not set"
(an event's deadline, a new young person's date of birth) and starts sensibly from there."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit

#: QDateEdit always holds a date; this one, shown as "Not set", means none was entered
NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date box that may show "Not set". From there, typing a date or pressing ↑/↓ starts
    at ``start`` (a plain QDateEdit appends the digits to "Not set" and takes none of them,
    and steps from 01/01/2000), and the calendar opens at ``start``'s month. Selecting the
    whole date and pressing Delete or Backspace makes it "Not set" again."""

    def __init__(self, start: date) -> None:
        super().__init__()
        self.start = QDate(start.year, start.month, start.day)
        self.dateChanged.connect(self.calendar_near_start)

    def is_unset(self) -> bool:
        return self.date() == self.minimumDate() and bool(self.specialValueText())

    def calendar_near_start(self) -> None:
        if self.is_unset() and self.calendarWidget() is not None:
            self.calendarWidget().setCurrentPage(self.start.year(), self.start.month())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if self.is_unset() and (event.text().isdigit() or event.key() in steps):
            self.setDate(self.start)
            self.setSelectedSection(QDateEdit.Section.DaySection)
            if not event.text().isdigit():
                return  # the first arrow shows where it starts; the next ones step
        elif (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
              and self.lineEdit().selectedText() == self.text()):
            self.setDate(self.minimumDate())
            return
        super().keyPressEvent(event)


def date_edit(accessible_name: str, *, optional: bool, start: date | None = None,
              latest: date | None = None) -> QDateEdit:
    """A dd/MM/yyyy box with a calendar; ``optional``: it may be "Not set", and typing there
    starts from ``start`` (today when not given); no date after ``latest`` (2100 if None)."""
    edit = OptionalDateEdit(start or date.today()) if optional else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setAccessibleName(accessible_name)
    edit.setMinimumDate(NO_DATE)
    edit.setMaximumDate(QDate(latest.year, latest.month, latest.day) if latest
                        else QDate(2100, 12, 31))
    if isinstance(edit, OptionalDateEdit):
        edit.setSpecialValueText("Not set")
        edit.calendar_near_start()
    return edit


def date_of(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    if chosen == NO_DATE and edit.specialValueText():
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


def show_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)


def birthday_start() -> date:
    """Where typing or the calendar starts for a young person's date of birth: 1 January,
    19 years ago (care leavers are 16 to 25)."""
    return date(date.today().year - 19, 1, 1)

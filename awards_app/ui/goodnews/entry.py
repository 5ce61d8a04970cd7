"""One line of keyboard entry per story, at the top of the Good news page: date (today),
young person, worker (their team follows), team, the good news, why I'm proud, whether they
know. Enter anywhere adds the story; the line then clears what belongs to that story and the
cursor goes back to the first field for the next one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from awards_app.services.nominations import Choice
from awards_app.ui.common.widgets import chain_tab_order
from awards_app.ui.goodnews.fields import (
    date_edit,
    fill_choices,
    knows_combo,
    knows_of,
    picked_id,
    picker,
)


#: an id no record has: what was typed names nobody
UNKNOWN = -1


class QuickEntryWidget(QWidget):
    """``submitted`` is emitted on Enter (or Add); the page stores ``values()`` and calls
    ``added()`` once it has committed."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GoodNewsQuickEntry")
        self.teams: dict[int, str] = {}
        self.day = date_edit("Date of the good news")
        self.person = picker("Young person", "Type a name…")
        self.worker = picker("Worker", "Who is telling it")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.team.setPlaceholderText("The worker's team")
        self.story = QLineEdit()
        self.story.setAccessibleName("The good news")
        self.story.setPlaceholderText("What happened, in a sentence or two")
        self.why = QLineEdit()
        self.why.setAccessibleName("Why I'm proud")
        self.why.setPlaceholderText("Why you are proud of them")
        self.knows = knows_combo()
        self.add_button = QPushButton("&Add")
        self.add_button.setToolTip("Add the story (Enter)")
        self.add_button.clicked.connect(self.submitted.emit)
        self.worker.editTextChanged.connect(self.on_worker_edit_text_changed)

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.columns: list[tuple[QLabel, QWidget, int]] = []
        for widget, text, stretch in (
                (self.day, "&Date", 0), (self.person, "&Young person", 3),
                (self.worker, "&Worker", 3), (self.team, "Tea&m", 2),
                (self.story, "The &good news", 5), (self.why, "Why I'm &proud", 4),
                (self.knows, "They &know", 0)):
            label = QLabel(text)
            label.setBuddy(widget)
            self.columns.append((label, widget, stretch))
            widget.installEventFilter(self)
            line = getattr(widget, "lineEdit", lambda: None)()
            if isinstance(line, QLineEdit):
                line.installEventFilter(self)
                # a name picked shows from its start, not its end
                line.editingFinished.connect(lambda line=line: line.setCursorPosition(0))
        self.team.setMinimumWidth(self.team.fontMetrics().averageCharWidth() * 12)
        self._rows = 0
        self._arrange(1)
        for combo, letters in ((self.person, 14), (self.worker, 14)):
            combo.setSizeAdjustPolicy(
                combo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
            view = combo.view()
            view.setMinimumWidth(view.fontMetrics().averageCharWidth() * 48)  # whole names
        chain_tab_order(self.day, self.person, self.worker, self.team, self.story, self.why,
                        self.knows, self.add_button)

    def _arrange(self, rows: int) -> None:
        """The fields on one line, or on two when the page is narrow (150 % on a laptop)."""
        if rows == self._rows:
            return
        self._rows = rows
        for label, widget, _stretch in self.columns:
            self.grid.removeWidget(label)
            self.grid.removeWidget(widget)
        self.grid.removeWidget(self.add_button)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        per_row = 7 if rows == 1 else 4
        for place, (label, widget, stretch) in enumerate(self.columns):
            row, column = divmod(place, per_row)
            self.grid.addWidget(label, 2 * row, column)
            self.grid.addWidget(widget, 2 * row + 1, column)
            if rows == 1:
                self.grid.setColumnStretch(column, stretch)
        self.grid.addWidget(self.add_button, 2 * rows - 1, 7 if rows == 1 else 3)
        if rows == 2:
            for column in range(4):
                self.grid.setColumnStretch(column, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(1 if event.size().width() >= 120 * self.fontMetrics().averageCharWidth()
                      else 2)

    def set_choices(self, nominees: Sequence[Choice], workers: Sequence[Choice],
                    teams: Mapping[int, str]) -> None:
        fill_choices(self.person, nominees)
        fill_choices(self.worker, workers)
        self.teams = dict(teams)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)

    def on_worker_edit_text_changed(self, _text: str) -> None:
        worker_id = picked_id(self.worker)
        if worker_id is not None:
            self.team.setText(self.teams.get(worker_id, ""))  # the team follows the worker
            self.team.setCursorPosition(0)

    def values(self) -> dict[str, Any]:
        worker_id = picked_id(self.worker)
        if worker_id is not None and not self.team.text().strip():
            self.team.setText(self.teams.get(worker_id, ""))
        return {
            "story_date": self.day.date().toPython(),
            "nominee_id": picked_id(self.person),
            # a worker typed but not recognised: the service names the field to fix
            "worker_id": worker_id if worker_id is not None or not self.worker.currentText(
            ).strip() else UNKNOWN,
            "team": self.team.text(),
            "story": self.story.text(),
            "why_proud": self.why.text(),
            "young_person_knows": knows_of(self.knows),
        }

    @property
    def fields(self) -> dict[str, QWidget]:
        """The widgets by the names the service's problems use."""
        return {"story_date": self.day, "nominee": self.person, "worker": self.worker,
                "team": self.team, "story": self.story, "why_proud": self.why,
                "young_person_knows": self.knows}

    def added(self) -> None:
        """The story is stored: clear what belonged to it (the date and the worker stay, for
        the next story of the same meeting) and go back to the first field."""
        for combo in (self.person,):
            combo.setCurrentIndex(-1)
            combo.setEditText("")
        self.story.clear()
        self.why.clear()
        self.knows.setCurrentIndex(0)
        self.day.setFocus()

    def reset_date(self, day: date | None = None) -> None:
        day = day or date.today()
        self.day.setDate(QDate(day.year, day.month, day.day))

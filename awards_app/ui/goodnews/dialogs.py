"""Opening a story to read it in full and change it: a SavingDialog, so a save made from a
stale copy is refused and Reload puts the person's changes back on top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from awards_app.core.enums import Answer
from awards_app.core.text import isolate
from awards_app.services import goodnews
from awards_app.services.goodnews import StoryRow
from awards_app.services.nominations import Choice
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.forms import text_box
from awards_app.ui.common.widgets import hint
from awards_app.ui.goodnews.entry import UNKNOWN
from awards_app.ui.goodnews.fields import (
    date_edit,
    fill_choices,
    knows_combo,
    knows_of,
    picked_id,
    picker,
    select_id,
    set_knows,
)

if TYPE_CHECKING:
    from awards_app.core.editing import Loaded
    from sqlalchemy.orm import Session


class StoryDialog(SavingDialog):
    """One good-news story: date, young person, worker, team, the story, why I'm proud, and
    whether the young person knows it is being shared."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, row: StoryRow, *,
                 nominees: Sequence[Choice], workers: Sequence[Choice],
                 teams: Mapping[int, str] | None = None) -> None:
        super().__init__(ctx, parent, ok_text="&Save")
        self.setObjectName("StoryDialog")
        self.story_id = row.id
        self.setWindowTitle(f"Good news — {isolate(row.young_person)}, "
                            f"{row.story_date:%d/%m/%Y}")
        self.loaded = ctx.read(lambda s: goodnews.story_for_edit(s, row.id))
        self.day = date_edit("Date of the good news")
        self.person = picker("Young person", "Type a name…")
        self.worker = picker("Worker", "Who is telling it")
        fill_choices(self.person, nominees)
        fill_choices(self.worker, workers)
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.story = text_box("The good news", 4)
        self.why = text_box("Why I'm proud", 3)
        self.knows = knows_combo()
        form = QFormLayout(self)
        form.addRow("&Date", self.day)
        form.addRow("&Young person", self.person)
        form.addRow("&Worker", self.worker)
        form.addRow("Tea&m", self.team)
        form.addRow("The &good news", self.story)
        form.addRow("Why I'm &proud", self.why)
        form.addRow("They &know", self.knows)
        if row.nomination_ref:
            form.addRow("", hint(f"This story became nomination {row.nomination_ref}; "
                                 "changing it here does not change the nomination.",
                                 muted=True))
        form.addRow(self.buttons)
        self.fields = {"story_date": self.day, "nominee": self.person, "worker": self.worker,
                       "team": self.team, "story": self.story, "why_proud": self.why,
                       "young_person_knows": self.knows}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.fill(self.loaded.values)
        self.teams = dict(teams or {})
        self.worker.activated.connect(self.on_worker_activated)

    def on_worker_activated(self, _index: int) -> None:
        """Another worker chosen: their team comes with them (and can still be changed)."""
        worker_id = picked_id(self.worker)
        if worker_id is not None and worker_id in self.teams:
            self.team.setText(self.teams[worker_id])

    def form_values(self) -> dict[str, Any]:
        worker_id = picked_id(self.worker)
        if worker_id is None and self.worker.currentText().strip():
            worker_id = UNKNOWN
        return {
            "story_date": self.day.date().toPython(),
            "nominee_id": picked_id(self.person),
            "worker_id": worker_id,
            "team": self.team.text(),
            "story": self.story.toPlainText(),
            "why_proud": self.why.toPlainText(),
            "young_person_knows": knows_of(self.knows),
        }

    def fill(self, values: Mapping[str, Any]) -> None:
        day = values["story_date"]
        if isinstance(day, date):
            self.day.setDate(QDate(day.year, day.month, day.day))
        select_id(self.person, values["nominee_id"])
        select_id(self.worker, values["worker_id"])
        self.team.setText(values["team"] or "")
        self.story.setPlainText(values["story"] or "")
        self.why.setPlainText(values["why_proud"] or "")
        set_knows(self.knows, Answer(values["young_person_knows"]))

    def load_current(self, session: Session) -> Loaded:
        return goodnews.story_for_edit(session, self.story_id)

    def accept(self) -> None:
        values, loaded, story_id = self.form_values(), self.loaded, self.story_id
        assert loaded is not None
        if self.save(lambda s: goodnews.update_story(
                s, story_id, expected_version=loaded.version, original=loaded.original,
                **values).id, saved="Saved the good news story."):
            super().accept()

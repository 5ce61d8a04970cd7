"""Adding and editing a young person (nominee) or a nominating worker.

Both dialogs save in ``accept()``: a refused save outlines the fields named by the service,
says what to fix, and keeps the dialog open with everything typed still there. Editing, they
hand back the version and values they were filled from, so a save from a stale copy is
refused and offers Reload (``SavingDialog``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from awards_app.core.certificates import SURNAME_IN_PREFERRED, contains_surname
from awards_app.core.editing import Loaded
from awards_app.core.enums import Answer
from awards_app.services import people
from awards_app.services.people import NomineeRow, WorkerRow
from awards_app.ui.common.dates import birthday_start, date_edit, date_of, show_date
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.forms import line_edit
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CONSENT_QUESTIONS = (
    ("consent_certificate_name", "Full &name on a certificate?"),
    ("consent_public", "Name shared &publicly?"),
    ("consent_photo", "P&hotos taken and used?"),
)

#: what a save says: the record, never the person's name (it is shown, not logged, but
#: the screen may be shared)
NOMINEE_SAVED = "Saved the young person's details."
WORKER_SAVED = "Saved the worker's details."


def _line_edit(name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    edit = line_edit(name, placeholder, text=text)
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 44)
    return edit


class NomineeDialog(SavingDialog):
    """A young person: names, date of birth, where they live, consents, safeguarding."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 nominee: NomineeRow | None = None) -> None:
        super().__init__(ctx, parent, ok_text="&Save" if nominee else "&Add young person")
        self.nominee_id = nominee.id if nominee else None
        if nominee is not None:
            self.loaded = Loaded(nominee.version, nominee.editable)
        self.setWindowTitle(f"Edit {isolate(f'{nominee.first_name} {nominee.last_name}')}"
                            if nominee
                            else "Add a young person")
        self.first_name = _line_edit("First name", nominee.first_name if nominee else "")
        self.last_name = _line_edit("Last name", nominee.last_name if nominee else "")
        self.preferred_name = _line_edit(
            "Preferred name", nominee.preferred_name if nominee else "",
            "Leave blank to use the first name")
        self.preferred_warning = hint(SURNAME_IN_PREFERRED)
        self.preferred_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.preferred_warning.setStyleSheet("color: #8a4b00;")
        for name_field in (self.preferred_name, self.last_name):
            name_field.textChanged.connect(self._check_preferred_name)
        self.pronunciation = _line_edit(
            "How to say their name", nominee.pronunciation if nominee else "",
            "For the ceremony script, e.g. AH-mee-rah")
        self.pronunciation.setMaxLength(people.PRONUNCIATION_MAX)
        # "Not set" until chosen; typing or the calendar starts 19 years ago, not at 1900
        self.date_of_birth = date_edit("Date of birth", optional=True, start=birthday_start(),
                                       latest=date.today())
        show_date(self.date_of_birth, nominee.date_of_birth if nominee else None)
        self.out_of_area = QCheckBox("Lives &outside our area")
        self.out_of_area.setChecked(bool(nominee and nominee.out_of_area))
        self.consents: dict[str, QComboBox] = {}
        for field, question in CONSENT_QUESTIONS:
            combo = QComboBox()
            for answer in (Answer.NOT_ASKED, Answer.YES, Answer.NO):
                combo.addItem(answer.label, answer.value)
            current = getattr(nominee, field) if nominee else Answer.NOT_ASKED
            combo.setCurrentIndex(combo.findData(current.value))
            combo.setAccessibleName(question.replace("&", ""))
            self.consents[field] = combo
        self.do_not_publish = QCheckBox("&Do not publish anything (safeguarding)")
        self.do_not_publish.setAccessibleDescription(
            "Nothing about this young person is printed, read out or shared, whatever the "
            "consents say")
        self.do_not_publish.setChecked(bool(nominee and nominee.do_not_publish))

        form = QFormLayout(self)
        form.addRow("&First name", self.first_name)
        form.addRow("&Last name", self.last_name)
        form.addRow("P&referred name", self.preferred_name)
        form.addRow("", self.preferred_warning)
        self._check_preferred_name()
        form.addRow("How to sa&y it", self.pronunciation)
        form.addRow("Date of &birth", self.date_of_birth)
        form.addRow("", self.out_of_area)
        heading = QLabel("<b>Consent</b> — what has the young person agreed to?")
        heading.setWordWrap(True)
        form.addRow(heading)
        for field, question in CONSENT_QUESTIONS:
            form.addRow(question, self.consents[field])
        form.addRow("", self.do_not_publish)
        form.addRow(self.buttons)
        self.fields = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "preferred_name": self.preferred_name,
            "pronunciation": self.pronunciation,
            "date_of_birth": self.date_of_birth,
            "out_of_area": self.out_of_area,
            **self.consents,
            "do_not_publish": self.do_not_publish,
        }

    def _check_preferred_name(self) -> None:
        """Warn, refusing nothing, when the preferred name holds the surname."""
        self.preferred_warning.setVisible(contains_surname(self.preferred_name.text(),
                                                           self.last_name.text()))

    def values(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name.text(),
            "last_name": self.last_name.text(),
            "preferred_name": self.preferred_name.text(),
            "pronunciation": self.pronunciation.text(),
            "date_of_birth": date_of(self.date_of_birth),
            "out_of_area": self.out_of_area.isChecked(),
            **{field: combo.currentData() for field, combo in self.consents.items()},
            "do_not_publish": self.do_not_publish.isChecked(),
        }

    def form_values(self) -> dict[str, Any]:
        return self.values()

    def fill(self, values: Mapping[str, Any]) -> None:
        self.first_name.setText(values["first_name"])
        self.last_name.setText(values["last_name"])
        self.preferred_name.setText(values["preferred_name"])
        self.pronunciation.setText(values.get("pronunciation") or "")
        show_date(self.date_of_birth, values["date_of_birth"])
        self.out_of_area.setChecked(bool(values["out_of_area"]))
        for field, combo in self.consents.items():
            combo.setCurrentIndex(combo.findData(Answer(values[field]).value))
        self.do_not_publish.setChecked(bool(values["do_not_publish"]))

    def load_current(self, session: Session) -> Loaded:
        assert self.nominee_id is not None
        return people.nominee_for_edit(session, self.nominee_id)

    def accept(self) -> None:
        values, nominee_id, loaded = self.values(), self.nominee_id, self.loaded
        if nominee_id is None or loaded is None:
            saved = self.save(lambda s: people.create_nominee(s, **values).id, saved=NOMINEE_SAVED)
        else:
            saved = self.save(lambda s: people.update_nominee(
                s, nominee_id, expected_version=loaded.version, original=loaded.original,
                **values).id, saved=NOMINEE_SAVED)
        if saved:
            super().accept()


class WorkerDialog(SavingDialog):
    """A nominating worker: name, work email (how imports recognise them), team."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 worker: WorkerRow | None = None) -> None:
        super().__init__(ctx, parent, ok_text="&Save" if worker else "&Add worker")
        self.worker_id = worker.id if worker else None
        if worker is not None:
            self.loaded = Loaded(worker.version, worker.editable)
        self.setWindowTitle(f"Edit {isolate(worker.name)}" if worker else "Add a worker")
        self.name = _line_edit("Name", worker.name if worker else "")
        self.email = _line_edit("Email", worker.email if worker else "",
                                "name@council.example")
        self.team = _line_edit("Team", worker.team if worker else "")
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Email", self.email)
        form.addRow("&Team", self.team)
        form.addRow("", hint("Imports recognise a worker by their email, so use their work "
                             "address.", muted=True))
        form.addRow(self.buttons)
        self.fields = {"name": self.name, "email": self.email, "team": self.team}

    def form_values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "email": self.email.text(), "team": self.team.text()}

    def fill(self, values: Mapping[str, Any]) -> None:
        self.name.setText(values["name"] or "")
        self.email.setText(values["email"] or "")
        self.team.setText(values["team"] or "")

    def load_current(self, session: Session) -> Loaded:
        assert self.worker_id is not None
        return people.worker_for_edit(session, self.worker_id)

    def accept(self) -> None:
        values, worker_id, loaded = self.form_values(), self.worker_id, self.loaded
        if worker_id is None or loaded is None:
            saved = self.save(lambda s: people.create_worker(s, **values).id, saved=WORKER_SAVED)
        else:
            saved = self.save(lambda s: people.update_worker(
                s, worker_id, expected_version=loaded.version, original=loaded.original,
                **values).id, saved=WORKER_SAVED)
        if saved:
            super().accept()

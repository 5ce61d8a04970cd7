"""The nomination editor: the young person, the nomination, and the two narratives side by side.

Save goes through services.nominations.save_nomination_form (one transaction); every field a
rule refuses is outlined and the first one focused. Closing with unsaved changes asks. The
save hands back the form as loaded (versions and values): if someone changed the young person
or the nomination meanwhile, the save is refused naming who, when and what, and Reload shows
what is stored now with the person's own changes put back on top, outlined.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.certificates import SURNAME_IN_PREFERRED, contains_surname
from awards_app.core.editing import person_edits, same
from awards_app.core.enums import Answer, NominationStatus
from awards_app.core.errors import StaleEditError, ValidationError
from awards_app.services import nominations, people
from awards_app.ui.common.dates import birthday_start, date_edit, date_of, show_date
from awards_app.ui.common.actions import press_with
from awards_app.ui.common.completer import FoldingCompleter
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import StaleBanner, changed_elsewhere_text
from awards_app.ui.common.errors import describe, show_error
from awards_app.ui.common.forms import clear_invalid, mark_invalid, mark_reapplied, outline
from awards_app.ui.common.plain import plain_tooltip
from awards_app.ui.nominations.narrative_edit import NarrativeEdit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NEW_PERSON = -1
NO_WORKER = 0


def _answer_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for answer in Answer:
        combo.addItem(answer.label, answer.value)
    return combo


def _select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class NominationEditor(QDialog):
    saved = Signal(int)  # nomination id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 nomination_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("NominationEditor")
        self.setWindowTitle("New nomination")
        self.setSizeGripEnabled(True)
        self._fit_to_screen(1180, 760)
        event_id = ctx.require_event()
        def load(s: Session) -> tuple[Any, ...]:
            form = nominations.nomination_form(s, event_id, nomination_id)
            return (form, nominations.nominee_choices(s),  # the nominator, even one who left
                    nominations.worker_choices(s, keep=form.nomination.get("worker_id")),
                    nominations.category_choices(s, event_id))

        self.form_data, self.nominees, self.workers, self.categories = ctx.read(load)
        self.nomination_id = self.form_data.nomination_id
        #: more work stored with each save, in its transaction (the good-news story a new
        #: nomination was made from remembers it: ui/goodnews), given the nomination's id
        self.also_when_saved: Callable[[Session, int], object] | None = None
        self._build()
        self._load()
        self._snapshot = self._values()

    def worker_dialog(self) -> QDialog:
        """The New worker dialog, not yet shown (tests fill it in and accept it); the worker
        it saves is added to the list and chosen."""
        from awards_app.ui.people.dialogs import WorkerDialog

        dialog = WorkerDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._worker_added(dialog.saved_id))
        return dialog

    def add_worker(self) -> None:
        self.worker_dialog().exec()

    def _worker_added(self, worker_id: int | None) -> None:
        if worker_id is None:
            return
        keep = self.form_data.nomination.get("worker_id")
        self.workers = self.ctx.read(lambda s: nominations.worker_choices(s, keep=keep))
        while self.worker.count() > 1:  # the first item is "Choose…" / "Not recorded"
            self.worker.removeItem(1)
        for choice in self.workers:
            self.worker.addItem(choice.label, choice.id)
        _select_data(self.worker, worker_id)
        self.worker.setFocus()

    def prefill(self, *, nominee_id: int, worker_id: int | None, success: str) -> None:
        """Start a new nomination with a young person, a worker and the beginning of their
        success (a good-news story); the editor counts them as unsaved changes."""
        _select_data(self.person_picker, nominee_id)  # loads the young person's details
        if worker_id is not None and self.worker.findData(worker_id) >= 0:
            _select_data(self.worker, worker_id)
        self.success.set_text(success)
        self._update_heading()

    def _check_preferred_name(self) -> None:
        """Warn (without refusing anything) when the preferred name holds the surname: the
        consent rule keeps it off certificates, but the coordinator should know."""
        self.preferred_warning.setVisible(contains_surname(self.preferred_name.text(),
                                                           self.last_name.text()))

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        rules = self.form_data.event_rules
        person = QGroupBox("Young person")
        self.person_picker = QComboBox()
        self.person_picker.setAccessibleName("Young person")
        self.person_picker.setEditable(True)
        self.person_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person_picker.addItem("➕ New young person", NEW_PERSON)
        for choice in self.nominees:
            self.person_picker.addItem(choice.label, choice.id)
        # suggestions hold what was typed, case and accents ignored ("zoe" suggests Zoë)
        self.person_picker.setCompleter(
            FoldingCompleter(self.person_picker.model(), self.person_picker))
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.preferred_name = QLineEdit()
        self.preferred_name.setPlaceholderText("What they like to be called")
        self.preferred_warning = QLabel(SURNAME_IN_PREFERRED)
        self.preferred_warning.setObjectName("PreferredNameWarning")
        self.preferred_warning.setWordWrap(True)
        self.preferred_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.preferred_warning.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preferred_warning.setStyleSheet("color: #8a4b00;")
        self.preferred_warning.hide()
        for name_field in (self.preferred_name, self.last_name):
            name_field.textChanged.connect(self._check_preferred_name)
        # a new young person starts "Not set"; typing or the calendar starts 19 years ago
        self.date_of_birth = date_edit("Date of birth", optional=True, start=birthday_start(),
                                       latest=date.today())
        self.out_of_area = QCheckBox("Lives out of area")
        self.consent_certificate = _answer_combo("Consent: name on certificate")
        self.consent_public = _answer_combo("Consent: name read out or printed publicly")
        self.consent_photo = _answer_combo("Consent: photos")
        self.do_not_publish = QCheckBox("Do not publish anything (safeguarding)")
        for widget, name in ((self.first_name, "First name"), (self.last_name, "Last name"),
                             (self.preferred_name, "Preferred name"),
                             (self.date_of_birth, "Date of birth")):
            widget.setAccessibleName(name)
        person_form = QFormLayout(person)
        person_form.addRow("&Choose", self.person_picker)
        person_form.addRow("&First name", self.first_name)
        person_form.addRow("&Last name", self.last_name)
        person_form.addRow("&Preferred name", self.preferred_name)
        person_form.addRow("", self.preferred_warning)
        person_form.addRow("Date of &birth", self.date_of_birth)
        person_form.addRow("", self.out_of_area)
        person_form.addRow("Name on certificate", self.consent_certificate)
        person_form.addRow("Name read out / printed", self.consent_public)
        person_form.addRow("Photos", self.consent_photo)
        person_form.addRow("", self.do_not_publish)

        details = QGroupBox("Nomination")
        self.category = QComboBox()
        self.category.setAccessibleName("Category")
        self.category.addItem("Choose a category…", 0)
        for choice in self.categories:
            self.category.addItem(choice.label, choice.id)
        self.worker = QComboBox()
        self.worker.setAccessibleName("Nominating worker")
        # A new nomination needs its nominator (core.validation's rule, imports' too): nothing
        # is chosen until the person does; one stored without one says so.
        stored_without = (self.form_data.nomination_id is not None
                          and not self.form_data.nomination.get("worker_id"))
        self.worker.addItem("Not recorded" if stored_without else "Choose the nominating worker…",
                            NO_WORKER)
        for choice in self.workers:
            self.worker.addItem(choice.label, choice.id)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in NominationStatus:
            if status is not NominationStatus.WITHDRAWN:
                self.status.addItem(status.label, status.value)
        self.aware = _answer_combo("Does the young person know about the nomination?")
        self.age_reason = QLineEdit()
        self.age_reason.setAccessibleName("Reason for an age exception")
        self.age_reason.setPlaceholderText(
            f"Only if they are outside {rules.min_age}–{rules.max_age} on the ceremony date")
        # Someone not in the list yet is added here, without leaving the nomination.
        self.new_worker = QPushButton("&New worker…")
        self.new_worker.setToolTip(plain_tooltip(
            "Add a worker who is not in the list yet (they join the Workers page) and choose "
            "them here"))
        self.new_worker.clicked.connect(self.add_worker)
        worker_row = QHBoxLayout()
        worker_row.setContentsMargins(0, 0, 0, 0)
        worker_row.addWidget(self.worker, 1)
        worker_row.addWidget(self.new_worker)
        worker_label = QLabel("&Worker")
        worker_label.setBuddy(self.worker)
        details_form = QFormLayout(details)
        details_form.addRow("C&ategory", self.category)
        details_form.addRow(worker_label, worker_row)
        details_form.addRow("Stat&us", self.status)
        details_form.addRow("They &know about it", self.aware)
        details_form.addRow("Age e&xception", self.age_reason)

        self.success = NarrativeEdit(
            "Their success", "What did they achieve? Be specific: what, when, how it changed "
            "things for them.", min_words=rules.min_words, max_words=rules.max_words)
        self.obstacles = NarrativeEdit(
            "Obstacles overcome", "What stood in their way, and how did they keep going?",
            min_words=rules.min_words, max_words=rules.max_words)
        self.voice = QPlainTextEdit()
        self.voice.setAccessibleName("The young person's own words")
        self.voice.setPlaceholderText("Optional: a few words from the young person themselves.")
        self.voice.setTabChangesFocus(True)
        self.citation = QLineEdit()
        self.citation.setAccessibleName("Certificate citation")
        self.citation.setPlaceholderText("One or two sentences for the certificate (no names)")
        self.citation.setMaxLength(400)

        narratives = QSplitter(Qt.Orientation.Horizontal)
        narratives.setObjectName("NarrativeSplitter")
        narratives.addWidget(self.success)
        narratives.addWidget(self.obstacles)
        narratives.setChildrenCollapsible(False)
        voice_box = QWidget()
        voice_layout = QFormLayout(voice_box)
        voice_layout.setContentsMargins(0, 0, 0, 0)
        voice_layout.addRow("Their own wor&ds", self.voice)
        voice_layout.addRow("Ci&tation", self.citation)
        self.voice.setMaximumHeight(self.fontMetrics().height() * 5)

        # The form column scrolls, so the editor fits a small laptop screen at 150% scaling.
        form = QWidget()
        left = QVBoxLayout(form)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(person)
        left.addWidget(details)
        left.addStretch(1)
        form_scroll = QScrollArea()
        form_scroll.setWidget(form)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setMinimumWidth(form.sizeHint().width()
                                    + form_scroll.verticalScrollBar().sizeHint().width())
        right = QVBoxLayout()
        right.addWidget(narratives, 1)
        right.addWidget(voice_box)
        body = QHBoxLayout()
        body.addWidget(form_scroll, 0)
        body.addLayout(right, 1)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        heading_font = self.heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.problems = QLabel()
        self.problems.setObjectName("Problems")
        self.problems.setAccessibleName("Problems to fix")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c62828;")
        self.problems.hide()
        self.stale = StaleBanner(self)
        self.stale.reload_requested.connect(self.reload)
        self.ctx.data_changed.connect(self.on_ctx_data_changed)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("&Save")
        self.save_close_button = QPushButton("Save && cl&ose")
        self.save_close_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_close_button.setAutoDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        self.buttons.addButton(self.save_close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self.save)
        self.save_close_button.clicked.connect(self.save_and_close)
        self.buttons.rejected.connect(self.reject)
        press_with(self.save_button, QKeySequence.StandardKey.Save, parent=self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stale)
        layout.addWidget(self.problems)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.fields: dict[str, QWidget] = {
            "first_name": self.first_name, "last_name": self.last_name,
            "preferred_name": self.preferred_name, "date_of_birth": self.date_of_birth,
            "consent_certificate_name": self.consent_certificate,
            "consent_public": self.consent_public, "consent_photo": self.consent_photo,
            "category": self.category, "worker": self.worker, "status": self.status,
            "nominee_aware": self.aware, "age_override_reason": self.age_reason,
            "success": self.success, "obstacles": self.obstacles,
            "nominee_voice": self.voice, "citation": self.citation,
        }
        #: every field by the name the services give it (outlining reapplied changes)
        self.all_fields: dict[str, QWidget] = {
            **self.fields, "out_of_area": self.out_of_area,
            "do_not_publish": self.do_not_publish, "category_id": self.category,
            "worker_id": self.worker,
        }
        self.person_picker.currentIndexChanged.connect(self.on_person_picker_changed)
        self.status.currentIndexChanged.connect(self._update_word_rules)

    def _fit_to_screen(self, width: int, height: int) -> None:
        parent = self.parentWidget()
        screen = self.screen() if parent is None else parent.screen()
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, int(area.width() * 0.95))
            height = min(height, int(area.height() * 0.9))
        self.resize(width, height)

    # --- loading and reading values ------------------------------------------------------

    def _load(self) -> None:
        data = self.form_data
        if data.nomination_id is not None:
            self.setWindowTitle(f"Nomination {data.ref}")
        person = data.nominee
        if data.nominee_id is not None:
            self.person_picker.blockSignals(True)  # the person shown is the form's
            _select_data(self.person_picker, data.nominee_id)
            self.person_picker.blockSignals(False)
        self._fill_person(person)
        self._fill_nomination(data.nomination)
        self._update_heading()
        self._update_word_rules()

    def _fill_nomination(self, nomination: Mapping[str, Any]) -> None:
        _select_data(self.category, nomination.get("category_id") or 0)
        _select_data(self.worker, nomination.get("worker_id") or NO_WORKER)
        _select_data(self.status, NominationStatus(nomination.get("status", "submitted")).value)
        _select_data(self.aware, Answer(nomination.get("nominee_aware", "not_asked")).value)
        self.age_reason.setText(nomination.get("age_override_reason", ""))
        self.success.set_text(nomination.get("success", ""))
        self.obstacles.set_text(nomination.get("obstacles", ""))
        self.voice.setPlainText(nomination.get("nominee_voice", ""))
        self.citation.setText(nomination.get("citation", ""))
        self.citation.setCursorPosition(0)

    def _fill_person(self, person: Mapping[str, Any]) -> None:
        self.first_name.setText(person.get("first_name", ""))
        self.last_name.setText(person.get("last_name", ""))
        self.preferred_name.setText(person.get("preferred_name", ""))
        dob = person.get("date_of_birth")
        show_date(self.date_of_birth, dob if isinstance(dob, date) else None)
        self.out_of_area.setChecked(bool(person.get("out_of_area")))
        self.do_not_publish.setChecked(bool(person.get("do_not_publish")))
        for combo, key in ((self.consent_certificate, "consent_certificate_name"),
                           (self.consent_public, "consent_public"),
                           (self.consent_photo, "consent_photo")):
            _select_data(combo, Answer(person.get(key, "not_asked")).value)

    def on_person_picker_changed(self, _index: int) -> None:
        nominee_id = self.person_picker.currentData()
        if nominee_id is None:
            return
        if nominee_id == NEW_PERSON:
            self.form_data = self.form_data.with_nominee(None, {}, None)
            self._fill_person({})
            return
        # What this young person's fields were when picked: edits and staleness count from it.
        loaded = self.ctx.read(lambda s: people.nominee_for_edit(s, nominee_id))
        self.form_data = self.form_data.with_nominee(nominee_id, loaded.values, loaded.version)
        self._fill_person(loaded.values)

    def _update_heading(self) -> None:
        ref = self.form_data.ref or "New nomination"
        name = self.preferred_name.text().strip() or self.first_name.text().strip()
        self.heading.setText(f"{ref}" + (f" — {name}" if name else ""))

    def _update_word_rules(self) -> None:
        rules = self.form_data.event_rules
        draft = self.status.currentData() == NominationStatus.DRAFT.value
        for narrative in (self.success, self.obstacles):
            narrative.set_limits(0 if draft else rules.min_words, rules.max_words,
                                 required=not draft)

    def nominee_values(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name.text(),
            "last_name": self.last_name.text(),
            "preferred_name": self.preferred_name.text(),
            "date_of_birth": date_of(self.date_of_birth),
            "out_of_area": self.out_of_area.isChecked(),
            "consent_certificate_name": Answer(self.consent_certificate.currentData()),
            "consent_public": Answer(self.consent_public.currentData()),
            "consent_photo": Answer(self.consent_photo.currentData()),
            "do_not_publish": self.do_not_publish.isChecked(),
        }

    def nomination_values(self) -> dict[str, Any]:
        worker = self.worker.currentData()
        return {
            "category_id": self.category.currentData() or None,
            "worker_id": worker if worker and worker != NO_WORKER else None,
            "status": NominationStatus(self.status.currentData()),
            "nominee_aware": Answer(self.aware.currentData()),
            "age_override_reason": self.age_reason.text(),
            "success": self.success.text(),
            "obstacles": self.obstacles.text(),
            "nominee_voice": self.voice.toPlainText(),
            "citation": self.citation.text(),
        }

    def _values(self) -> tuple[Any, ...]:
        return (self.person_picker.currentData(), tuple(self.nominee_values().items()),
                tuple(self.nomination_values().items()))

    @property
    def is_dirty(self) -> bool:
        return self._values() != self._snapshot

    # --- saving and closing --------------------------------------------------------------

    def save(self) -> bool:
        picked = self.person_picker.currentData()
        nominee_id = None if picked in (None, NEW_PERSON) else int(picked)
        event_id = self.ctx.require_event()
        nominee, nomination = self.nominee_values(), self.nomination_values()
        loaded = self.form_data
        try:
            def store(s: Session) -> int:
                nomination_id = nominations.save_nomination_form(
                    s, event_id=event_id, nomination_id=self.nomination_id,
                    nominee_id=nominee_id, nominee=nominee, nomination=nomination, loaded=loaded)
                if self.also_when_saved is not None:  # in the same unit of work
                    self.also_when_saved(s, nomination_id)
                return nomination_id

            saved_id = self.ctx.write(
                store, saved=lambda nid: f"Saved nomination {self._ref_of(event_id, nid)}.")
        except StaleEditError as exc:
            self.stale.show_refusal(exc)
            return False
        except ValidationError as exc:
            marked = mark_invalid(self.fields, exc)
            about_person = [e.message for e in exc.errors if e.field == "nominee"]
            outline(self.person_picker, bool(about_person))
            if about_person:  # age and duplicate problems: shown on the date of birth too
                self.date_of_birth.setProperty("invalid", True)
                outline(self.date_of_birth, True)
                self.date_of_birth.setToolTip(plain_tooltip("\n".join(about_person)))
                marked = marked or [self.date_of_birth]
            self.problems.setText("Not saved yet — please fix:\n" + describe(exc))
            self.problems.show()
            show_error(self, exc)
            if marked:
                marked[0].setFocus()
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        clear_invalid(self.all_fields)
        outline(self.person_picker, False)
        self.problems.hide()
        self.stale.hide()
        self.nomination_id = saved_id
        self.form_data = self.ctx.read(
            lambda s: nominations.nomination_form(s, event_id, saved_id))
        self._reload_people_choices()
        self._load()
        self._snapshot = self._values()
        self.saved.emit(saved_id)
        return True

    def _ref_of(self, event_id: int, nomination_id: int) -> str:
        """A just-saved nomination's reference ("N-0012"), for saying what was saved."""
        return self.ctx.read(lambda s: nominations.nomination_form(s, event_id, nomination_id)).ref

    def on_ctx_data_changed(self) -> None:
        """Someone else changed the database while this editor is open: if they changed the
        nomination or its young person as shown here, say so quietly. The form stays as
        typed; a save is refused and offers Reload, as ever."""
        loaded, nomination_id = self.form_data, self.nomination_id
        if (not self.ctx.for_others or nomination_id is None or not self.isVisible()
                or self.stale.offering_reload or self.ctx.event_id is None):
            return
        event_id = self.ctx.event_id
        try:
            fresh = self.ctx.read(
                lambda s: nominations.nomination_form(s, event_id, nomination_id))
        except Exception:  # removed meanwhile, or cannot tell: the save will say
            return
        pairs = [(loaded.version, fresh.version, loaded.nomination, fresh.nomination)]
        if loaded.nominee_id == fresh.nominee_id:
            pairs.append((loaded.nominee_version, fresh.nominee_version, loaded.nominee,
                          fresh.nominee))
        if any(then != now and any(not same(v, new.get(k)) for k, v in old.items())
               for then, now, old, new in pairs):
            self.stale.show_note(changed_elsewhere_text(datetime.now()))

    def reload(self) -> None:
        """Show the young person and the nomination as stored now, with the person's own
        changes (what differs from what the form was loaded with) put back on top and
        outlined, ready to save again."""
        picked = self.person_picker.currentData()
        nominee_edits = person_edits(self.nominee_values(), self.form_data.nominee)
        nomination_edits = person_edits(self.nomination_values(), self.form_data.nomination)
        event_id, nomination_id = self.ctx.require_event(), self.nomination_id

        def load(session: Session) -> nominations.NominationForm:
            form = nominations.nomination_form(session, event_id, nomination_id)
            if picked == NEW_PERSON:
                return form.with_nominee(None, {}, None)
            if picked is not None and picked != form.nominee_id:  # they picked someone else
                person = people.nominee_for_edit(session, picked)
                return form.with_nominee(picked, person.values, person.version)
            return form

        try:
            self.form_data = self.ctx.read(load)
            self._reload_people_choices()
        except Exception as exc:  # e.g. removed meanwhile
            show_error(self, exc)
            return
        self._load()
        if picked == NEW_PERSON:
            _select_data(self.person_picker, NEW_PERSON)
        self._snapshot = self._values()  # what is stored: the reapplied changes are unsaved
        self._fill_person({**self.form_data.nominee, **nominee_edits})
        self._fill_nomination({**self.form_data.nomination, **nomination_edits})
        self._update_heading()
        self._update_word_rules()
        clear_invalid(self.all_fields)
        self.problems.hide()
        mark_reapplied(self.all_fields, [*nominee_edits, *nomination_edits])
        self.stale.show_reloaded(bool(nominee_edits or nomination_edits))

    def _reload_people_choices(self) -> None:
        choices = self.ctx.read(nominations.nominee_choices)
        self.person_picker.blockSignals(True)
        self.person_picker.clear()
        self.person_picker.addItem("➕ New young person", NEW_PERSON)
        for choice in choices:
            self.person_picker.addItem(choice.label, choice.id)
        self.person_picker.blockSignals(False)

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def confirm_discard(self) -> bool:
        """True when it is fine to close: nothing unsaved, saved now, or discarded."""
        if not self.is_dirty:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes", "Save your changes to this nomination?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.confirm_discard():
            super().reject()

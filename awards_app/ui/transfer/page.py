"""Import / export: every kind the program imports from a spreadsheet (nominations, sponsors,
paper scores… — whatever ``services/transfer/importers.IMPORTERS`` lists), their blank
templates, and the whole event out as JSON, CSV or Excel (and an exported event back in).

An import is checked first: the file's rows are shown with every problem listed beside them
(a dry run in the background), and Import is offered only when there are none. A file in
someone else's columns (a form's export) is first mapped onto the program's fields in the
mapping dialog (mapping_dialog.py); a mapping saved by name is proposed again for a file with
the same headers, and a growing file imported again adds only its new rows. The real
import then runs in the background too, with progress and Cancel; cancelling rolls it back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.errors import Cancelled, ValidationError
from awards_app.services.catalogue import categories
from awards_app.services.transfer import importers, templates
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS, ImportResult
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.services.transfer.mapping_fields import KINDS as MAPPED_KINDS
from awards_app.services.transfer.mapping_fields import label as field_label
from awards_app.ui import settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import isolate, plural
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import Page
from awards_app.ui.common.plain import plain_label
from awards_app.ui.transfer.check_tables import CheckTables
from awards_app.ui.transfer.encoding_dialog import EncodingDialog
from awards_app.ui.transfer.mapping_dialog import MappingDialog, match_columns
from awards_app.ui.transfer.jobs import (
    CheckOutcome,
    MappingProposal,
    check_job,
    event_import_job,
    export_job,
    import_job,
)

SPREADSHEETS = "Spreadsheets (*.csv *.xlsx);;All files (*)"
TEMPLATE_FILTERS = "Excel workbook (*.xlsx);;CSV file (*.csv)"
EXPORT_FILTERS = ("JSON: everything, to move the event to another computer (*.json);;"
                  "CSV: the nominations, one row each (*.csv);;"
                  "Excel workbook: every table on its own sheet (*.xlsx)")
READY_STYLE = "color: #1b5e20; font-weight: bold;"
PROBLEM_STYLE = "color: #b71c1c; font-weight: bold;"
TEMPLATE_HINT = ("A blank file with the columns of what is chosen to import, to send to "
                 "workers, sponsors or judges; Excel templates list this event's categories.")
CHANGED_SINCE = ("Something was changed since this file was checked: press Check again "
                 "before importing it.")
INTRO = ("Choose a CSV or Excel file. Every row is checked first; nothing is stored until "
         "every row is right and you press Import.")


def import_kinds() -> list[tuple[str, str]]:
    """(label, kind) of everything the program imports from a spreadsheet, in the order the
    importers list them (the same list as ``awards import``)."""
    return [(chosen.label, kind.value) for kind, chosen in importers.IMPORTERS.items()]


def kind_label(kind: str) -> str:
    """'Paper scores' for 'scores': as the importers name a kind."""
    return next((text for text, value in import_kinds() if value == kind), kind)


def kind_help(kind: str) -> str:
    """The columns a kind's file needs, in words ('Needs a column for each of: Judge, …')."""
    fields = MAPPED_KINDS.get(kind)
    if fields is None:
        return ""
    needed = ", ".join(field_label(c) for c in fields.required)
    return (f"{kind_label(kind)} need columns for {needed}; a form's own columns are matched "
            "to these first.")


def with_suffix(path: Path, selected_filter: str, allowed: Sequence[str]) -> Path:
    """Keep a typed .csv/.xlsx/.json ending; otherwise add the one of the chosen filter."""
    if path.suffix.lower() in allowed:
        return path
    found = re.search(r"\*(\.\w+)\)", selected_filter)
    return path.with_name(path.name + (found.group(1) if found else allowed[0]))


class TransferPage(Page):
    page_id = PageId.TRANSFER

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.outcome: CheckOutcome | None = None
        self.imported = False
        self._checked_at: int | None = None  # the change count its check read the data at
        self.task: Any = None  # the running background task (tests cancel through it)
        self.encoding_dialog: EncodingDialog | None = None  # open while a choice is asked
        self.mapping_dialog: MappingDialog | None = None  # open while columns are matched
        self.proposal: MappingProposal | None = None  # the last file's columns to match

        # --- import ---
        self.kind = QComboBox()
        self.kind.setAccessibleName("What to import")
        for label, kind in import_kinds():
            self.kind.addItem(label, kind)
        what_label = QLabel("&What to import:")
        what_label.setBuddy(self.kind)
        self.choose_button = QPushButton("Ch&oose file…")
        self.recheck_button = QPushButton("Check &again")
        self.recheck_button.setAccessibleDescription(
            "Check the same file again, after correcting it")
        self.mapping_button = QPushButton("Match &columns…")
        self.mapping_button.setAccessibleDescription(
            "Choose again what each of the file's own columns holds")
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleDescription(
            "Store every row; offered once the file has no problems")
        self.event_button = QPushButton("Import an event file (&JSON)…")
        self.event_button.setToolTip("Load a whole event exported from another computer as a "
                                     "new event")
        # file names, paths and the file's own words (quoted in problems) shown as written
        self.file_label = plain_label(INTRO, word_wrap=True)
        self.kind_hint = plain_label(word_wrap=True)  # the columns the chosen kind needs
        self.kind_hint.setStyleSheet("color: palette(placeholder-text);")
        self.summary = plain_label(word_wrap=True)
        self.summary.setAccessibleName("Check result")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tables = CheckTables()

        import_box = QGroupBox("Import from a spreadsheet")
        choose_row = QHBoxLayout()
        choose_row.addWidget(what_label)
        choose_row.addWidget(self.kind)
        for button in (self.choose_button, self.recheck_button, self.mapping_button,
                       self.import_button):
            choose_row.addWidget(button)
        choose_row.addStretch(1)
        import_layout = QVBoxLayout(import_box)
        import_layout.addLayout(choose_row)
        import_layout.addWidget(self.kind_hint)
        import_layout.addWidget(self.file_label)
        import_layout.addWidget(self.summary)
        import_layout.addWidget(self.tables, 1)

        # --- templates and export ---
        # one button, for the kind chosen under What to import (its text says which)
        self.template_button = QPushButton()
        template_box = QGroupBox("Templates")
        template_layout = QVBoxLayout(template_box)
        # the words are the buttons' tooltips: the file's rows keep the height at 150%
        self.template_button.setToolTip(TEMPLATE_HINT)
        template_buttons = QHBoxLayout()
        template_buttons.addWidget(self.template_button)
        template_buttons.addStretch(1)
        template_layout.addLayout(template_buttons)

        self.export_button = QPushButton("E&xport event…")
        # no event name here: a tooltip would show a name's "<b>" as markup
        self.export_button.setToolTip(
            "Everything in the event you are working on: JSON to move it to another computer "
            "or keep as a record, CSV for the nominations, or Excel with every table.")
        # moving a whole event: out, and back in on another computer (a row each keeps the
        # page narrow at 150% scaling)
        export_box = QGroupBox("The whole event")
        export_layout = QVBoxLayout(export_box)
        export_buttons = QHBoxLayout()
        export_buttons.addWidget(self.export_button)
        self.export_pins = QCheckBox("Include judges' PINs (only to move a judging laptop)")
        self.export_pins.setToolTip("A file that travels should not carry what a PIN can be "
                                    "guessed from: leave this off unless the file sets up "
                                    "the laptop judges will use.")
        export_buttons.addWidget(self.export_pins)
        export_buttons.addStretch(1)
        export_layout.addLayout(export_buttons)
        event_row = QHBoxLayout()
        event_row.addWidget(self.event_button)
        event_row.addStretch(1)
        export_layout.addLayout(event_row)

        self.message = plain_label(word_wrap=True)
        self.message.setAccessibleName("Last result")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()  # until there is something to say: no empty line at the foot

        lower = QHBoxLayout()
        lower.addWidget(template_box, 1)
        lower.addWidget(export_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(import_box, 1)
        layout.addLayout(lower)
        layout.addWidget(self.message)

        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.check_again)
        self.mapping_button.clicked.connect(self.match_columns)
        self.import_button.clicked.connect(self.import_now)
        self.event_button.clicked.connect(self.import_event_file)
        self.kind.currentIndexChanged.connect(self.on_kind_current_index_changed)
        self.template_button.clicked.connect(
            lambda: self.save_template(self.kind.currentData()))
        self.export_button.clicked.connect(self.export_event)
        ctx.tasks.busy_changed.connect(self._update_buttons)
        self._show_outcome(None)
        self.on_kind_current_index_changed()

    def on_kind_current_index_changed(self, *_args: Any) -> None:
        """Another kind chosen: its columns, its template, and the file checked again as it."""
        kind = self.kind.currentData()
        self.kind_hint.setText(kind_help(kind))
        self.kind_hint.setVisible(bool(self.kind_hint.text()))
        self.template_button.setText(f"Save the {kind_label(kind).lower()} temp&late…")
        has_template = kind in TEMPLATE_COLUMNS
        self.template_button.setToolTip(TEMPLATE_HINT if has_template else
                                        f"There is no template for {kind_label(kind).lower()}")
        self._update_buttons()
        self.check_again()

    # --- page ----------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.outcome is not None and self.outcome.event_id != self.ctx.event_id:
            self._show_outcome(None)  # checked against another event: choose the file again
        elif (self.outcome is not None and not self.imported and self.proposal is None
              and self._checked_at != self.ctx.generation):
            # The check read the database (who is there already, what is locked): something
            # changed since, so what it said may no longer hold. Check again; while another
            # task runs, say so and offer Import only after checking again.
            self._checked_at = None
            if self.ctx.tasks.busy:
                self._summarise(PROBLEM_STYLE, CHANGED_SINCE)
                self._update_buttons()
            else:
                self.check_again()

    def _update_buttons(self, *_args: Any) -> None:
        busy = self.ctx.tasks.busy
        outcome = self.outcome
        ready = (outcome is not None and outcome.result is not None and not self.imported
                 and outcome.result.rows > 0 and self._checked_at is not None)
        self.import_button.setEnabled(ready and not busy)
        self.recheck_button.setEnabled(outcome is not None and not busy)
        self.mapping_button.setVisible(self.proposal is not None)
        self.mapping_button.setEnabled(self.proposal is not None and outcome is not None
                                       and not busy)
        for button in (self.choose_button, self.event_button, self.export_button):
            button.setEnabled(not busy)
        self.template_button.setEnabled(not busy and self.kind.currentData() in TEMPLATE_COLUMNS)
        self.kind.setEnabled(not busy)

    def _last_folder(self) -> str:
        return str(settings.get("files/last_folder") or Path.home())

    def _remember_folder(self, path: Path) -> None:
        settings.put("files/last_folder", str(path.parent))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- checking a file -----------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, f"Choose the {self.kind.currentText().lower()} file to import",
            self._last_folder(), SPREADSHEETS)
        if path:
            self._remember_folder(Path(path))
            self.check_file(Path(path))

    def check_again(self, *_args: Any) -> None:
        if self.outcome is not None and not self.ctx.tasks.busy:
            mapping = self.outcome.mapping
            if mapping is not None and mapping.kind != self.kind.currentData():
                mapping = None  # another kind of import: its columns are matched again
            self.check_file(self.outcome.path, encoding=self.outcome.encoding, mapping=mapping)

    def check_file(self, path: Path, *, encoding: str | None = None,
                   mapping: ColumnMapping | None = None) -> None:
        """Show the file's rows and every problem in it; store nothing. A CSV is read in
        ``encoding`` when the person chose one for it, and through ``mapping`` when its
        columns are someone else's (without one, they are matched first)."""
        database = self.ctx.database
        assert database is not None
        if mapping is None:
            self.proposal = None
        job = check_job(database, path=path, kind=self.kind.currentData(),
                        event_id=self.ctx.require_event(), encoding=encoding, mapping=mapping)
        self.file_label.setText(f"Checking {path.name}…")
        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Checking {path.name}…", job, on_success=self._show_outcome,
            on_error=self._on_check_failed)

    def _on_check_failed(self, error: BaseException) -> None:
        self._show_outcome(None)
        if isinstance(error, Cancelled):
            self.file_label.setText("Checking was cancelled. " + INTRO)
        else:
            show_error(self, error, title="Cannot check the file")

    def _show_outcome(self, outcome: CheckOutcome | None) -> None:
        self.outcome = outcome
        self.imported = False
        self._checked_at = self.ctx.generation  # what the check read holds until a change
        self.tables.show_outcome(outcome)
        if outcome is None:
            self.proposal = None
            self.file_label.setText(INTRO)
            self.summary.setText("")
            self.summary.hide()  # no gap under the introduction
        else:
            kind = kind_label(outcome.kind).lower()
            self.file_label.setText(f"{isolate(outcome.path.name)} ({kind}) in "
                                    f"{isolate(str(outcome.path.parent))}")
            count = len(outcome.problems)
            if outcome.proposal is not None:
                self.proposal = outcome.proposal
                self._summarise(READY_STYLE, "This file has columns of its own: match them to "
                                "the program's fields, then every row is checked.")
            elif outcome.result is not None and not outcome.result.rows:
                self._summarise(READY_STYLE, outcome.result.describe_check())
            elif outcome.result is not None:
                self._summarise(READY_STYLE, self._ready_text(outcome.result))
            else:
                self._summarise(PROBLEM_STYLE, f"{plural(count, 'problem')} — nothing will be "
                                "stored until they are fixed. Correct the file, save it, then "
                                "press Check again.")
        self._update_buttons()
        if outcome is not None and outcome.encodings:
            self.offer_encodings(outcome)
        elif outcome is not None and outcome.proposal is not None:
            self.match_columns()

    def match_columns(self) -> None:
        """Open the mapping dialog for the file's own columns (as proposed, or as matched
        last); Continue saves the choices when named, then checks every row through them."""
        outcome, proposal = self.outcome, self.proposal
        if outcome is None or proposal is None or self.mapping_dialog is not None:
            return

        def closed(accepted: bool) -> None:
            self.mapping_dialog = None
            if not accepted and outcome.mapping is None:
                self.file_label.setText("The columns were not matched, so nothing was "
                                        "checked or stored. " + INTRO)

        self.mapping_dialog = match_columns(
            self, self.ctx, outcome, proposal, on_closed=closed,
            on_mapped=lambda mapping: self.check_file(outcome.path, encoding=outcome.encoding,
                                                      mapping=mapping))

    def offer_encodings(self, outcome: CheckOutcome) -> None:
        """The file's encoding could not be told: show the likely ones with a few lines read
        each way; the one chosen is used to check (and then import) this file."""
        dialog = EncodingDialog(outcome.path.name, outcome.encodings, self)
        self.encoding_dialog = dialog

        def done(result: int) -> None:
            self.encoding_dialog = None
            choice = dialog.chosen()
            dialog.deleteLater()
            if result == EncodingDialog.DialogCode.Accepted and choice is not None:
                self.check_file(outcome.path, encoding=choice.encoding)

        dialog.finished.connect(done)
        dialog.open()

    @staticmethod
    def _ready_text(result: ImportResult) -> str:
        return (f"{result.already_text()}{plural(result.rows, 'row')} ready to import"
                f"{result.details_text()}. Press Import to store them.{result.changed_text()}")

    def _summarise(self, style: str, text: str) -> None:
        self.summary.setStyleSheet(style)
        self.summary.setText(text)
        self.summary.show()

    # --- importing -----------------------------------------------------------------------

    def import_now(self) -> None:
        outcome = self.outcome
        if outcome is None or outcome.result is None or self.imported or self.ctx.tasks.busy:
            return
        database = self.ctx.database
        assert database is not None
        self._summarise(READY_STYLE, f"Importing {outcome.path.name}…")
        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Importing {outcome.path.name}…", import_job(database, outcome),
            on_success=self._on_imported, on_error=self._on_import_failed)

    def _on_imported(self, result: ImportResult) -> None:
        self.imported = True
        self._summarise(READY_STYLE, result.describe() if result.already else
                        f"Imported {plural(result.rows, 'row')}{result.details_text()}.")
        self._update_buttons()
        self.ctx.data_changed.emit()  # the import ran in its own session: tell every page

    def _on_import_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._summarise(PROBLEM_STYLE, str(error))
        elif isinstance(error, ValidationError) and self.outcome is not None:
            # The data changed since the check (e.g. someone added the same nomination).
            outcome = self.outcome
            self._show_outcome(CheckOutcome(outcome.path, outcome.kind, outcome.event_id,
                                            outcome.columns, outcome.rows, None, error.errors,
                                            outcome.encoding, mapping=outcome.mapping))
        else:
            self._summarise(PROBLEM_STYLE, "The import did not finish; nothing was stored.")
            show_error(self, error, title="Cannot import")
        self._update_buttons()

    def import_event_file(self) -> None:
        """Load an exported event (JSON) as a new event and make it the current one."""
        path_text, _ = QFileDialog.getOpenFileName(
            self, "Import an event file", self._last_folder(),
            "Awards App event files (*.json);;All files (*)")
        if not path_text:
            return
        path = Path(path_text)
        self._remember_folder(path)
        database = self.ctx.database
        assert database is not None
        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Importing {path.name}…", event_import_job(database, path),
            on_success=self._on_event_imported,
            on_error=lambda exc: self._failed(exc, "Cannot import the event"))

    def _on_event_imported(self, result: tuple[int, str]) -> None:
        event_id, label = result
        self.ctx.set_event(event_id)
        self._say(f"Imported {label}; it is now the event you are working on.")

    def _failed(self, error: BaseException, title: str) -> None:
        if isinstance(error, Cancelled):
            self._say(str(error))
        else:
            show_error(self, error, title=title)

    # --- templates and export ------------------------------------------------------------

    def save_template(self, kind: str) -> Path | None:
        """Save a blank file with ``kind``'s columns, where the person chooses."""
        if kind not in TEMPLATE_COLUMNS:
            return None
        named = kind_label(kind).lower()
        path_text, selected = QFileDialog.getSaveFileName(
            self, f"Save the {named} template",
            str(Path(self._last_folder()) / f"{kind.replace('_', '-')}-template.xlsx"),
            TEMPLATE_FILTERS)
        if not path_text:
            return None
        target = with_suffix(Path(path_text), selected, (".xlsx", ".csv"))
        self._remember_folder(target)
        event_id = self.ctx.require_event()
        try:
            names = self.ctx.read(lambda s: [
                c.name for c in categories.list_categories(s, event_id, include_retired=False)])
            templates.write_template(kind, target, category_names=names)
        except Exception as exc:
            show_error(self, exc, title="Cannot save the template")
            return None
        self._say(f"Saved the {named} template to {target}.")
        return target

    def export_event(self) -> None:
        event_id = self.ctx.require_event()
        stem = re.sub(r"[^\w\- ]+", "", self.ctx.event_title).strip() or "event"
        path_text, selected = QFileDialog.getSaveFileName(
            self, "Export the event", str(Path(self._last_folder()) / f"{stem}.json"),
            EXPORT_FILTERS)
        if not path_text:
            return
        target = with_suffix(Path(path_text), selected, (".json", ".csv", ".xlsx"))
        self._remember_folder(target)
        database = self.ctx.database
        assert database is not None
        with_pins = self.export_pins.isChecked() and target.suffix.lower() == ".json"
        pins_note = (" Judges' PIN hashes are included: keep the file as safe as the "
                     "database." if with_pins else "")
        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Exporting to {target.name}…",
            export_job(database, event_id=event_id, path=target, include_pins=with_pins),
            on_success=lambda count: self._say(
                f"Exported {plural(count, 'nomination')} to {target}.{pins_note}"),
            on_error=lambda exc: self._failed(exc, "Cannot export"))

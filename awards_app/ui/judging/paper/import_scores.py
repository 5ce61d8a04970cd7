"""Paper scores from a spreadsheet (CSV or Excel): checked and shown before anything is
stored, exactly as on the Import / export page (Paper scores).

A file in columns of its own (a form's export: "Marked by", "Mark"…) is first matched to the
program's columns in the same mapping step as there (``match_columns``). The file's rows are
shown above every problem found; Import is offered only when the whole file is right, and
stores every row or none (the same importer as ``awards import scores``, run through the
Import / export page's jobs and tables).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QPushButton, QVBoxLayout, QWidget

from awards_app.core.errors import Cancelled, ConflictError, ValidationError
from awards_app.services.transfer.importers import ImportKind
from awards_app.services.transfer.imports import ImportResult
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import plural
from awards_app.ui.common.plain import plain_label, set_plain
from awards_app.ui.common.widgets import NOTE_STYLE, WARNING_STYLE, button_row, hint
from awards_app.ui.transfer.check_tables import CheckTables
from awards_app.ui.transfer.jobs import CheckOutcome, check_job, import_job
from awards_app.ui.transfer.mapping_dialog import MappingDialog, match_columns

IMPORT_HELP = ("One row per judge, nomination and criterion, with the columns judge (name or "
               "email), nomination_ref (e.g. N-0042), criterion (its name), score and comment "
               "(optional); a file in columns of its own (a form's) is matched to these first. "
               "The file is checked first and nothing is stored until every row is right.")


class ScoreImportPanel(QWidget):
    """Choose a file, see its rows and problems, import it when it is right."""

    #: tests replace this to choose a file without a dialog: (parent) -> path or ""
    choose_file: Callable[[QWidget], str] = staticmethod(
        lambda parent: QFileDialog.getOpenFileName(
            parent, "Import paper scores", "",
            "Spreadsheets (*.csv *.xlsx);;CSV files (*.csv);;Excel files (*.xlsx)")[0])

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: CheckOutcome | None = None
        self.mapping_dialog: MappingDialog | None = None  # open while columns are matched
        self.choose_button = QPushButton("&Choose file…")
        self.again_button = QPushButton("Check &again")
        self.again_button.setToolTip("After fixing the file, check it again")
        self.import_button = QPushButton("&Import these scores")
        self.summary = plain_label(word_wrap=True)
        self.summary.setAccessibleName("Score import summary")
        self.tables = CheckTables(self)

        layout = QVBoxLayout(self)
        layout.addWidget(hint(IMPORT_HELP))
        layout.addLayout(button_row(self.choose_button, self.again_button, self.import_button))
        layout.addWidget(self.summary)
        layout.addWidget(self.tables, 1)

        self.choose_button.clicked.connect(self.choose)
        self.again_button.clicked.connect(self.check_again)
        self.import_button.clicked.connect(self.import_scores)
        self._show(None, "")

    def choose(self) -> None:
        chosen = self.choose_file(self)
        if chosen:
            self.check(Path(chosen))

    def check_again(self) -> None:
        if self.outcome is not None:
            self.check(self.outcome.path, mapping=self.outcome.mapping)

    def check(self, path: Path, *, mapping: ColumnMapping | None = None) -> None:
        """Show the file's rows and every problem; store nothing. Read through ``mapping``
        when its columns are someone else's (without one, they are matched first)."""
        assert self.ctx.database is not None
        job = check_job(self.ctx.database, path=path, kind=ImportKind.SCORES.value,
                        event_id=self.ctx.require_event(), mapping=mapping)
        self._busy(f"Checking {path.name}…")
        self.ctx.tasks.start_with_dialog(self, "Checking the file…", job,
                                         on_success=self._checked, on_error=self._failed)

    def _checked(self, outcome: CheckOutcome) -> None:
        if outcome.result is not None and not outcome.problems:
            self._show(outcome, f"Every row of {outcome.path.name} is right: "
                                f"{plural(outcome.result.rows, 'score')} ready to import. "
                                "Nothing is stored until you choose Import.")
        elif outcome.proposal is not None:  # columns of its own: matched first
            self._show(outcome, f"{outcome.path.name} has columns of its own: match them to "
                                "the program's, then every row is checked. Nothing was "
                                "stored.")
            self.match_columns(outcome)
        else:
            self._show(outcome, f"{outcome.path.name} has "
                                f"{plural(len(outcome.problems), 'problem')} to fix, listed "
                                "below. Nothing was stored: fix the file, save it and choose "
                                "Check again.", problem=True)

    def match_columns(self, outcome: CheckOutcome) -> None:
        proposal = outcome.proposal
        if proposal is None or self.mapping_dialog is not None:
            return

        def closed(accepted: bool) -> None:
            self.mapping_dialog = None
            if not accepted:
                self._show(outcome, f"The columns of {outcome.path.name} were not matched, "
                                    "so nothing was checked or stored. Choose Check again to "
                                    "match them.", problem=True)

        self.mapping_dialog = match_columns(
            self, self.ctx, outcome, proposal, on_closed=closed,
            on_mapped=lambda mapping: self.check(outcome.path, mapping=mapping))

    def import_scores(self) -> None:
        outcome = self.outcome
        if outcome is None or outcome.problems or outcome.result is None:
            return
        assert self.ctx.database is not None
        self._busy(f"Importing {outcome.path.name}…")
        self.ctx.tasks.start_with_dialog(
            self, "Importing paper scores…", import_job(self.ctx.database, outcome),
            on_success=lambda result: self._imported(outcome, result),
            on_error=self._import_failed)

    def _imported(self, outcome: CheckOutcome, result: ImportResult) -> None:
        self.ctx.data_changed.emit()
        self._show(None, f"Imported {plural(result.rows, 'score')} from {outcome.path.name}. "
                         "The Type scores tab and the Judging page show them now.")

    def _import_failed(self, error: BaseException) -> None:
        # Something changed since the check (a judge submitted, say): check again, showing why.
        if self.outcome is not None and isinstance(error, (ValidationError, ConflictError)):
            self.check(self.outcome.path, mapping=self.outcome.mapping)
            return
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self._show(self.outcome, "Nothing was stored.", problem=True)
        if not isinstance(error, Cancelled):
            show_error(self, error, title="Paper scores")

    def _busy(self, text: str) -> None:
        set_plain(self.summary, text)
        for button in (self.choose_button, self.again_button, self.import_button):
            button.setEnabled(False)

    def _show(self, outcome: CheckOutcome | None, text: str, *, problem: bool = False) -> None:
        self.outcome = outcome
        self.tables.show_outcome(outcome)
        set_plain(self.summary, text)
        self.summary.setStyleSheet((WARNING_STYLE if problem else NOTE_STYLE) if text else "")
        self.choose_button.setEnabled(True)
        self.again_button.setEnabled(outcome is not None)
        self.import_button.setEnabled(outcome is not None and outcome.result is not None
                                      and not outcome.problems)

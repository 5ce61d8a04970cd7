"""Import / export: nominations and sponsors from a spreadsheet, blank templates, and the
whole event out as JSON, CSV or Excel (and an exported event back in).

An import is checked first: the file's rows are shown with every problem listed beside them
(a dry run in the background), and Import is offered only when there are none. The real
import then runs in the background too, with progress and Cancel; cancelling rolls it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.errors import Cancelled, FieldError, ValidationError
from awards_app.ui import settings
from awards_app.ui.context import AppContext
from awards_app.ui.errors import show_error
from awards_app.ui.models.table import Column, RowTableModel
from awards_app.ui.pages.base import Page
from awards_app.ui.widgets.tables import make_table_view

if TYPE_CHECKING:
    from awards_app.services.transfer.imports import ImportResult, PreviewRow

KINDS = (("Nominations", "nominations"), ("Sponsors", "sponsors"))
SPREADSHEETS = "Spreadsheets (*.csv *.xlsx);;All files (*)"
TEMPLATE_FILTERS = "Excel workbook (*.xlsx);;CSV file (*.csv)"
EXPORT_FILTERS = ("JSON: everything, to move the event to another computer (*.json);;"
                  "CSV: the nominations, one row each (*.csv);;"
                  "Excel workbook: every table on its own sheet (*.xlsx)")
READY_STYLE = "color: #1b5e20; font-weight: bold;"
PROBLEM_STYLE = "color: #b71c1c; font-weight: bold;"
INTRO = ("Choose a CSV or Excel file. Every row is checked first; nothing is stored until "
         "every row is right and you press Import.")


@dataclass(frozen=True)
class CheckOutcome:
    """What checking a file found: its rows as written, and the result or the problems."""

    path: Path
    kind: str
    event_id: int
    columns: list[str]
    rows: list[PreviewRow]
    result: ImportResult | None
    problems: list[FieldError]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def with_suffix(path: Path, selected_filter: str, allowed: Sequence[str]) -> Path:
    """Keep a typed .csv/.xlsx/.json ending; otherwise add the one of the chosen filter."""
    if path.suffix.lower() in allowed:
        return path
    found = re.search(r"\*(\.\w+)\)", selected_filter)
    return path.with_name(path.name + (found.group(1) if found else allowed[0]))


def problem_columns() -> list[Column[FieldError]]:
    return [
        Column("Row", lambda e: e.row, align_right=True),
        Column("Column", lambda e: e.field),
        Column("Problem", lambda e: e.message),
    ]


def preview_columns(headings: Sequence[str]) -> list[Column[PreviewRow]]:
    columns: list[Column[PreviewRow]] = [Column("Row", lambda r: r.row, align_right=True,
                                                tooltip="Row number in the file")]
    for index, heading in enumerate(headings):
        columns.append(Column(heading, _cell_getter(index)))
    return columns


def _cell_getter(index: int) -> Callable[[PreviewRow], Any]:
    return lambda row: row.cells[index]


class TransferPage(Page):
    title = "Import / export"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.outcome: CheckOutcome | None = None
        self.imported = False
        self.task: Any = None  # the running background task (tests cancel through it)

        # --- import ---
        self.kind = QComboBox()
        self.kind.setAccessibleName("What to import")
        for label, kind in KINDS:
            self.kind.addItem(label, kind)
        kind_label = QLabel("&What to import:")
        kind_label.setBuddy(self.kind)
        self.choose_button = QPushButton("Choose &file…")
        self.recheck_button = QPushButton("Check &again")
        self.recheck_button.setAccessibleDescription(
            "Check the same file again, after correcting it")
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleDescription(
            "Store every row; offered once the file has no problems")
        self.event_button = QPushButton("Import an &event file (JSON)…")
        self.file_label = QLabel(INTRO)
        self.file_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Check result")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.preview_model: RowTableModel[PreviewRow] = RowTableModel(preview_columns([]),
                                                                      parent=self)
        self.preview_view = make_table_view(self.preview_model, "Rows in the file", self)
        self.problems_model: RowTableModel[FieldError] = RowTableModel(problem_columns(),
                                                                       parent=self)
        self.problems_view = make_table_view(self.problems_model, "Problems to fix", self,
                                             stretch_column=2)
        metrics = self.problems_view.fontMetrics()
        self.problems_view.setColumnWidth(0, metrics.horizontalAdvance("Row 00000") + 12)
        self.problems_view.setColumnWidth(1, metrics.horizontalAdvance("nominee_date_of_birth")
                                          + 24)
        self.preview_caption = QLabel("&Rows in the file")
        self.preview_caption.setBuddy(self.preview_view)
        self.problems_caption = QLabel("&Problems to fix")
        self.problems_caption.setBuddy(self.problems_view)
        # Long problems (a category list) do not fit a cell: the selected one is shown whole.
        self.problem_detail = QLabel()
        self.problem_detail.setWordWrap(True)
        self.problem_detail.setAccessibleName("Selected problem")
        self.problem_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("TransferSplitter")
        self.splitter.setChildrenCollapsible(False)
        for caption, view, below in ((self.preview_caption, self.preview_view, None),
                                     (self.problems_caption, self.problems_view,
                                      self.problem_detail)):
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 4, 0, 0)
            box.addWidget(caption)
            box.addWidget(view, 1)
            if below is not None:
                box.addWidget(below)
            self.splitter.addWidget(holder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        import_box = QGroupBox("Import nominations or sponsors")
        choose_row = QHBoxLayout()
        choose_row.addWidget(kind_label)
        choose_row.addWidget(self.kind)
        for button in (self.choose_button, self.recheck_button, self.import_button):
            choose_row.addWidget(button)
        choose_row.addStretch(1)
        event_row = QHBoxLayout()  # a row of its own keeps the page narrow at 150% scaling
        event_row.addWidget(QLabel("Or load a whole event exported from another computer:"))
        event_row.addWidget(self.event_button)
        event_row.addStretch(1)
        import_layout = QVBoxLayout(import_box)
        import_layout.addLayout(choose_row)
        import_layout.addLayout(event_row)
        import_layout.addWidget(self.file_label)
        import_layout.addWidget(self.summary)
        import_layout.addWidget(self.splitter, 1)

        # --- templates and export ---
        self.nominations_template_button = QPushButton("Save &nominations template…")
        self.sponsors_template_button = QPushButton("Save s&ponsors template…")
        template_box = QGroupBox("Templates")
        template_layout = QVBoxLayout(template_box)
        template_hint = QLabel("Blank files with the right columns, to send to workers and "
                               "sponsors. Excel templates list this event's categories.")
        template_hint.setWordWrap(True)
        template_layout.addWidget(template_hint)
        template_buttons = QHBoxLayout()
        template_buttons.addWidget(self.nominations_template_button)
        template_buttons.addWidget(self.sponsors_template_button)
        template_buttons.addStretch(1)
        template_layout.addLayout(template_buttons)

        self.export_button = QPushButton("E&xport event…")
        export_box = QGroupBox("Export")
        export_layout = QVBoxLayout(export_box)
        self.export_hint = QLabel()
        self.export_hint.setWordWrap(True)
        export_layout.addWidget(self.export_hint)
        export_buttons = QHBoxLayout()
        export_buttons.addWidget(self.export_button)
        export_buttons.addStretch(1)
        export_layout.addLayout(export_buttons)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Last result")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        lower = QHBoxLayout()
        lower.addWidget(template_box, 1)
        lower.addWidget(export_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(import_box, 1)
        layout.addLayout(lower)
        layout.addWidget(self.message)

        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.check_again)
        self.import_button.clicked.connect(self.import_now)
        self.event_button.clicked.connect(self.import_event_file)
        self.kind.currentIndexChanged.connect(self.check_again)
        self.nominations_template_button.clicked.connect(
            lambda: self.save_template("nominations"))
        self.sponsors_template_button.clicked.connect(lambda: self.save_template("sponsors"))
        self.export_button.clicked.connect(self.export_event)
        self.problems_view.selectionModel().selectionChanged.connect(self._show_problem_row)
        ctx.tasks.busy_changed.connect(self._update_buttons)
        self._show_outcome(None)

    # --- page ----------------------------------------------------------------------------

    def refresh(self) -> None:
        event = self.ctx.event_title
        self.export_hint.setText(
            f"Everything in {event}: JSON to move it to another computer or keep as a record, "
            "CSV for the nominations, or Excel with every table.")
        if self.outcome is not None and self.outcome.event_id != self.ctx.event_id:
            self._show_outcome(None)  # checked against another event: choose the file again

    def _update_buttons(self, *_args: Any) -> None:
        busy = self.ctx.tasks.busy
        outcome = self.outcome
        ready = (outcome is not None and outcome.result is not None and not self.imported)
        self.import_button.setEnabled(ready and not busy)
        self.recheck_button.setEnabled(outcome is not None and not busy)
        for button in (self.choose_button, self.event_button, self.export_button,
                       self.nominations_template_button, self.sponsors_template_button):
            button.setEnabled(not busy)
        self.kind.setEnabled(not busy)

    def _last_folder(self) -> str:
        return str(settings.get("files/last_folder") or Path.home())

    def _remember_folder(self, path: Path) -> None:
        settings.put("files/last_folder", str(path.parent))

    def _say(self, text: str) -> None:
        self.message.setText(text)

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
            self.check_file(self.outcome.path)

    def check_file(self, path: Path) -> None:
        """Show the file's rows and every problem in it; store nothing."""
        from awards_app.services.transfer import imports
        from awards_app.services.transfer import sponsor_import

        kind = self.kind.currentData()
        event_id = self.ctx.require_event()
        database = self.ctx.database
        assert database is not None
        function = imports.import_nominations if kind == "nominations" else sponsor_import.import_sponsors

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            try:
                columns, rows = imports.preview_rows(path, kind)
            except ValidationError:  # unreadable: the dry run names the problem
                columns, rows = [], []
            try:
                # A write session: a sponsors dry run stores inside a savepoint it rolls back.
                with database.session() as session:
                    result = function(session, event_id=event_id, path=path, progress=progress,
                                      cancelled=cancelled, dry_run=True)
            except ValidationError as exc:
                return CheckOutcome(path, kind, event_id, columns, rows, None, exc.errors)
            return CheckOutcome(path, kind, event_id, columns, rows, result, [])

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
        columns = outcome.columns if outcome else []
        model: RowTableModel[PreviewRow] = RowTableModel(preview_columns(columns), parent=self)
        model.set_rows(outcome.rows if outcome else [])
        old, self.preview_model = self.preview_model, model
        self.preview_view.setModel(model)
        self.preview_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        old.deleteLater()
        self.preview_view.resizeColumnsToContents()
        limit = self.preview_view.fontMetrics().averageCharWidth() * 28
        for column in range(model.columnCount()):
            self.preview_view.setColumnWidth(
                column, min(self.preview_view.columnWidth(column), limit))
        self.problems_model.set_rows(outcome.problems if outcome else [])
        self.problem_detail.setText("")
        if outcome is None:
            self.file_label.setText(INTRO)
            self.summary.setText("")
            self.summary.hide()  # no gap under the introduction
            self.preview_caption.setText("&Rows in the file")
            self.problems_caption.setText("&Problems to fix")
        else:
            kind = "nominations" if outcome.kind == "nominations" else "sponsors"
            self.file_label.setText(f"<b>{outcome.path.name}</b> ({kind}) — {outcome.path}")
            self.preview_caption.setText(f"&Rows in the file: {len(outcome.rows):,}")
            count = len(outcome.problems)
            self.problems_caption.setText(
                f"&Problems to fix: {count:,}" if count else "&Problems to fix: none")
            if outcome.result is not None:
                self._summarise(READY_STYLE, self._ready_text(outcome.result))
            else:
                self._summarise(PROBLEM_STYLE, f"{_plural(count, 'problem')} — nothing will be "
                                "stored until they are fixed. Correct the file, save it, then "
                                "press Check again.")
        self._update_buttons()

    @staticmethod
    def _ready_text(result: ImportResult) -> str:
        return (f"{_plural(result.rows, 'row')} ready to import{result.details_text()}. "
                "Press Import to store them.")

    def _summarise(self, style: str, text: str) -> None:
        self.summary.setStyleSheet(style)
        self.summary.setText(text)
        self.summary.show()

    def _show_problem_row(self, *_args: Any) -> None:
        """Selecting a problem shows its row in the file above."""
        indexes = self.problems_view.selectionModel().selectedRows()
        if not indexes:
            self.problem_detail.setText("")
            return
        problem = self.problems_model.row(indexes[0].row())
        self.problem_detail.setText(str(problem))
        position = self.preview_model.index_of(lambda r: r.row == problem.row)
        if position >= 0:
            self.preview_view.scrollTo(self.preview_model.index(position, 0))
            self.preview_view.selectRow(position)

    # --- importing -----------------------------------------------------------------------

    def import_now(self) -> None:
        outcome = self.outcome
        if outcome is None or outcome.result is None or self.imported or self.ctx.tasks.busy:
            return
        from awards_app.services.transfer import imports
        from awards_app.services.transfer import sponsor_import

        database = self.ctx.database
        assert database is not None
        function = (imports.import_nominations if outcome.kind == "nominations"
                    else sponsor_import.import_sponsors)

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with database.session() as session:
                return function(session, event_id=outcome.event_id, path=outcome.path,
                                progress=progress, cancelled=cancelled)

        self._summarise(READY_STYLE, f"Importing {outcome.path.name}…")
        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Importing {outcome.path.name}…", job, on_success=self._on_imported,
            on_error=self._on_import_failed)

    def _on_imported(self, result: ImportResult) -> None:
        self.imported = True
        self._summarise(READY_STYLE,
                        f"Imported {_plural(result.rows, 'row')}{result.details_text()}.")
        self._update_buttons()
        self.ctx.data_changed.emit()  # the import ran in its own session: tell every page

    def _on_import_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._summarise(PROBLEM_STYLE, str(error))
        elif isinstance(error, ValidationError) and self.outcome is not None:
            # The data changed since the check (e.g. someone added the same nomination).
            outcome = self.outcome
            self._show_outcome(CheckOutcome(outcome.path, outcome.kind, outcome.event_id,
                                            outcome.columns, outcome.rows, None, error.errors))
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
        from awards_app.services.transfer.event_json import reader as event_import

        database = self.ctx.database
        assert database is not None

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with database.session() as session:
                event = event_import.import_event(session, path=path, progress=progress,
                                                  cancelled=cancelled)
                return event.id, f"{event.name} {event.year}"

        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Importing {path.name}…", job, on_success=self._on_event_imported,
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
        path_text, selected = QFileDialog.getSaveFileName(
            self, f"Save the {kind} template",
            str(Path(self._last_folder()) / f"{kind}-template.xlsx"), TEMPLATE_FILTERS)
        if not path_text:
            return None
        target = with_suffix(Path(path_text), selected, (".xlsx", ".csv"))
        self._remember_folder(target)
        from awards_app.services.catalogue import categories
        from awards_app.services.transfer import templates

        event_id = self.ctx.require_event()
        try:
            names = self.ctx.read(lambda s: [
                c.name for c in categories.list_categories(s, event_id, include_retired=False)])
            templates.write_template(kind, target, category_names=names)
        except Exception as exc:
            show_error(self, exc, title="Cannot save the template")
            return None
        self._say(f"Saved the {kind} template to {target}.")
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
        from awards_app.services.transfer import exports

        database = self.ctx.database
        assert database is not None

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with database.read_session() as session:
                return exports.export_event(session, event_id=event_id, path=target,
                                            progress=progress, cancelled=cancelled)

        self.task = self.ctx.tasks.start_with_dialog(
            self, f"Exporting to {target.name}…", job,
            on_success=lambda count: self._say(
                f"Exported {_plural(count, 'nomination')} to {target}."),
            on_error=lambda exc: self._failed(exc, "Cannot export"))

"""A checked file shown beside its problems: every row as written in the file above, every
problem below; selecting a problem shows it whole and scrolls to its row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from awards_app.core.errors import FieldError
from awards_app.services.transfer.imports import PreviewRow
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import make_table_view
from awards_app.ui.transfer.jobs import CheckOutcome


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


class CheckTables(QSplitter):
    """The file's rows (``preview_view``, replaced per file: its columns are the file's) over
    the problems found (``problems_view``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("TransferSplitter")
        self.setChildrenCollapsible(False)
        self.preview_model: RowTableModel[PreviewRow] = RowTableModel(preview_columns([]),
                                                                      parent=self)
        self.preview_view = make_table_view(self.preview_model, "Rows in the file")
        self.problems_model: RowTableModel[FieldError] = RowTableModel(problem_columns(),
                                                                       parent=self)
        self.problems_view = make_table_view(self.problems_model, "Problems to fix",
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
        self.problem_detail = plain_label(word_wrap=True)  # quotes the file's cells
        self.problem_detail.setAccessibleName("Selected problem")
        self.problem_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_detail.hide()  # shown with a selected problem: no empty gap before
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
            self.addWidget(holder)
            self.problems_holder = holder  # the last: the problems
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.problems_view.selectionModel().selectionChanged.connect(self._show_problem_row)

    def show_outcome(self, outcome: CheckOutcome | None) -> None:
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
        self._detail("")
        if outcome is None:
            self.preview_caption.setText("&Rows in the file")
            self.problems_caption.setText("&Problems to fix")
        else:
            self.preview_caption.setText(f"&Rows in the file: {len(outcome.rows):,}")
            count = len(outcome.problems)
            self.problems_caption.setText(
                f"&Problems to fix: {count:,}" if count else "&Problems to fix: none")
        self._share_space(bool(outcome and outcome.problems))

    def _share_space(self, problems: bool) -> None:
        """The file's rows get most of the height when there is no problem to list (the
        empty problems table is hidden; 3:2 otherwise): on a small screen at 150% they would
        be squeezed to a row or two."""
        self.setStretchFactor(1, 2 if problems else 0)  # as the window is resized, too
        # "Problems to fix: none" says it all: the empty table would take the rows' room
        self.problems_view.setVisible(problems)
        holder = self.problems_holder
        holder.setMaximumHeight(16_777_215 if problems else holder.minimumSizeHint().height())
        total = sum(self.sizes())
        if total > 0 and problems:
            self.setSizes([total * 3 // 5, total - total * 3 // 5])

    def _detail(self, text: str) -> None:
        self.problem_detail.setText(text)
        self.problem_detail.setVisible(bool(text))

    def _show_problem_row(self, *_args: Any) -> None:
        """Selecting a problem shows its row in the file above."""
        indexes = self.problems_view.selectionModel().selectedRows()
        if not indexes:
            self._detail("")
            return
        problem = self.problems_model.row(indexes[0].row())
        self._detail(str(problem))
        position = self.preview_model.index_of(lambda r: r.row == problem.row)
        if position >= 0:
            self.preview_view.scrollTo(self.preview_model.index(position, 0))
            self.preview_view.selectRow(position)

"""A consistently configured QTableView for every list in the program, and the few things
pages do with one: select a row, read the current row, give columns a sensible start width.

Every list selects several rows the usual way (Shift or Ctrl and click, Shift and the
arrows, Ctrl+A). A single-row action in these tables acts on the current row: the one with
the focus frame, whose details are shown. The record lists (``ListPage``) go further and
disable their single-record actions while several rows are selected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from awards_app.ui.common.table_model import RowTableModel


class RecordTableView(QTableView):
    """A QTableView whose rows chosen by the program (``setCurrentIndex``, ``selectRow``)
    replace the selection. Qt reads the keyboard's Shift and Ctrl for those too, so a page
    selecting a just-saved row while Qt believes a key is held (after a test's Ctrl+click,
    say) would add it to the selection instead. While a click or a key is being handled,
    Qt decides as usual, so Shift/Ctrl and click and Shift+arrows still extend."""

    _handling_input = False

    def selectionCommand(self, index: QModelIndex | QPersistentModelIndex, /,
                         event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        if event is None and not self._handling_input:
            return (QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
        return super().selectionCommand(index, event)

    def _input(self, handler: Callable[[Any], None], event: Any) -> None:
        self._handling_input = True
        try:
            handler(event)
        finally:
            self._handling_input = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._input(super().mousePressEvent, event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._input(super().mouseMoveEvent, event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._input(super().mouseReleaseEvent, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._input(super().keyPressEvent, event)


def make_table_view(model: QAbstractItemModel, accessible_name: str,
                    parent: QWidget | None = None, *, stretch_column: int | None = None) -> QTableView:
    """Sortable, whole-row selection of one row or several (extended: Shift/Ctrl and click,
    Shift and the arrows, Ctrl+A), keyboard friendly; rows sized once, not per row."""
    view = RecordTableView(parent)
    view.setModel(model)
    view.setObjectName(accessible_name.replace(" ", ""))
    view.setAccessibleName(accessible_name)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def select_row(view: QTableView, row: int) -> None:
    """Make ``row`` the current, selected row; -1 clears the selection."""
    if row >= 0:
        view.setCurrentIndex(view.model().index(row, 0))
    else:
        view.clearSelection()


def current_row(view: QTableView) -> Any:
    """The row object under the view's current index (its model is a RowTableModel), or None."""
    index, model = view.currentIndex(), view.model()
    assert isinstance(model, RowTableModel), "current_row reads RowTableModel views"
    return model.row(index.row()) if index.isValid() else None


def selected_positions(view: QTableView) -> list[int]:
    """The positions of the selected rows, top to bottom (as shown). Read from the
    selection's ranges: Qt's ``selectedRows`` checks every cell, over a second for all of
    50,000 rows; this takes milliseconds."""
    rows: set[int] = set()
    selection = view.selectionModel().selection()
    for i in range(selection.count()):
        part = selection.at(i)
        rows.update(range(part.top(), part.bottom() + 1))
    return sorted(rows)


def select_positions(view: QTableView, positions: list[int]) -> None:
    """Select exactly these rows (positions as shown); neighbouring rows are selected as one
    range, so even all of 50,000 rows is a single range."""
    model = view.model()
    last = model.columnCount() - 1
    selection = QItemSelection()
    start = previous = None
    for position in sorted(positions) + [-2]:
        if previous is not None and position == previous + 1:
            previous = position
            continue
        if start is not None and previous is not None:
            selection.select(model.index(start, 0), model.index(previous, last))
        start = previous = position if position >= 0 else None
    view.selectionModel().select(selection,
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


def size_columns(view: QTableView, samples: tuple[str, ...], padding: int = 18) -> None:
    """Start columns wide enough for typical content (text widths follow the DPI scale);
    an empty sample leaves that column as it is."""
    metrics = view.fontMetrics()
    for column, sample in enumerate(samples):
        if sample:
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)

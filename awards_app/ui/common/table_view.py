"""A consistently configured QTableView for every list in the program, and the few things
pages do with one: select a row, read the current row, give columns a sensible start width."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from awards_app.ui.common.table_model import RowTableModel


def make_table_view(model: QAbstractItemModel, accessible_name: str,
                    parent: QWidget | None = None, *, stretch_column: int | None = None) -> QTableView:
    """Sortable, whole-row selection, keyboard friendly; rows sized once, not per row."""
    view = QTableView(parent)
    view.setModel(model)
    view.setObjectName(accessible_name.replace(" ", ""))
    view.setAccessibleName(accessible_name)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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


def size_columns(view: QTableView, samples: tuple[str, ...], padding: int = 18) -> None:
    """Start columns wide enough for typical content (text widths follow the DPI scale);
    an empty sample leaves that column as it is."""
    metrics = view.fontMetrics()
    for column, sample in enumerate(samples):
        if sample:
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + padding)

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
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
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


class HeadingsFit(QObject):
    """Keeps every column's heading readable, whatever the page sized it to and however
    narrow the window (1366×768 at 150 % leaves about 900 pixels): a column narrower than
    its heading (with room for the sort arrow) is widened to it once rows are shown or the
    view is resized, never narrowed. The column that takes the spare width keeps at least
    its heading's width too: when there is no spare width left, it stops stretching and the
    table scrolls sideways instead. Long text is elided, shown in full in its tooltip
    (``RowTableModel``)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.stretching: set[int] = set()  # the columns set to take the spare width
        self.timer = QTimer(self)  # once per burst: rows replaced on every keystroke
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.fit)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.headerDataChanged):
            signal.connect(self.timer.start)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.timer.start()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not shown:
            return
        stretch = QHeaderView.ResizeMode.Stretch
        self.stretching |= {c for c in shown if header.sectionResizeMode(c) == stretch}
        last = shown[-1] if header.stretchLastSection() or last_was_stretched(header) else None
        for column in shown:
            if column in self.stretching or column == last:
                continue
            if header.sectionSize(column) < header.sectionSizeHint(column):
                header.resizeSection(column, header.sectionSizeHint(column))
        room = self.view.viewport().width()
        for column in sorted(self.stretching | ({last} if last is not None else set())):
            others = sum(header.sectionSize(c) for c in shown if c != column
                         and c not in self.stretching)
            others += sum(header.sectionSizeHint(c) for c in self.stretching if c != column)
            need = header.sectionSizeHint(column)
            fits = room - others >= need
            if column == last and column not in self.stretching:
                header.setStretchLastSection(fits)
                header.setProperty(LAST_STRETCHED, True)
                if not fits:
                    header.resizeSection(column, need)
            elif fits:
                header.setSectionResizeMode(column, stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, need)


#: set on a header whose last column stretched until there was no room left for it
LAST_STRETCHED = "awards_last_stretched"


def last_was_stretched(header: QHeaderView) -> bool:
    return bool(header.property(LAST_STRETCHED))


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
    view.headings_fit = HeadingsFit(view)  # type: ignore[attr-defined]
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

"""A page that is a filterable table of records with actions to add, edit and remove them:
nominations, nominees, workers, categories, sponsors.

Each row is a frozen record with an ``id``. The page keeps the chosen record selected while
the rows are reloaded, searched, filtered or sorted, and selects what a dialog has just
saved; Enter or a double click on a row edits it.

Several rows can be selected (Shift or Ctrl and click, Shift and the arrows, Ctrl+A):
``selected_rows`` gives them all, for actions on many at once. While several are selected,
``selected_row`` is None, so single-record actions (Edit, Delete…) are disabled and a details
panel shows nothing chosen, rather than acting on one row of a highlighted group; the group
stays selected while the rows are reloaded, searched or sorted.

A reload (after a save here, or another window's, PC's or command's change) keeps the search
text, the selection and the scroll position as they were: the list does not jump under
someone reading it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.page import Page
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import (
    make_table_view,
    select_positions,
    selected_positions,
)


class Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)


def _record_id(row: Record) -> int:
    return row.id


class ListPage(Page, Generic[R]):
    """``build_list`` makes ``model``, ``view``, ``search`` and ``count_label``; the page lays
    them out with its own buttons and implements ``refresh`` (which calls ``load_rows``),
    ``edit_selected`` and, to follow the selection, ``selection_changed``."""

    #: one row and several ("1 worker", "12 workers")
    noun: ClassVar[tuple[str, str]] = ("item", "items")
    #: the column that takes the spare width (None: the last one)
    stretch_column: ClassVar[int | None] = None
    #: what the search box looks in (its placeholder)
    search_hint: ClassVar[str] = "Search"
    #: select the first row whenever the chosen one is not shown (pages with a detail panel)
    select_first: ClassVar[bool] = False
    #: filter once per burst of typing instead of per keystroke (lists of thousands)
    coalesce_typing: ClassVar[bool] = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._wanted_id: int | None = None  # the record to keep selected
        self._wanted_ids: tuple[int, ...] = ()  # or the records, when several are selected
        self._quiet = False  # the rows are being replaced: the selection follows afterwards
        self._scroll_to_wanted = False  # the next load shows the record asked for

    def build_list(self, columns: Sequence[Column[R]], *, view_name: str = "",
                   search_text: Callable[[R], str] | None = None,
                   sort_column: int | None = None) -> None:
        """``sort_column``: the rows start sorted by it (otherwise in the order read)."""
        self.model: RowTableModel[R] = RowTableModel(columns, search_text=search_text,
                                                     key=_record_id, parent=self)
        self.view = make_table_view(self.model, view_name or f"{self.title} table",
                                    stretch_column=self.stretch_column)
        if sort_column is not None:
            self.view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"{self.search_hint}  (Ctrl+F)")
        self.search.setAccessibleName(f"Search {self.noun[1]}")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(f"Number of {self.noun[1]} shown")
        if self.coalesce_typing:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(0)
            timer.timeout.connect(self.apply_filter)
            self.search.textChanged.connect(timer.start)
        else:
            self.search.textChanged.connect(self.apply_filter)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.view.activated.connect(self.on_view_activated)

    def search_bar(self, *extras: QWidget, stretch: int = 1) -> QHBoxLayout:
        """The search box with its label, then ``extras`` (filters, buttons)."""
        caption = QLabel("&Search:")
        caption.setBuddy(self.search)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.search, stretch)
        for widget in extras:
            row.addWidget(widget)
        return row

    # --- for the page to implement ---------------------------------------------------------

    def filter_predicate(self) -> Callable[[R], bool] | None:
        """The page's filters (besides the search words) as one test; the same object for
        the same filters lets typing narrow the last result instead of starting again."""
        return None

    def rows_changed(self) -> None:
        """The rows shown changed (loaded, searched, filtered or sorted)."""

    def selection_changed(self) -> None:
        """The selected record changed (or is gone): update buttons and details."""

    def edit_selected(self) -> None:
        raise NotImplementedError

    # --- rows ------------------------------------------------------------------------------

    def load_rows(self, rows: Sequence[R]) -> None:
        """Show freshly read ``rows`` through the current search and filters; a reload keeps
        the scroll position (unless a record was asked for: then it is shown)."""
        bars = (self.view.verticalScrollBar(), self.view.horizontalScrollBar())
        kept = (None if self.model.total_count == 0 or self._scroll_to_wanted
                else [bar.value() for bar in bars])
        self._scroll_to_wanted = False
        self._quiet = True
        try:
            self.model.set_rows(rows)
            self.model.set_filter(self.search.text(), self.filter_predicate())
        finally:
            self._quiet = False
        self._after_rows_changed()
        if kept is not None:
            self.view.doItemsLayout()  # the scroll ranges of the new rows, before scrolling
            for bar, value in zip(bars, kept, strict=True):
                bar.setValue(value)

    def apply_filter(self, *_args: Any) -> None:
        """Show the rows the search and filters let through."""
        self._quiet = True
        try:
            self.model.set_filter(self.search.text(), self.filter_predicate())
        finally:
            self._quiet = False
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        singular, plural = self.noun
        self.count_label.setText(
            f"Showing {shown:,} of {total:,}" if shown != total
            else f"{total:,} {singular if total == 1 else plural}")
        self.rows_changed()
        if len(self._wanted_ids) > 1:
            self._select_several(self._wanted_ids)
            return
        position = -1 if self._wanted_id is None else self.model.position_of(self._wanted_id)
        if position < 0 and self.select_first and shown:
            position = 0
        if position >= 0:
            self._select_position(position)
        else:
            self.selection_changed()  # nothing is selected now: let the page say so

    def _on_model_reset(self) -> None:
        if not self._quiet:  # sorted by a click on a column heading
            self._after_rows_changed()

    # --- selection -------------------------------------------------------------------------

    def selected_row(self) -> R | None:
        """The selected record when exactly one is selected; None for none or several."""
        positions = selected_positions(self.view)
        return self.model.row(positions[0]) if len(positions) == 1 else None

    def selected_rows(self) -> list[R]:
        """Every selected record, top to bottom as shown."""
        return [self.model.row(p) for p in selected_positions(self.view)]

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def select_id(self, row_id: int) -> bool:
        """Select the record ``row_id`` if it is shown; True if it is."""
        self._wanted_id, self._wanted_ids = row_id, ()
        position = self.model.position_of(row_id)
        if position >= 0:
            self._select_position(position)
        return position >= 0

    def _select_position(self, position: int) -> None:
        self.view.selectRow(position)
        self.view.scrollTo(self.model.index(position, 0))

    def _select_several(self, row_ids: Sequence[int]) -> None:
        """Select those of ``row_ids`` that are shown; the ones hidden by a search stay
        wanted, and are selected again when they are shown."""
        wanted = set(row_ids)  # one pass over the rows shown: all of 50,000 stays quick
        positions = [p for p, row in enumerate(self.model.visible_rows) if row.id in wanted]
        self._quiet = True
        try:
            select_positions(self.view, positions)
        finally:
            self._quiet = False
        self.selection_changed()

    def _on_view_selection_changed(self, *_args: Any) -> None:
        if self._quiet:
            return
        rows = self.selected_rows()
        self._wanted_id = rows[0].id if len(rows) == 1 else None
        self._wanted_ids = tuple(r.id for r in rows) if len(rows) > 1 else ()
        self.selection_changed()

    def select_when_shown(self, row_id: int) -> None:
        """Select ``row_id`` once it is among the rows (after a load in the background)."""
        self._wanted_id, self._wanted_ids = row_id, ()
        self._scroll_to_wanted = True

    def after_save(self, row_id: int) -> None:
        """Select what a dialog saved (its save already reloaded a visible page); a search
        that hides it is cleared."""
        if self._stale:
            self.reload()
        if not self.select_id(row_id) and self.search.text():
            self.search.clear()
            self.select_id(row_id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def on_view_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()

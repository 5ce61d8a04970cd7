"""A table model over a Python list of plain rows, sorted and filtered in Python.

docs/platform.md: a QSortFilterProxyModel over a Python model calls data() per row (0.6–2 s per
keystroke at 50,000 rows); filtering the list here and resetting the model takes ~25 ms.
Search ignores case, accents, ligatures and invisible characters ("zoe" finds "Zoë"): each
row's folded key is made once when the rows are set, the query is folded once per keystroke,
and each row is then a plain substring test (``core/search.py``, ``benchmarks/search_bench.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from awards_app.core.search import search_keys, search_words
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.plain import plain_tooltip

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]
    align_right: bool = False
    tooltip: str = ""


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, Enum):
        return (0, str(value.value))
    return (0, value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows are immutable records; ``set_rows`` replaces them, ``set_filter`` narrows them."""

    def __init__(self, columns: Sequence[Column[R]], *, search_text: Callable[[R], str] | None = None,
                 key: Callable[[R], Hashable] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text or (lambda r: " ".join(display(c.value(r)) for c in self.columns))
        self._key = key
        self._all: list[R] = []
        self._keys: list[Hashable] = []  # key of each row of _all (when the model has a key)
        self._haystacks: list[str] = []
        self._order: list[int] = []  # indices into _all, in display (sorted) order
        self._matches: list[int] = []  # the part of _order that passes the filter
        self._visible: list[R] = []
        self._words: list[str] = []
        self._predicate: Callable[[R], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- data in ---------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        """Show other columns over the same rows (e.g. one that only some states have)."""
        if list(columns) != self.columns:
            self.beginResetModel()
            self.columns = list(columns)
            self.endResetModel()

    def set_rows(self, rows: Sequence[R]) -> None:
        self._all = list(rows)
        # folded once here, so a keystroke is only substring tests (search ignores accents)
        self._haystacks = search_keys(map(self._search_text, self._all))
        if self._key is not None:
            self._keys = [self._key(r) for r in self._all]
        self._sort_order()
        self._apply(narrow=False)

    def set_filter(self, text: str = "", predicate: Callable[[R], bool] | None = None) -> None:
        words = search_words(text)
        # Typing forward only ever narrows the result: search within the last matches.
        narrow = predicate is self._predicate and all(
            any(old in new for new in words) for old in self._words)
        self._words, self._predicate = words, predicate
        self._apply(narrow=narrow)

    def _sort_order(self) -> None:
        order = list(range(len(self._all)))
        if self._sort is not None:
            column, direction = self._sort
            getter, rows = self.columns[column].value, self._all
            order.sort(key=lambda i: _sort_key(getter(rows[i])),
                       reverse=direction == Qt.SortOrder.DescendingOrder)
        self._order = order

    def _apply(self, *, narrow: bool) -> None:
        indices = self._matches if narrow else self._order
        haystacks, rows = self._haystacks, self._all
        for word in self._words:  # one C-speed pass per word, each over fewer rows
            indices = [i for i in indices if word in haystacks[i]]
        if self._predicate is not None and not narrow:
            predicate = self._predicate
            indices = [i for i in indices if predicate(rows[i])]
        self._matches = indices
        self.beginResetModel()
        self._visible = [rows[i] for i in indices]
        self.endResetModel()

    # --- data out --------------------------------------------------------------------------

    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def visible_rows(self) -> list[R]:
        return self._visible

    def row(self, index: int) -> R:
        return self._visible[index]

    def index_of(self, predicate: Callable[[R], bool]) -> int:
        return next((i for i, r in enumerate(self._visible) if predicate(r)), -1)

    def position_of(self, key: Hashable) -> int:
        """Where the row with this ``key`` is shown, or -1: two C-speed list searches, so
        it stays well under a millisecond at 50,000 rows (the model needs a ``key``)."""
        assert self._key is not None, "position_of needs a model made with a key"
        try:
            return self._matches.index(self._keys.index(key))
        except ValueError:
            return -1

    # --- Qt interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            # Cells are plain text; a right-to-left name stays in its place (isolated).
            return isolate(display(column.value(self._visible[index.row()])))
        if role == Qt.ItemDataRole.ToolTipRole:
            # Columns are capped in width: long text is shown in full on hover, as written
            # (tooltips would take a name that looks like HTML for markup).
            text = display(column.value(self._visible[index.row()]))
            return plain_tooltip(isolate(text)) if len(text) > 20 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tooltip:
                return self.columns[section].tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order) if column >= 0 else None
        self._sort_order()
        self._apply(narrow=False)

"""A table model over a Python list of plain rows, sorted and filtered in Python.

PLATFORM.md: a QSortFilterProxyModel over a Python model calls data() per row (0.6–2 s per
keystroke at 50,000 rows); filtering the list here and resetting the model takes ~25 ms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

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
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text or (lambda r: " ".join(display(c.value(r)) for c in self.columns))
        self._all: list[R] = []
        self._haystacks: list[str] = []
        self._visible: list[R] = []
        self._needle = ""
        self._predicate: Callable[[R], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- data in ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[R]) -> None:
        self._all = list(rows)
        self._haystacks = [self._search_text(r).casefold() for r in self._all]
        self._apply()

    def set_filter(self, text: str = "", predicate: Callable[[R], bool] | None = None) -> None:
        self._needle = " ".join(text.casefold().split())
        self._predicate = predicate
        self._apply()

    def _apply(self) -> None:
        needle, predicate = self._needle, self._predicate
        if needle or predicate:
            words = needle.split()
            visible = [
                row for row, hay in zip(self._all, self._haystacks, strict=True)
                if all(w in hay for w in words) and (predicate is None or predicate(row))
            ]
        else:
            visible = list(self._all)
        if self._sort is not None:
            column, order = self._sort
            getter = self.columns[column].value
            visible.sort(key=lambda r: _sort_key(getter(r)),
                         reverse=order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._visible = visible
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
            return display(column.value(self._visible[index.row()]))
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
        self._sort = (column, order)
        self._apply()

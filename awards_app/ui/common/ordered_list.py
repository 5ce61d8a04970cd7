"""A short list the user puts in order with Move up / Move down (Alt+Up / Alt+Down), with an
optional tick box per row: the tie-break rules, and the lead judge's casting decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from awards_app.ui.common.actions import press_with
from awards_app.ui.common.table_model import Column, Index, RowTableModel
from awards_app.ui.common.table_view import make_table_view

R = TypeVar("R")


class OrderModel(RowTableModel[R], Generic[R]):
    """Rows in the user's order; with ``checkable`` the first column carries a tick box."""

    def __init__(self, columns: Sequence[Column[R]], *, checkable: bool = False) -> None:
        super().__init__(columns)
        self.checkable = checkable
        self.checked: set[R] = set()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (self.checkable and index.isValid() and index.column() == 0
                and role == Qt.ItemDataRole.CheckStateRole):
            used = self.row(index.row()) in self.checked
            return Qt.CheckState.Checked if used else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.isValid() and role == Qt.ItemDataRole.CheckStateRole):
            return False
        row = self.row(index.row())
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(row)
        else:
            self.checked.discard(row)
        self.dataChanged.emit(index, index, [role])
        return True


class OrderedList(QWidget, Generic[R]):
    """A short list put in order with Move up / Move down (also Alt+Up / Alt+Down)."""

    changed = Signal()

    def __init__(self, columns: Sequence[Column[R]], accessible_name: str, *,
                 checkable: bool = False, up_text: str = "Move &up",
                 down_text: str = "Move do&wn", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: OrderModel[R] = OrderModel(columns, checkable=checkable)
        self.view = make_table_view(self.model, accessible_name,
                                    stretch_column=len(columns) - 1)
        self.view.setSortingEnabled(False)
        self.up = QPushButton(up_text)
        self.down = QPushButton(down_text)
        self.up.setAccessibleName(f"Move up in {accessible_name.lower()}")
        self.down.setAccessibleName(f"Move down in {accessible_name.lower()}")
        self.up.clicked.connect(lambda: self.move_row(-1))
        self.down.clicked.connect(lambda: self.move_row(1))
        for button, keys in ((self.up, "Alt+Up"), (self.down, "Alt+Down")):  # in the list
            press_with(button, keys, parent=self.view, context=Qt.ShortcutContext.WidgetShortcut)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def set_rows(self, rows: Sequence[R], checked: Sequence[R] = ()) -> None:
        self.model.checked = set(checked)
        self.model.set_rows(rows)
        for column in range(self.model.columnCount() - 1):
            self.view.resizeColumnToContents(column)
        # A short list: exactly as tall as its rows (measured from the font, so it scales).
        height = (self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth()
                  + self.view.verticalHeader().defaultSectionSize() * max(len(rows), 2) + 2)
        self.view.setMinimumHeight(height)
        self.view.setMaximumHeight(height)
        self.view.setCurrentIndex(self.model.index(0, 0))
        self._update_buttons()

    def rows(self) -> list[R]:
        return list(self.model.visible_rows)

    def checked_rows(self) -> list[R]:
        return [r for r in self.model.visible_rows if r in self.model.checked]

    def move_row(self, step: int) -> None:
        current = self.view.currentIndex()
        rows = self.rows()
        here = current.row() if current.isValid() else -1
        there = here + step
        if here < 0 or not 0 <= there < len(rows):
            return
        rows[here], rows[there] = rows[there], rows[here]
        self.model.set_rows(rows)
        self.view.setCurrentIndex(self.model.index(there, current.column()))
        self._update_buttons()
        self.changed.emit()

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 (Qt name)
        super().setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.view.currentIndex().row()
        self.up.setEnabled(self.isEnabled() and row > 0)
        self.down.setEnabled(self.isEnabled() and 0 <= row < self.model.rowCount() - 1)

"""The nominating workers, shared by every event; those who have left are kept (withdrawn)
with their nominations."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from awards_app.services import people
from awards_app.services.people import WorkerRow
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.table_view import size_columns
from awards_app.ui.common.widgets import chain_tab_order
from awards_app.ui.people.dialogs import WorkerDialog
from awards_app.ui.people.nominees_page import IN_EVENT_TIP


def worker_columns() -> list[Column[WorkerRow]]:
    return [
        Column("Name", lambda r: r.name),
        Column("Email", lambda r: r.email),
        Column("Team", lambda r: r.team),
        Column("Active", lambda r: "Yes" if r.active else "No (left)",
               tooltip="Workers who have left are kept with their nominations"),
        Column("This event", lambda r: r.nominations, align_right=True, tooltip=IN_EVENT_TIP),
        Column("All events", lambda r: r.all_nominations, align_right=True,
               tooltip="Every nomination they made, withdrawn ones included"),
    ]


class WorkersPage(ListPage[WorkerRow]):
    page_id = PageId.WORKERS
    noun = ("worker", "workers")
    stretch_column = 1
    search_hint = "Search name, email or team"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.build_list(worker_columns(), search_text=lambda r: f"{r.name} {r.email} {r.team}")
        size_columns(self.view, ("Marcus Bennett-Smithson", "marcus.bennett-smith@council.example",
                                 "South Leaving Care Team", "No (left)", "This event",
                                 "All events"))
        self.hide_left = QCheckBox("Hide workers who have &left")
        self.hide_left.toggled.connect(self.apply_filter)
        self.add_button = QPushButton("&Add worker…")
        self.edit_button = QPushButton("Ed&it…")
        self.withdraw_button = QPushButton("&Withdraw (has left)")
        self.add_button.clicked.connect(self.add_worker)
        self.edit_button.clicked.connect(self.edit_selected)
        self.withdraw_button.clicked.connect(self.toggle_selected)

        top = self.search_bar(self.hide_left)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.withdraw_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        chain_tab_order(self.search, self.hide_left, self.add_button, self.edit_button,
                              self.withdraw_button, self.view)
        self.selection_changed()

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        self.load_rows(self.ctx.read(lambda s: people.worker_rows(s, event_id=event_id)))

    def filter_predicate(self) -> Callable[[WorkerRow], bool] | None:
        if self.hide_left.isChecked():
            return lambda r: r.active
        return None

    def selection_changed(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.withdraw_button.setEnabled(row is not None)
        self.withdraw_button.setText("&Reinstate" if row is not None and not row.active
                                     else "&Withdraw (has left)")

    def worker_dialog(self, worker: WorkerRow | None = None) -> WorkerDialog:
        """The dialog, not yet shown (tests fill it in and call ``accept()``); what it saves
        is selected."""
        dialog = WorkerDialog(self.ctx, self, worker)
        dialog.accepted.connect(lambda: self.after_save(dialog.saved_id))
        return dialog

    def add_worker(self) -> None:
        self.run_dialog(self.worker_dialog())

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.run_dialog(self.worker_dialog(row))

    def toggle_selected(self) -> None:
        """Withdraw a worker who has left, or reinstate one who came back."""
        row = self.selected_row()
        if row is not None:
            self.act(lambda s: people.withdraw_worker(s, row.id, active=not row.active),
                     title="Cannot change the worker",
                     saved="Reinstated the worker." if not row.active
                     else "Marked the worker as having left.")

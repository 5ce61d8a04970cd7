"""The young people (nominees) and the nominating workers, shared by every event.

Counts are for the current event; a young person's nominations in every event are listed
below the table when they are selected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui import settings
from awards_app.ui.context import AppContext
from awards_app.ui.models.table import Column, RowTableModel
from awards_app.ui.pages.base import Page
from awards_app.ui.widgets.tables import make_table_view

if TYPE_CHECKING:
    from awards_app.services.people import NomineeRow, PersonNominationRow, WorkerRow

R = TypeVar("R")
IN_EVENT_TIP = "Nominations in the current event, not counting withdrawn ones"


def _yes_or_blank(value: bool, text: str = "Yes") -> str:
    return text if value else ""


def _size_columns(view: QTableView, samples: tuple[str, ...]) -> None:
    """Start columns wide enough for typical content (text widths follow the DPI scale)."""
    metrics = view.fontMetrics()
    for column, sample in enumerate(samples):
        if sample:
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)


class _ListPage(Page, Generic[R]):
    """A searchable table with action buttons; keeps the selection across reloads."""

    noun = ("item", "items")
    #: the column that takes the spare width (None: the last one)
    stretch_column: int | None = None

    def _build_list(self, columns: list[Column[R]], search_hint: str,
                    search_text: Callable[[R], str]) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"{search_hint}  (Ctrl+F)")
        self.search.setAccessibleName(f"Search {self.title.lower()}")
        self.search.setClearButtonEnabled(True)
        self.search_label = QLabel("&Search:")
        self.search_label.setBuddy(self.search)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(f"Number of {self.noun[1]} shown")
        self.model: RowTableModel[R] = RowTableModel(columns, search_text=search_text,
                                                     parent=self)
        self.view = make_table_view(self.model, f"{self.title} table", self,
                                    stretch_column=self.stretch_column)
        self.search.textChanged.connect(self.apply_filter)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)
        self.view.activated.connect(self.on_view_activated)

    def _predicate(self) -> Callable[[R], bool] | None:
        return None

    @staticmethod
    def _chain_tab_order(*widgets: QWidget) -> None:
        """Tab goes through the page as it reads: search, filters, buttons, then the tables."""
        for before, after in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.set_filter(self.search.text(), self._predicate())
        shown, total = self.model.rowCount(), self.model.total_count
        singular, plural = self.noun
        self.count_label.setText(
            f"Showing {shown:,} of {total:,}" if shown != total
            else f"{total:,} {singular if total == 1 else plural}")
        if selected is not None:
            self.select_id(selected)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_row(self) -> R | None:
        indexes = self.view.selectionModel().selectedRows()
        return self.model.row(indexes[0].row()) if indexes else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None  # type: ignore[attr-defined]

    def select_id(self, row_id: int) -> None:
        position = self.model.index_of(lambda r: r.id == row_id)  # type: ignore[attr-defined]
        if position >= 0:
            self.view.selectRow(position)
            self.view.scrollTo(self.model.index(position, 0))

    def _load(self, rows: list[R]) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows)
        self.apply_filter()
        if selected is not None:
            self.select_id(selected)

    def _on_selection_changed(self, *_args: Any) -> None:
        raise NotImplementedError

    def _after_save(self, row_id: int) -> None:
        """Select what a dialog saved (its save already reloaded a visible page)."""
        if self._stale:
            self.reload()
        self.select_id(row_id)

    def on_view_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()

    def edit_selected(self) -> None:
        raise NotImplementedError


# --- nominees ------------------------------------------------------------------------------


def nominee_columns() -> list[Column[NomineeRow]]:
    return [
        Column("Known as", lambda r: r.preferred_name, tooltip="Preferred name"),
        Column("First name", lambda r: r.first_name),
        Column("Last name", lambda r: r.last_name),
        Column("Date of birth", lambda r: r.date_of_birth),
        Column("Age", lambda r: r.age, align_right=True,
               tooltip="Age on the ceremony date (today if the event has none)"),
        Column("Out of area", lambda r: _yes_or_blank(r.out_of_area)),
        Column("Consent: name / public / photo", lambda r: " / ".join(
            a.label for a in (r.consent_certificate_name, r.consent_public, r.consent_photo)),
            tooltip="Full name on a certificate / named publicly / photos taken and used"),
        Column("Do not publish", lambda r: _yes_or_blank(r.do_not_publish),
               tooltip="Safeguarding: nothing about them is printed or shared"),
        Column("This event", lambda r: r.nominations, align_right=True, tooltip=IN_EVENT_TIP),
    ]


def nomination_columns() -> list[Column[PersonNominationRow]]:
    return [
        Column("Ref", lambda r: r.ref),
        Column("Event", lambda r: r.event),
        Column("Category", lambda r: r.category),
        Column("Status", lambda r: r.status),
        Column("Worker", lambda r: r.worker),
        Column("Reason withdrawn", lambda r: r.withdrawn_reason),
    ]


class NomineesPage(_ListPage["NomineeRow"]):
    title = "Nominees"
    noun = ("young person", "young people")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._build_list(
            nominee_columns(), "Search names, date of birth or consent",
            lambda r: f"{r.preferred_name} {r.first_name} {r.last_name} "
                      f"{r.date_of_birth:%d/%m/%Y} {r.consent_summary}"
                      f"{' do not publish' if r.do_not_publish else ''}",
        )
        _size_columns(self.view, ("Known as", "Abdirahman", "Forbes-Williams",
                                  "Date of birth", "Age", "Out of area",
                                  "Not asked / Not asked / Not asked", "Do not publish",
                                  "This event"))
        self.this_event_only = QCheckBox("Only those nominated &this event")
        self.this_event_only.toggled.connect(self.apply_filter)
        self.add_button = QPushButton("&Add young person…")
        self.edit_button = QPushButton("&Edit…")
        self.withdraw_button = QPushButton("&Withdraw all nominations…")
        self.withdraw_button.setAccessibleDescription(
            "Withdraw every live nomination of the selected young person, with a reason")
        self.add_button.clicked.connect(self.add_nominee)
        self.edit_button.clicked.connect(self.edit_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)

        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_model: RowTableModel[PersonNominationRow] = RowTableModel(
            nomination_columns(), parent=self)
        self.details_view = make_table_view(self.details_model, "Their nominations", self)
        _size_columns(self.details_view, ("N-00000", "Northbridge Care Leavers Awards 2027",
                                          "Care Leaver of the Year", "Shortlisted",
                                          "Marcus Bennett-Smith"))
        self.details_label.setBuddy(self.details_view)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 6, 0, 0)
        details_layout.addWidget(self.details_label)
        details_layout.addWidget(self.details_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("NomineesSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(details)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        saved = settings.settings().value(settings.splitter_key(self.splitter.objectName()))
        if isinstance(saved, QByteArray):
            self.splitter.restoreState(saved)
        self.splitter.splitterMoved.connect(self._save_splitter)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.this_event_only)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.withdraw_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        self._chain_tab_order(self.search, self.this_event_only, self.add_button,
                              self.edit_button, self.withdraw_button, self.view,
                              self.details_view)
        self._on_selection_changed()

    def _save_splitter(self, *_args: Any) -> None:
        settings.put(settings.splitter_key(self.splitter.objectName()),
                     self.splitter.saveState())

    def refresh(self) -> None:
        from awards_app.services import people

        event_id = self.ctx.require_event()
        self._load(self.ctx.read(lambda s: people.nominee_rows(s, event_id=event_id)))

    def _predicate(self) -> Callable[[NomineeRow], bool] | None:
        if self.this_event_only.isChecked():
            return lambda r: r.nominations > 0
        return None

    def _on_selection_changed(self, *_args: Any) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        if row is None:
            self.details_model.set_rows([])
            self.details_label.setText("Select a young person to see their &nominations.")
            self.withdraw_button.setEnabled(False)
            return
        from awards_app.services import people

        rows = self.ctx.read(lambda s: people.nominee_nominations(s, row.id))
        self.details_model.set_rows(rows)
        live = sum(r.live for r in rows)
        name = f"{row.preferred_name} {row.last_name}"
        if not rows:
            self.details_label.setText(f"{name} has no &nominations yet.")
        else:
            withdrawn = len(rows) - live
            self.details_label.setText(
                f"&Nominations of <b>{name}</b> in every event: {len(rows)} "
                f"({withdrawn or 'none'} withdrawn)")
        self.withdraw_button.setEnabled(live > 0)

    # --- actions -------------------------------------------------------------------------

    def nominee_dialog(self, nominee: NomineeRow | None = None) -> Any:
        """The dialog, not yet shown (tests fill it in and call ``accept()``)."""
        from awards_app.ui.dialogs.person_dialogs import NomineeDialog

        dialog = NomineeDialog(self.ctx, self, nominee)
        dialog.accepted.connect(lambda: self._after_save(dialog.saved_id))
        return dialog

    def add_nominee(self) -> None:
        self.nominee_dialog().open()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.nominee_dialog(row).open()

    def withdraw_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        live = [r for r in self.details_model.visible_rows if r.live]
        if not live:
            return
        refs = ", ".join(f"{r.ref} ({r.category}, {r.event})" for r in live[:6])
        more = f" and {len(live) - 6} more" if len(live) > 6 else ""
        reason, ok = QInputDialog.getText(
            self, "Withdraw all nominations",
            f"This withdraws {len(live)} nomination{'s' if len(live) != 1 else ''} of "
            f"{row.preferred_name} {row.last_name}: {refs}{more}.\n"
            "They are kept and can be reinstated one by one.\n\nWhy are they withdrawn?")
        if not ok:
            return
        from awards_app.services import nominations

        self.ctx.act(self, lambda s: len(nominations.withdraw_nominee(s, row.id, reason=reason)),
                     title="Cannot withdraw")


# --- workers -------------------------------------------------------------------------------


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


class WorkersPage(_ListPage["WorkerRow"]):
    title = "Workers"
    noun = ("worker", "workers")
    stretch_column = 1

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._build_list(worker_columns(), "Search name, email or team",
                         lambda r: f"{r.name} {r.email} {r.team}")
        _size_columns(self.view, ("Marcus Bennett-Smithson", "marcus.bennett-smith@council.example",
                                  "South Leaving Care Team", "No (left)", "This event",
                                  "All events"))
        self.hide_left = QCheckBox("&Hide workers who have left")
        self.hide_left.toggled.connect(self.apply_filter)
        self.add_button = QPushButton("&Add worker…")
        self.edit_button = QPushButton("&Edit…")
        self.withdraw_button = QPushButton("&Withdraw (has left)")
        self.add_button.clicked.connect(self.add_worker)
        self.edit_button.clicked.connect(self.edit_selected)
        self.withdraw_button.clicked.connect(self.toggle_selected)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.hide_left)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.withdraw_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        self._chain_tab_order(self.search, self.hide_left, self.add_button, self.edit_button,
                              self.withdraw_button, self.view)
        self._on_selection_changed()

    def refresh(self) -> None:
        from awards_app.services import people

        event_id = self.ctx.require_event()
        self._load(self.ctx.read(lambda s: people.worker_rows(s, event_id=event_id)))

    def _predicate(self) -> Callable[[WorkerRow], bool] | None:
        if self.hide_left.isChecked():
            return lambda r: r.active
        return None

    def _on_selection_changed(self, *_args: Any) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.withdraw_button.setEnabled(row is not None)
        self.withdraw_button.setText("&Reinstate" if row is not None and not row.active
                                     else "&Withdraw (has left)")

    def worker_dialog(self, worker: WorkerRow | None = None) -> Any:
        """The dialog, not yet shown (tests fill it in and call ``accept()``)."""
        from awards_app.ui.dialogs.person_dialogs import WorkerDialog

        dialog = WorkerDialog(self.ctx, self, worker)
        dialog.accepted.connect(lambda: self._after_save(dialog.saved_id))
        return dialog

    def add_worker(self) -> None:
        self.worker_dialog().open()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.worker_dialog(row).open()

    def toggle_selected(self) -> None:
        """Withdraw a worker who has left, or reinstate one who came back."""
        row = self.selected_row()
        if row is None:
            return
        from awards_app.services import people

        self.ctx.act(self, lambda s: people.withdraw_worker(s, row.id, active=not row.active).id,
                     title="Cannot change the worker")

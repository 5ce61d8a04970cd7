"""All nominations of the event: instant search, filters, and the editor.

Rows load off the UI thread (50,000 rows take a few hundred ms to read); searching and
filtering work on the loaded list in Python and take milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import NominationStatus
from awards_app.ui.context import AppContext
from awards_app.ui.models.table import Column, RowTableModel
from awards_app.ui.pages.base import Page
from awards_app.ui.widgets.tables import make_table_view

if TYPE_CHECKING:
    from awards_app.services.nominations.forms import NominationRow
    from awards_app.ui.dialogs.nomination_editor import NominationEditor

CONSENT_LABELS = {
    "complete": "All answered",
    "partial": "Some not asked",
    "not_asked": "None asked",
    "do_not_publish": "Do not publish",
}
ALL = None


def nomination_columns() -> list[Column[NominationRow]]:
    return [
        Column("Ref", lambda r: r.ref),
        Column("Nominee", lambda r: r.nominee, tooltip="Preferred name"),
        Column("Category", lambda r: r.category),
        Column("Worker", lambda r: r.worker),
        Column("Team", lambda r: r.team),
        Column("Status", lambda r: r.status),
        Column("Consent", lambda r: CONSENT_LABELS.get(r.consent, r.consent)),
        Column("Updated", lambda r: r.updated_at),
    ]


def _search_text(row: NominationRow) -> str:
    return f"{row.ref} {row.nominee} {row.nominee_full} {row.category} {row.worker} {row.team}"


class NominationsPage(Page):
    title = "Nominations"
    #: emitted after rows have been (re)loaded into the table
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editor: NominationEditor | None = None
        self._select_after_load: int | None = None
        self._loading = False
        self._reload_again = False
        self._filter_key: tuple[Any, ...] | None = None
        self._predicate: Callable[[NominationRow], bool] | None = None

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search ref, name, category, worker or team  (Ctrl+F)")
        self.search.setAccessibleName("Search nominations")
        self.search.setClearButtonEnabled(True)
        self.category_filter = self._combo("Category filter")
        self.status_filter = self._combo("Status filter")
        for status in NominationStatus:
            self.status_filter.addItem(status.label, status)
        self.team_filter = self._combo("Team filter")
        self.consent_filter = self._combo("Consent filter")
        for key, label in CONSENT_LABELS.items():
            self.consent_filter.addItem(label, key)

        self.new_button = QPushButton("&New nomination")
        self.open_button = QPushButton("&Open")
        self.withdraw_button = QPushButton("&Withdraw…")
        self.reinstate_button = QPushButton("Rein&state")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of nominations shown")

        self.model: RowTableModel[NominationRow] = RowTableModel(
            nomination_columns(), search_text=_search_text, parent=self)
        self.view = make_table_view(self.model, "Nominations table", self, stretch_column=1)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        metrics = self.view.fontMetrics()
        samples = ("N-00000", "", "Care Leaver of the Year", "Marcus Bennett-Smith",
                   "South Leaving Care Team", "Shortlisted", "Some not asked",
                   "23 Nov 2026 12:00")
        for column, sample in enumerate(samples):
            if sample:
                self.view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        for label, combo in (("&Category", self.category_filter), ("S&tatus", self.status_filter),
                             ("Tea&m", self.team_filter), ("Co&nsent", self.consent_filter)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
        actions = QHBoxLayout()
        for button in (self.open_button, self.withdraw_button, self.reinstate_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        self.setTabOrder(self.search, self.category_filter)

        # Filtering is cheap, but coalesce bursts of typing into one pass.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._filter_timer.start)
        for combo in (self.category_filter, self.status_filter, self.team_filter,
                      self.consent_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.new_button.clicked.connect(self.new_nomination)
        self.open_button.clicked.connect(self.open_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.reinstate_button.clicked.connect(self.reinstate_selected)
        self.view.activated.connect(self.on_view_activated)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    @staticmethod
    def _combo(name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem("All", ALL)
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        return combo

    # --- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rows in the background; a change during a load triggers one more."""
        if self._loading:
            self._reload_again = True
            return
        from awards_app.services import nominations

        event_id = self.ctx.require_event()
        database = self.ctx.database
        assert database is not None
        self._loading = True

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with database.read_session() as session:
                return (nominations.nomination_rows(session, event_id),
                        nominations.category_choices(session, event_id))

        self.ctx.tasks.start(job, on_success=self._on_loaded, on_error=self._on_load_failed)

    def _on_loaded(self, result: tuple[list[NominationRow], list[Any]]) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
        rows, categories = result
        selected = self._select_after_load or self.selected_id()
        self._fill_combo(self.category_filter, [(c.label, c.id) for c in categories])
        teams = sorted({r.team for r in rows if r.team})
        self._fill_combo(self.team_filter, [(t, t) for t in teams] + [("No team", "")])
        self.model.set_rows(rows)
        self.apply_filters()
        if selected is not None:
            self.select_id(selected)
        self._select_after_load = None
        self.loaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        from awards_app.ui.errors import show_error

        self._loading = False
        show_error(self, error)

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(current) if current is not ALL else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- filtering -----------------------------------------------------------------------

    def apply_filters(self) -> None:
        category = self.category_filter.currentData()
        status = self.status_filter.currentData()
        team = self.team_filter.currentData()
        consent = self.consent_filter.currentData()
        key = (category, status, team, consent)
        if key == self._filter_key:
            self.model.set_filter(self.search.text(), self._predicate)
            self._update_count()
            return
        tests: list[Callable[[NominationRow], bool]] = []
        if category is not ALL:
            tests.append(lambda r: r.category_id == category)
        if status is not ALL:
            tests.append(lambda r: r.status == status)
        if team is not ALL:
            tests.append(lambda r: r.team == team)
        if consent is not ALL:
            tests.append(lambda r: r.consent == consent)
        predicate = (lambda r: all(test(r) for test in tests)) if tests else None
        # The same predicate object lets the model narrow the last result while typing.
        self._filter_key, self._predicate = key, predicate
        self.model.set_filter(self.search.text(), predicate)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        self.count_label.setText(f"Showing {shown:,} of {total:,}" if shown != total
                                 else f"{total:,} nominations")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- selection -----------------------------------------------------------------------

    def selected_row(self) -> NominationRow | None:
        indexes = self.view.selectionModel().selectedRows()
        return self.model.row(indexes[0].row()) if indexes else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_id(self, nomination_id: int) -> None:
        position = self.model.index_of(lambda r: r.id == nomination_id)
        if position >= 0:
            self.view.selectRow(position)
            self.view.scrollTo(self.model.index(position, 0))

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        withdrawn = row is not None and row.status is NominationStatus.WITHDRAWN
        self.withdraw_button.setEnabled(row is not None and not withdrawn)
        self.reinstate_button.setEnabled(withdrawn)

    # --- actions -------------------------------------------------------------------------

    def open_editor(self, nomination_id: int | None) -> NominationEditor | None:
        from awards_app.ui.dialogs.nomination_editor import NominationEditor

        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        try:
            editor = NominationEditor(self.ctx, self, nomination_id)
        except Exception as exc:
            from awards_app.ui.errors import show_error

            show_error(self, exc)
            return None
        editor.saved.connect(self._on_editor_saved)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    def new_nomination(self) -> NominationEditor | None:
        return self.open_editor(None)

    def open_selected(self) -> None:
        nomination_id = self.selected_id()
        if nomination_id is not None:
            self.open_editor(nomination_id)

    def on_view_activated(self, index: QModelIndex) -> None:
        self.open_editor(self.model.row(index.row()).id)

    def _on_editor_saved(self, nomination_id: int) -> None:
        self._select_after_load = nomination_id

    def _on_editor_finished(self, _result: int) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = None

    def withdraw_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        reason, ok = QInputDialog.getText(
            self, f"Withdraw {row.ref}",
            f"Why is {row.nominee}'s nomination for {row.category} withdrawn?\n"
            "(The nomination is kept; it can be reinstated.)")
        if not ok:
            return
        from awards_app.services import nominations

        self.ctx.act(self, lambda s: nominations.withdraw_nomination(s, row.id, reason=reason),
                     title="Cannot withdraw")

    def reinstate_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from awards_app.services import nominations

        self.ctx.act(self, lambda s: nominations.reinstate_nomination(s, row.id),
                     title="Cannot reinstate")

    def on_view_context_menu(self, position: Any) -> None:
        if self.selected_row() is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", self.open_selected)
        if self.withdraw_button.isEnabled():
            menu.addAction("Withdraw…", self.withdraw_selected)
        if self.reinstate_button.isEnabled():
            menu.addAction("Reinstate", self.reinstate_selected)
        menu.popup(self.view.viewport().mapToGlobal(position))

    def can_close(self) -> bool:
        if self.editor is not None and self.editor.isVisible():
            return self.editor.confirm_discard()
        return True

"""All nominations of the event: instant search, filters, the editor, and changing many at
once (select several; accept, shortlist, back to submitted or withdraw them as one step that
Undo last bulk change takes back).

Rows load off the UI thread (50,000 rows take a few hundred ms to read); searching and
filtering work on the loaded list in Python and take milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import NominationStatus
from awards_app.services import nominations
from awards_app.services.nominations import BulkStep, Choice, NominationRow
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.table_view import selected_positions, size_columns
from awards_app.ui.nominations.bulk import STATUS_CHANGES, VERBS, BulkActions
from awards_app.ui.nominations.editor import NominationEditor

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


class NominationsPage(BulkActions, ListPage[NominationRow]):
    page_id = PageId.NOMINATIONS
    noun = ("nomination", "nominations")
    stretch_column = 1
    search_hint = "Search ref, name, category, worker or team"
    coalesce_typing = True  # filtering is cheap, but a burst of typing is one pass
    #: emitted after rows have been (re)loaded into the table
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editor: NominationEditor | None = None
        self._loading = False
        self._reload_again = False
        self._filter_key: tuple[Any, ...] | None = None
        self._predicate: Callable[[NominationRow], bool] | None = None

        self.build_list(nomination_columns(), view_name="Nominations table",
                        search_text=_search_text)
        self.category_filter = self._combo("Category filter")
        self.status_filter = self._combo("Status filter")
        for status in NominationStatus:
            self.status_filter.addItem(status.label, status)
        self.team_filter = self._combo("Team filter")
        self.consent_filter = self._combo("Consent filter")
        for key, label in CONSENT_LABELS.items():
            self.consent_filter.addItem(label, key)

        self.new_button = QPushButton("&New nomination")
        self.open_button = QPushButton("O&pen")
        self.withdraw_button = QPushButton("&Withdraw…")
        self.reinstate_button = QPushButton("Re&instate")
        self.status_menu = QMenu(self)
        self.status_actions = {status: self.status_menu.addAction(
            f"{VERBS[status][0]}…", partial(self.set_status_selected, status))
            for status in STATUS_CHANGES}
        self.status_button = QPushButton("Set stat&us")
        self.status_button.setMenu(self.status_menu)
        self.status_button.setToolTip("Accept, shortlist or move back to submitted every "
                                      "selected nomination, as one step")
        self.undo_button = QPushButton("Undo last &bulk change")
        self.undo_button.setEnabled(False)
        self.selection_label = QLabel()
        self.selection_label.setAccessibleName("Nominations selected")
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("What was done")
        self.last_step: BulkStep | None = None
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        size_columns(self.view, ("N-00000", "", "Care Leaver of the Year",
                                 "Marcus Bennett-Smith", "South Leaving Care Team",
                                 "Shortlisted", "Some not asked", "23 Nov 2026 12:00"),
                     padding=24)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        for label, combo in (("&Category", self.category_filter), ("St&atus", self.status_filter),
                             ("Tea&m", self.team_filter), ("C&onsent", self.consent_filter)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo, 1)
        actions = QHBoxLayout()
        for button in (self.open_button, self.status_button, self.withdraw_button,
                       self.reinstate_button, self.undo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.selection_label)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self.setTabOrder(self.search, self.category_filter)

        for combo in (self.category_filter, self.status_filter, self.team_filter,
                      self.consent_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.new_button.clicked.connect(self.new_nomination)
        self.open_button.clicked.connect(self.edit_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.reinstate_button.clicked.connect(self.reinstate_selected)
        self.undo_button.clicked.connect(self.undo_last_bulk)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu)
        self.selection_changed()

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
        event_id = self.ctx.require_event()
        database = self.ctx.database
        assert database is not None
        self._loading = True

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with database.read_session() as session:
                return (nominations.nomination_rows(session, event_id),
                        nominations.category_choices(session, event_id),
                        nominations.last_bulk(session, event_id))

        self.ctx.tasks.start(job, on_success=self._on_loaded, on_error=self._on_load_failed)

    def _on_loaded(self, result: tuple[list[NominationRow], list[Choice], BulkStep | None]
                   ) -> None:
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
        rows, categories, self.last_step = result
        self.undo_button.setEnabled(self.last_step is not None)
        self.undo_button.setToolTip(
            f"Undo: {self.last_step.summary}" if self.last_step is not None
            else "No bulk change to undo")
        self._fill_combo(self.category_filter, [(c.label, c.id) for c in categories])
        teams = sorted({r.team for r in rows if r.team})
        self._fill_combo(self.team_filter, [(t, t) for t in teams] + [("No team", "")])
        self.load_rows(rows)
        self.loaded.emit()

    def _on_load_failed(self, error: BaseException) -> None:
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

    def filter_predicate(self) -> Callable[[NominationRow], bool] | None:
        category = self.category_filter.currentData()
        status = self.status_filter.currentData()
        team = self.team_filter.currentData()
        consent = self.consent_filter.currentData()
        key = (category, status, team, consent)
        if key == self._filter_key:
            return self._predicate  # the same object: typing narrows the last result
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
        self._filter_key, self._predicate = key, predicate
        return predicate

    # --- selection -----------------------------------------------------------------------

    def selection_changed(self) -> None:
        """One row: every action. Several: the actions on many (status, withdraw); Open and
        Reinstate act on one nomination and are disabled."""
        row = self.selected_row()
        several = row is None and self.view.selectionModel().hasSelection()
        self.open_button.setEnabled(row is not None)
        withdrawn = row is not None and row.status is NominationStatus.WITHDRAWN
        self.withdraw_button.setEnabled((row is not None and not withdrawn) or several)
        self.reinstate_button.setEnabled(withdrawn)
        self.status_button.setEnabled((row is not None and not withdrawn) or several)
        count = len(selected_positions(self.view)) if several else 0
        self.selection_label.setText(f"{count:,} selected" if several else "")

    # --- actions -------------------------------------------------------------------------

    def open_editor(self, nomination_id: int | None) -> NominationEditor | None:
        if self.editor is not None and self.editor.isVisible():
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        try:
            editor = NominationEditor(self.ctx, self, nomination_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        editor.saved.connect(self.select_when_shown)
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    def new_nomination(self) -> NominationEditor | None:
        return self.open_editor(None)

    def edit_selected(self) -> None:
        nomination_id = self.selected_id()
        if nomination_id is not None:
            self.open_editor(nomination_id)

    def _on_editor_finished(self, _result: int) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = None

    def withdraw_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self.withdraw_several()
            return
        self.run_dialog(self.withdraw_dialog(row))

    def withdraw_dialog(self, row: NominationRow) -> ReasonDialog:
        """Asks why ``row`` is withdrawn; a missing reason keeps the dialog open with what was
        typed (tests fill it in and call ``accept()``)."""
        return ReasonDialog(
            self.ctx, self, title=f"Withdraw {row.ref}", ok_text="Withdraw",
            intro=(f"{isolate(row.nominee)}'s nomination for {isolate(row.category)} will be "
                   "withdrawn. It is kept and can be reinstated."),
            reason_label="&Why is it withdrawn?",
            work=lambda s, reason: nominations.withdraw_nomination(s, row.id, reason=reason),
            saved=f"Withdrew nomination {row.ref}.")

    def reinstate_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.act(lambda s: nominations.reinstate_nomination(s, row.id),
                     title="Cannot reinstate", saved=f"Reinstated nomination {row.ref}.")

    def on_view_context_menu(self, position: QPoint) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        menu = QMenu(self)
        if len(rows) == 1:
            menu.addAction("Open", self.edit_selected)
        else:
            title = menu.addAction(f"{len(rows):,} selected")
            title.setEnabled(False)
        menu.addSeparator()
        if self.status_button.isEnabled():
            for status in STATUS_CHANGES:
                menu.addAction(f"{VERBS[status][0]}…", partial(self.set_status_selected, status))
        if self.withdraw_button.isEnabled():
            menu.addAction("Withdraw…", self.withdraw_selected)
        if self.reinstate_button.isEnabled():
            menu.addAction("Reinstate", self.reinstate_selected)
        if self.undo_button.isEnabled():
            menu.addSeparator()
            menu.addAction("Undo last bulk change", self.undo_last_bulk)
        self.context_menu = menu  # for tests and screenshots
        menu.popup(self.view.viewport().mapToGlobal(position))

    def can_close(self) -> bool:
        if self.editor is not None and self.editor.isVisible():
            return self.editor.confirm_discard()
        return True

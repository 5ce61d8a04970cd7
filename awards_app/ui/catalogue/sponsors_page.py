"""Sponsors & judges: the local businesses behind the awards, what they sponsor, who judges."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from awards_app.services.catalogue import sponsors
from awards_app.services.catalogue.sponsors import JudgeRow, SponsorCategoryChoice, SponsorRow
from awards_app.ui.catalogue.logo_picker import LogoPreview
from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
from awards_app.ui.common.actions import action_button, make_action
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.plain import rich
from awards_app.ui.common.table_model import Column, Index, RowTableModel
from awards_app.ui.common.table_view import current_row, make_table_view, select_row
from awards_app.ui.common.widgets import hint, keep_splitter

EMPTY_TEXT = ("No sponsors yet — add the local businesses that sponsor and judge your "
              "awards.")
SPONSOR_COLUMNS: list[Column[SponsorRow]] = [
    Column("Name", lambda r: r.name),
    Column("Contact", lambda r: r.contact_name),
    Column("Email", lambda r: r.contact_email),
    Column("Phone", lambda r: r.contact_phone),
    Column("Categories", lambda r: r.categories_label),
    Column("Judges", lambda r: r.judges_count, align_right=True,
           tooltip="Judges still taking part"),
    Column("Logo", lambda r: r.has_logo),
    Column("Status", lambda r: r.status_label),
]
JUDGE_COLUMNS: list[Column[JudgeRow]] = [
    Column("Judge", lambda r: r.name),
    Column("Email", lambda r: r.email),
    Column("Status", lambda r: r.status_label),
]
CHOICE_COLUMNS: list[Column[SponsorCategoryChoice]] = [
    Column("Category", lambda r: r.name if r.active else f"{r.name} (retired)"),
]


class CategoryChoiceModel(RowTableModel[SponsorCategoryChoice]):
    """The event's categories with a tick for each one the sponsor sponsors.

    Ticking does not change the row: it asks (``toggled``) for the change to be saved, and
    the saved state comes back with the next refresh.
    """

    toggled = Signal(int, bool)  # category id, sponsored

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.CheckStateRole:
            sponsored = self.row(index.row()).sponsored
            return Qt.CheckState.Checked if sponsored else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        row = self.row(index.row())
        if checked != row.sponsored:
            self.toggled.emit(row.category_id, checked)
        return True


class SponsorsPage(ListPage[SponsorRow]):
    page_id = PageId.SPONSORS
    noun = ("sponsor", "sponsors")
    stretch_column = 4
    search_hint = "Name, contact, email or category"
    select_first = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._details_of: int | None = None  # the sponsor whose details show
        self._judge_id: int | None = None
        self._sized = False

        self.build_list(SPONSOR_COLUMNS, view_name="Sponsors", sort_column=0)
        self.choices = CategoryChoiceModel(CHOICE_COLUMNS)
        self.choices_view = make_table_view(self.choices, "Categories sponsored")
        self.choices_view.setSortingEnabled(False)
        self.choices_view.horizontalHeader().setVisible(False)
        self.judges_model: RowTableModel[JudgeRow] = RowTableModel(JUDGE_COLUMNS)
        self.judges_view = make_table_view(self.judges_model, "Judges", stretch_column=1)
        self.judges_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.add_action = make_action(self, "&Add sponsor…", self.add_sponsor, "Ins",
                                      (self.view,))
        self.edit_action = make_action(self, "Ed&it…", self.edit_selected, None, (self.view,))
        self.withdraw_action = make_action(self, "&Withdraw sponsor", self.toggle_withdrawn,
                                           None, (self.view,))
        self.add_judge_action = make_action(self, "Add &judge…", self.add_judge, "Ins",
                                            (self.judges_view,))
        self.edit_judge_action = make_action(self, "Edit jud&ge…", self.edit_judge, None,
                                             (self.judges_view,))
        self.withdraw_judge_action = make_action(self, "Withdraw j&udge",
                                                 self.toggle_judge_withdrawn, None,
                                                 (self.judges_view,))

        # --- layout, in tab order ---
        top = self.search_bar(*(action_button(action) for action in (
            self.add_action, self.edit_action, self.withdraw_action)), stretch=2)
        top.addStretch(1)
        self.message = hint(EMPTY_TEXT)
        self.message.setAccessibleName("Sponsors message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.setMargin(8)

        self.logo = LogoPreview("No logo")
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.contact.setTextFormat(Qt.TextFormat.RichText)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.contact.setOpenExternalLinks(True)
        self.contact.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.contact.setAccessibleName("Contact details and notes")
        details_box = QGroupBox("Details")
        details_layout = QVBoxLayout(details_box)
        details_layout.addWidget(self.logo, 2)
        details_layout.addWidget(self.contact, 3)

        categories_box = QGroupBox("Categories sponsored")
        categories_layout = QVBoxLayout(categories_box)
        categories_layout.addWidget(self.choices_view)
        categories_layout.addWidget(hint("Tick each category this sponsor supports; its judges "
                                         "score every ticked category."))

        judges_box = QGroupBox("Judges")
        judges_layout = QVBoxLayout(judges_box)
        judges_layout.addWidget(self.judges_view)
        judge_buttons = QHBoxLayout()
        for action in (self.add_judge_action, self.edit_judge_action,
                       self.withdraw_judge_action):
            judge_buttons.addWidget(action_button(action))
        judge_buttons.addStretch(1)
        judges_layout.addLayout(judge_buttons)

        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.detail_splitter.setObjectName("SponsorDetailSplitter")
        for index, box in enumerate((details_box, categories_box, judges_box)):
            self.detail_splitter.addWidget(box)
            self.detail_splitter.setStretchFactor(index, (3, 3, 4)[index])
        self.detail_splitter.setChildrenCollapsible(False)
        self.nothing_chosen = hint("Choose a sponsor above to see its contact details, the "
                                   "categories it sponsors and its judges.")
        self.nothing_chosen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QStackedWidget()
        self.detail.addWidget(self.nothing_chosen)
        self.detail.addWidget(self.detail_splitter)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("SponsorsSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        keep_splitter(self.splitter)
        keep_splitter(self.detail_splitter)

        self.judges_view.selectionModel().currentRowChanged.connect(
            self.on_judges_view_current_row_changed)
        self.judges_view.activated.connect(lambda _index: self.edit_judge())
        self.choices.toggled.connect(self.on_choices_toggled, Qt.ConnectionType.QueuedConnection)
        self._update_actions()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        rows = self.ctx.read(lambda s: sponsors.sponsor_rows(s, event_id))
        self.load_rows(rows)
        if rows and not self._sized:
            self._sized = True
            self.view.resizeColumnsToContents()
            for column, widest in ((0, 220), (1, 150), (2, 220), (3, 120)):
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))

    def rows_changed(self) -> None:
        total, shown = self.model.total_count, len(self.model.visible_rows)
        if total == 0:
            self.message.setText(EMPTY_TEXT)
        elif shown == 0:
            self.message.setText(f"No sponsors match “{self.search.text().strip()}”. "
                                 "Try part of a name, or clear the search.")
        self.message.setVisible(shown == 0)
        self.splitter.setVisible(total > 0)

    def selected_judge(self) -> JudgeRow | None:
        judge: JudgeRow | None = current_row(self.judges_view)
        return judge

    def selection_changed(self) -> None:
        sponsor = self.selected_row()
        if sponsor is not None and sponsor.id != self._details_of:
            self._details_of = sponsor.id
            self._judge_id = None  # another sponsor: its own judges
        self._load_details()

    def on_judges_view_current_row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self._judge_id = self.judges_model.row(current.row()).id
        self._update_actions()

    def _load_details(self) -> None:
        sponsor = self.selected_row()
        if sponsor is None:
            self.detail.setCurrentWidget(self.nothing_chosen)
            self.judges_model.set_rows([])
            self.choices.set_rows([])
            self._update_actions()
            return
        judges, choices, logo = self.ctx.read(lambda s: (
            sponsors.judge_rows(s, sponsor.id), sponsors.sponsor_category_choices(s, sponsor.id),
            sponsors.sponsor_logo(s, sponsor.id)))
        self.detail.setCurrentWidget(self.detail_splitter)
        self.logo.set_image(logo)
        self.contact.setText(contact_html(sponsor))
        self.choices.set_rows(choices)
        self.judges_model.set_rows(judges)
        self.judges_view.resizeColumnToContents(0)
        self.judges_view.setColumnWidth(0, min(self.judges_view.columnWidth(0), 200))
        select_row(self.judges_view, self.judges_model.index_of(lambda r: r.id == self._judge_id))
        self._update_actions()

    def _update_actions(self) -> None:
        sponsor = self.selected_row()
        has = sponsor is not None
        self.edit_action.setEnabled(has)
        self.withdraw_action.setEnabled(has)
        withdrawn = sponsor is not None and not sponsor.active
        self.withdraw_action.setText("&Reinstate sponsor" if withdrawn else "&Withdraw sponsor")
        self.add_judge_action.setEnabled(has)
        judge = self.selected_judge()
        self.edit_judge_action.setEnabled(judge is not None)
        self.withdraw_judge_action.setEnabled(judge is not None)
        self.withdraw_judge_action.setText("Reinstate j&udge" if judge and not judge.active
                                           else "Withdraw j&udge")

    # --- changing --------------------------------------------------------------------------

    def add_sponsor(self) -> None:
        dialog = SponsorDialog(self.ctx, self)
        if self.run_dialog(dialog):
            self.after_save(dialog.saved_id)  # a search that hid the new sponsor is cleared

    def edit_selected(self) -> None:
        sponsor = self.selected_row()
        if sponsor is not None:
            self.run_dialog(SponsorDialog(self.ctx, self, sponsor=sponsor))

    def toggle_withdrawn(self) -> None:
        sponsor = self.selected_row()
        if sponsor is None:
            return
        if sponsor.active:
            answer = QMessageBox.question(
                self, "Withdraw sponsor",
                f"Withdraw {sponsor.name}? Its judges stop judging. Everything recorded about "
                "it is kept, and you can reinstate it at any time.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        reinstate = not sponsor.active
        self.act(lambda s: sponsors.withdraw_sponsor(s, sponsor.id, active=reinstate),
                 saved=f"{'Reinstated' if reinstate else 'Withdrew'} sponsor "
                       f"{isolate(sponsor.name)}.")

    def on_choices_toggled(self, category_id: int, sponsored: bool) -> None:
        sponsor = self.selected_row()
        if sponsor is None:
            return
        change = sponsors.sponsor_category if sponsored else sponsors.unsponsor_category
        self.act(lambda s: change(s, sponsor_id=sponsor.id, category_id=category_id),
                 saved=f"Saved the categories {isolate(sponsor.name)} sponsors.")

    def add_judge(self) -> None:
        sponsor = self.selected_row()
        if sponsor is None:
            return
        dialog = JudgeDialog(self.ctx, self, sponsor_id=sponsor.id, sponsor_name=sponsor.name)
        if self.run_dialog(dialog):
            self._judge_id = dialog.saved_id
            self._load_details()

    def edit_judge(self) -> None:
        sponsor, judge = self.selected_row(), self.selected_judge()
        if sponsor is not None and judge is not None:
            self.run_dialog(JudgeDialog(self.ctx, self, sponsor_id=sponsor.id,
                                        sponsor_name=sponsor.name, judge=judge))

    def toggle_judge_withdrawn(self) -> None:
        judge = self.selected_judge()
        if judge is not None:
            reinstate = not judge.active
            self.act(lambda s: sponsors.withdraw_judge(s, judge.id, active=reinstate),
                     saved="Reinstated the judge." if reinstate else "Withdrew the judge.")


def contact_html(sponsor: SponsorRow) -> str:
    """The detail panel's text: name, contact, email (a link), phone and notes."""
    lines = [f"<b>{rich(sponsor.name)}</b>"
             + ("" if sponsor.active else " <i>(withdrawn)</i>")]
    if sponsor.contact_name:
        lines.append(rich(sponsor.contact_name))
    if sponsor.contact_email:
        email = escape(sponsor.contact_email)
        # zero-width spaces let a long address wrap after "@" and "." in a narrow panel
        shown = email.replace("@", "@\u200b").replace(".", ".\u200b")
        lines.append(f'<a href="mailto:{email}">{shown}</a>')
    if sponsor.contact_phone:
        lines.append(rich(sponsor.contact_phone))
    if not (sponsor.contact_name or sponsor.contact_email or sponsor.contact_phone):
        lines.append("<i>No contact details yet.</i>")
    if sponsor.notes:
        notes = "<br>".join(rich(line) for line in sponsor.notes.splitlines())
        lines.append(f"<br>{notes}")
    return "<br>".join(lines)

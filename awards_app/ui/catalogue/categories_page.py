"""Categories: the awards presented, in ceremony order, with their criteria and sponsors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.services.catalogue import categories, sponsors
from awards_app.services.catalogue.categories import CategoryRow, CriterionRow
from awards_app.services.catalogue.sponsors import SponsorRow
from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
from awards_app.ui.common.actions import action_button, make_action
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.plain import rich
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import current_row, make_table_view, select_row
from awards_app.ui.common.widgets import hint, keep_splitter

CATEGORY_COLUMNS: list[Column[CategoryRow]] = [
    Column("#", lambda r: r.position, align_right=True, tooltip="Order at the ceremony"),
    Column("Name", lambda r: r.name),
    Column("Winners", lambda r: r.winners_count, align_right=True),
    Column("Runners-up", lambda r: r.runners_up_count, align_right=True),
    Column("Highly commended", lambda r: r.highly_commended_count, align_right=True),
    Column("Criteria", lambda r: r.criteria_count, align_right=True),
    Column("Nominations", lambda r: r.live_nominations, align_right=True,
           tooltip="Nominations in this category, not counting withdrawn ones"),
    Column("Sponsors", lambda r: r.sponsors_label),
    Column("Status", lambda r: r.status_label),
    Column("Description", lambda r: " ".join(r.description.split())),
]
CRITERION_COLUMNS: list[Column[CriterionRow]] = [
    Column("Criterion", lambda r: r.name),
    Column("Weight", lambda r: r.weight_label, align_right=True),
    Column("Scale", lambda r: r.scale_label, align_right=True),
    Column("Breaks ties", lambda r: "Yes" if r.role else "",
           tooltip="Its points decide the Obstacles tie-break"),
    Column("Guidance", lambda r: " ".join(r.guidance.split())),
]
SPONSOR_COLUMNS: list[Column[SponsorRow]] = [
    Column("Sponsor", lambda r: r.name),
    Column("Judges", lambda r: r.judges_count, align_right=True),
    Column("Status", lambda r: r.status_label),
]


class CategoriesPage(ListPage[CategoryRow]):
    page_id = PageId.CATEGORIES
    noun = ("category", "categories")
    stretch_column = 9
    select_first = True
    search_hint = "Search names, descriptions, sponsors"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._details_of: int | None = None  # the category whose criteria and sponsors show
        self._criterion_id: int | None = None
        self._all_sponsors: list[SponsorRow] = []
        self._sized = False

        # Categories and criteria keep their order (the ceremony's, the score sheet's).
        self.build_list(CATEGORY_COLUMNS, view_name="Categories")
        self.view.setSortingEnabled(False)
        self.criteria_model: RowTableModel[CriterionRow] = RowTableModel(CRITERION_COLUMNS)
        self.criteria_view = make_table_view(self.criteria_model, "Judging criteria",
                                             stretch_column=4)  # the guidance
        self.criteria_view.setSortingEnabled(False)
        self.sponsors_model: RowTableModel[SponsorRow] = RowTableModel(SPONSOR_COLUMNS)
        self.sponsors_view = make_table_view(self.sponsors_model, "Sponsors of the category",
                                             stretch_column=0)
        self.sponsors_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.add_action = make_action(self, "&Add category…", self.add_category, "Ins",
                                      (self.view,))
        self.edit_action = make_action(self, "Ed&it…", self.edit_selected, None, (self.view,))
        self.up_action = make_action(self, "Move &up", self.move_up, "Ctrl+Up", (self.view,))
        self.down_action = make_action(self, "Move &down", self.move_down, "Ctrl+Down",
                                       (self.view,))
        self.retire_action = make_action(self, "&Retire", self.toggle_retired, None,
                                         (self.view,))
        self.add_criterion_action = make_action(self, "Add &criterion…", self.add_criterion,
                                                "Ins", (self.criteria_view,))
        self.edit_criterion_action = make_action(self, "Edit criterio&n…", self.edit_criterion,
                                                 None, (self.criteria_view,))
        self.remove_criterion_action = make_action(
            self, "Re&move criterion", self.remove_criterion, QKeySequence.StandardKey.Delete,
            (self.criteria_view,))
        self.link_action = make_action(self, "&Link", self.link_sponsor)
        self.unlink_action = make_action(self, "Unlin&k", self.unlink_sponsor,
                                         QKeySequence.StandardKey.Delete, (self.sponsors_view,))

        # --- layout, in tab order ---
        top = self.search_bar(self.count_label)
        actions = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.up_action, self.down_action,
                       self.retire_action):
            actions.addWidget(action_button(action))
        actions.addStretch(1)
        self.empty_label = hint("No categories yet — add the awards you will present, such as "
                                "Education Star or Sports Hero.")
        self.empty_label.setAccessibleName("No categories")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setMargin(8)

        self.heading = hint("")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName("Selected category")
        criteria_box = QGroupBox("Judging criteria")
        criteria_layout = QVBoxLayout(criteria_box)
        criteria_layout.addWidget(self.criteria_view)
        criteria_buttons = QHBoxLayout()
        for action in (self.add_criterion_action, self.edit_criterion_action,
                       self.remove_criterion_action):
            criteria_buttons.addWidget(action_button(action))
        criteria_buttons.addStretch(1)
        criteria_layout.addLayout(criteria_buttons)

        sponsors_box = QGroupBox("Sponsors")
        sponsors_layout = QVBoxLayout(sponsors_box)
        sponsors_layout.addWidget(self.sponsors_view)
        self.sponsor_combo = QComboBox()
        self.sponsor_combo.setAccessibleName("Sponsor to link to this category")
        self.sponsor_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sponsor_combo.setMinimumContentsLength(8)
        combo_label = QLabel("Add s&ponsor")
        combo_label.setBuddy(self.sponsor_combo)
        link_row = QHBoxLayout()
        link_row.addWidget(combo_label)
        link_row.addWidget(self.sponsor_combo, 1)
        link_buttons = QHBoxLayout()  # on their own line: the page stays narrow at 150%
        link_buttons.addWidget(action_button(self.link_action))
        link_buttons.addWidget(action_button(self.unlink_action))
        link_buttons.addStretch(1)
        sponsors_layout.addLayout(link_row)
        sponsors_layout.addLayout(link_buttons)
        sponsors_layout.addWidget(hint("A sponsor's judges score every category it sponsors."))

        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.detail_splitter.setObjectName("CategoryDetailSplitter")
        self.detail_splitter.addWidget(criteria_box)
        self.detail_splitter.addWidget(sponsors_box)
        self.detail_splitter.setStretchFactor(0, 3)
        self.detail_splitter.setStretchFactor(1, 2)
        self.detail_splitter.setChildrenCollapsible(False)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.detail_splitter, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("CategoriesSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.splitter, 1)
        keep_splitter(self.splitter)
        keep_splitter(self.detail_splitter)

        self.criteria_view.selectionModel().currentRowChanged.connect(
            self.on_criteria_view_current_row_changed)
        self.criteria_view.activated.connect(lambda _index: self.edit_criterion())
        self.sponsors_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_actions())
        self._update_actions()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        rows, all_sponsors = self.ctx.read(lambda s: (
            categories.category_rows(s, event_id), sponsors.sponsor_rows(s, event_id)))
        self._all_sponsors = all_sponsors
        self.empty_label.setVisible(not rows)
        self.splitter.setVisible(bool(rows))
        self.load_rows(rows)
        if rows and not self._sized:
            self._sized = True
            self.view.resizeColumnsToContents()
            for column, widest in ((1, 220), (7, 220), (9, 120)):
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))

    def selected_criterion(self) -> CriterionRow | None:
        criterion: CriterionRow | None = current_row(self.criteria_view)
        return criterion

    def selected_sponsor(self) -> SponsorRow | None:
        sponsor: SponsorRow | None = current_row(self.sponsors_view)
        return sponsor

    def selection_changed(self) -> None:
        category = self.selected_row()
        if category is not None and category.id != self._details_of:
            self._details_of = category.id
            self._criterion_id = None  # another category: its own criteria
        self._load_details()

    def on_criteria_view_current_row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self._criterion_id = self.criteria_model.row(current.row()).id
        self._update_actions()

    def _load_details(self) -> None:
        category = self.selected_row()
        if category is None:
            self.criteria_model.set_rows([])
            self.sponsors_model.set_rows([])
            self.sponsor_combo.clear()
            self.heading.setText("Choose a category above to see its criteria and sponsors.")
            self._update_actions()
            return
        event_id = self.ctx.require_event()
        criteria, linked = self.ctx.read(lambda s: (
            categories.criterion_rows(s, category.id),
            sponsors.sponsor_rows(s, event_id, category_id=category.id)))
        self.criteria_model.set_rows(criteria)
        self.sponsors_model.set_rows(linked)
        self.criteria_view.resizeColumnsToContents()
        for column, widest in ((0, 200), (4, 120)):
            self.criteria_view.setColumnWidth(
                column, min(self.criteria_view.columnWidth(column), widest))
        retired = "" if category.active else " <i>(retired)</i>"
        self.heading.setText(f"<b>{rich(category.name)}</b>{retired} — "
                             f"{rich(category.description) or 'no description yet'}")
        if not criteria:
            self.heading.setText(self.heading.text() + "<br><b>No criteria yet</b> — add at "
                                 "least one so judges can score this category.")
        select_row(self.criteria_view, self.criteria_model.index_of(
            lambda r: r.id == self._criterion_id))
        linked_ids = {r.id for r in linked}
        self.sponsor_combo.clear()
        for sponsor in self._all_sponsors:
            if sponsor.active and sponsor.id not in linked_ids:
                self.sponsor_combo.addItem(sponsor.name, sponsor.id)
        self.sponsor_combo.setCurrentIndex(0 if self.sponsor_combo.count() else -1)
        if self.sponsor_combo.count() == 0:
            self.sponsor_combo.setPlaceholderText(
                "Every sponsor is linked" if self._all_sponsors else "No sponsors yet")
        self._update_actions()

    def _update_actions(self) -> None:
        category = self.selected_row()
        has = category is not None
        position = category.position if category is not None else 0
        self.edit_action.setEnabled(has)
        self.up_action.setEnabled(position > 1)
        self.down_action.setEnabled(has and position < self.model.total_count)
        self.retire_action.setEnabled(has)
        retired = category is not None and not category.active
        self.retire_action.setText("&Reinstate" if retired else "&Retire")
        self.add_criterion_action.setEnabled(has)
        criterion = self.selected_criterion()
        self.edit_criterion_action.setEnabled(criterion is not None)
        last = self.criteria_model.total_count <= 1
        self.remove_criterion_action.setEnabled(criterion is not None and not last)
        self.remove_criterion_action.setToolTip(
            "A category needs at least one criterion; add another first." if last else "")
        self.link_action.setEnabled(has and self.sponsor_combo.count() > 0)
        self.sponsor_combo.setEnabled(has and self.sponsor_combo.count() > 0)
        self.unlink_action.setEnabled(self.selected_sponsor() is not None)

    # --- changing --------------------------------------------------------------------------

    def add_category(self) -> None:
        dialog = CategoryDialog(self.ctx, self)
        if self.run_dialog(dialog):
            self.after_save(dialog.saved_id)

    def edit_selected(self) -> None:
        category = self.selected_row()
        if category is not None:
            self.run_dialog(CategoryDialog(self.ctx, self, category=category))

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        category = self.selected_row()
        if category is None:
            return
        target = category.position - 1 + step  # 0-based place in the whole list
        if 0 <= target < self.model.total_count:
            self.act(lambda s: categories.move_category(s, category.id, to_position=target),
                     saved=f"Moved {isolate(category.name)} to place {target + 1}.")
            self.view.setFocus()

    def toggle_retired(self) -> None:
        category = self.selected_row()
        if category is None:
            return
        if category.active and category.live_nominations:
            count = category.live_nominations
            answer = QMessageBox.question(
                self, "Retire category",
                f"{category.name} has {count} nomination{'s' if count != 1 else ''} in "
                "progress. They are kept as they are, but no new nominations can be made in "
                "this category.\n\nRetire it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        reinstate = not category.active
        self.act(lambda s: categories.retire_category(s, category.id, active=reinstate),
                 saved=f"{'Reinstated' if reinstate else 'Retired'} {isolate(category.name)}.")

    def add_criterion(self) -> None:
        category = self.selected_row()
        if category is None:
            return
        dialog = CriterionDialog(self.ctx, self, category_id=category.id,
                                 category_name=category.name)
        if self.run_dialog(dialog):
            self._criterion_id = dialog.saved_id
            self._load_details()

    def edit_criterion(self) -> None:
        category, criterion = self.selected_row(), self.selected_criterion()
        if category is not None and criterion is not None:
            self.run_dialog(CriterionDialog(self.ctx, self, category_id=category.id,
                                            criterion=criterion, category_name=category.name))

    def remove_criterion(self) -> None:
        category, criterion = self.selected_row(), self.selected_criterion()
        if category is None or criterion is None:
            return
        answer = QMessageBox.question(
            self, "Remove criterion",
            f"Remove “{criterion.name}” from {category.name}? Judges will no longer score it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._criterion_id = None
            self.act(lambda s: categories.remove_criterion(s, criterion.id),
                     saved=f"Removed criterion {isolate(criterion.name)} from "
                           f"{isolate(category.name)}.")

    def link_sponsor(self) -> None:
        category, sponsor_id = self.selected_row(), self.sponsor_combo.currentData()
        if category is not None and sponsor_id is not None:
            self.act(lambda s: sponsors.sponsor_category(s, sponsor_id=sponsor_id,
                                                         category_id=category.id),
                     saved=f"Linked {isolate(self.sponsor_combo.currentText())} to "
                           f"{isolate(category.name)}.")

    def unlink_sponsor(self) -> None:
        category, sponsor = self.selected_row(), self.selected_sponsor()
        if category is not None and sponsor is not None:
            self.act(lambda s: sponsors.unsponsor_category(s, sponsor_id=sponsor.id,
                                                           category_id=category.id),
                     saved=f"Unlinked {isolate(sponsor.name)} from {isolate(category.name)}.")

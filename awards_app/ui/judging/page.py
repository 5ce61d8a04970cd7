"""Judging: how far each judge has got in each category, their PINs, conflicts of interest,
each category's lead judge, the tie-break rules agreed before scoring, and the narratives
as judges read them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.scoring import DEFAULT_TIE_BREAKS, TieBreak
from awards_app.services import judging
from awards_app.services.judging import ConflictRow, ProgressRow, results
from awards_app.ui.common.actions import action_button, make_action
from awards_app.ui.common.completer import FoldingCompleter
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.ordered_list import OrderedList
from awards_app.ui.common.page import Page
from awards_app.ui.common.table_model import RowTableModel
from awards_app.ui.common.table_view import current_row, make_table_view, select_row
from awards_app.ui.common.widgets import button_row, group_box, hint, keep_splitter, tab_page
from awards_app.ui.judging.conflict_dialog import ConflictDialog
from awards_app.ui.judging.dialogs import LeadJudgeDialog, PinDialog
from awards_app.ui.judging.judge_copy import JudgeCopyDialog
from awards_app.ui.judging.paper import PaperJudgingWindow
from awards_app.ui.judging.review import JudgeCopyReviewDialog
from awards_app.ui.judging.snapshot import (
    CONFLICT_COLUMNS,
    LEAD_COLUMNS,
    PROGRESS_COLUMNS,
    RULE_COLUMNS,
    LeadRow,
    Snapshot,
    conflict_choices,
    load_snapshot,
)

if TYPE_CHECKING:
    from awards_app.ui.judging.session import JudgingSessionWindow

FIXED_NOTE = ("Judging has started, so these rules are fixed: nobody can change how ties are "
              "broken after seeing scores.")
NO_CASTING_NOTE = ("Without the casting decision, nominations the other rules cannot separate "
                   "stay tied.")


class JudgingPage(Page):
    page_id = PageId.JUDGING

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: Snapshot | None = None
        self.session_window: JudgingSessionWindow | None = None
        self._rules_dirty = False
        self._sized = False

        # --- progress ---
        self.category = QComboBox()
        self.category.setAccessibleName("Show category")
        self.category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category.setMinimumContentsLength(14)
        category_label = QLabel("Categor&y")
        category_label.setBuddy(self.category)
        self.summary = QLabel()
        self.summary.setAccessibleName("Judging summary")
        self.summary.setWordWrap(True)
        self.start_button = QPushButton("&Start judging session")
        self.start_button.setToolTip("Open the screen judges use to sign in with their PIN "
                                     "and score")
        self.paper_button = QPushButton("Paper ju&dging…")
        self.paper_button.setToolTip("For judges who score on paper: print their packs, type "
                                     "or import the scores they return, submit for them")
        self.paper_window: PaperJudgingWindow | None = None
        self.model: RowTableModel[ProgressRow] = RowTableModel(PROGRESS_COLUMNS)
        self.view = make_table_view(self.model, "Judging progress", stretch_column=2)
        self.pin_action = make_action(self, "Set &PIN…", self.set_pin, None, (self.view,))
        self.clear_pin_action = make_action(self, "&Clear PIN", self.clear_pin, None,
                                            (self.view,))
        self.unlock_action = make_action(self, "Un&lock…", self.unlock, None, (self.view,))

        # --- conflicts, lead judges, tie-breaks, judge copy ---
        self.conflicts: RowTableModel[ConflictRow] = RowTableModel(CONFLICT_COLUMNS)
        self.conflicts_view = make_table_view(self.conflicts, "Conflicts of interest",
                                              stretch_column=4)
        self.add_conflict_action = make_action(self, "&Add conflict…", self.add_conflict, "Ins",
                                               (self.conflicts_view,))
        self.remove_conflict_action = make_action(self, "&Remove…", self.remove_conflict, None,
                                                  (self.conflicts_view,))
        self.conflicts_empty = hint("No conflicts of interest recorded. A judge who knows a "
                                    "young person, or works with their team, should not "
                                    "score them.")
        self.leads: RowTableModel[LeadRow] = RowTableModel(LEAD_COLUMNS)
        self.leads_view = make_table_view(self.leads, "Lead judges", stretch_column=2)
        self.leads_view.setSortingEnabled(False)
        self.lead_action = make_action(self, "Choose lead &judge…", self.choose_lead, None,
                                       (self.leads_view,))
        self.rules: OrderedList[TieBreak] = OrderedList(RULE_COLUMNS, "Tie-break rules",
                                                        checkable=True)
        self.normalised = QCheckBox("Rank by normalised (&z) scores")
        self.normalised.setAccessibleName("Rank by normalised (z) scores")
        self.normalised.setToolTip("Each judge's totals are compared with their own average, "
                                   "so a harsh and a generous judge count the same.")
        self.save_rules_button = QPushButton("Save &tie-break rules")
        self.rules_note = hint("")
        self.rules_note.setAccessibleName("About the tie-break rules")
        # A typed reference with suggestions scales to any number of nominations.
        self.copy_ref = QLineEdit()
        self.copy_ref.setAccessibleName("Nomination for judge copy")
        self.copy_ref.setPlaceholderText("e.g. N-0004, or part of a name")
        self.copy_ref.setClearButtonEnabled(True)
        self.copy_ref.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self.copy_suggestions = QStringListModel(self)
        # suggestions hold what was typed, case and accents ignored ("zoe" suggests Zoë)
        self.copy_ref.setCompleter(FoldingCompleter(self.copy_suggestions, self))
        copy_label = QLabel("N&omination")
        copy_label.setBuddy(self.copy_ref)
        self.copy_button = QPushButton("Edit judge cop&y…")
        self.review_button = QPushButton("Re&view judge copies…")
        self.review_button.setToolTip("Every nomination to be judged: what judges will read "
                                      "beside the original, to check and mark as reviewed")
        self.review_note = hint("")
        self.review_note.setAccessibleName("Judge copies reviewed")
        self.review_window: JudgeCopyReviewDialog | None = None

        # --- layout, in tab order ---
        top = QHBoxLayout()
        top.addWidget(category_label)
        top.addWidget(self.category)
        top.addWidget(self.summary, 1)
        top.addWidget(self.paper_button)
        top.addWidget(self.start_button)
        progress_buttons = button_row(*(action_button(a) for a in (
            self.pin_action, self.clear_pin_action, self.unlock_action)))
        progress_box = group_box("Progress of each judge", self.view, progress_buttons)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Judging set-up")
        self.tabs.addTab(tab_page(self.conflicts_empty, self.conflicts_view, button_row(
            action_button(self.add_conflict_action),
            action_button(self.remove_conflict_action))), "Conflicts of interest")
        self.tabs.addTab(tab_page(hint(
            "The lead judge makes the casting decision when the agreed rules leave "
            "nominations tied across a placement."), self.leads_view,
            button_row(action_button(self.lead_action))), "Lead judges")
        self.tabs.addTab(tab_page(hint(
            "Applied in this order to nominations with equal scores; untick a rule to leave "
            "it out. Agree them before scoring starts."), self.rules_note, self.rules,
            button_row(self.normalised), button_row(self.save_rules_button), None),
            "Tie-break rules")
        copy_row = button_row(copy_label, self.copy_ref, self.copy_button)
        self.tabs.addTab(tab_page(hint(
            "Judges read the nominations under a pseudonym, with the young person's other "
            "names, surname and date of birth, their worker and team, addresses, phone "
            "numbers and emails masked. Review what they will read before judging starts, "
            "or check and edit one nomination."), self.review_note,
            button_row(self.review_button), copy_row), "Judge copy")

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("JudgingSplitter")
        self.splitter.addWidget(progress_box)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([460, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        keep_splitter(self.splitter)

        self.category.currentIndexChanged.connect(self.on_category_current_index_changed)
        self.start_button.clicked.connect(self.start_session)
        self.paper_button.clicked.connect(self.open_paper_judging)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.conflicts_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_actions())
        self.leads_view.activated.connect(lambda _index: self.choose_lead())
        self.rules.changed.connect(self.on_rules_changed)
        self.normalised.toggled.connect(self.on_rules_changed)
        self.save_rules_button.clicked.connect(self.save_rules)
        self.copy_button.clicked.connect(self.edit_judge_copy)
        self.review_button.clicked.connect(self.review_judge_copies)
        self.copy_ref.returnPressed.connect(self.edit_judge_copy)
        self.copy_ref.textChanged.connect(lambda _text: self._update_actions())
        self._update_actions()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        snap = self.snapshot = self.ctx.read(lambda s: load_snapshot(s, event_id))
        chosen = self.selected()
        self.model.set_rows(snap.progress)
        self._fill_categories(snap)
        self._apply_filter()
        row = -1 if chosen is None else self.model.index_of(
            lambda r: (r.category_id, r.judge_id) == (chosen.category_id, chosen.judge_id))
        select_row(self.view, row if row >= 0 else (0 if self.model.visible_rows else -1))
        self.conflicts.set_rows(snap.conflicts)
        self.conflicts_empty.setVisible(not snap.conflicts)
        lead = current_row(self.leads_view)
        self.leads.set_rows(snap.leads)
        if snap.leads:
            select_row(self.leads_view, max(0, self.leads.index_of(
                lambda r: lead is not None and r.category_id == lead.category_id)))
        if not self._rules_dirty or snap.started:
            self._show_rules(snap)
        self.copy_suggestions.setStringList(snap.judged)
        self._show_review_note(event_id)
        if snap.progress and not self._sized:
            self._sized = True
            for view in (self.view, self.leads_view):
                view.resizeColumnsToContents()
                for column in range(view.model().columnCount()):
                    view.setColumnWidth(column, min(view.columnWidth(column), 240))
        if snap.conflicts:
            self.conflicts_view.resizeColumnsToContents()
            for column in range(len(CONFLICT_COLUMNS)):
                self.conflicts_view.setColumnWidth(
                    column, min(self.conflicts_view.columnWidth(column), 220))
        self._update_actions()

    def _fill_categories(self, snap: Snapshot) -> None:
        wanted = self.category.currentData()
        names = dict.fromkeys((r.category_id, r.category) for r in snap.progress)
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("All categories", None)
        for category_id, name in names:
            self.category.addItem(name, category_id)
        self.category.setCurrentIndex(max(0, self.category.findData(wanted)))
        self.category.blockSignals(False)

    def on_category_current_index_changed(self, _index: int) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        wanted = self.category.currentData()
        self.model.set_filter("", None if wanted is None else
                              (lambda r: r.category_id == wanted))
        rows = self.model.visible_rows
        done = sum(r.submitted for r in rows)
        if not self.model.total_count:
            text = ("Nothing to judge yet: judges get the accepted and shortlisted nominations "
                    "of the categories their sponsor supports.")
        else:
            text = f"{done} of {len(rows)} judge-categories submitted"
            no_pin = len({r.judge_id for r in rows if not r.has_pin})
            if no_pin == 1:
                text += " · 1 judge still needs a PIN"
            elif no_pin:
                text += f" · {no_pin} judges still need a PIN"
        self.summary.setText(text)
        self._update_actions()

    def selected(self) -> ProgressRow | None:
        row: ProgressRow | None = current_row(self.view)
        return row

    def _update_actions(self) -> None:
        row = self.selected()
        self.pin_action.setEnabled(row is not None)
        self.pin_action.setText("Change &PIN…" if row is not None and row.has_pin
                                else "Set &PIN…")
        self.clear_pin_action.setEnabled(row is not None and row.has_pin)
        self.unlock_action.setEnabled(row is not None and row.submitted)
        self.remove_conflict_action.setEnabled(current_row(self.conflicts_view) is not None)
        self.lead_action.setEnabled(current_row(self.leads_view) is not None)
        self.copy_button.setEnabled(bool(self.copy_ref.text().strip()))

    # --- judges ----------------------------------------------------------------------------

    def set_pin(self) -> None:
        row = self.selected()
        if row is not None:
            self.run_dialog(PinDialog(self.ctx, self, judge_id=row.judge_id,
                                      judge_name=row.judge, has_pin=row.has_pin))

    def clear_pin(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Clear PIN", f"Clear {row.judge}'s PIN? They cannot sign in to score until "
            "you set a new one.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.act(lambda s: judging.clear_pin(s, row.judge_id),
                     saved="Cleared the judge's PIN.")

    def unlock(self) -> None:
        row = self.selected()
        if row is None or not row.submitted:
            return
        self.run_dialog(ReasonDialog(
            self.ctx, self, title=f"Unlock {isolate(row.category)} for {isolate(row.judge)}",
            ok_text="Unlock",
            intro=f"{isolate(row.judge)} will be able to change their scores for "
                  f"{isolate(row.category)} and "
                  "must submit again. The reason is kept in the audit log.",
            placeholder="e.g. The judge asked to correct a score they mistyped",
            work=lambda s, reason: judging.unlock_submission(
                s, judge_id=row.judge_id, category_id=row.category_id, reason=reason),
            saved=f"Unlocked {isolate(row.category)} for the judge to change their scores."))

    def start_session(self) -> None:
        if not self.confirm_unreviewed_copies():
            return
        if self.session_window is not None and self.session_window.isVisible():
            self.session_window.raise_()
            self.session_window.activateWindow()
            return
        from awards_app.ui.judging.session import JudgingSessionWindow  # on first use: the coordinator's page does not need it before

        # the whole screen, this window hidden until the coordinator's exit code ends it
        self.session_window = JudgingSessionWindow(self.ctx, standalone=False)
        self.session_window.begin()

    def open_paper_judging(self) -> PaperJudgingWindow | None:
        """The Paper judging window (one at a time): packs, typed or imported scores."""
        if self.paper_window is not None and self.paper_window.isVisible():
            self.paper_window.raise_()
            self.paper_window.activateWindow()
            return self.paper_window
        try:
            self.paper_window = PaperJudgingWindow(self.ctx, self)
        except Exception as exc:  # no event, or the database went
            show_error(self, exc, title="Cannot open paper judging")
            return None
        self.paper_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.paper_window.destroyed.connect(self._paper_window_closed)
        self.paper_window.show()
        return self.paper_window

    def _paper_window_closed(self) -> None:
        self.paper_window = None

    def can_close(self) -> bool:
        """Scores typed in the Paper judging window and not saved: it asks first."""
        return self.paper_window is None or self.paper_window.close()

    def confirm_unreviewed_copies(self) -> bool:
        """Before judges start: if some judge copies are not reviewed (or changed since),
        ask whether to start anyway, and keep the answer in the audit trail."""
        if self.session_window is not None and self.session_window.isVisible():
            return True  # already started: the window is only brought forward
        event_id = self.ctx.event_id
        if event_id is None:
            return True  # no event: the session screen says so itself
        refs = self.ctx.read(lambda s: judging.unreviewed_copies(s, event_id))
        if not refs:
            return True
        count = len(refs)
        which = ", ".join(refs[:5]) + (f" and {count - 5} more" if count > 5 else "")
        answer = QMessageBox.question(
            self, "Start judging session",
            f"{count} judge {'copy has' if count == 1 else 'copies have'} not been reviewed "
            f"({which}). Judges will read them with the details the program knows about "
            "masked, but nobody has checked them for anything else that could identify a "
            "young person.\n\nStart the judging session anyway? Choose No to review them "
            "first (Judge copy ▸ Review judge copies…).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.act(lambda s: judging.record_unreviewed_start(s, event_id, count),
                        title="Judging session not started")

    # --- conflicts, lead judges, judge copy --------------------------------------------------

    def review_judge_copies(self) -> None:
        if self.review_window is not None and self.review_window.isVisible():
            self.review_window.raise_()
            self.review_window.activateWindow()
            return
        try:
            self.review_window = JudgeCopyReviewDialog(self.ctx, self)
        except Exception as exc:  # no event, or the database went
            show_error(self, exc, title="Cannot show the judge copies")
            return
        self.review_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review_window.destroyed.connect(self._review_window_closed)
        self.review_window.show()

    def _review_window_closed(self) -> None:
        self.review_window = None

    def _show_review_note(self, event_id: int) -> None:
        rows = self.ctx.read(lambda s: judging.review_rows(s, event_id))
        judged = len(rows)
        unreviewed = sum(r.status != judging.REVIEWED for r in rows)
        if not judged:
            text = ""
        elif not unreviewed:
            text = "Every judge copy has been reviewed."
        else:
            text = (f"{unreviewed} of {judged} judge "
                    f"{'copy is' if judged == 1 else 'copies are'} not reviewed yet "
                    "(or changed since review).")
        self.review_note.setText(text)
        self.review_note.setVisible(bool(text))

    def add_conflict(self) -> None:
        event_id = self.ctx.require_event()
        judges, choices = self.ctx.read(lambda s: conflict_choices(s, event_id))
        row = self.selected()
        self.run_dialog(ConflictDialog(
            self.ctx, self, judges=judges, nominations=choices,
            judge_id=row.judge_id if row else None,
            record=lambda s, c: judging.declare_conflict(
                s, judge_id=c.judge_id, nomination_id=c.nomination_id, kind=c.kind,
                note=c.note, declared_by="coordinator")))

    def remove_conflict(self) -> None:
        conflict: ConflictRow | None = current_row(self.conflicts_view)
        if conflict is None:
            return
        self.run_dialog(ReasonDialog(
            self.ctx, self, title="Remove a conflict of interest", ok_text="Remove conflict",
            intro=f"{isolate(conflict.judge)} will see and score {isolate(conflict.subject)} "
                  "again. Say why "
                  "the conflict no longer applies; it is kept in the audit log.",
            work=lambda s, reason: judging.remove_conflict(s, conflict.id, reason=reason),
            saved="Removed the conflict of interest."))

    def choose_lead(self) -> None:
        row = current_row(self.leads_view)
        if row is not None:
            self.run_dialog(LeadJudgeDialog(self.ctx, self, category_id=row.category_id,
                                            category=row.category,
                                            lead_judge_id=row.lead_judge_id))

    def edit_judge_copy(self) -> None:
        words = self.copy_ref.text().split()
        if not words:
            return
        try:  # the reference is the first word, whether typed or suggested
            dialog = JudgeCopyDialog(self.ctx, self, ref=words[0])
        except Exception as exc:  # not a reference, or no such nomination
            show_error(self, exc, title="Cannot show the judge copy")
            self.copy_ref.setFocus()
            return
        self.run_dialog(dialog)

    # --- tie-break rules -------------------------------------------------------------------

    def _show_rules(self, snap: Snapshot) -> None:
        unused = [r for r in DEFAULT_TIE_BREAKS if r not in snap.rules]
        self.rules.blockSignals(True)
        self.normalised.blockSignals(True)
        self.rules.set_rows([*snap.rules, *unused], checked=snap.rules)
        self.normalised.setChecked(snap.normalised)
        self.rules.blockSignals(False)
        self.normalised.blockSignals(False)
        self._rules_dirty = False
        self._update_rules_controls()

    def on_rules_changed(self, *_args: Any) -> None:
        self._rules_dirty = True
        self._update_rules_controls()

    def _update_rules_controls(self) -> None:
        fixed = self.snapshot is not None and self.snapshot.started
        for widget in (self.rules, self.normalised, self.save_rules_button):
            widget.setEnabled(not fixed)
        self.save_rules_button.setEnabled(not fixed and self._rules_dirty)
        if fixed:
            self.rules_note.setText(FIXED_NOTE)
        elif TieBreak.CASTING not in self.rules.checked_rows():
            self.rules_note.setText(NO_CASTING_NOTE)
        else:
            self.rules_note.setText("")
        self.rules_note.setVisible(bool(self.rules_note.text()))

    def save_rules(self) -> None:
        event_id = self.ctx.require_event()
        rules = [r.value for r in self.rules.checked_rows()]
        normalised = self.normalised.isChecked()
        self._rules_dirty = False  # what is shown next is what the database holds
        if not self.act(lambda s: results.set_tie_breaks(s, event_id, rules=rules,
                                                         normalised=normalised),
                        title="Tie-break rules not saved", saved="Saved the tie-break rules."):
            self.reload()  # refused (e.g. scoring began meanwhile): show what stands, and why

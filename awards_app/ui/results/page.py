"""Results: each category's ranking, explained (scores, agreement between judges, how ties
were broken), and made final only when the coordinator confirms the placements."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.scoring import UNRESOLVED
from awards_app.services.judging import CategoryResult, ResultRow, results, results_sheet, seals
from awards_app.ui import settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.page import Page
from awards_app.ui.common.table_model import Column
from awards_app.ui.common.table_view import current_row, make_table_view, select_row
from awards_app.ui.common.widgets import NOTE_STYLE, WARNING_STYLE, hint, keep_splitter
from awards_app.ui.results.casting_dialog import CastingDialog
from awards_app.ui.results.ranking import (
    CATEGORY_COLUMNS,
    RANKING_COLUMNS,
    CategoryInfo,
    CategoryListModel,
    RankingModel,
    Snapshot,
    confirm_text,
    disagrees,
    export_job,
    load_snapshot,
    order_note,
    placement_label,
    placement_text,
    previous_text,
    status_text,
)

if TYPE_CHECKING:
    from awards_app.db.engine import Database

EXPORT_FILTERS = ("Results sheet, Excel (*.xlsx)", "Results sheet, CSV (*.csv)",
                  "One-page results summary (*.pdf)", "Full results data, JSON (*.json)")
EXPORT_SUFFIXES = (".xlsx", ".csv", ".pdf", ".json")


def sheet_job(database: Database, event_id: int, path: Path) -> Callable[..., Path]:
    """Write the results sheet (.csv, .xlsx) or the one-page summary (.pdf) to ``path``."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        with database.read_session() as s:
            sheet = results_sheet.results_sheet(s, event_id)
        return results_sheet.write_results_sheet(path, sheet)

    return job


UNTRUSTED = ("These confirmed results rest on values changed outside the program (listed at "
             "the top): do not trust them until those are checked.")
#: problems listed on the page at most; the rest are counted (``awards check`` lists all)
SHOWN_PROBLEMS = 8


def tampered_text(problems: list[str]) -> str:
    """The warning over the page: what was changed outside the program, in plain words."""
    if not problems:
        return ""
    shown = [f"• {p}" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"…and {len(problems) - SHOWN_PROBLEMS} more (run 'awards check' to see "
                     "them all).")
    return "\n".join(["Some records were changed outside the program since it recorded them. "
                      "Check each one, put right what is wrong through the program, then mark "
                      "them as checked:", *shown])


class ResultsPage(Page):
    page_id = PageId.RESULTS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: Snapshot | None = None
        self._category_id: int | None = None
        #: confirmed categories whose results rest on values changed outside the program
        self.untrusted: set[int] = set()

        # Values changed outside the program since it recorded them (services/judging/seals)
        self.tampered = QLabel()
        self.tampered.setTextFormat(Qt.TextFormat.PlainText)  # judges' and categories' names
        self.tampered.setWordWrap(True)
        self.tampered.setAccessibleName("Changed outside the program")
        self.tampered.setStyleSheet(WARNING_STYLE)
        self.tampered.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.accept_button = QPushButton("&Mark as checked…")
        self.accept_button.setToolTip("Once you have checked each record listed, trust what "
                                      "it holds now")
        self.tampered_box = QWidget()
        tampered_layout = QHBoxLayout(self.tampered_box)
        tampered_layout.setContentsMargins(0, 0, 0, 0)
        tampered_layout.addWidget(self.tampered, 1)
        tampered_layout.addWidget(self.accept_button, 0, Qt.AlignmentFlag.AlignTop)
        self.tampered_box.hide()

        self.categories = CategoryListModel(CATEGORY_COLUMNS)
        self.categories_view = make_table_view(self.categories, "Categories", stretch_column=0)
        self.categories_view.setSortingEnabled(False)
        categories_label = QLabel("&Categories")
        categories_label.setBuddy(self.categories_view)
        self.export_button = QPushButton("E&xport results…")
        self.export_button.setToolTip("The results sheet (names as the certificates print "
                                      "them) as a spreadsheet, a one-page PDF summary, or "
                                      "the full results data (JSON)")
        self.export_message = hint("")
        self.export_message.setAccessibleName("Export message")

        self.heading = plain_label()  # the category's name, as typed
        self.heading.setAccessibleName("Category")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.status = hint("")
        self.status.setAccessibleName("Status")
        self.problem = hint("")
        self.problem.setAccessibleName("Warning")
        self.problem.setStyleSheet(WARNING_STYLE)
        self.note = hint("")
        self.note.setAccessibleName("Note on the ranking")
        self.note.setStyleSheet(NOTE_STYLE)
        self.ranking = RankingModel(RANKING_COLUMNS)
        self.ranking_view = make_table_view(self.ranking, "Ranking")
        self.ranking_view.setSortingEnabled(False)  # the ranking's order is the point
        self.legend = hint("⚠ A spread of 3 points or more means the judges disagree about a "
                           "nomination: worth a look before confirming.")
        self.casting_button = QPushButton("Record casting &decision…")
        self.confirm_button = QPushButton("C&onfirm placements…")
        self.reopen_button = QPushButton("&Reopen results…")
        self.reopen_button.setToolTip("Unlock confirmed results so that they can change (for "
                                      "example when a young person asks to withdraw)")
        self.previous = hint("")
        self.previous.setAccessibleName("Reopened")
        self.previous.setStyleSheet(NOTE_STYLE)

        # --- layout, in tab order ---
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(categories_label)
        left_layout.addWidget(self.categories_view, 1)
        left_layout.addWidget(self.export_button)
        left_layout.addWidget(self.export_message)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.status, self.previous, self.problem, self.note):
            right_layout.addWidget(widget)
        right_layout.addWidget(self.ranking_view, 1)
        right_layout.addWidget(self.legend)
        buttons = QHBoxLayout()
        buttons.addWidget(self.casting_button)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("ResultsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        chars = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([chars * 38, chars * 110])
        layout = QVBoxLayout(self)
        layout.addWidget(self.tampered_box)  # as tall as its text
        layout.addWidget(self.splitter, 1)  # the page's space goes to the results
        keep_splitter(self.splitter)
        self.setTabOrder(self.categories_view, self.export_button)
        self.setTabOrder(self.export_button, self.ranking_view)
        self.setTabOrder(self.ranking_view, self.casting_button)
        self.setTabOrder(self.casting_button, self.confirm_button)
        self.setTabOrder(self.confirm_button, self.reopen_button)

        self.categories_view.selectionModel().currentRowChanged.connect(
            self.on_categories_view_current_row_changed)
        self.casting_button.clicked.connect(self.record_casting)
        self.confirm_button.clicked.connect(self.confirm)
        self.reopen_button.clicked.connect(self.reopen)
        self.export_button.clicked.connect(self.export)
        self.accept_button.clicked.connect(self.accept_outside_changes)

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        self.snapshot = self.ctx.read(lambda s: load_snapshot(s, event_id))
        problems = self.ctx.read(lambda s: seals.seal_problems(s, event_id))
        self.untrusted = {p.category_id for p in problems if p.category_id is not None}
        self.tampered.setText(tampered_text([p.message for p in problems]))
        self.tampered_box.setVisible(bool(problems))
        self.categories.set_rows(self.snapshot.results)
        self.categories_view.resizeColumnToContents(1)
        row = self.categories.index_of(lambda r: r.category_id == self._category_id)
        select_row(self.categories_view, row if row >= 0 else
                   (0 if self.snapshot.results else -1))
        self._show(self.selected())

    def selected(self) -> CategoryResult | None:
        row: CategoryResult | None = current_row(self.categories_view)
        return row

    def on_categories_view_current_row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self._category_id = self.categories.row(current.row()).category_id
            self._show(self.selected())

    def _show(self, result: CategoryResult | None) -> None:
        self.ranking.set_rows(result.ranking if result else [])
        if result is None or self.snapshot is None:
            self.heading.setText("No categories yet")
            self.status.setText("Add categories on the Categories page; their results appear "
                                "here as judges score.")
            for widget in (self.problem, self.note, self.legend, self.previous):
                widget.hide()
            self.casting_button.setEnabled(False)
            self.confirm_button.setEnabled(False)
            self.reopen_button.setEnabled(False)
            return
        info = self.snapshot.info.get(result.category_id, CategoryInfo("", None))
        self.heading.setText(result.category)
        self.status.setText(status_text(result, info))
        problem = result.problem
        if problem and not self.snapshot.casting_allowed:
            problem += (" This event's tie-break rules leave out the casting decision, and "
                        "they are fixed once scoring starts, so the tie cannot be decided "
                        "here.")
        if result.category_id in self.untrusted and result.status == "final":
            problem = (f"{UNTRUSTED} {problem}" if problem else UNTRUSTED)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        note = order_note(result.ranking, self.snapshot.normalised)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.legend.setVisible(any(disagrees(r) for r in result.ranking))
        final = result.status == "final"
        self.casting_button.setEnabled(not final and self.snapshot.casting_allowed
                                       and bool(self.tied_groups(result)))
        self.confirm_button.setEnabled(result.status == "complete" and not result.problem)
        self.reopen_button.setEnabled(final)
        previous = previous_text(result)
        self.previous.setText(previous)
        self.previous.setVisible(bool(previous))
        header = "Placement" if final else "Placement if confirmed now"
        columns = [*RANKING_COLUMNS[:-1], Column(header, placement_text)]
        if result.previous:
            before = dict(result.previous)
            columns.append(Column("Before reopening", lambda r: placement_label(
                before.get(r.nomination_id)), tooltip="The placement confirmed before the "
                "results were reopened"))
        self.ranking.set_columns(columns)
        if result.ranking:
            self.ranking_view.resizeColumnsToContents()

    @staticmethod
    def tied_groups(result: CategoryResult) -> list[list[ResultRow]]:
        unresolved = [r for r in result.ranking if r.tie_break == UNRESOLVED]
        return [list(g) for _rank, g in groupby(unresolved, key=lambda r: r.rank)]

    # --- acting ----------------------------------------------------------------------------

    def record_casting(self) -> None:
        result = self.selected()
        if result is None or self.snapshot is None:
            return
        lead = self.snapshot.info[result.category_id].lead_judge
        if not lead:
            QMessageBox.information(
                self, "Lead judge needed",
                f"A casting decision is made by the category's lead judge, and {result.category} "
                "has none yet. Choose one on the Judging page (Lead judges tab), then come back.")
            return
        self.run_dialog(CastingDialog(self.ctx, self, category_id=result.category_id,
                                      category=result.category, lead_judge=lead,
                                      groups=self.tied_groups(result)))

    def confirm(self) -> None:
        result = self.selected()
        if result is None:
            return
        answer = QMessageBox.question(
            self, f"Confirm {result.category}", confirm_text(result),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            category_id = result.category_id
            self.act(lambda s: results.confirm_results(s, category_id),
                     title="Placements not confirmed",
                     saved=f"Confirmed the placements for {isolate(result.category)}.")

    def reopen(self) -> None:
        result = self.selected()
        if result is None or result.status != "final":
            return
        category_id = result.category_id
        dialog = ReasonDialog(
            self.ctx, self, title=f"Reopen {result.category}'s results",
            intro=(f"{result.category}'s placements are confirmed. Reopening unlocks them so "
                   "that nominations, scores, judges and criteria can change, for example "
                   "when a young person asks to withdraw. The placements confirmed now are "
                   "kept and shown beside the new ones, and certificates already issued will "
                   "need attention (reprint, correct or revoke) once the results are confirmed "
                   "again."),
            ok_text="Reopen results",
            work=lambda s, reason: results.reopen_results(s, category_id, reason=reason),
            saved=f"Reopened the results of {isolate(result.category)}.",
            placeholder="Why, for example: the runner-up asked to withdraw")
        self.run_dialog(dialog)

    def accept_outside_changes(self) -> None:
        answer = QMessageBox.question(
            self, "Mark as checked",
            "Have you checked every record listed, with the judges and the paperwork? "
            "Marking them as checked makes the program trust what they hold now; the audit "
            "trail records that you did.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            event_id = self.ctx.require_event()
            self.act(lambda s: seals.accept_current_values(s, event_id=event_id),
                     title="Nothing was marked as checked",
                     saved="Marked the changed records as checked.")

    def export(self) -> None:
        """The results sheet (names as printed, placements and ties in words) as XLSX or CSV,
        the one-page PDF summary, or the full results data as JSON; off the UI thread."""
        folder = Path(str(settings.get("files/last_folder") or Path.home()))
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export results", str(folder / "results.xlsx"), ";;".join(EXPORT_FILTERS))
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            suffix = next((s for s in EXPORT_SUFFIXES if f"*{s})" in chosen), ".xlsx")
            path = path.with_name(path.name + suffix)
        settings.put("files/last_folder", str(path.parent))
        assert self.ctx.database is not None
        job = (export_job(self.ctx.database, self.ctx.require_event(), path)
               if path.suffix.lower() == ".json"
               else sheet_job(self.ctx.database, self.ctx.require_event(), path))
        self.export_message.setText(f"Saving {path.name}…")
        self.ctx.tasks.start_with_dialog(
            self, "Exporting results…", job,
            on_success=lambda saved: self.export_message.setText(
                "Saved to " + " and ".join(map(str, results_sheet.written_files(saved)))),
            on_error=self._export_failed)

    def _export_failed(self, error: BaseException) -> None:
        self.export_message.setText("The results were not saved.")
        show_error(self, error, title="Export failed")

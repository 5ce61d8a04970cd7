"""Results: each category's ranking, explained (scores, agreement between judges, how ties
were broken), and made final only when the coordinator confirms the placements."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
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

from awards_app.core.scoring import UNRESOLVED, Placement, TieBreak
from awards_app.ui import settings
from awards_app.ui.context import AppContext
from awards_app.ui.errors import show_error
from awards_app.ui.models.table import Column, Index, RowTableModel
from awards_app.ui.pages.base import Page
from awards_app.ui.pages.judging import local_time
from awards_app.ui.widgets.actions import current_row, hint, keep_splitter, select_row
from awards_app.ui.widgets.tables import make_table_view

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from awards_app.services.judging.results import CategoryResult, ResultRow

DISAGREEMENT = 3.0  # points (of 10) between the highest and lowest judge total
WARNING_STYLE = ("background: #fff4e5; color: #6b3a00; border: 1px solid #e0a040; "
                 "border-radius: 4px; padding: 6px;")
NOTE_STYLE = "background: #eef4fb; border: 1px solid #9db8d9; border-radius: 4px; padding: 6px;"
STATUS_COLOURS = {"Final": "#1b5e20", "Ready to confirm": "#0d47a1",
                  "Tie to decide": "#8a4b00"}


def badge(result: CategoryResult) -> str:
    if result.status == "final":
        return "Final"
    if result.status == "complete":
        return "Tie to decide" if result.problem else "Ready to confirm"
    return "Provisional"


def four(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def tie_text(row: ResultRow) -> str:
    if not row.tie:
        return ""
    if row.tie_break in (None, UNRESOLVED):
        return "unresolved"
    return f"tie — broken by {TieBreak(row.tie_break).label.lower()}"


def placement_text(row: ResultRow) -> str:
    return "To be decided" if row.placement is None else Placement(row.placement).label


def disagrees(row: ResultRow) -> bool:
    return row.spread is not None and round(row.spread, 4) >= DISAGREEMENT


@dataclass(frozen=True)
class CategoryInfo:
    lead_judge: str  # "" when none has been chosen
    confirmed_at: datetime | None


@dataclass(frozen=True)
class Snapshot:
    results: list[CategoryResult]
    info: dict[int, CategoryInfo]
    normalised: bool
    casting_allowed: bool  # the event's tie-break rules include the casting decision


def load_snapshot(s: Session, event_id: int) -> Snapshot:
    from awards_app.services.catalogue import categories
    from awards_app.services import events
    from awards_app.services import judging
    from awards_app.services.judging import results

    names = {judge_id: name for judge_id, name, _sponsor, _pin in
             judging.judges_for_sign_in(s, event_id)}
    info = {c.id: CategoryInfo("" if c.lead_judge_id is None else
                               names.get(c.lead_judge_id, "a withdrawn judge"),
                               c.results_confirmed_at)
            for c in categories.list_categories(s, event_id)}
    event = events.get_event(s, event_id)
    return Snapshot(results.category_results(s, event_id), info, event.normalised_results,
                    TieBreak.CASTING in results.tie_break_rules(event))


CATEGORY_COLUMNS: list[Column[CategoryResult]] = [
    Column("Category", lambda r: r.category),
    Column("Status", badge),
]
RANKING_COLUMNS: list[Column[ResultRow]] = [
    Column("Rank", lambda r: r.rank, align_right=True),
    Column("Ref", lambda r: r.ref),
    Column("Nominee", lambda r: r.nominee, tooltip="Preferred name (judges never see it)"),
    Column("Score", lambda r: four(r.score), align_right=True,
           tooltip="Average of the judges' totals, out of 10"),
    Column("Normalised", lambda r: four(r.normalised_score), align_right=True,
           tooltip="Average z-score: each judge compared with their own average"),
    Column("Median", lambda r: four(r.median), align_right=True),
    Column("Spread", lambda r: ("⚠ " if disagrees(r) else "") + four(r.spread),
           align_right=True, tooltip="Highest minus lowest judge total; 3 or more means the "
                                     "judges disagree"),
    Column("Judges", lambda r: r.judges, align_right=True, tooltip="Judges counted"),
    Column("Tie", tie_text),
    Column("Placement", placement_text),
]
SPREAD, TIE = 6, 8


class CategoryListModel(RowTableModel["CategoryResult"]):
    """Categories with their status as a coloured, bold badge."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 1:
            label = badge(self.row(index.row()))
            if role == Qt.ItemDataRole.ForegroundRole and label in STATUS_COLOURS:
                return QColor(STATUS_COLOURS[label])
            if role == Qt.ItemDataRole.FontRole and label != "Provisional":
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class RankingModel(RowTableModel["ResultRow"]):
    """Large spreads and unresolved ties stand out (in words as well as colour)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() in (SPREAD, TIE):
            row = self.row(index.row())
            flagged = disagrees(row) if index.column() == SPREAD else row.tie_break == UNRESOLVED
            if flagged and role == Qt.ItemDataRole.BackgroundRole:
                return QColor("#ffe0b2")
            if flagged and role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#5d3200")
            if flagged and role == Qt.ItemDataRole.ToolTipRole:
                return ("The judges' totals differ by 3 points or more: worth a look before "
                        "confirming." if index.column() == SPREAD else
                        "The agreed rules could not separate these nominations.")
        return super().data(index, role)


def order_note(ranking: Sequence[ResultRow], normalised: bool) -> str:
    """Say when raw and normalised (z) scores would put nominations in different orders."""
    scored = [r for r in ranking if r.score is not None and r.normalised_score is not None]
    swapped = [
        (a, b) for i, a in enumerate(scored) for b in scored[i + 1:]
        if (round(a.score or 0, 4) - round(b.score or 0, 4))
        * (round(a.normalised_score or 0, 4) - round(b.normalised_score or 0, 4)) < 0
    ]
    if not swapped:
        return ("Ranked by normalised (z) scores: each judge's totals are compared with their "
                "own average, so harsh and generous markers count the same." if normalised
                else "")
    used, other = ("normalised (z)", "raw") if normalised else ("raw", "normalised (z)")
    # ``a`` is above ``b`` in the ranking shown; the other scores put ``b`` first.
    pairs = ", ".join(f"{b.ref} above {a.ref}" if _ranked_first(a, b, normalised)
                      else f"{a.ref} above {b.ref}" for a, b in swapped[:3])
    more = f" (and {len(swapped) - 3} more changes)" if len(swapped) > 3 else ""
    return (f"Ranked by {used} scores. The {other} scores would put {pairs}{more}, because "
            "some judges mark harder than others.")


def _ranked_first(a: ResultRow, b: ResultRow, normalised: bool) -> bool:
    """Whether ``a`` is ahead of ``b`` by the scores the ranking uses."""
    if normalised:
        return (a.normalised_score or 0) > (b.normalised_score or 0)
    return (a.score or 0) > (b.score or 0)


def export_job(database: Any, event_id: int, path: Path) -> Callable[..., Path]:
    """Write every category's results as JSON (``awards results --format json``) or CSV."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        from awards_app.services.judging import results
        from awards_app.services.transfer import tabular

        with database.read_session() as s:
            document = results.results_document(results.category_results(s, event_id))
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        else:
            tabular.write_csv(path, results.RESULTS_CSV_HEADER,
                              results.results_csv_rows(document))
        return path

    return job


class ResultsPage(Page):
    title = "Results"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: Snapshot | None = None
        self._category_id: int | None = None

        self.categories = CategoryListModel(CATEGORY_COLUMNS)
        self.categories_view = make_table_view(self.categories, "Categories", stretch_column=0)
        self.categories_view.setSortingEnabled(False)
        categories_label = QLabel("&Categories")
        categories_label.setBuddy(self.categories_view)
        self.export_button = QPushButton("&Export results…")
        self.export_button.setToolTip("Every category's results as a CSV spreadsheet or JSON")
        self.export_message = hint("")
        self.export_message.setAccessibleName("Export message")

        self.heading = QLabel()
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
        self.confirm_button = QPushButton("Con&firm placements…")

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
        for widget in (self.heading, self.status, self.problem, self.note):
            right_layout.addWidget(widget)
        right_layout.addWidget(self.ranking_view, 1)
        right_layout.addWidget(self.legend)
        buttons = QHBoxLayout()
        buttons.addWidget(self.casting_button)
        buttons.addWidget(self.confirm_button)
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
        layout.addWidget(self.splitter)
        keep_splitter(self.splitter)
        self.setTabOrder(self.categories_view, self.export_button)
        self.setTabOrder(self.export_button, self.ranking_view)
        self.setTabOrder(self.ranking_view, self.casting_button)
        self.setTabOrder(self.casting_button, self.confirm_button)

        self.categories_view.selectionModel().currentRowChanged.connect(
            self.on_categories_view_current_row_changed)
        self.casting_button.clicked.connect(self.record_casting)
        self.confirm_button.clicked.connect(self.confirm)
        self.export_button.clicked.connect(self.export)

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        self.snapshot = self.ctx.read(lambda s: load_snapshot(s, event_id))
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
            for widget in (self.problem, self.note, self.legend):
                widget.hide()
            self.casting_button.setEnabled(False)
            self.confirm_button.setEnabled(False)
            return
        info = self.snapshot.info.get(result.category_id, CategoryInfo("", None))
        self.heading.setText(result.category)
        self.status.setText(status_text(result, info))
        problem = result.problem
        if problem and not self.snapshot.casting_allowed:
            problem += (" This event's tie-break rules leave out the casting decision, and "
                        "they are fixed once scoring starts, so the tie cannot be decided "
                        "here.")
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
        header = "Placement" if final else "Placement if confirmed now"
        self.ranking.columns[-1] = Column(header, placement_text)
        self.ranking.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                            len(RANKING_COLUMNS) - 1)
        if result.ranking:
            self.ranking_view.resizeColumnsToContents()

    @staticmethod
    def tied_groups(result: CategoryResult) -> list[list[ResultRow]]:
        unresolved = [r for r in result.ranking if r.tie_break == UNRESOLVED]
        return [list(g) for _rank, g in groupby(unresolved, key=lambda r: r.rank)]

    # --- acting ----------------------------------------------------------------------------

    def run_dialog(self, dialog: Any) -> bool:
        return bool(dialog.exec())

    def record_casting(self) -> None:
        from awards_app.ui.dialogs.judging_dialogs import CastingDialog

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
        from awards_app.services.judging import results

        result = self.selected()
        if result is None:
            return
        answer = QMessageBox.question(
            self, f"Confirm {result.category}", confirm_text(result),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            category_id = result.category_id
            self.ctx.act(self, lambda s: results.confirm_results(s, category_id),
                         title="Placements not confirmed")

    def export(self) -> None:
        folder = Path(str(settings.get("files/last_folder") or Path.home()))
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export results", str(folder / "results.csv"),
            "CSV spreadsheet (*.csv);;JSON (*.json)")
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".json"):
            path = path.with_name(path.name + (".json" if "json" in chosen.lower() else ".csv"))
        settings.put("files/last_folder", str(path.parent))
        assert self.ctx.database is not None
        self.export_message.setText(f"Saving {path.name}…")
        self.ctx.tasks.start_with_dialog(
            self, "Exporting results…", export_job(self.ctx.database,
                                                   self.ctx.require_event(), path),
            on_success=lambda saved: self.export_message.setText(f"Saved to {saved}"),
            on_error=self._export_failed)

    def _export_failed(self, error: BaseException) -> None:
        self.export_message.setText("The results were not saved.")
        show_error(self, error, title="Export failed")


def status_text(result: CategoryResult, info: CategoryInfo) -> str:
    if result.status == "final":
        when = (f" on {local_time(info.confirmed_at):%d %B %Y at %H:%M}"
                if info.confirmed_at else "")
        return f"Final, confirmed{when}. These placements are locked."
    if result.status == "complete":
        return ("Complete — a casting decision is needed before confirming" if result.problem
                else "Complete — ready to confirm")
    if not result.judges_assigned:
        return "Provisional: no judges are assigned to this category yet"
    return (f"Provisional: {result.judges_submitted} of {result.judges_assigned} judges have "
            "submitted")


def confirm_text(result: CategoryResult) -> str:
    lines = []
    for place in (Placement.WINNER, Placement.RUNNER_UP, Placement.HIGHLY_COMMENDED):
        for row in result.ranking:
            if row.placement == place.value:
                lines.append(f"{place.label}: {row.ref} {row.nominee} ({four(row.score)})")
    listed = "\n".join(lines) or "Nobody is placed."
    return (f"Confirm the placements for {result.category}?\n\n{listed}\n\nOnce confirmed the "
            "results are final: scores in this category can no longer change.")


"""What the Results page shows: each category's ranking and status, read in one go, the
words that explain it (ties, disagreement between judges, raw against normalised scores),
its table models, and the export of every category's results."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from awards_app.core.scoring import UNRESOLVED, Placement, TieBreak
from awards_app.core.text import rounded
from awards_app.services import events, judging
from awards_app.services.catalogue import categories
from awards_app.services.judging import CategoryResult, ResultRow, results
from awards_app.services.transfer import tabular
from awards_app.ui.common.formats import local_time
from awards_app.ui.common.table_model import Column, Index, RowTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from awards_app.db.engine import Database

DISAGREEMENT = 3.0  # points (of 10) between the highest and lowest judge total
STATUS_COLOURS = {"Final": "#1b5e20", "Ready to confirm": "#0d47a1",
                  "Tie to decide": "#8a4b00"}


def badge(result: CategoryResult) -> str:
    if result.status == "final":
        return "Final"
    if result.status == "complete":
        return "Tie to decide" if result.problem else "Ready to confirm"
    return "Provisional"


def four(value: float | None) -> str:
    return "" if value is None else f"{rounded(value, 4):.4f}"


def tie_text(row: ResultRow) -> str:
    if not row.tie:
        return ""
    if row.tie_break in (None, UNRESOLVED):
        return "unresolved"
    return f"tie — broken by {TieBreak(row.tie_break).label.lower()}"


def placement_text(row: ResultRow) -> str:
    return "To be decided" if row.placement is None else Placement(row.placement).label


def placement_label(placement: str | None) -> str:
    """A stored placement in words ("" for none)."""
    return "" if placement is None else Placement(placement).label


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


def export_job(database: Database, event_id: int, path: Path) -> Callable[..., Path]:
    """Write every category's results as JSON (``awards results --format json``) or CSV."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        with database.read_session() as s:
            document = results.results_document(results.category_results(s, event_id))
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")
        else:
            tabular.write_csv(path, results.RESULTS_CSV_HEADER,
                              results.results_csv_rows(document))
        return path

    return job


def previous_text(result: CategoryResult) -> str:
    """Why the results were reopened, and that the previous placements are shown beside."""
    if result.reopened_at is None:
        return ""
    dropped = (f" No longer in the ranking: {', '.join(result.dropped)}."
               if result.dropped else "")
    return (f"Reopened on {local_time(result.reopened_at):%d %B %Y at %H:%M}: "
            f"{result.reopen_reason} The placements confirmed before are in the "
            f"“Before reopening” column.{dropped} Certificates issued before then need "
            "attention on the Certificates page.")


def status_text(result: CategoryResult, info: CategoryInfo) -> str:
    if result.status == "final":
        when = (f" on {local_time(info.confirmed_at):%d %B %Y at %H:%M}"
                if info.confirmed_at else "")
        return (f"Final, confirmed{when}. These placements are locked: nothing that decides "
                "them can change unless you reopen the results.")
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
            "results are final: nothing that decides them (scores, nominations, judges, "
            "criteria) can change unless you reopen them, with a reason.")

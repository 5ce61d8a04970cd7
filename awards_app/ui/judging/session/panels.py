"""What the scoring screen shows of a judge's list: rows for the stepper, per-category
progress, and the narratives as a readable document. Everything is built from
``JudgeItem`` (pseudonym, category, masked narratives, criteria) and nothing else."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QIcon, QResizeEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from awards_app.ui.judging.session.style import BODY, LARGE, lock_icon, scaled_font, tick_icon
from awards_app.ui.common.table_model import Column, Index, RowTableModel

if TYPE_CHECKING:
    from awards_app.services.judging.judge_view import JudgeItem

TO_DO, STARTED, SCORED, SUBMITTED = "to do", "started", "scored", "submitted"


@dataclass(frozen=True)
class NominationRow:
    nomination_id: int
    ref: str
    pseudonym: str
    category: str
    state: str  # one of TO_DO, STARTED, SCORED, SUBMITTED

    @property
    def state_text(self) -> str:
        return {TO_DO: "To do", STARTED: "Started", SCORED: "Scored",
                SUBMITTED: "Submitted"}[self.state]

    @property
    def label(self) -> str:
        """Two lines, so the list stays narrow: "N-0004 · Amira K." over the category."""
        return f"{self.ref} · {self.pseudonym}\n{self.category}"


def state_of(item: JudgeItem) -> str:
    if item.submitted:
        return SUBMITTED
    if item.scored:
        return SCORED
    return STARTED if item.scores else TO_DO


def rows_of(items: Sequence[JudgeItem]) -> list[NominationRow]:
    return [NominationRow(i.nomination_id, i.ref, i.pseudonym, i.category, state_of(i))
            for i in items]


class NominationListModel(RowTableModel[NominationRow]):
    """The judge's nominations in order, with a tick when scored and a padlock when the
    category is submitted."""

    def __init__(self, icon_size: int, parent: Any = None) -> None:
        super().__init__([Column("", lambda r: r.state_text),
                          Column("Nomination", lambda r: r.label)], parent=parent)
        self.icons: dict[str, QIcon] = {SCORED: tick_icon(icon_size),
                                        SUBMITTED: lock_icon(icon_size)}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0:
            row = self.row(index.row())
            if role == Qt.ItemDataRole.DecorationRole:
                return self.icons.get(row.state)
            if role == Qt.ItemDataRole.DisplayRole:
                return None  # the icon says it; the accessible text and tooltip spell it out
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.state_text
        if index.isValid() and role == Qt.ItemDataRole.AccessibleTextRole:
            row = self.row(index.row())
            return f"{row.ref} {row.pseudonym}, {row.category}, {row.state_text}"
        return super().data(index, role)


def category_progress(items: Sequence[JudgeItem]) -> list[tuple[int, str, int, int, bool]]:
    """(category id, name, scored, total, submitted) in list order."""
    seen: dict[int, tuple[int, str, int, int, bool]] = {}
    for item in items:
        _cid, name, scored, total, _submitted = seen.get(
            item.category_id, (item.category_id, item.category, 0, 0, False))
        seen[item.category_id] = (item.category_id, name, scored + int(item.scored), total + 1,
                                  item.submitted)
    return list(seen.values())


def progress_text(items: Sequence[JudgeItem]) -> str:
    done = sum(1 for i in items if i.scored)
    return f"{done} of {len(items)} scored"


def category_lines(items: Sequence[JudgeItem]) -> str:
    lines = []
    for _cid, name, scored, total, submitted in category_progress(items):
        state = "submitted" if submitted else f"{scored} of {total} scored"
        lines.append(f"{name}: {state}")
    return "\n".join(lines)


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def narrative_html(item: JudgeItem) -> str:
    """The three narratives with headings; the young person's words set apart."""
    voice = (f"<blockquote>{_paragraphs(item.voice)}</blockquote>" if item.voice.strip()
             else "<p><i>They did not add words of their own this time.</i></p>")
    return (
        "<style>h3 { margin-top: 0.9em; margin-bottom: 0.3em; } "
        "p { margin-bottom: 0.6em; line-height: 140%; }</style>"
        f"<h3>Their success</h3>{_paragraphs(item.success) or '<p>—</p>'}"
        f"<h3>Obstacles overcome</h3>{_paragraphs(item.obstacles) or '<p>—</p>'}"
        f"<h3>In their own words</h3>{voice}"
    )


class NarrativeView(QTextBrowser):
    """The narratives in large print while the column is wide enough for about 45 characters
    a line; in a narrow column (a small screen at 150 % scaling) the body size instead, so
    lines do not shrink to a handful of words."""

    #: characters a line below which the large print steps down
    MIN_MEASURE = 45

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.large, self.body = scaled_font(LARGE), scaled_font(BODY)
        self.setFont(self.large)
        self.setOpenLinks(False)
        self.setAccessibleName("The nomination")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fits = self.viewport().width() >= QFontMetrics(self.large).averageCharWidth() * \
            self.MIN_MEASURE
        wanted = self.large if fits else self.body
        if self.font() != wanted:
            self.setFont(wanted)

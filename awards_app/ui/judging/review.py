"""The judge copy review: every nomination to be judged with the state of its judge copy
(reviewed, not reviewed, changed since review); for the one selected, the narratives as
written beside what judges will read, with what was masked and what may still identify the
young person highlighted and listed in words. The coordinator edits a copy (the judge copy
editor, with its stale-copy check), marks it as reviewed (Ctrl+Return) and moves to the next
unreviewed one (F8).

The list's status needs no masking and loads at once; how many details each copy masks and
flags is worked out in the background (it masks every nomination)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from awards_app.services import judging
from awards_app.services.judging import CopyDetail, ReviewRow
from awards_app.ui.common.actions import press_with
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import show_error
from awards_app.ui.common.formats import local_time
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import current_row, make_table_view, select_row, size_columns
from awards_app.ui.common.widgets import group_box, hint
from awards_app.ui.judging.judge_copy import JudgeCopyDialog
from awards_app.ui.judging.review_text import LEGEND, found_in_words, show_masked, show_original

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATUS_WORDS = {
    judging.REVIEWED: "Reviewed",
    judging.NOT_REVIEWED: "Not reviewed",
    judging.CHANGED: "Changed since review",
}


def _count(value: int | None) -> str:
    return "…" if value is None else str(value)


REVIEW_COLUMNS: list[Column[ReviewRow]] = [
    Column("Ref", lambda r: r.ref),
    Column("Young person", lambda r: r.name),
    Column("Category", lambda r: r.category),
    Column("Status", lambda r: STATUS_WORDS.get(r.status, r.status)),
    Column("Masked", lambda r: _count(r.masked), align_right=True,
           tooltip="Details masked in what judges read"),
    Column("To check", lambda r: _count(r.flags), align_right=True,
           tooltip="Words or numbers that may still identify someone"),
]


def plain_label(text: str = "", name: str = "") -> QLabel:
    """A label for data from people: always plain text, wrapped."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


def status_text(detail: CopyDetail) -> str:
    when = (local_time(detail.reviewed_at).strftime("%d %b %Y %H:%M")
            if detail.reviewed_at else "")
    who = detail.reviewed_by or "someone"
    if detail.status == judging.REVIEWED:
        return f"Reviewed by {who} on {when}."
    if detail.status == judging.CHANGED:
        return (f"Changed since {who} reviewed it on {when}: the narratives, the edit or the "
                "details masked are different now. Read it again.")
    return "Not reviewed yet."


class JudgeCopyReviewDialog(QDialog):
    """Review what judges will read, nomination by nomination."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = ctx.require_event()
        self.detail: CopyDetail | None = None
        self._counts_task: Any = None
        self._generation = 0
        self.setWindowTitle("Review judge copies")

        self.summary = plain_label(name="Judge copies summary")
        self.model: RowTableModel[ReviewRow] = RowTableModel(
            REVIEW_COLUMNS, key=lambda r: r.nomination_id)
        self.view = make_table_view(self.model, "Nominations to be judged", stretch_column=1)
        self.heading = plain_label(name="Nomination")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.state = plain_label(name="Review status")
        self.pseudonym = plain_label(name="Name judges see")
        self.original = self._text_view("The narratives as written")
        self.masked = self._text_view("What judges read")
        self.legend = hint(LEGEND)
        self.found = QPlainTextEdit()
        self.found.setReadOnly(True)
        self.found.setAccessibleName("What was masked and what to check")
        self.found.setTabChangesFocus(True)
        self.found.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        self.message = plain_label(name="Message")

        self.edit_button = QPushButton("&Edit judge copy…")
        self.mark_button = QPushButton("&Mark as reviewed")
        self.mark_button.setToolTip("Ctrl+Return: you have read what judges will read of "
                                    "this nomination and it identifies nobody")
        self.next_button = QPushButton("&Next unreviewed")
        self.next_button.setToolTip("F8: the next nomination whose judge copy is not "
                                    "reviewed, or changed since review")
        self.close_button = QPushButton("&Close")
        for button in (self.edit_button, self.mark_button, self.next_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the list must not press a button

        texts = QSplitter(Qt.Orientation.Horizontal)
        texts.addWidget(group_box("As written", self.original))
        texts.addWidget(group_box("What judges read", self.masked))
        texts.setChildrenCollapsible(False)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.state, self.pseudonym):
            detail_layout.addWidget(widget)
        detail_layout.addWidget(texts, 1)
        detail_layout.addWidget(self.legend)
        detail_layout.addWidget(self.found)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.mark_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        detail_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)

        press_with(self.mark_button, "Ctrl+Return", "Ctrl+Enter", parent=self)
        press_with(self.next_button, "F8", parent=self)
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_: self.on_view_current_row_changed())
        self.edit_button.clicked.connect(self.edit_copy)
        self.mark_button.clicked.connect(self.mark_reviewed)
        self.next_button.clicked.connect(self.next_unreviewed)
        self.close_button.clicked.connect(self.close)
        ctx.refresh_on_change(self, self.refresh)

        width = self.fontMetrics().averageCharWidth()
        size = QSize(width * 190, self.fontMetrics().height() * 44)
        screen = self.screen()
        if screen is not None:  # a small screen, or 150 %: the whole window on it
            size = size.boundedTo(screen.availableGeometry().size() - QSize(16, 48))
        self.resize(size)
        self.refresh()
        size_columns(self.view, ("N-00000", "", "Education Star", "Changed since review",
                                 "Masked", "To check"))
        self._shared = False  # the list's and the texts' widths, set once shown
        self.view.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shared:
            self._shared = True
            self._share_width()

    def _share_width(self) -> None:
        """The list shows every column and a name when it can, in at most 55 % of the width;
        the two texts share the rest. Narrower (150 % on a laptop), the young person's
        column keeps room for a name and the last columns scroll."""
        header = self.view.horizontalHeader()
        width = self.fontMetrics().averageCharWidth()
        name = width * 16
        listed = (sum(header.sectionSize(c) for c in range(header.count()) if c != 1) + name
                  + self.view.verticalScrollBar().sizeHint().width()
                  + 2 * self.view.frameWidth())
        total = sum(self.splitter.sizes())
        share = min(max(width * 84, listed), total * 11 // 20)
        self.splitter.setSizes([share, total - share])
        if share < listed:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(1, name)

    @staticmethod
    def _text_view(name: str) -> QTextEdit:
        view = QTextEdit()
        view.setReadOnly(True)
        view.setAcceptRichText(False)
        view.setAccessibleName(name)
        view.setTabChangesFocus(True)
        return view

    # --- the list --------------------------------------------------------------------------

    def refresh(self) -> None:
        """The list and its statuses now (quick); the counts follow from the background."""
        chosen = self.selected()
        try:
            rows = self.ctx.read(lambda s: judging.review_rows(s, self.event_id))
        except Exception as exc:  # the database went, say: shown, the dialog keeps its rows
            show_error(self, exc)
            return
        self._show_rows(rows, chosen.nomination_id if chosen else None)
        self._count_in_background()

    def _show_rows(self, rows: list[ReviewRow], keep: int | None) -> None:
        # the counts of the last background run stay until the next one arrives
        known = {r.nomination_id: r for r in self.model.visible_rows}
        self.model.set_rows([_with_counts(r, known.get(r.nomination_id)) for r in rows])
        row = -1 if keep is None else self.model.index_of(lambda r: r.nomination_id == keep)
        select_row(self.view, row if row >= 0 else (0 if rows else -1))  # loads its detail
        if not rows:
            self.detail = None
            self._show_detail()
        self._show_summary()

    def _show_summary(self) -> None:
        rows = self.model.visible_rows
        if not rows:
            self.summary.setText("Nothing to review yet: judges read the accepted and "
                                 "shortlisted nominations of the categories their sponsor "
                                 "supports.")
            return
        done = sum(r.status == judging.REVIEWED for r in rows)
        changed = sum(r.status == judging.CHANGED for r in rows)
        text = f"{done} of {len(rows)} judge copies reviewed"
        if changed:
            text += f" · {changed} changed since review"
        self.summary.setText(text + ".")

    def _count_in_background(self) -> None:
        database = self.ctx.database
        if database is None:
            return
        if self._counts_task is not None:
            self._counts_task.cancel()
        self._generation += 1
        generation, event_id = self._generation, self.event_id

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with database.read_session() as session:
                return judging.review_rows(session, event_id, counts=True, cancelled=cancelled)

        def done(rows: list[ReviewRow]) -> None:
            if generation != self._generation or not shiboken6.isValid(self.view):
                return  # a newer run is on its way, or the window has gone
            counted = {r.nomination_id: r for r in rows}
            chosen = self.selected()
            selection = self.view.selectionModel()
            selection.blockSignals(True)  # the same nomination stays shown: no reload
            self.model.set_rows([_with_counts(r, counted.get(r.nomination_id))
                                 for r in self.model.visible_rows])
            if chosen is not None:
                select_row(self.view, self.model.index_of(
                    lambda r: r.nomination_id == chosen.nomination_id))
            selection.blockSignals(False)
            self.view.viewport().update()

        self._counts_task = self.ctx.tasks.start(job, on_success=done,
                                                 on_error=lambda _exc: None)

    def selected(self) -> ReviewRow | None:
        row: ReviewRow | None = current_row(self.view)
        return row

    # --- the nomination selected -----------------------------------------------------------

    def on_view_current_row_changed(self) -> None:
        self.message.clear()
        self.load_detail()

    def load_detail(self) -> None:
        row = self.selected()
        if row is None:
            self.detail = None
            self._show_detail()
            return
        try:
            self.detail = self.ctx.read(lambda s: judging.copy_detail(s, row.nomination_id))
        except Exception as exc:
            self.detail = None
            show_error(self, exc)
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.detail
        for button in (self.edit_button, self.mark_button):
            button.setEnabled(detail is not None)
        if detail is None:
            for label in (self.heading, self.state, self.pseudonym):
                label.clear()
            self.found.clear()
            self.original.clear()
            self.masked.clear()
            return
        self.heading.setText(detail.heading)
        self.state.setText(status_text(detail))
        self.pseudonym.setText(f"Judges see the name: {detail.pseudonym}")
        show_original(self.original, detail.narratives)
        show_masked(self.masked, detail.narratives)
        self.found.setPlainText(found_in_words(detail.narratives))
        self.mark_button.setEnabled(detail.status != judging.REVIEWED)

    # --- actions ---------------------------------------------------------------------------

    def edit_copy(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            dialog = JudgeCopyDialog(self.ctx, self, ref=row.ref)
        except Exception as exc:
            show_error(self, exc, title="Cannot show the judge copy")
            return
        self.run_editor(dialog)

    def run_editor(self, dialog: JudgeCopyDialog) -> None:
        dialog.exec()  # a save tells every window the data changed: this one refreshes

    def mark_reviewed(self) -> None:
        detail = self.detail
        if detail is None or detail.status == judging.REVIEWED:
            return
        nomination_id, digest = detail.nomination_id, detail.digest

        def mark(session: Session) -> bool:
            judging.mark_reviewed(session, nomination_id, digest=digest)
            return True

        if self.ctx.act(self, mark, title="Not marked as reviewed"):
            self.message.setText(f"{detail.ref} is marked as reviewed.")

    def next_unreviewed(self) -> None:
        rows = self.model.visible_rows
        if not rows:
            return
        current = self.view.currentIndex().row()
        for step in range(1, len(rows) + 1):
            index = (current + step) % len(rows)
            if rows[index].status != judging.REVIEWED:
                select_row(self.view, index)
                self.view.setFocus()
                return
        self.message.setText("Every judge copy is reviewed.")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._generation += 1  # a count still running is not shown
        if self._counts_task is not None:
            self._counts_task.cancel()
        try:
            self.ctx.data_changed.disconnect(self.refresh)
        except (RuntimeError, TypeError):
            pass  # already disconnected
        super().closeEvent(event)


def _with_counts(row: ReviewRow, counted: ReviewRow | None) -> ReviewRow:
    """``row`` with the counts of ``counted`` (the same nomination counted in the
    background), when it has some."""
    if counted is None or counted.masked is None:
        return row
    return replace(row, masked=counted.masked, flags=counted.flags)

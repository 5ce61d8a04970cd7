"""The scoring screen: one signed-in judge, one nomination at a time.

Narratives on the left, criteria on the right. Moving on (Save & next, Previous, choosing in
the list, Finish) saves what was entered first; a refused save keeps the values on screen
with the reason. Everything shown comes from ``judge_queue`` for this judge only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from awards_app.ui.common.actions import press_with
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import describe
from awards_app.ui.common.formats import isolate
from awards_app.ui.judging.session.dialogs import JudgeConflictDialog, SubmitDialog
from awards_app.ui.judging.session.panels import (
    category_lines,
    narrative_html,
    progress_text,
    rows_of,
)
from awards_app.ui.judging.session.scoring_view import ScoringView
from awards_app.ui.judging.session.style import GOOD, LOCKED, emphasise, show_message

if TYPE_CHECKING:
    from awards_app.services.judging.judge_view import JudgeItem


def _discard(dialog: QWidget) -> None:
    """Gone at once, not at the next event loop pass: it names the nomination."""
    dialog.setParent(None)
    dialog.deleteLater()


class ScoringScreen(ScoringView):
    """What the signed-in judge does: move through their list, score, declare a conflict,
    submit a category, finish."""

    finished = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.judge_id: int | None = None
        self.items: list[JudgeItem] = []
        self.current = -1
        self.dirty = False
        self._syncing = False  # the list is being updated by code, not by the judge
        self._leave_armed = False  # a refused save: the next Finish leaves without it
        self._paused_at: int | None = None  # nomination where Save & next paused to offer Submit
        keys_here = Qt.ShortcutContext.WidgetWithChildrenShortcut
        press_with(self.save_button, "Ctrl+Right", parent=self, context=keys_here)
        press_with(self.previous_button, "Ctrl+Left", parent=self, context=keys_here)
        save = QAction(self)  # saves without moving: no button of its own
        save.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save.setShortcutContext(keys_here)
        save.triggered.connect(lambda _checked=False: self.save())
        self.addAction(save)
        self.finish_button.clicked.connect(self.finish)
        self.conflict_button.clicked.connect(self.declare_conflict)
        self.previous_button.clicked.connect(self.previous)
        self.save_button.clicked.connect(self.save_and_next)
        self.submit_button.clicked.connect(self.submit_category)
        self.list_view.selectionModel().currentRowChanged.connect(
            self.on_list_current_row_changed)
        self.list_view.activated.connect(lambda _index: self._focus_scores())
        self.criteria.edited.connect(self.on_criteria_edited)
        self.clear()

    # --- the judge's list ------------------------------------------------------------------

    def start(self, judge_id: int, name: str, sponsor: str) -> None:
        """Show ``judge_id``'s nominations, starting at the first one still to score."""
        self.clear()
        self.judge_id = judge_id
        self.who_label.setText(f"Signed in as {isolate(name)} ({isolate(sponsor)})")
        self._load_items()
        first = next((i for i, item in enumerate(self.items)
                      if not item.scored and not item.submitted), 0)
        self._show(first)

    def clear(self) -> None:
        """Forget the judge: no name, nomination, score or comment stays in any widget."""
        self.judge_id, self.items, self.current = None, [], -1
        self.dirty = self._leave_armed = False
        self._paused_at = None
        self._syncing = True
        self.model.set_rows([])
        self._syncing = False
        for label in (self.who_label, self.progress_label, self.category_label,
                      self.title_label, self.subtitle_label, self.state_label):
            label.clear()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.narrative_view.clear()
        self.criteria.clear()
        show_message(self.message, "")
        self.submit_button.setText("Su&bmit…")
        self.submit_button.setToolTip("")
        self._update_buttons()

    def _load_items(self) -> None:
        from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

        judge_id = self.judge_id
        if judge_id is None:
            return
        self.items = self.ctx.read(lambda s: judging.judge_queue(s, judge_id))
        self._syncing = True
        self.model.set_rows(rows_of(self.items))
        self._syncing = False
        done = sum(1 for i in self.items if i.scored)
        self.progress_label.setText(progress_text(self.items))
        self.progress_bar.setRange(0, max(1, len(self.items)))
        self.progress_bar.setValue(done)
        self.category_label.setText(category_lines(self.items))

    def current_item(self) -> JudgeItem | None:
        return self.items[self.current] if 0 <= self.current < len(self.items) else None

    def _select_row(self, row: int) -> None:
        self._syncing = True
        if row >= 0:
            self.list_view.selectRow(row)
            self.list_view.setCurrentIndex(self.model.index(row, 1))
        else:
            self.list_view.clearSelection()
        self._syncing = False

    def _show(self, index: int, *, focus: bool = True) -> None:
        """Show the nomination at ``index`` (clamped) with the judge's saved scores."""
        self.current = min(max(index, 0), len(self.items) - 1) if self.items else -1
        self.dirty = self._leave_armed = False
        self._paused_at = None
        show_message(self.message, "")
        item = self.current_item()
        self._select_row(self.current)
        if item is None:
            self.title_label.setText("Nothing to score right now")
            self.subtitle_label.clear()
            self.narrative_view.setHtml(
                "<p>Thank you — there is nothing waiting for you. Press <b>Finish</b> so the "
                "next judge can sign in.</p>")
            self.criteria.load(None)
            self.criteria_scroll.setVisible(False)
            self._update_buttons()
            self.finish_button.setFocus()
            return
        self.criteria_scroll.setVisible(True)
        in_category = [i for i in self.items if i.category_id == item.category_id]
        position = in_category.index(item) + 1
        self.title_label.setText(f"{item.ref} · {isolate(item.pseudonym)}")
        self.subtitle_label.setText(f"{isolate(item.category)} · nomination {position} of "
                                    f"{len(in_category)} in this category")
        self.narrative_view.setHtml(narrative_html(item))
        self.narrative_view.verticalScrollBar().setValue(0)
        self.criteria.load(item)
        self._fit_criteria()
        self._chain_tab_order()
        self.criteria_scroll.verticalScrollBar().setValue(0)
        self._update_buttons()
        if focus:
            self._focus_scores()

    def _focus_scores(self) -> None:
        item = self.current_item()
        control = self.criteria.first_control()
        if item is not None and not item.submitted and control is not None:
            control.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.save_button.isEnabled():
            self.save_button.setFocus()
        else:
            self.finish_button.setFocus()

    def _category_ready(self, item: JudgeItem) -> bool:
        """Every nomination of ``item``'s category is scored (counting what is on screen)."""
        for other in self.items:
            if other.category_id != item.category_id:
                continue
            if other.submitted:
                return False
            if other is item and not self.criteria.complete():
                return False
            if other is not item and not other.scored:
                return False
        return True

    def _update_buttons(self) -> None:
        item = self.current_item()
        open_ = item is not None and not item.submitted
        self.conflict_button.setEnabled(open_)
        self.save_button.setEnabled(item is not None)
        self.save_button.setText("&Next" if item is not None and item.submitted
                                 else "&Save && next")
        self.previous_button.setEnabled(self.current > 0)
        self.submit_button.setEnabled(open_ and item is not None and self._category_ready(item))
        if item is None:
            self.state_label.clear()
            return
        self.submit_button.setText(f"Su&bmit {item.category.replace('&', '&&')}…")
        self.submit_button.setToolTip(f"Lock your scores for {item.category}; possible once "
                                      "every nomination there is scored")
        if item.submitted:
            self.state_label.setText("Submitted — your scores here are locked")
            emphasise(self.state_label, LOCKED, bold=True)
        elif self.dirty:
            self.state_label.setText("Not saved yet")
            emphasise(self.state_label, italic=True)
        else:
            self.state_label.setText("Scored ✓" if item.scored else "")
            emphasise(self.state_label, GOOD, bold=True)

    def on_criteria_edited(self) -> None:
        self.dirty = True
        self._leave_armed = False
        self._update_buttons()

    # --- actions ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Save what is on screen for the current nomination (Ctrl+S); True if nothing is
        left unsaved."""
        from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

        item = self.current_item()
        if item is None or item.submitted or not self.dirty or self.judge_id is None:
            return True
        judge_id, scores, comment = self.judge_id, self.criteria.values(), self.criteria.comment()
        show_message(self.message, f"Saving {item.ref}…")
        try:
            self.ctx.write(lambda s: judging.save_scores(
                s, judge_id=judge_id, nomination_id=item.nomination_id, scores=scores,
                comment=comment), scores_only=True)  # beside other judges' laptops
        except Exception as exc:  # shown in the window; the values stay as entered
            show_message(self.message, f"Not saved yet: {describe(exc)}", problem=True)
            return False
        self.dirty = False
        self._load_items()
        self.current = next((i for i, it in enumerate(self.items)
                             if it.nomination_id == item.nomination_id), self.current)
        self._select_row(self.current)
        self._update_buttons()
        show_message(self.message, f"Saved {item.ref}.")
        return True

    def save_and_next(self) -> None:
        item = self.current_item()
        was_dirty = self.dirty
        if item is None or not self.save():
            return
        saved = self.message.text() if was_dirty else ""
        fresh = self.current_item()
        following = self.items[self.current + 1] if self.current + 1 < len(self.items) else None
        if (fresh is not None and self._category_ready(fresh)
                and self._paused_at != fresh.nomination_id
                and (following is None or following.category_id != fresh.category_id)):
            # The end of a category that is all scored: offer Submit before moving on.
            self._paused_at = fresh.nomination_id
            then = "press Save & next again to go on" if following is not None else \
                "that was the last nomination on your list"
            show_message(self.message, f"{saved} Everything in {fresh.category} is scored. "
                         f"When you are happy with your scores, press Submit {fresh.category}; "
                         f"or {then}.".strip())
            self.submit_button.setFocus()
            return
        if following is not None:
            self._show(self.current + 1)
            if saved:
                show_message(self.message, saved)
        else:
            show_message(self.message, f"{saved} That was the last nomination on your list."
                         .strip())

    def previous(self) -> None:
        if self.current > 0 and self.save():
            self._show(self.current - 1)

    def on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid() or current.row() == self.current:
            return
        target = current.row()
        if self.save():
            self._show(target, focus=False)  # arrowing down the list keeps focus in the list
        else:
            self._select_row(self.current)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier):
            if self.list_view.hasFocus():
                self._focus_scores()
            elif self.save_button.isEnabled():
                self.save_and_next()  # Enter is the default action: Save & next
            event.accept()
            return
        super().keyPressEvent(event)

    def declare_conflict(self) -> None:
        from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

        item = self.current_item()
        if item is None or item.submitted or self.judge_id is None:
            return
        dialog = JudgeConflictDialog(self.ctx, self, judge_id=self.judge_id,
                                     nomination_id=item.nomination_id, ref=item.ref,
                                     name=item.pseudonym)
        try:
            conflict = dialog.conflict() if dialog.exec() else None
        finally:
            _discard(dialog)
        if conflict is None:
            return
        try:
            self.ctx.write(lambda s: judging.declare_conflict(
                s, judge_id=conflict.judge_id, kind=conflict.kind,
                nomination_id=conflict.nomination_id, note=conflict.note, declared_by="judge"))
        except Exception as exc:
            show_message(self.message, describe(exc), problem=True)
            return
        position = self.current
        self._load_items()
        self._show(position)
        show_message(self.message, f"Thank you for telling us. {item.ref} has been taken off "
                                   "your list.")

    def submit_category(self) -> None:
        from awards_app.services import judging  # on first use: keeps SQLAlchemy off the session's start-up path

        item = self.current_item()
        if item is None or item.submitted or self.judge_id is None or not self.save():
            return
        item = self.current_item()
        if item is None or not self._category_ready(item):
            show_message(self.message, "Please score every nomination in this category "
                                       "before submitting it.", problem=True)
            return
        count = sum(1 for i in self.items if i.category_id == item.category_id)
        dialog = SubmitDialog(item.category, count, self)
        try:
            if not dialog.exec():
                return
        finally:
            _discard(dialog)
        judge_id, category_id = self.judge_id, item.category_id
        try:
            self.ctx.write(lambda s: judging.submit_category(s, judge_id=judge_id,
                                                             category_id=category_id))
        except Exception as exc:
            show_message(self.message, describe(exc), problem=True)
            return
        position = self.current
        self._load_items()
        following = next((i for i, it in enumerate(self.items)
                          if not it.submitted and not it.scored), position)
        self._show(following)
        done = all(i.submitted for i in self.items)
        show_message(self.message, f"Thank you — your scores for {item.category} are submitted "
                                   "and locked." + (" That is everything on your list: press "
                                                    "Finish when you are ready." if done else ""))

    def finish(self) -> None:
        """Save, forget this judge and go back to sign-in."""
        if self.dirty and not self._leave_armed and not self.save():
            self._leave_armed = True
            show_message(self.message, self.message.text() + " Press Finish again to leave "
                         "without these changes.", problem=True)
            return
        self.clear()
        self.finished.emit()

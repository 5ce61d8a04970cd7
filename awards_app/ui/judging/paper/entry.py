"""Typing a returned judging pack, keyboard first.

Choose the judge (type part of the name), then the nomination: type its reference or scan
the QR code on its sheet (the code holds the reference alone; a scanner types it and Enter).
One key per score moves to the next criterion; the comment; Enter saves and opens the next
nomination still to enter. Beside it, what this judge still lacks per category, and the
button that submits a complete category on the judge's behalf.

Every save goes through ``judging.enter_paper_scores`` in ``ctx.write`` (off the UI thread);
a refused save keeps everything typed and says why.

Typed scores are never dropped without asking: choosing another judge, opening another
nomination (typed, scanned or picked from Still to enter) and closing the window first ask
Save / Discard / Cancel about scores typed and not saved (:meth:`ScoreEntryPanel.settle`);
Cancel leaves everything as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.errors import ConflictError
from awards_app.core.search import loose_name_key
from awards_app.core.text import parse_ref
from awards_app.services import judging
from awards_app.services.judging import CategoryCheck, JudgeItem
from awards_app.services.judging.scores import COMMENT_MAX_LENGTH
from awards_app.ui.common.completer import FoldingCompleter
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.errors import describe, show_error
from awards_app.ui.common.formats import isolate, plural
from awards_app.ui.common.plain import plain_label, set_plain
from awards_app.ui.common.widgets import NOTE_STYLE, WARNING_STYLE, button_row, hint
from awards_app.ui.judging.paper.score_keys import PaperScoreControl

KEY_HELP = ("Type the reference or scan the sheet's QR code, then Enter. One key per score "
            "(0 is 10); Tab or Shift+Tab moves between criteria; Enter saves and opens the "
            "next nomination. Ctrl+L goes back to the reference.")
ID_ROLE = Qt.ItemDataRole.UserRole


def _is_ref(text: str) -> bool:
    try:
        parse_ref(text)
    except ValueError:
        return False
    return True


def ask_unsaved(parent: QWidget, text: str, *, can_cancel: bool = True
                ) -> QMessageBox.StandardButton:
    """Save, Discard or (when ``can_cancel``) Cancel, about scores typed and not saved. Enter
    saves; Escape cancels (or, when nothing can be cancelled, saves: nothing is dropped
    unless Discard is chosen)."""
    buttons = QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
    if can_cancel:
        buttons |= QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Question, "Scores not saved", text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    for button, words in ((QMessageBox.StandardButton.Save, "&Save them"),
                          (QMessageBox.StandardButton.Discard, "&Discard them"),
                          (QMessageBox.StandardButton.Cancel, "Cancel")):
        found = box.button(button)
        if found is not None:
            found.setText(words)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel if can_cancel
                        else QMessageBox.StandardButton.Save)
    box.exec()
    clicked = box.clickedButton()
    answer = box.standardButton(clicked) if clicked is not None else (
        QMessageBox.StandardButton.Cancel if can_cancel else QMessageBox.StandardButton.Save)
    box.deleteLater()
    return answer


def _amp(text: str) -> str:
    """A name inside a label with a mnemonic: its own '&' shown, not taken as one."""
    return text.replace("&", "&&")


class ScoreEntryPanel(QWidget):
    """The fast score-entry screen for paper packs."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.judge_id: int | None = None
        self.judge_name = ""
        self.items: list[JudgeItem] = []
        self.item: JudgeItem | None = None
        self.controls: list[PaperScoreControl] = []
        self.judge_names: dict[int, str] = {}

        self.judge = QComboBox()
        self.judge.setEditable(True)
        self.judge.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.judge.setAccessibleName("Judge")
        judge_edit = self.judge.lineEdit()
        assert judge_edit is not None  # editable
        judge_edit.setPlaceholderText("Type part of the judge's name")
        self.judge.setMinimumContentsLength(28)
        # suggestions hold what was typed, case and accents ignored ("lukasz" finds Łukasz)
        self.judge.setCompleter(FoldingCompleter(self.judge.model(), self.judge))
        judge_label = QLabel("&Judge")
        judge_label.setBuddy(self.judge)

        self.ref = QLineEdit()
        self.ref.setAccessibleName("Nomination reference")
        self.ref.setPlaceholderText("e.g. N-0042, or scan the QR code")
        ref_label = QLabel("&Nomination")
        ref_label.setBuddy(self.ref)

        self.heading = plain_label(word_wrap=True)
        self.heading.setAccessibleName("Nomination being entered")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.criteria_box = QWidget()
        self.criteria_box.setAccessibleName("Scores")
        self.grid = QGridLayout(self.criteria_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.comment = QLineEdit()
        self.comment.setAccessibleName("Judge's comment")
        self.comment.setMaxLength(COMMENT_MAX_LENGTH)
        self.comment.setPlaceholderText("As written on the sheet (optional)")
        comment_label = QLabel("Judge's co&mment")
        comment_label.setBuddy(self.comment)
        self.save_button = QPushButton("&Save and next")
        self.save_button.setToolTip("Enter")
        self.clear_button = QPushButton("Put &back")
        self.clear_button.setToolTip("Show again the scores stored for this nomination, undoing what was typed")
        self.message = plain_label(word_wrap=True)
        self.message.setAccessibleName("Score entry message")
        self.message.hide()

        self.missing = QTreeWidget()
        self.missing.setAccessibleName("Still to enter")
        self.missing.setHeaderLabels(["Category and nomination", "Still to enter"])
        self.missing.setRootIsDecorated(True)
        self.missing.setUniformRowHeights(True)
        self.missing.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 30)
        self.missing_caption = QLabel("Still &to enter")
        self.missing_caption.setBuddy(self.missing)
        self.submit_button = QPushButton("S&ubmit category for the judge…")
        self.submit_button.setToolTip("When every nomination of a category is scored: lock "
                                      "the judge's scores there, as if they had submitted")

        # --- layout ---
        form = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(judge_label)
        row.addWidget(self.judge, 1)
        form.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(ref_label)
        row.addWidget(self.ref, 1)
        form.addLayout(row)
        form.addWidget(hint(KEY_HELP, muted=False))
        form.addWidget(self.heading)
        form.addWidget(self.criteria_box)
        form.addWidget(comment_label)
        form.addWidget(self.comment)
        form.addLayout(button_row(self.save_button, self.clear_button))
        form.addWidget(self.message)
        form.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(self.missing_caption)
        side.addWidget(self.missing, 1)
        side.addWidget(self.submit_button)
        layout = QHBoxLayout(self)
        layout.addLayout(form, 3)
        layout.addLayout(side, 2)

        self.judge.currentIndexChanged.connect(self.on_judge_current_index_changed)
        self.judge.activated.connect(lambda _index: self.ref.setFocus())
        judge_edit.returnPressed.connect(self.pick_typed_judge)
        self.ref.returnPressed.connect(self.open_typed_ref)
        self.comment.returnPressed.connect(self.save_and_next)
        self.save_button.clicked.connect(self.save_and_next)
        self.clear_button.clicked.connect(self.put_back)
        self.submit_button.clicked.connect(self.submit_selected)
        self.missing.itemActivated.connect(self.on_missing_item_activated)
        self.missing.currentItemChanged.connect(lambda *_: self._update_buttons())
        to_ref = QShortcut(QKeySequence("Ctrl+L"), self)
        to_ref.activated.connect(self.focus_ref)
        ctx.refresh_on_change(self, self.refresh_missing)
        self._update_buttons()

    # --- judges ----------------------------------------------------------------------------

    def load(self) -> None:
        """Fill the judges (those with nominations to score), keeping the one chosen."""
        event_id = self.ctx.require_event()
        rows = self.ctx.read(lambda s: judging.judging_progress(s, event_id))
        judges = sorted({(r.judge_id, r.judge, r.sponsor) for r in rows},
                        key=lambda j: (j[1].casefold(), j[0]))
        wanted = self.judge_id
        self.judge_names = {judge_id: name for judge_id, name, _sponsor in judges}
        self.judge.blockSignals(True)
        self.judge.clear()
        for judge_id, name, sponsor in judges:
            self.judge.addItem(f"{isolate(name)} ({isolate(sponsor)})", judge_id)
        index = self.judge.findData(wanted) if wanted is not None else -1
        self.judge.setCurrentIndex(index)
        if index < 0:
            self.judge.setEditText("")
        self.judge.blockSignals(False)
        if index < 0:
            self.choose_judge(None)
        else:
            self.refresh_missing()

    def pick_typed_judge(self) -> None:
        """Enter in the judge box: the judge whose name holds what was typed (the first, in
        the list's order, when several do), then on to the reference."""
        edit = self.judge.lineEdit()
        written = " ".join((edit.text() if edit is not None else "").split())
        typed = loose_name_key(written)  # case and accents ignored: "lukasz" finds Łukasz
        if not typed:
            return
        names = [self.judge.itemText(i) for i in range(self.judge.count())]
        if self.judge_id is not None and _is_ref(written):
            # a sheet scanned while the cursor was in the judge box: it is a reference
            self.judge.setEditText(self.judge.itemText(self.judge.currentIndex()))
            self.ref.setText(written)
            self.ref.setFocus()
            self.open_typed_ref()
            return
        keys = [loose_name_key(name) for name in names]
        index = next((i for i, key in enumerate(keys) if key == typed), -1)
        if index < 0:
            index = next((i for i, key in enumerate(keys) if typed in key), -1)
        if index < 0:
            self.say(f"No judge's name holds '{written}'. Judges with nominations to score "
                     "are listed under Judge.", problem=True)
            return
        if index != self.judge.currentIndex():
            self.judge.setCurrentIndex(index)
            if self.judge.currentIndex() != index:
                return  # the typed scores were kept (Cancel): the cursor is back on them
        else:
            self.judge.setEditText(names[index])
        self.say("")
        self.ref.setFocus()

    def choose_judge_by_id(self, judge_id: int) -> None:
        self.judge.setCurrentIndex(self.judge.findData(judge_id))

    def on_judge_current_index_changed(self, index: int) -> None:
        judge_id = self.judge.itemData(index) if index >= 0 else None
        if judge_id != self.judge_id and not self.settle(
                f"choosing {self.judge_names.get(judge_id, 'another judge')}"
                if judge_id is not None else "choosing another judge"):
            self._show_judge(self.judge_id)  # Cancel: the judge and the typing stay
            self._back_to_typing()
            return
        self.choose_judge(judge_id)

    def _show_judge(self, judge_id: int | None) -> None:
        """Show ``judge_id`` as chosen without choosing again (nothing is reloaded)."""
        self.judge.blockSignals(True)
        self.judge.setCurrentIndex(self.judge.findData(judge_id) if judge_id is not None
                                   else -1)
        self.judge.blockSignals(False)

    def _back_to_typing(self) -> None:
        """After Cancel: the cursor back on the first score still empty (else the comment)."""
        empty = next((c for c in self.controls if c.value() is None), None)
        (empty or self.comment).setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_judge(self, judge_id: int | None) -> None:
        self.judge_id = judge_id
        self.judge_name = ""
        self.items = []
        if judge_id is not None:
            self.judge_name = self.judge_names.get(judge_id, "")
        self._show_item(None)
        self.refresh_missing()
        self.ref.clear()

    # --- the nomination --------------------------------------------------------------------

    def focus_ref(self) -> None:
        self.ref.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ref.selectAll()

    def open_typed_ref(self) -> None:
        text = self.ref.text().strip()
        if self.judge_id is None:
            self.say("Choose the judge first: type part of their name under Judge.",
                     problem=True)
            self.judge.setFocus()
            return
        if not text:
            return
        try:
            number = parse_ref(text)
        except ValueError as exc:
            self.say(f"{exc}.", problem=True)
            self.ref.selectAll()
            return
        item = next((i for i in self.items if parse_ref(i.ref) == number), None)
        if item is None:
            self.say(f"{text} is not in {self.judge_name}'s pack. Check the judge chosen, or "
                     "the reference on the sheet.", problem=True)
            self.ref.selectAll()
            return
        current = self.item
        if current is not None and current.nomination_id != item.nomination_id:
            if not self.settle(f"opening {item.ref}"):
                self.ref.setText(current.ref)  # Cancel: everything as it was
                self._back_to_typing()
                return
            # saved, perhaps: the pack as it now stands
            item = next((i for i in self.items if i.nomination_id == item.nomination_id), item)
        self._show_item(item)
        self.say("")
        if item.submitted:
            self.say(self._locked_words(item), problem=True)
            self.ref.selectAll()
        elif self.controls:
            self.controls[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_item(self, item: JudgeItem | None) -> None:
        self.item = item
        for control in self.controls:
            control.deleteLater()
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.controls = []
        if item is None:
            set_plain(self.heading, "")
            self.comment.clear()
            self._update_buttons()
            return
        set_plain(self.heading, f"{item.ref} · {isolate(item.category)} · {isolate(item.pseudonym)}")
        if self.ref.text().strip() != item.ref:
            self.ref.setText(item.ref)
        for row, criterion in enumerate(item.criteria):
            name = plain_label(isolate(criterion.name))
            scale = plain_label(f"{criterion.scale_min}–{criterion.scale_max}")
            scale.setEnabled(False)
            control = PaperScoreControl(criterion.scale_min, criterion.scale_max,
                                        criterion.name, self.criteria_box)
            control.set_value(item.scores.get(criterion.id))
            control.set_read_only(item.submitted)
            control.settled.connect(lambda c=control: self._next_control(c))
            control.letter_typed.connect(self.start_ref)
            control.enter_pressed.connect(self.save_and_next)
            control.refused.connect(lambda words: self.say(words, problem=True))
            control.value_changed.connect(lambda _value: self._clear_problem())
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(control, row, 1)
            self.grid.addWidget(scale, row, 2)
            for widget in (name, control, scale):
                widget.show()  # now, so that the first score can take the focus at once
            self.controls.append(control)
        for before, after in zip([self.ref, *self.controls],
                                 [*self.controls, self.comment], strict=True):
            QWidget.setTabOrder(before, after)
        self.comment.setText(item.comment)
        self.comment.setReadOnly(False)
        self._update_buttons()

    def settle(self, doing: str, *, can_cancel: bool = True) -> bool:
        """Before ``doing`` something that would drop the open nomination's typed scores: True
        when there are none, or they were saved (Save) or dropped (Discard); False to keep
        them as they are (Cancel, or a save that was refused: the message says why)."""
        item = self.item
        if item is None or not self.unsaved():
            return True
        answer = ask_unsaved(
            self, f"The scores typed for {item.ref} ({self.judge_name}'s pack) are not saved "
                  f"yet.\n\nSave them before {doing}? Discard drops them; Cancel goes back to "
                  "them.", can_cancel=can_cancel)
        if answer == QMessageBox.StandardButton.Discard:
            self._show_item(item)  # what is stored, shown again
            return True
        if answer == QMessageBox.StandardButton.Save:
            return self.save_open()
        return False

    def unsaved(self) -> bool:
        """Scores or a comment typed for the open nomination and not saved."""
        item = self.item
        if item is None or item.submitted:
            return False
        return self.comment.text() != item.comment or any(
            control.value() != item.scores.get(c.id)
            for c, control in zip(item.criteria, self.controls, strict=True))

    def _next_control(self, control: PaperScoreControl) -> None:
        index = self.controls.index(control)
        following = self.controls[index + 1] if index + 1 < len(self.controls) else self.comment
        following.setFocus(Qt.FocusReason.TabFocusReason)

    def start_ref(self, letter: str) -> None:
        """A letter on a score: a reference being typed or scanned; it goes to the box."""
        self.ref.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ref.setText(letter)

    def put_back(self) -> None:
        if self.item is not None:
            self._show_item(self.item)
            self.say("")

    # --- saving ----------------------------------------------------------------------------

    def save_open(self) -> bool:
        """Save the open nomination's scores and comment as typed, staying on it; False (and
        the typing kept, with the reason shown) when refused."""
        saved = self._store()
        item = self.item
        if saved is None or item is None:
            return False
        fresh = next((i for i in self.items if i.nomination_id == item.nomination_id), None)
        self._show_item(fresh or item)  # now what is stored: nothing left unsaved
        self.say(saved)
        return True

    def _store(self) -> str | None:
        """Write what is typed for the open nomination: the words saying so, or None when it
        was refused (the reason shown, the typing kept)."""
        item, judge_id = self.item, self.judge_id
        if item is None or judge_id is None:
            self.say("Choose the judge and the nomination first.", problem=True)
            return None
        scores = {c.id: control.value() for c, control in zip(item.criteria, self.controls,
                                                             strict=True)}
        comment = self.comment.text()
        try:
            self.ctx.write(lambda s: judging.enter_paper_scores(
                s, judge_id=judge_id, nomination_id=item.nomination_id, scores=scores,
                comment=comment))
        except Exception as exc:  # shown in the screen's message line; typing stays
            self.say(self._refusal_words(exc, item), problem=True)
            return None
        missing = [c.name for c, control in zip(item.criteria, self.controls, strict=True)
                   if control.value() is None]
        saved = f"Saved {item.ref} for {self.judge_name}."
        if missing:
            saved += f" Still without a score: {', '.join(missing)}."
        return saved

    def save_and_next(self) -> bool:
        item = self.item
        saved = self._store()
        if saved is None or item is None:
            return False
        # ctx.write told every listener the data changed: refresh_missing has read the queue
        following = self._next_item(item)
        if following is None:
            self._show_item(None)
            self.ref.clear()
            self.say(saved + f" Every nomination in {self.judge_name}'s pack now has its "
                             "scores: submit each category when the pack is complete.")
            self.ref.setFocus()
            return True
        self._show_item(following)
        self.say(saved + f" Next: {following.ref}.")
        if self.controls:
            self.controls[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _refusal_words(self, error: BaseException, item: JudgeItem) -> str:
        if isinstance(error, ConflictError) and self.judge_id is not None:
            fresh = next((i for i in self._read_queue(self.judge_id)
                          if i.nomination_id == item.nomination_id), None)
            if fresh is not None and fresh.submitted:
                return "Not saved: " + self._locked_words(fresh)
        return "Not saved: " + describe(error)

    def _locked_words(self, item: JudgeItem) -> str:
        return (f"{self.judge_name} has submitted {item.category}, so these scores are locked. "
                "To change them, unlock the category for the judge on the Judging page "
                "(with a reason).")

    def _next_item(self, current: JudgeItem) -> JudgeItem | None:
        """The next nomination still to enter after ``current``, in pack order (wrapping)."""
        ids = [i.nomination_id for i in self.items]
        start = ids.index(current.nomination_id) + 1 if current.nomination_id in ids else 0
        ordered = self.items[start:] + self.items[:start]
        return next((i for i in ordered if not i.scored and not i.submitted), None)

    def _read_queue(self, judge_id: int) -> list[JudgeItem]:
        return self.ctx.read(lambda s: judging.judge_queue(s, judge_id))

    # --- what is missing, and submitting ---------------------------------------------------

    def refresh_missing(self, *, reload: bool = True) -> None:
        if reload:
            self.items = ([] if self.judge_id is None or not self.ctx.is_open
                          else self._read_queue(self.judge_id))
        checks = judging.missing_scores(self.items)
        chosen = self._selected_category()
        self.missing.clear()
        for check in checks:
            top = QTreeWidgetItem([isolate(check.category), self._category_words(check)])
            top.setData(0, ID_ROLE, ("category", check.category_id))
            for missing in check.missing:
                item = next(i for i in self.items if i.nomination_id == missing.nomination_id)
                if len(missing.criteria) == len(item.criteria):
                    what = "no scores yet"
                elif len(missing.criteria) > 2:
                    what = plural(len(missing.criteria), "score") + " missing"
                else:
                    what = ", ".join(isolate(n) for n in missing.criteria) + " missing"
                child = QTreeWidgetItem([missing.ref, what])
                child.setData(0, ID_ROLE, ("nomination", missing.nomination_id))
                top.addChild(child)
            self.missing.addTopLevelItem(top)
            top.setExpanded(True)
            if check.category_id == chosen:
                self.missing.setCurrentItem(top)
        if self.judge_id is None:
            self.missing_caption.setText("Still &to enter")
        else:
            left = sum(len(c.missing) for c in checks)
            self.missing_caption.setText(
                f"Still &to enter for {_amp(isolate(self.judge_name))}: "
                + (plural(left, "nomination") if left else "nothing"))
        self._update_buttons()

    @staticmethod
    def _category_words(check: CategoryCheck) -> str:
        if check.submitted:
            return "submitted"
        if check.complete:
            return "all scored: ready to submit"
        return f"{len(check.missing)} of {check.assigned} to enter"

    def _selected_category(self) -> int | None:
        current = self.missing.currentItem()
        if current is None:
            return self.item.category_id if self.item is not None else None
        top = current.parent() or current
        kind_id = top.data(0, ID_ROLE)
        return kind_id[1] if kind_id else None

    def _selected_check(self) -> CategoryCheck | None:
        wanted = self._selected_category()
        return next((c for c in judging.missing_scores(self.items)
                     if c.category_id == wanted), None)

    def on_missing_item_activated(self, tree_item: QTreeWidgetItem, _column: int) -> None:
        kind, ident = tree_item.data(0, ID_ROLE)
        if kind != "nomination":
            return
        item = next((i for i in self.items if i.nomination_id == ident), None)
        if item is not None:
            self.ref.setText(item.ref)
            self.open_typed_ref()

    def _update_buttons(self) -> None:
        editable = self.item is not None and not self.item.submitted
        self.save_button.setEnabled(editable)
        self.clear_button.setEnabled(editable)
        self.comment.setEnabled(self.item is not None)
        check = self._selected_check() if self.judge_id is not None else None
        self.submit_button.setEnabled(check is not None and check.complete
                                      and not check.submitted)
        self.submit_button.setText(
            f"S&ubmit {_amp(isolate(check.category))} for {_amp(isolate(self.judge_name))}…"
            if check is not None else "S&ubmit category for the judge…")

    def submit_selected(self) -> None:
        check, judge_id, judge = self._selected_check(), self.judge_id, self.judge_name
        if check is None or judge_id is None or not check.complete or check.submitted:
            return
        refs = [i.ref for i in self.items if i.category_id == check.category_id]
        answer = QMessageBox.question(
            self, "Submit for a paper judge",
            f"Submit {check.category} for {judge}?\n\nThis locks {judge}'s scores for "
            f"{plural(len(refs), 'nomination')} ({', '.join(refs)}): nobody can change them "
            "unless the category is unlocked for the judge on the Judging page, with a "
            f"reason.\n\nThe audit trail records that you submitted them on {judge}'s behalf.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        category_id = check.category_id
        try:
            self.ctx.write(lambda s: judging.submit_on_behalf(s, judge_id=judge_id,
                                                              category_id=category_id))
        except Exception as exc:  # shown; nothing was locked
            show_error(self, exc, title="Not submitted")
            return
        self.say(f"Submitted {check.category} for {judge}; those scores are now locked.")

    # --- the message line ------------------------------------------------------------------

    def say(self, text: str, *, problem: bool = False) -> None:
        set_plain(self.message, text)
        self.message.setStyleSheet(WARNING_STYLE if problem else NOTE_STYLE)
        self.message.setProperty("problem", problem)
        self.message.setVisible(bool(text))

    def _clear_problem(self) -> None:
        if self.message.property("problem"):
            self.say("")

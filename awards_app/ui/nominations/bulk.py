"""The Nominations page's actions on many nominations at once (accept, shortlist, back to
submitted, withdraw with one reason, undo the last of these), and what it says before and
after: the confirmation (how many, and which by reference), a refusal naming the ones that
cannot move, and the line that says what was done. Refs only: no names in these messages.

Each change is one unit of work through ``services.nominations.set_status_bulk``: all of
them or none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import NominationStatus
from awards_app.services import nominations
from awards_app.services.nominations import BulkPlan, BulkResult, BulkStep, list_refs
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.errors import show_error

if TYPE_CHECKING:
    from awards_app.services.nominations import NominationRow
    from awards_app.ui.common.context import AppContext

#: what each bulk status change is called, on buttons and in messages
VERBS = {
    NominationStatus.ACCEPTED: ("Accept", "accepted"),
    NominationStatus.SHORTLISTED: ("Shortlist", "shortlisted"),
    NominationStatus.SUBMITTED: ("Back to submitted", "back to submitted"),
    NominationStatus.WITHDRAWN: ("Withdraw", "withdrawn"),
}
#: the status changes offered for the selected rows, in menu order
STATUS_CHANGES = (NominationStatus.ACCEPTED, NominationStatus.SHORTLISTED,
                  NominationStatus.SUBMITTED)
UNDO_HINT = "Undo last bulk change puts each one back to the status it has now."


def count_words(count: int) -> str:
    return "1 nomination" if count == 1 else f"{count:,} nominations"


def already_line(plan: BulkPlan) -> str:
    if not plan.already:
        return ""
    were = "is" if len(plan.already) == 1 else "are"
    return (f"{len(plan.already):,} {were} already {plan.status.value} and stay as "
            f"{'it is' if len(plan.already) == 1 else 'they are'}: {list_refs(plan.already)}.")


def confirm_text(plan: BulkPlan) -> str:
    verb, _done = VERBS[plan.status]
    what = ("Move" if plan.status is NominationStatus.SUBMITTED else verb)
    tail = " back to submitted" if plan.status is NominationStatus.SUBMITTED else ""
    lines = [f"{what} {count_words(len(plan.to_move))}{tail}?", "", list_refs(plan.to_move)]
    if plan.already:
        lines += ["", already_line(plan)]
    lines += ["", f"This is one step. {UNDO_HINT}"]
    return "\n".join(lines)


def withdraw_intro(plan: BulkPlan) -> str:
    return (f"Withdraw {count_words(len(plan.to_move))}: {list_refs(plan.to_move)}.\n\n"
            "One reason is kept for all of them. The nominations are kept and can be "
            "reinstated; a certificate already issued for one of them stops verifying.\n"
            f"This is one step. {UNDO_HINT}")


def refused_text(plan: BulkPlan) -> str:
    count = len(plan.refused)
    total = len(plan.to_move) + len(plan.already) + count
    done = ("moved back to submitted" if plan.status is NominationStatus.SUBMITTED
            else VERBS[plan.status][1])
    lines = [f"{count:,} of the {total:,} chosen nominations cannot be {done}, so nothing "
             "was changed:", ""]
    lines += [f"{r.ref}: {r.reason}" for r in plan.refused[:10]]
    if count > 10:
        lines.append(f"and {count - 10:,} more")
    lines += ["", "Leave them out of the selection (Ctrl and click), or deal with them first, "
                  "then try again."]
    return "\n".join(lines)


def done_text(result: BulkResult) -> str:
    refs = [m.ref for m in result.moved]
    _verb, done = VERBS[result.status]
    if not refs:
        return f"Nothing to change: they are all already {result.status.value}."
    line = f"{count_words(len(refs)).capitalize()} {done}: {list_refs(refs)}."
    return f"{line} Undo last bulk change puts them back."


def saved_text(result: BulkResult) -> str:
    """What the status bar says once a bulk change committed ("Saved: 3 nominations
    accepted.")."""
    return f"Saved: {count_words(len(result.moved))} {VERBS[result.status][1]}."


def undo_text(step: BulkStep) -> str:
    who = f" by {step.actor}" if step.actor else ""
    return (f"Undo the last bulk change{who}? It {step.summary}.\n\n"
            f"Each of the {count_words(step.count)} goes back to the status it had before, "
            "as long as nobody has changed it since.")


class BulkConfirmDialog(QDialog):
    """A question with the action on its button ('Accept 5') and Cancel; the text is plain
    (refs only)."""

    def __init__(self, parent: QWidget | None, *, title: str, text: str,
                 ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.message = QLabel(text)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What will change")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)


class BulkActions:
    """Mixed into the Nominations page (a ListPage): the actions on its selected rows."""

    ctx: AppContext
    note: QLabel
    confirmation: QDialog | None = None  # the last confirmation shown (tests, screenshots)

    if TYPE_CHECKING:  # provided by ListPage and Page; not defined here (they come later)
        def selected_rows(self) -> list[NominationRow]: ...
        def run_dialog(self, dialog: QDialog) -> bool: ...
        def say_outcome(self, label: QLabel, text: str) -> None: ...

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _plan(self, ids: list[int], status: NominationStatus) -> BulkPlan | None:
        """What the change would do; None (having said why) when it cannot go ahead."""
        try:
            plan = self.ctx.read(lambda s: nominations.plan_bulk(s, nomination_ids=ids,
                                                                 status=status))
        except Exception as exc:
            show_error(self._widget(), exc)
            return None
        if plan.refused:
            QMessageBox.warning(self._widget(), "Nothing was changed", refused_text(plan))
            return None
        if not plan.to_move:
            QMessageBox.information(self._widget(), "Nothing to change",
                                    f"The {count_words(len(plan.already))} chosen "
                                    f"{'is' if len(plan.already) == 1 else 'are'} already "
                                    f"{status.value}.")
            return None
        return plan

    def set_status_selected(self, status: NominationStatus) -> bool:
        """Accept, shortlist or move back to submitted every selected nomination, after a
        confirmation naming them; one unit of work. True if it was stored."""
        ids = [r.id for r in self.selected_rows()]
        if not ids:
            return False
        plan = self._plan(ids, status)
        if plan is None:
            return False
        verb = VERBS[status][0]
        dialog = BulkConfirmDialog(self._widget(),
                                   title=f"{verb} {count_words(len(plan.to_move))}",
                                   text=confirm_text(plan),
                                   ok_text=f"{verb} {len(plan.to_move):,}")
        self.confirmation = dialog  # for tests and screenshots
        if not self.run_dialog(dialog):
            return False
        result = self.ctx.act(self._widget(), lambda s: nominations.set_status_bulk(
            s, nomination_ids=ids, status=status), title="Nothing was changed",
            saved=saved_text)
        if result is None:
            return False
        self._done(result)
        return True

    def withdraw_several(self) -> bool:
        """Withdraw every selected nomination with one reason, as one step."""
        ids = [r.id for r in self.selected_rows()]
        if not ids:
            return False
        plan = self._plan(ids, NominationStatus.WITHDRAWN)
        if plan is None:
            return False
        count = len(plan.to_move)
        dialog = ReasonDialog(
            self.ctx, self._widget(), title=f"Withdraw {count_words(count)}",
            intro=withdraw_intro(plan),
            ok_text=f"Withdraw {count:,}", reason_label="&Why are they withdrawn?",
            work=lambda s, reason: nominations.set_status_bulk(
                s, nomination_ids=ids, status=NominationStatus.WITHDRAWN, reason=reason),
            saved=saved_text)
        self.confirmation = dialog
        if not self.run_dialog(dialog):
            return False
        self._done(dialog.outcome)
        return True

    def _done(self, result: BulkResult) -> None:
        self.say_outcome(self.note, done_text(result))

    def undo_last_bulk(self) -> bool:
        """Put the nominations of the last bulk change back, after saying which."""
        try:
            step = self.ctx.read(lambda s: nominations.last_bulk(s, self.ctx.require_event()))
        except Exception as exc:
            show_error(self._widget(), exc)
            return False
        if step is None:
            QMessageBox.information(self._widget(), "Nothing to undo",
                                    "There is no bulk change to undo.")
            return False
        dialog = BulkConfirmDialog(self._widget(), title="Undo last bulk change",
                                   text=undo_text(step), ok_text="Undo it")
        self.confirmation = dialog
        if not self.run_dialog(dialog):
            return False
        result = self.ctx.act(self._widget(),
                              lambda s: nominations.undo_bulk(s, audit_id=step.audit_id),
                              title="Cannot undo",
                              saved=lambda done: f"Undone: {count_words(len(done.moved))} "
                                                 "back as they were.")
        if result is None:
            return False
        self.say_outcome(self.note, f"Undone: {count_words(len(result.moved))} "
                         f"{'is' if len(result.moved) == 1 else 'are'} back as they were.")
        return True

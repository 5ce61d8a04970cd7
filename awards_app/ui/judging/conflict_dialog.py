"""A judge's conflict of interest with one nomination (they know the young person, employ
them, work with their team…): the judge then no longer sees, scores or counts for it.

One dialog for both ways a conflict is recorded. On the Judging page the coordinator chooses
the judge and the nomination, and OK saves through ``record``; in the judging session a judge
declares their own for the nomination on screen (``session.dialogs.JudgeConflictDialog``:
larger text, words for the judge), and the session saves it and answers in its own window.

Qt only, no services: the judging session imports it before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from awards_app.core.enums import ConflictKind
from awards_app.core.errors import ValidationError
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.forms import combo_box, refuse, text_box
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EFFECT = ("The judge will no longer see or score this nomination, and any scores they gave "
          "it stop counting.")


@dataclass(frozen=True)
class Conflict:
    judge_id: int
    nomination_id: int
    kind: ConflictKind
    note: str


class ConflictDialog(SavingDialog):
    """With ``judges`` / ``nominations`` (id, label) to choose from, the judge and the
    nomination are asked for; otherwise ``judge_id`` and ``nomination_id`` are given. With
    ``record``, OK runs ``record(session, conflict)`` as one unit of work (a refusal keeps the
    dialog open); without, OK only closes it and the caller reads ``conflict()``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 judges: Sequence[tuple[int, str]] = (),
                 nominations: Sequence[tuple[int, str]] = (),
                 judge_id: int | None = None, nomination_id: int | None = None,
                 record: Callable[[Session, Conflict], object] | None = None,
                 intro: str = "", footnote: str = EFFECT, kind_label: str = "&Kind",
                 note_label: str = "N&ote", ok_text: str = "") -> None:
        super().__init__(ctx, parent, ok_text=ok_text)
        self.setWindowTitle("Add a conflict of interest")
        self.record = record
        self._judge_id, self._nomination_id = judge_id, nomination_id
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(hint(intro))
        self.judge = combo_box("Judge", judges, "Choose the judge…", judge_id)
        self.nomination = combo_box("Nomination", nominations, "Choose the nomination…",
                                    nomination_id)
        self.kind = combo_box("Kind of conflict", [(k, k.label) for k in ConflictKind])
        self.note = text_box("Note", 3)
        form = QFormLayout()
        if judges:
            form.addRow("&Judge", self.judge)
        if nominations:
            form.addRow("&Nomination", self.nomination)
        kind_caption = QLabel(kind_label)
        kind_caption.setBuddy(self.kind)
        form.addRow(kind_caption, self.kind)
        note_caption = QLabel(note_label)
        note_caption.setBuddy(self.note)
        form.addRow(note_caption, self.note)
        if footnote:
            form.addRow("", hint(footnote, muted=True))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fields = {"judge": self.judge, "nomination": self.nomination, "kind": self.kind,
                       "note": self.note}
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def conflict(self) -> Conflict | None:
        """What was entered; None while the judge or the nomination is not chosen."""
        judge_id = self.judge.currentData() if self.judge.count() else self._judge_id
        nomination_id = (self.nomination.currentData() if self.nomination.count()
                         else self._nomination_id)
        if judge_id is None or nomination_id is None:
            return None
        return Conflict(judge_id, nomination_id, ConflictKind(self.kind.currentData()),
                        self.note.toPlainText().strip())

    def accept(self) -> None:
        conflict = self.conflict()
        if conflict is None:
            missing = [(name, what) for name, what, combo in (
                ("judge", "choose the judge who has the conflict", self.judge),
                ("nomination", "choose the nomination it concerns", self.nomination))
                if combo.currentData() is None]
            refuse(self, self.fields, ValidationError(
                [e for name, what in missing for e in ValidationError.single(name, what).errors]))
            return
        record = self.record
        if record is None or self.save(lambda s: record(s, conflict),
                                       saved="Recorded the conflict of interest."):
            super().accept()

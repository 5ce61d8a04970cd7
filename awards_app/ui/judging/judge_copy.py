"""What judges read of a nomination: its narratives, masked automatically (names, surnames,
dates of birth, the worker, addresses, phone numbers, emails) unless the coordinator edits
them here. An edit is masked for judges by the same rules, and the dialog says what the
rules would still hide in it. A save from a copy made stale (the judge copy, or the
narratives it masks, changed meanwhile) is refused and offers Reload (``SavingDialog``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

from awards_app.core.editing import Loaded
from awards_app.services import judging, nominations
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import SavingDialog
from awards_app.ui.common.forms import text_box
from awards_app.ui.common.plain import rich
from awards_app.ui.common.widgets import hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from awards_app.core.privacy import Identity


@dataclass(frozen=True)
class JudgeCopy:
    nomination_id: int
    ref: str
    heading: str  # "N-0004 Ada — Education Star" (the coordinator may see the name)
    current: tuple[str, str, str]  # success, obstacles, voice as judges see them now
    automatic: tuple[str, str, str]  # the originals masked automatically
    edited: tuple[bool, bool, bool]
    #: the version and what the dialog shows (``current`` by narrative); what the service
    #: compares on save is the stored judge copy and the narratives it masks
    loaded: Loaded
    #: what the program knows about the nomination, to say what an edit would still mask
    identity: Identity


NARRATIVES = (("success", "&Success"), ("obstacles", "O&bstacles overcome"),
              ("voice", "Their own &voice"))


def load_judge_copy(session: Session, event_id: int, ref: str) -> JudgeCopy:
    n = nominations.get_by_ref(session, event_id, ref)
    current = judging.judge_copy(n)
    stored = judging.judge_copy_for_edit(session, n.id)
    shown = dict(zip((name for name, _label in NARRATIVES), current, strict=True))
    return JudgeCopy(n.id, n.ref, f"{n.ref} {n.nominee.preferred_name} — {n.category.name}",
                     current, judging.automatic_copy(n),
                     (bool(n.judge_success), bool(n.judge_obstacles), bool(n.judge_voice)),
                     Loaded(stored.version, shown, compared=stored.values),
                     judging.nomination_identity(n))


class JudgeCopyDialog(SavingDialog):
    """The narratives as judges read them (masked automatically unless edited here)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, ref: str) -> None:
        super().__init__(ctx, parent)
        self.event_id = ctx.require_event()
        self.copy = ctx.read(lambda s: load_judge_copy(s, self.event_id, ref))
        self.loaded = self.copy.loaded
        self.setWindowTitle(f"What judges read — {self.copy.ref}")
        self.heading = QLabel(f"<b>{rich(self.copy.heading)}</b>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # bold, the heading escaped
        self.status = hint("", muted=True)
        self.still_masked = QLabel()
        self.still_masked.setTextFormat(Qt.TextFormat.PlainText)
        self.still_masked.setWordWrap(True)
        self.still_masked.setAccessibleName("What would still be masked")
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(250)
        self._check_timer.timeout.connect(self.show_still_masked)
        self.boxes: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self)
        form.addRow(self.heading)
        form.addRow(hint(
            "Judges never see the young person's other names, surname or date of birth, their "
            "worker or team, addresses, phone numbers or emails: these are masked "
            "automatically, in what you type here too (an edit can hide more, never less). "
            "Edit the text if something else could identify the young person; the nomination "
            "itself is not changed.", muted=True))
        for (name, label) in NARRATIVES:
            box = text_box(label.replace("&", ""), 5)
            self.boxes[name] = box
            form.addRow(label, box)
            box.textChanged.connect(self._check_timer.start)
        form.addRow(self.status)
        form.addRow(self.still_masked)
        self.reset = self.buttons.addButton("&Reset to automatic masking",
                                            QDialogButtonBox.ButtonRole.ResetRole)
        self.reset.clicked.connect(self.reset_to_automatic)
        form.addRow(self.buttons)
        self.fields = dict(self.boxes)
        self._show(self.copy.current, self.copy.edited)
        width = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(width * 80)
        self.resize(width * 110, self.minimumSizeHint().height() + 4 * width)

    def _show(self, texts: Sequence[str], edited: Sequence[bool]) -> None:
        for box, text in zip(self.boxes.values(), texts, strict=True):
            box.setPlainText(text)
        self.status.setText("Some of this text was edited by hand." if any(edited) else
                            "This is the automatic masking.")
        self.show_still_masked()

    def show_still_masked(self) -> None:
        """Say what the masking rules would still hide in the text as it stands."""
        self._check_timer.stop()
        found = judging.describe_masks(judging.mask_words(self.texts(), self.copy.identity))
        self.still_masked.setText(found and f"{found} Judges see the masks, not the details.")
        self.still_masked.setVisible(bool(found))

    def texts(self) -> tuple[str, str, str]:
        return tuple(b.toPlainText() for b in self.boxes.values())  # type: ignore[return-value]

    def form_values(self) -> dict[str, Any]:
        return {name: box.toPlainText() for name, box in self.boxes.items()}

    def fill(self, values: Mapping[str, Any]) -> None:
        self._show([values[name] for name in self.boxes], self.copy.edited)

    def load_current(self, session: Session) -> Loaded:
        self.copy = load_judge_copy(session, self.event_id, self.copy.ref)
        return self.copy.loaded

    def accept(self) -> None:
        # Text left as the automatic masking is stored blank, so it keeps following the
        # nomination if the nomination is corrected later.
        success, obstacles, voice = (
            "" if text.strip() == auto.strip() else text
            for text, auto in zip(self.texts(), self.copy.automatic, strict=True))
        nomination_id, loaded = self.copy.nomination_id, self.copy.loaded
        if self.save(lambda s: judging.set_judge_copy(
                s, nomination_id, success=success, obstacles=obstacles, voice=voice,
                expected_version=loaded.version, original=loaded.original),
                saved=f"Saved the judges' copy of {self.copy.ref}."):
            super().accept()

    def reset_to_automatic(self) -> None:
        nomination_id, loaded = self.copy.nomination_id, self.copy.loaded
        if self.save(lambda s: (judging.set_judge_copy(
                s, nomination_id, success="", obstacles="", voice="",
                expected_version=loaded.version, original=loaded.original),
                load_judge_copy(s, self.event_id, self.copy.ref))[1],
                saved=f"The judges' copy of {self.copy.ref} follows the nomination again."):
            self.copy = self.outcome  # what is stored now: the dialog stays open
            self.loaded = self.copy.loaded
            self._show(self.copy.automatic, (False, False, False))

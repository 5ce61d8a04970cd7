"""The two questions a judge may be asked: what the conflict is, and "submit this category?".

Small QDialog subclasses, so tests can build one, fill it and ``accept()`` it (or monkeypatch
``exec``) instead of blocking on a message box. Both are in the session's larger text.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.plain import plain_label
from awards_app.ui.judging.conflict_dialog import ConflictDialog
from awards_app.ui.judging.session.style import BODY, scaled_font


def _buttons(box: QDialogButtonBox, ok: QDialogButtonBox.StandardButton,
             ok_text: str) -> QDialogButtonBox:
    """OK (renamed, the default) and Cancel as "Go back"."""
    button = box.button(ok)
    button.setText(ok_text)
    button.setDefault(True)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("&Go back")
    return box


def _wrapped(text: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    return label


class JudgeConflictDialog(ConflictDialog):
    """A judge's own conflict with the nomination on screen: a kind and an optional note.
    Only asks; the scoring screen saves it (and says so in the window, not in a box)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, judge_id: int,
                 nomination_id: int, ref: str, name: str) -> None:
        super().__init__(
            ctx, parent, judge_id=judge_id, nomination_id=nomination_id, footnote="",
            intro=(f"Thank you for saying so. If you know {isolate(name)} ({ref}) or are "
                   "connected to "
                   "them, it is fairer for others to score this nomination. It will be taken "
                   "off your list and the coordinator will see why."),
            kind_label="&What is the connection?", note_label="&Note (optional):")
        self.setWindowTitle("I have a conflict")
        self.setFont(scaled_font(BODY))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.note.setAccessibleName("Note for the coordinator (optional)")
        self.note.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        _buttons(self.buttons, QDialogButtonBox.StandardButton.Save, "&Take it off my list")


class SubmitDialog(QDialog):
    """Confirm submitting a category: the scores are then locked."""

    def __init__(self, category: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Submit {isolate(category)}")
        self.setFont(scaled_font(BODY))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        layout = QVBoxLayout(self)
        plural = "nomination" if count == 1 else "nominations"
        title = plain_label(f"Submit your scores for {isolate(category)}?")
        title.setFont(scaled_font(BODY * 1.2, bold=True))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(_wrapped(
            f"You have scored all {count} {plural} in {isolate(category)}. Once you submit, your scores "
            "and comments there are locked and count towards the results. If you need to "
            "change something afterwards, the coordinator can unlock them."))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(_buttons(box, QDialogButtonBox.StandardButton.Ok,
                                  "&Submit and lock"))

"""The two questions a judge may be asked: what the conflict is, and "submit this category?".

Small QDialog subclasses, so tests can build one, fill it and ``accept()`` it (or monkeypatch
``exec``) instead of blocking on a message box.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import ConflictKind
from awards_app.ui.judging.style import BODY, scaled_font


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("&Go back")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ConflictDialog(QDialog):
    """Why this judge should not score a nomination: a kind and an optional note."""

    def __init__(self, ref: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("I have a conflict")
        self.setFont(scaled_font(BODY))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(
            f"Thank you for saying so. If you know {name} ({ref}) or are connected to them, "
            "it is fairer for others to score this nomination. It will be taken off your list "
            "and the coordinator will see why."))
        form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of conflict")
        for kind in ConflictKind:
            self.kind_combo.addItem(kind.label, kind.value)
        kind_label = QLabel("&What is the connection?")
        kind_label.setBuddy(self.kind_combo)
        form.addRow(kind_label, self.kind_combo)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("Note for the coordinator (optional)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        note_label = QLabel("&Note (optional):")
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "&Take it off my list"))

    @property
    def kind(self) -> ConflictKind:
        return ConflictKind(self.kind_combo.currentData())

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText().strip()


class SubmitDialog(QDialog):
    """Confirm submitting a category: the scores are then locked."""

    def __init__(self, category: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Submit {category}")
        self.setFont(scaled_font(BODY))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        layout = QVBoxLayout(self)
        plural = "nomination" if count == 1 else "nominations"
        title = QLabel(f"Submit your scores for {category}?")
        title.setFont(scaled_font(BODY * 1.2, bold=True))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(_wrapped(
            f"You have scored all {count} {plural} in {category}. Once you submit, your scores "
            "and comments there are locked and count towards the results. If you need to "
            "change something afterwards, the coordinator can unlock them."))
        layout.addWidget(_buttons(self, "&Submit and lock"))

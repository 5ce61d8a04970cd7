"""A large text area for a narrative, with a live word count against the event's limits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class NarrativeEdit(QWidget):
    """Label, text and "37 words · 25–2,000 needed" beneath, red while outside the range."""

    changed = Signal()

    def __init__(self, label: str, hint: str, parent: QWidget | None = None, *,
                 min_words: int = 25, max_words: int = 2000, required: bool = True) -> None:
        super().__init__(parent)
        self.min_words, self.max_words, self.required = min_words, max_words, required
        self.title = QLabel(f"<b>{label}</b>")
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(hint)
        self.editor.setAccessibleName(label)
        self.editor.setAccessibleDescription(hint)
        self.editor.setTabChangesFocus(True)  # Tab moves on; typing a tab in prose is rare
        self.title.setBuddy(self.editor)
        self.setFocusProxy(self.editor)
        self.count = QLabel()
        self.count.setAccessibleName(f"{label} word count")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count)
        self.editor.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def set_limits(self, min_words: int, max_words: int, *, required: bool = True) -> None:
        self.min_words, self.max_words, self.required = min_words, max_words, required
        self._on_text_changed()

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)

    def words(self) -> int:
        return len(self.text().split())

    def within_limits(self) -> bool:
        words = self.words()
        low = self.min_words if self.required else 0
        return (low <= words <= self.max_words) or (not self.required and words == 0)

    def _on_text_changed(self) -> None:
        words = self.words()
        noun = "word" if words == 1 else "words"
        if self.required:
            need = f"{self.min_words:,}–{self.max_words:,} needed"
        else:
            need = f"up to {self.max_words:,}"
        ok = self.within_limits()
        colour = "palette(text)" if ok else "#c62828"
        self.count.setText(f"<span style='color:{colour}'>{words:,} {noun} · {need}</span>")
        self.changed.emit()

"""PaperScoreControl: the judging session's ScoreControl, for typing a returned pack.

One key per score where the scale allows it (1–9, and 0 for 10 on a 1–10 scale, as in the
judging session); a digit that settles the score moves on to the next criterion. A digit
that is not on the scale is refused with the reason instead of being ignored. A letter
starts a nomination reference: a USB scanner reading a pack's QR code types its text
("N-0042") then Enter, wherever the cursor is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from awards_app.ui.judging.session.score_control import ScoreControl


def one_key_scale(minimum: int, maximum: int) -> bool:
    """Every score of the scale has its own key (0 stands for 10 on a scale from 1 to 10)."""
    return maximum <= 9 or (maximum == 10 and minimum >= 1)


class PaperScoreControl(ScoreControl):
    #: a digit chose the score and nothing more can follow it: go to the next criterion
    settled = Signal()
    #: a letter was typed (a reference, typed or scanned): the screen takes it from here
    letter_typed = Signal(str)
    #: a digit that is not on the scale, with the reason in words
    refused = Signal(str)
    #: Enter or Return on this score: save the nomination
    enter_pressed = Signal()

    def __init__(self, minimum: int, maximum: int, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(minimum, maximum, name, parent)
        self.criterion_name = name
        self.one_key = one_key_scale(minimum, maximum)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.enter_pressed.emit()
            return
        text = event.text()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier))
        if not plain or self.is_read_only() or len(text) != 1:
            super().keyPressEvent(event)
            return
        if text.isalpha():
            event.accept()
            self.letter_typed.emit(text)
            return
        if text.isdigit() and self.one_key:
            event.accept()
            number = int(text)
            if number == 0 and self.maximum == 10 and self.minimum >= 1:
                number = 10
            if not self.minimum <= number <= self.maximum:
                self.refused.emit(f"{text} is not a score for {self.criterion_name}: type "
                                  f"{self.minimum} to {self.maximum}"
                                  + (" (0 for 10)" if self.maximum == 10 else "") + ".")
                return
            self.set_value(number, notify=True)
            self.settled.emit()
            return
        super().keyPressEvent(event)  # wider scales: two digits, as in the judging session

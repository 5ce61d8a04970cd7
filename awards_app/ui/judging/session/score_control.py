"""ScoreControl: a row of numbered buttons for one criterion, by mouse or keyboard.

One tab stop per criterion (the buttons themselves take no focus), then:
digits choose (``1`` then ``0`` quickly gives 10; ``0`` alone is 10 on a 1–10 scale),
arrow keys step, Home/End go to the ends, Delete or Backspace clears.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QSizePolicy, QWidget

#: how long after one digit a second digit still counts as part of the same number
TWO_DIGIT_MS = 900

KEY_HELP = "Type 1–9, or 0 for 10; arrow keys change it; Delete clears."


class ScoreControl(QFrame):
    """Choose a whole number from ``minimum`` to ``maximum``, or none."""

    #: the new value, or None when cleared
    value_changed = Signal(object)

    def __init__(self, minimum: int, maximum: int, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minimum, self.maximum = minimum, maximum
        self._value: int | None = None
        self._read_only = False
        self._typed = ""
        self._typed_at = QElapsedTimer()
        self.setObjectName("ScoreControl")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"{name} score")
        self.setAccessibleDescription(f"from {minimum} to {maximum}, none chosen. {KEY_HELP}")
        self.setToolTip(KEY_HELP)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(max(2, self.fontMetrics().averageCharWidth() // 3))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QPushButton] = {}
        for number in range(minimum, maximum + 1):
            button = QPushButton(str(number), self)  # parented now: it inherits the font
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the control is the one tab stop
            button.setAccessibleName(f"{name}: {number} out of {maximum}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button, number)
            layout.addWidget(button)
            self.buttons[number] = button
            button.toggled.connect(lambda on, b=button: b.setFont(self._weighted(on)))
        self.group.idClicked.connect(self.on_group_id_clicked)
        self._styled = False
        if parent is not None:
            self._apply_style()

    def _weighted(self, bold: bool) -> QFont:
        font = QFont(self.font())  # the control's own (inherited) size, bold when chosen
        font.setBold(bold)
        return font

    def _apply_style(self) -> None:
        """A clear focus outline and a filled chosen button; sizes in em follow the font.
        Set once the control has a parent: a style sheet set on a widget without one pins
        it to the application's font instead of the (larger) inherited one."""
        self._styled = True
        self.setStyleSheet(
            "#ScoreControl { border: 0.15em solid transparent; border-radius: 0.3em; }"
            "#ScoreControl:focus { border-color: palette(highlight); }"
            "#ScoreControl QPushButton { min-width: 1.4em; padding: 0.35em 0.1em; }"
            "#ScoreControl QPushButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text);"
            " border: 1px solid palette(highlight); border-radius: 0.2em; }"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ParentChange and not self._styled and self.parent():
            self._apply_style()

    # --- value -----------------------------------------------------------------------------

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None, *, notify: bool = False) -> None:
        """Show ``value`` (None clears); ``notify`` emits ``value_changed`` if it changed."""
        if value is not None and not self.minimum <= value <= self.maximum:
            return
        changed = value != self._value
        self._value = value
        if value is None:
            self.group.setExclusive(False)  # an exclusive group cannot uncheck its last button
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[value].setChecked(True)
        chosen = "none chosen" if value is None else f"{value} chosen"
        self.setAccessibleDescription(
            f"from {self.minimum} to {self.maximum}, {chosen}. {KEY_HELP}")
        if changed and notify:
            self.value_changed.emit(value)

    def set_read_only(self, read_only: bool) -> None:
        """Submitted scores stay visible but cannot change."""
        self._read_only = read_only
        for button in self.buttons.values():
            button.setEnabled(not read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def on_group_id_clicked(self, number: int) -> None:
        if self._read_only:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_value(number, notify=True)

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier))
        if self._read_only or not plain:
            super().keyPressEvent(event)
            return
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self._type_digit(text)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self._step(+1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self._step(-1)
        elif key == Qt.Key.Key_Home:
            self.set_value(self.minimum, notify=True)
        elif key == Qt.Key.Key_End:
            self.set_value(self.maximum, notify=True)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None, notify=True)
        else:
            super().keyPressEvent(event)  # Enter, Tab… go on to the screen
            return
        event.accept()

    def _type_digit(self, digit: str) -> None:
        recent = self._typed_at.isValid() and self._typed_at.elapsed() < TWO_DIGIT_MS
        candidate = (self._typed + digit) if recent and self._typed else digit
        self._typed_at.start()
        if self.minimum <= int(candidate) <= self.maximum:
            self._typed = candidate
            self.set_value(int(candidate), notify=True)
            return
        self._typed = digit
        number = int(digit)
        if number == 0 and self.minimum > 0 and self.maximum == 10:
            number = 10  # the key for ten on a 1–10 scale
        if self.minimum <= number <= self.maximum:
            self.set_value(number, notify=True)

    def _step(self, delta: int) -> None:
        if self._value is None:
            self.set_value(self.minimum, notify=True)  # nothing chosen yet: start at the bottom
        else:
            self.set_value(min(self.maximum, max(self.minimum, self._value + delta)), notify=True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._typed = ""
        super().focusOutEvent(event)

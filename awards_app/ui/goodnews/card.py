"""The Overview's pointer to young people with good news this year and no nomination, so
nobody is missed while nominations are open; its button opens the Good news page showing
just them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from awards_app.services.goodnews import UnnominatedRow
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.plain import plain_label, set_plain

#: names listed on the card before the rest are counted
NAMES_SHOWN = 8


def card_text(rows: Sequence[UnnominatedRow]) -> str:
    """'3 young people have good news this year and no nomination: Cal, Tendai and Ewa.'"""
    count = len(rows)
    names = [isolate(r.name) for r in rows[:NAMES_SHOWN]]
    more = count - len(names)
    listed = (", ".join(names) + f" and {more} more" if more else
              names[0] if count == 1 else ", ".join(names[:-1]) + f" and {names[-1]}")
    who = "young person has" if count == 1 else "young people have"
    return (f"{count} {who} good news this year and no nomination: {listed}. A story can "
            "become a nomination in one step.")


class GoodNewsCard(QGroupBox):
    """Shown while nominations are open and someone has good news but no nomination."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Good news, no nomination yet", parent)
        self.setObjectName("GoodNewsCard")
        self.text = plain_label(word_wrap=True)
        self.open_button = QPushButton("See their good ne&ws")
        self.open_button.setToolTip("The Good news page, showing only these young people's "
                                    "stories")
        self.open_button.clicked.connect(self.open_requested.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hide()

    def show_rows(self, rows: Sequence[UnnominatedRow], *, nominations_open: bool) -> None:
        shown = nominations_open and bool(rows)
        if shown:
            self.setTitle(f"Good news, no nomination yet ({len(rows)})")
            set_plain(self.text, card_text(rows))
        self.setVisible(shown)

"""The Overview's compact Parity card: young people out of the city at a glance, the largest
difference worth a look, and a button to the Parity page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from awards_app.services import parity
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.widgets import button_row, hint

TITLE = "Parity: young people living out of the city"


class ParityCard(QGroupBox):
    """Shows ``parity.overview_lines``; ``open_requested`` asks for the Parity page."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("ParityCard")
        self.setAccessibleName(TITLE)
        self.lines = hint("")
        self.open_button = QPushButton("Go to &Parity")
        self.open_button.setToolTip("Good news, nominations, placements and certificates for "
                                    "young people in and out of the city, and per team")
        self.open_button.clicked.connect(self.open_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lines)
        layout.addLayout(button_row(self.open_button))

    def show_report(self, report: parity.ParityReport) -> None:
        self.lines.setText("\n".join(parity.overview_lines(report, isolate)))

"""Shown when there is no event yet (or no database): start an event or explore the demo.

It only asks (signals); the main window decides what happens, so this page imports nothing
of it (the welcome page is on the start-up path, before the first paint)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from awards_app.ui.common.context import AppContext

#: The moments the demo can start at (services.demo.DEMO_STAGES; that module is not loaded
#: before the first paint): what the newcomer sees, and the stage asked for.
DEMO_CHOICES = (
    ("while nominations come in", "nominations"),
    ("on judging morning", "judging"),
    ("after the results (certificates ready)", "results"),
)


class WelcomePage(QWidget):
    #: "Start a new event…"
    new_event_requested = Signal()
    #: "Explore a demo event", with the stage chosen (services.demo.DEMO_STAGES)
    demo_requested = Signal(str)
    #: "Open another database…"
    open_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("WelcomePage")
        self.setAccessibleName("Welcome")
        heading = QLabel("Welcome to Awards App")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        heading.setFont(font)
        self.message = QLabel("Opening the database…")
        self.message.setWordWrap(True)
        self.new_button = QPushButton("Start a new event…")
        self.new_button.setAccessibleDescription("Create this year's awards event")
        self.demo_button = QPushButton("Explore a demo event")
        self.demo_button.setAccessibleDescription(
            "Open a fictional event in a temporary database; your own data is not touched")
        self.open_button = QPushButton("Open another database…")
        for button in (self.new_button, self.demo_button, self.open_button):
            button.setMinimumHeight(button.sizeHint().height() * 3 // 2)
        self.new_button.clicked.connect(self.new_event_requested)
        self.demo_stage = QComboBox()
        self.demo_stage.setAccessibleName("Demo event as it is")
        for text, stage in DEMO_CHOICES:
            self.demo_stage.addItem(text, stage)
        stage_label = QLabel("as it is")
        stage_label.setBuddy(self.demo_stage)
        self.demo_button.clicked.connect(
            lambda: self.demo_requested.emit(self.demo_stage.currentData()))
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button, 1)
        demo_row.addWidget(stage_label)
        demo_row.addWidget(self.demo_stage, 1)
        self.open_button.clicked.connect(self.open_requested)

        # A centred column of readable width; word-wrapped labels need a real width to wrap in.
        column = QWidget()
        column.setMaximumWidth(self.fontMetrics().averageCharWidth() * 70)
        inner = QVBoxLayout(column)
        inner.setSpacing(12)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (heading, self.message, self.new_button):
            inner.addWidget(widget)
        inner.addLayout(demo_row)
        inner.addWidget(self.open_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.refresh_choices()

    def refresh_choices(self) -> None:
        is_open = self.ctx.is_open
        self.new_button.setEnabled(is_open)
        if is_open:
            self.message.setText(
                "There is no event in this database yet. Start this year's awards, or look "
                "around a fictional demo event first (it opens in a temporary database): "
                "choose the moment of the year to see it at — on judging morning a few judges "
                "have the PIN 1234, and after the results the Results and Certificates pages "
                "are ready to explore."
            )
        else:
            self.message.setText("No database is open. Explore the demo or open a database.")

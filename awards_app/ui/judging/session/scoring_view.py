"""The scoring screen's widgets and layout: header, the judge's list, the nomination's
narratives and criteria, messages and buttons. ``ScoringScreen`` adds what the judge does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from awards_app.ui.judging.session.criteria_panel import CriteriaPanel
from awards_app.ui.judging.session.panels import NarrativeView, NominationListModel
from awards_app.ui.judging.session.style import BODY, heading, scaled_font, show_message
from awards_app.ui.common.actions import keys_text
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.table_view import make_table_view


def _button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(True)  # Enter on a focused button presses that button
    button.setToolTip(tip)
    return button


class ScoringView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ScoringScreen")
        self.setFont(scaled_font(BODY))
        self._sized = False
        line = self.fontMetrics().height()

        self.who_label = plain_label()
        self.who_label.setFont(scaled_font(BODY * 1.15, bold=True))
        self.progress_label = plain_label()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName("Nominations scored")
        self.progress_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.progress_bar.setMaximumHeight(line // 2)  # a thin bar, not a box to type in
        self.finish_button = _button("&Finish", "Save and hand the laptop to the next judge")
        header = QHBoxLayout()
        header.addWidget(self.who_label, 1)
        header.addWidget(self.progress_label)
        header.addWidget(self.progress_bar)
        header.addSpacing(line)
        header.addWidget(self.finish_button)

        self.model = NominationListModel(line, self)
        self.list_view = make_table_view(self.model, "Your nominations", self, stretch_column=1)
        self.list_view.setSortingEnabled(False)  # the order is the stepper's order
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2
                                                              + line // 2)
        self.list_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list_view.setMinimumWidth(self.fontMetrics().averageCharWidth() * 18)
        list_label = QLabel("Yo&ur nominations:")
        list_label.setBuddy(self.list_view)
        self.category_label = plain_label()
        self.category_label.setWordWrap(True)
        self.category_label.setAccessibleName("Progress by category")
        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(list_label)
        list_layout.addWidget(self.list_view, 1)
        list_layout.addWidget(self.category_label)

        self.title_label = heading()
        self.subtitle_label = plain_label()
        self.state_label = plain_label()
        self.narrative_view = NarrativeView()
        self.narrative_view.document().setDocumentMargin(line // 2)
        self.narrative_view.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.criteria = CriteriaPanel()
        self.criteria_scroll = QScrollArea()
        self.criteria_scroll.setWidgetResizable(True)
        self.criteria_scroll.setWidget(self.criteria)
        self.criteria_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.criteria_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the scores
        self.criteria_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        show_message(self.message, "")

        self.conflict_button = _button("I have a &conflict…",
                                       "Take this nomination off your list and say why")
        self.previous_button = _button("&Previous", "Save and go back")  # + Ctrl+Left
        self.save_button = _button(  # + Ctrl+Right (scoring.py)
            "&Save && next", f"Save and go on (Enter; "
            f"{keys_text(QKeySequence.StandardKey.Save)} saves without moving)")
        self.save_button.setFont(scaled_font(BODY, bold=True))
        self.submit_button = _button("Su&bmit…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.conflict_button)
        buttons.addStretch(1)
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.save_button)
        buttons.addSpacing(line)
        buttons.addWidget(self.submit_button)

        self.content_split = QSplitter(Qt.Orientation.Horizontal)
        self.content_split.setObjectName("JudgingContentSplitter")
        self.content_split.addWidget(self.narrative_view)
        self.content_split.addWidget(self.criteria_scroll)
        self.content_split.setChildrenCollapsible(False)
        self.content_split.setStretchFactor(0, 3)
        self.content_split.setStretchFactor(1, 2)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.title_label)
        subtitle_row = QHBoxLayout()
        subtitle_row.addWidget(self.subtitle_label, 1)
        subtitle_row.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignRight)
        content_layout.addLayout(subtitle_row)
        content_layout.addWidget(self.content_split, 1)
        content_layout.addWidget(self.message)
        content_layout.addLayout(buttons)

        self.body_split = QSplitter(Qt.Orientation.Horizontal)
        self.body_split.setObjectName("JudgingBodySplitter")
        self.body_split.addWidget(list_panel)
        self.body_split.addWidget(content)
        self.body_split.setChildrenCollapsible(False)
        self.body_split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.body_split, 1)

    def _chain_tab_order(self) -> None:
        """Reading order: the list, the story, each score, the comment, then the actions."""
        chain: list[QWidget] = [self.list_view, self.narrative_view,
                                *self.criteria.controls(), self.criteria.comment_edit,
                                self.save_button, self.previous_button, self.submit_button,
                                self.conflict_button, self.finish_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _fit_criteria(self) -> None:
        """Wide enough for every score button (the column never scrolls sideways)."""
        scrollbar = self.criteria_scroll.verticalScrollBar().sizeHint().width()
        layout = self.criteria.layout()
        if layout is not None:
            layout.invalidate()  # new rows: the cached minimum is stale
        self.criteria_scroll.setMinimumWidth(self.criteria.minimumSizeHint().width() + scrollbar)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: the list as wide as its text, the rest shared
            self._sized = True
            total = self.body_split.width()
            wanted = self.fontMetrics().averageCharWidth() * 30
            self.body_split.setSizes([min(wanted, total // 4), total - min(wanted, total // 4)])

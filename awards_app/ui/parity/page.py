"""The Parity page: for young people in and out of the city, and per team, good news,
nominations, acceptances, shortlistings, placements and certificates — counts with each
group's share, each group's rates of its own nominations, and the differences worth a look.
Counts below 5 carry no rate (services/parity.py says why and how)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from awards_app.services import parity
from awards_app.services.parity import FROM_NOMINATIONS, STAGES, GroupRow, ParityTable
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import Page
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import make_table_view
from awards_app.ui.common.widgets import hint

COUNT_TIP = ("The count, and in brackets this group's share of everyone's count at this "
             "stage. No percentage: fewer than 5, or it would let one be worked out.")
RATE_TIP = ("Out of this group's own nominations. – : held back (fewer than 5, or it would "
            "let one be worked out).")


def _heading(text: str, scale: float = 1.25) -> QLabel:
    label = plain_label(text)  # the event's name, as typed
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def _figure(index: int, rate: bool) -> Any:
    if rate:
        return lambda row: parity.rate_text(row.from_nominations[index])
    return lambda row: parity.count_text(row.figures[index])


class ParityTableView:
    """One grouping (where young people live, or team) as two tables: counts with shares,
    then rates of own nominations."""

    def __init__(self, heading: str, group_label: str) -> None:
        self.heading = _heading(heading, 1.15)
        self.counts_model: RowTableModel[GroupRow] = RowTableModel(
            [Column(group_label, lambda row: row.name)]
            + [Column(stage.value, _figure(i, False), align_right=True, tooltip=COUNT_TIP)
               for i, stage in enumerate(STAGES)])
        self.rates_model: RowTableModel[GroupRow] = RowTableModel(
            [Column(group_label, lambda row: row.name)]
            + [Column(stage.value, _figure(i, True), align_right=True, tooltip=RATE_TIP)
               for i, stage in enumerate(FROM_NOMINATIONS)])
        self.counts_view = self._view(self.counts_model, f"{heading}: counts and shares")
        self.rates_view = self._view(self.rates_model, f"{heading}: of own nominations")
        self.counts_caption = hint("Counts, with each group's share of the stage in brackets:")
        self.rates_caption = hint("Of their own nominations, how many went on to each stage:")

    @staticmethod
    def _view(model: RowTableModel[GroupRow], name: str) -> QTableView:
        view = make_table_view(model, name)
        view.setSortingEnabled(False)  # the total stays last
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as wide as its columns: the page scrolls when the window is narrower
        view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        view.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    def widgets(self) -> list[QWidget]:
        return [self.heading, self.counts_caption, self.counts_view, self.rates_caption,
                self.rates_view]

    def show_table(self, table: ParityTable) -> None:
        for model, view in ((self.counts_model, self.counts_view),
                            (self.rates_model, self.rates_view)):
            model.set_rows(list(table.rows))
            rows = view.verticalHeader().defaultSectionSize() * len(table.rows)
            view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows
                                + 2 * view.frameWidth())


class ParityPage(Page):
    page_id = PageId.PARITY

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("ParityPage")
        self.report: parity.ParityReport | None = None
        self.heading = _heading("", 1.6)
        self.intro = hint("Whether young people living out of the city get the same chances as "
                          "those in it: from good news to certificates, and per team.")
        self.window_note = plain_label(word_wrap=True)

        self.findings_box = QGroupBox("Worth a look")
        self.findings_box.setObjectName("ParityFindings")
        self.findings_label = plain_label(word_wrap=True)
        self.findings_label.setAccessibleName("Worth a look")
        box = QVBoxLayout(self.findings_box)
        box.addWidget(self.findings_label)

        self.area = ParityTableView("Where young people live", "Living")
        self.teams = ParityTableView("By team", "Team")

        self.notes_box = QGroupBox("How this is counted")
        self.notes_label = plain_label(word_wrap=True)
        self.notes_label.setAccessibleName("How this is counted")
        QVBoxLayout(self.notes_box).addWidget(self.notes_label)

        content = QWidget()
        content.setObjectName("ParityContent")
        layout = QVBoxLayout(content)
        top: list[QWidget] = [self.heading, self.intro, self.window_note, self.findings_box]
        for widget in top:
            layout.addWidget(widget)
        for part in (self.area, self.teams):
            layout.addSpacing(self.fontMetrics().height() // 2)
            for widget in part.widgets():
                layout.addWidget(widget)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self.notes_box)
        layout.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.on_app_focus_changed)

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        self.show_report(self.ctx.read(lambda s: parity.parity(s, event_id)))

    def show_report(self, report: parity.ParityReport) -> None:
        self.report = report
        self.heading.setText(f"Parity — {isolate(report.event_name)} {report.year}")
        self.window_note.setText(f"Good-news stories: those dated in {report.window_words}.")
        sentences = [f"• {finding.sentence(isolate)}" for finding in report.findings]
        self.findings_label.setText("\n".join(sentences) if sentences else
                                    parity.NO_FINDINGS[0].upper() + parity.NO_FINDINGS[1:])
        self.area.show_table(report.area)
        self.teams.show_table(report.teams)
        self.notes_label.setText("\n".join(f"• {note}" for note in report.notes))

    def on_app_focus_changed(self, _old: Any, new: QWidget | None) -> None:
        """Keyboard users: keep the focused table in view inside the scroll area."""
        content = self.scroll_area.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new)

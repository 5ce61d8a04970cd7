"""The first page a coordinator sees: where the event stands, what needs attention, and how
nominations are spread across categories and teams."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from awards_app.core.enums import EventStatus, NominationStatus
from awards_app.services import judging
from awards_app.services import overview as overview_service
from awards_app.services import parity
from awards_app.services import goodnews
from awards_app.services.judging.progress import ProgressRow
from awards_app.services.overview import CategoryCountRow, MissingConsentRow, Overview
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import Page
from awards_app.ui.common.plain import plain_label
from awards_app.ui.common.table_model import Column, RowTableModel
from awards_app.ui.common.table_view import make_table_view
from awards_app.ui.overview.bar_chart import BarChartWidget
from awards_app.ui.parity.card import ParityCard
from awards_app.ui.goodnews.card import GoodNewsCard
from awards_app.ui.goodnews.links import ask_for_unnominated

#: how the two date cards speak: before, on and after the day
DEADLINE_WORDS = {"upcoming": "days left to nominate", "today_text": "is the last day to nominate",
                  "past": "nominations closed on"}
CEREMONY_WORDS = {"upcoming": "days to the ceremony", "today_text": "is the ceremony day",
                  "past": "the ceremony was on"}
#: rows the consent list shows before it scrolls inside itself
CONSENT_ROWS_SHOWN = 8


def short_date(day: date) -> str:
    """'Fri 29 Jan 2027' (no %-d: Windows' strftime lacks it)."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def countdown(days: int | None, day: date | None, *, upcoming: str, today_text: str,
              past: str) -> tuple[str, str] | None:
    """(big figure, caption) for a date, or None when the date is not set."""
    if days is None or day is None:
        return None
    if days > 0:
        words = upcoming.replace("days", "day", 1) if days == 1 else upcoming
        return str(days), f"{words}\n{short_date(day)}"
    if days == 0:
        return "Today", today_text
    return "—", f"{past} {short_date(day)}"


class FigureCard(QFrame):
    """One headline number with a caption underneath."""

    def __init__(self, caption: str, parent: QWidget | None = None, *, tooltip: str = "") -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.value = QLabel("0")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        # Explicit, font-based margins: the style's defaults differ for parentless widgets.
        margin = self.fontMetrics().horizontalAdvance("M")
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        if tooltip:
            self.setToolTip(tooltip)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def set(self, value: str, caption: str) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.setAccessibleName(f"{caption.replace(chr(10), ', ')}: {value}")


def _section_heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


#: the widest a column grows to fit its contents, in 'M' widths (longer text elides)
COLUMN_MAX_EMS = 22


def _size_columns_to_contents(view: QTableView) -> None:
    """Columns fit their contents (up to a limit) and the last one takes the rest; kept so
    on every reset."""
    header = view.horizontalHeader()
    header.setMaximumSectionSize(COLUMN_MAX_EMS * view.fontMetrics().horizontalAdvance("M"))
    last = header.count() - 1
    for column in range(last):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)


def _fit_table(view: QTableView, rows: int) -> None:
    """Show ``rows`` rows and every column without a horizontal scroll bar: the page itself
    scrolls, so the table asks for the width its contents need (the last column elides)."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    row = view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(header.sizeHint().height() + max(1, rows) * row + 2 * view.frameWidth())
    last = header.count() - 1
    needed = sum(min(max(view.sizeHintForColumn(c), header.sectionSizeHint(c)),
                     header.maximumSectionSize()) for c in range(last))
    scrollbar = view.verticalScrollBar().sizeHint().width()
    em = view.fontMetrics().horizontalAdvance("M")
    view.setMinimumWidth(needed + 8 * em + 2 * view.frameWidth() + scrollbar)


def _count_of(status: NominationStatus) -> Callable[[CategoryCountRow], int]:
    return lambda row: row.count(status)


class OverviewPage(Page):
    page_id = PageId.OVERVIEW

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("OverviewPage")
        self.overview: Overview | None = None
        self._columns = 0
        self._shown_optional: set[str] = set()  # optional cards shown: dates that are set, judging once it exists

        self.heading = plain_label()  # the event's name, as typed
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.subheading = plain_label(word_wrap=True)  # its venue
        self.settings_button = QPushButton("Event settin&gs…")
        self.settings_button.setToolTip("Dates, venue, age range, word limits and the stage "
                                        "of the year")
        self.settings_button.clicked.connect(self.edit_settings)

        self.cards = {
            "nominations": FigureCard("live nominations",
                                      tooltip="Every nomination except withdrawn ones"),
            "nominees": FigureCard("young people nominated"),
            "categories": FigureCard("categories open"),
            "sponsors": FigureCard("sponsors"),
            "judging": FigureCard("judges' categories submitted",
                                  tooltip="Judging progress: each judge submits each category "
                                          "they judge"),
            "deadline": FigureCard(DEADLINE_WORDS["upcoming"]),
            "ceremony": FigureCard(CEREMONY_WORDS["upcoming"]),
        }
        self.figures = QGridLayout()

        self._build_attention()
        self.category_chart = BarChartWidget(title="Nominations per category")
        self.team_chart = BarChartWidget(title="Nominations per team")
        self.charts = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.charts.addWidget(self.category_chart, 1, Qt.AlignmentFlag.AlignTop)
        self.charts.addWidget(self.team_chart, 1, Qt.AlignmentFlag.AlignTop)
        self._build_category_table()
        self.good_news_card = GoodNewsCard()
        self.good_news_card.open_requested.connect(self.on_good_news_card_open_requested)
        self.parity_card = ParityCard()
        self.parity_card.open_requested.connect(
            lambda: self.navigate_requested.emit(PageId.PARITY))

        content = QWidget()
        content.setObjectName("OverviewContent")
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(self.figures)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(_section_heading("Needs attention"))
        layout.addLayout(self.attention)
        layout.addWidget(self.good_news_card)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(self.charts)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.parity_card)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(_section_heading("Nominations by category"))
        layout.addWidget(self.category_view)
        layout.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("OverviewScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self._arrange(self.width())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.on_app_focus_changed)

    def edit_settings(self) -> None:
        from awards_app.ui.catalogue.event_dialog import edit_event_settings  # on first use: it imports the services (SQLAlchemy)

        edit_event_settings(self.ctx, self)

    # --- building ------------------------------------------------------------------------

    def _build_attention(self) -> None:
        self.unsponsored_model: RowTableModel[str] = RowTableModel(
            [Column("Category", lambda name: name)])
        self.unsponsored_view = make_table_view(self.unsponsored_model,
                                                "Categories without a sponsor")
        self.unsponsored_note = QLabel()
        self.unsponsored_note.setWordWrap(True)
        self.sponsors_button = QPushButton("Go to &Sponsors && judges")
        self.sponsors_button.clicked.connect(
            lambda: self.navigate_requested.emit(PageId.SPONSORS))
        self.unsponsored_box = QGroupBox("Categories without a sponsor")
        box = QVBoxLayout(self.unsponsored_box)
        box.addWidget(self.unsponsored_note)
        box.addWidget(self.unsponsored_view)
        box.addWidget(self.sponsors_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)

        self.consent_model: RowTableModel[MissingConsentRow] = RowTableModel([
            Column("Ref", lambda r: r.ref),
            Column("Name", lambda r: r.nominee),
            Column("Not asked yet", lambda r: ", ".join(r.not_asked)),
        ])
        self.consent_view = make_table_view(self.consent_model, "Consent questions not asked yet")
        _size_columns_to_contents(self.consent_view)
        self.consent_note = QLabel()
        self.consent_note.setWordWrap(True)
        self.nominations_button = QPushButton("Go to &Nominations")
        self.nominations_button.clicked.connect(
            lambda: self.navigate_requested.emit(PageId.NOMINATIONS))
        self.consent_box = QGroupBox("Consent questions not asked yet")
        box = QVBoxLayout(self.consent_box)
        box.addWidget(self.consent_note)
        box.addWidget(self.consent_view)
        box.addWidget(self.nominations_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)

        self.attention = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top = Qt.AlignmentFlag.AlignTop
        self.attention.addWidget(self.unsponsored_box, 2, top)
        self.attention.addWidget(self.consent_box, 3, top)

    def _build_category_table(self) -> None:
        columns: list[Column[CategoryCountRow]] = [
            Column("Category", lambda r: r.category if r.active else f"{r.category} (retired)"),
        ]
        for status in NominationStatus:
            columns.append(Column(status.label, _count_of(status), align_right=True))
        columns += [
            Column("Total", lambda r: r.live, align_right=True,
                   tooltip="Live nominations: every status except withdrawn"),
            Column("Sponsors", lambda r: ", ".join(map(isolate, r.sponsors)) or "None yet"),
        ]
        self.category_model: RowTableModel[CategoryCountRow] = RowTableModel(columns)
        self.category_view = make_table_view(self.category_model, "Nominations by category")
        _size_columns_to_contents(self.category_view)
        self.category_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # --- data ----------------------------------------------------------------------------

    def refresh(self) -> None:
        event_id = self.ctx.require_event()
        today = date.today()
        self.show_overview(self.ctx.read(lambda s: overview_service.overview(s, event_id, today=today)))
        self.show_judging(self.ctx.read(lambda s: judging.judging_progress(s, event_id)))
        self.parity_card.show_report(self.ctx.read(lambda s: parity.parity(s, event_id)))
        if self.overview is not None:
            self.good_news_card.show_rows(
                self.ctx.read(lambda s: goodnews.without_nomination(s, event_id)),
                nominations_open=self.overview.figures.status is EventStatus.NOMINATIONS_OPEN)

    def show_judging(self, rows: list[ProgressRow]) -> None:
        """Judging progress, once there is anyone to judge anything."""
        if rows:
            done = sum(r.submitted for r in rows)
            scored = sum(r.scored for r in rows)
            assigned = sum(r.assigned for r in rows)
            self.cards["judging"].set(f"{done} of {len(rows)}",
                                      f"judges' categories submitted · {scored:,} of "
                                      f"{assigned:,} nominations scored")
            self._shown_optional.add("judging")
        else:
            self._shown_optional.discard("judging")
        self._columns = 0
        self._arrange(self.scroll_area.viewport().width())

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        f = overview.figures
        self.heading.setText(f"{isolate(f.event_name)} {f.year}")
        self.subheading.setText(" · ".join(isolate(p) for p in (f.status.label, f.venue) if p))
        self.cards["nominations"].set(str(f.live_nominations), "live nominations")
        self.cards["nominees"].set(str(f.nominees), "young people nominated")
        self.cards["categories"].set(str(f.categories), "categories open")
        self.cards["sponsors"].set(str(f.sponsors), "sponsors")
        dates = {
            "deadline": countdown(f.days_to_deadline, f.nomination_deadline, **DEADLINE_WORDS),
            "ceremony": countdown(f.days_to_ceremony, f.ceremony_date, **CEREMONY_WORDS),
        }
        for key, shown in dates.items():
            if shown is not None:
                self.cards[key].set(*shown)
                self._shown_optional.add(key)
            else:
                self._shown_optional.discard(key)
        self._columns = 0  # a card may have appeared or gone: lay the grid out again
        self._arrange(self.scroll_area.viewport().width())

        self._show_attention(overview)
        has_nominations = f.live_nominations > 0
        self.category_chart.set_data(list(overview.by_category) if has_nominations else [])
        self.team_chart.set_data(list(overview.by_team))
        self.category_model.set_rows(list(overview.categories))
        _fit_table(self.category_view, len(overview.categories))

    def _show_attention(self, overview: Overview) -> None:
        unsponsored = list(overview.categories_without_sponsor)
        self.unsponsored_model.set_rows(unsponsored)
        self.unsponsored_view.setVisible(bool(unsponsored))
        self.unsponsored_box.setTitle(f"Categories without a sponsor ({len(unsponsored)})")
        if unsponsored:
            self.unsponsored_note.setText("Judges come from a category's sponsors, so each of "
                                          "these needs one before judging.")
            _fit_table(self.unsponsored_view, len(unsponsored))
        else:
            self.unsponsored_note.setText("Every open category has a sponsor.")

        missing = list(overview.missing_consents)
        self.consent_model.set_rows(missing)
        self.consent_view.setVisible(bool(missing))
        self.consent_box.setTitle(f"Consent questions not asked yet ({len(missing)})")
        if missing:
            what = "nomination still needs" if len(missing) == 1 else "nominations still need"
            self.consent_note.setText(
                f"{len(missing)} {what} consent answers before names, certificates and "
                "photos can be planned.")
            _fit_table(self.consent_view, min(len(missing), CONSENT_ROWS_SHOWN))
        else:
            self.consent_note.setText(
                "Every nominee has been asked the consent questions." if overview.figures.live_nominations
                else "No nominations yet, so there is nobody to ask.")

    # --- actions -------------------------------------------------------------------------

    def on_good_news_card_open_requested(self) -> None:
        ask_for_unnominated(self.ctx)  # the Good news page opens showing just them
        self.navigate_requested.emit(PageId.GOOD_NEWS)

    def on_app_focus_changed(self, _old: Any, new: QWidget | None) -> None:
        """Keyboard users: keep the focused widget in view inside the scroll area."""
        content = self.scroll_area.widget()
        if new is not None and content is not None and content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new)

    # --- responsive layout ---------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.scroll_area.viewport().width())

    def _arrange(self, width: int) -> None:
        """Cards in as many columns as fit; side-by-side boxes stack when the page is narrow."""
        em = self.fontMetrics().horizontalAdvance("M")
        visible = [card for key, card in self.cards.items()
                   if key not in ("deadline", "ceremony", "judging") or key in self._shown_optional]
        columns = max(1, min(len(visible), width // (12 * em)))
        if columns != self._columns:
            self._columns = columns
            for card in self.cards.values():
                self.figures.removeWidget(card)
            for column in range(self.figures.columnCount()):
                self.figures.setColumnStretch(column, 0)
            for position, card in enumerate(visible):
                self.figures.addWidget(card, position // columns, position % columns)
            for card in self.cards.values():  # after adding: the layout may hide what it adopts
                card.setVisible(card in visible)
            for column in range(columns):
                self.figures.setColumnStretch(column, 1)
        direction = (QBoxLayout.Direction.LeftToRight if width >= 56 * em
                     else QBoxLayout.Direction.TopToBottom)
        for box in (self.attention, self.charts):
            if box.direction() != direction:
                box.setDirection(direction)

"""The Parity page and the Overview's Parity card, driven through the real main window on
the demo after its results: what the tables show is the service's report, held-back rates
show as '–', the card's button opens the page, and a change refreshes it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from awards_app.core.enums import NominationStatus
from awards_app.db.engine import Database
from awards_app.db.models import Nomination, Nominee
from awards_app.services import demo, parity
from awards_app.services.parity import OUT_OF_AREA, STAGES, Stage
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import MainWindow
from awards_app.ui.overview.page import OverviewPage
from awards_app.ui.parity.page import ParityPage


@pytest.fixture
def window(qtbot: Any, db: Database, messages: Any) -> MainWindow:
    with db.session() as s:
        demo.create_demo_event(s, stage="results")
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(ctx.database_changed, timeout=30_000):
        ctx.set_database(db)
    qtbot.waitUntil(lambda: ctx.event_id is not None, timeout=20_000)
    return win


def report_of(db: Database, window: MainWindow) -> parity.ParityReport:
    with db.read_session() as s:
        return parity.parity(s, window.ctx.require_event())


def cells(model: Any) -> list[list[str]]:
    return [[model.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c in
             range(model.columnCount())] for r in range(model.rowCount())]


def open_from_view_menu(qtbot: Any, window: MainWindow) -> ParityPage:
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view_menu.actions() if a.text() == "Parity")
    assert isinstance(action, QAction) and action.isEnabled()
    action.trigger()
    page = window.page(PageId.PARITY)
    assert isinstance(page, ParityPage)
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    assert window.stack.currentWidget() is page
    return page


def test_the_page_shows_the_report_with_rates_held_back(qtbot: Any, db: Database,
                                                       window: MainWindow) -> None:
    page = open_from_view_menu(qtbot, window)
    report = report_of(db, window)
    shown = cells(page.area.counts_model)
    assert [row[0] for row in shown] == [parity.IN_CITY, OUT_OF_AREA, parity.TOTAL]
    assert shown == [[row.name, *map(parity.count_text, row.figures)]
                     for row in report.area.rows]
    out = next(row for row in report.area.rows if row.name == OUT_OF_AREA)
    nominations = out.figure(Stage.NOMINATIONS)
    assert nominations.share is not None  # the demo has enough young people out of area
    assert shown[1][1 + STAGES.index(Stage.NOMINATIONS)] == (
        f"{nominations.count} ({parity.percent(nominations.share)})")
    # the demo's shortlisted young people out of area are too few: a count, no rate
    shortlisted = shown[1][1 + STAGES.index(Stage.SHORTLISTED)]
    assert int(shortlisted) < parity.SMALL and "%" not in shortlisted
    rates = cells(page.area.rates_model)
    assert rates[1][1 + parity.FROM_NOMINATIONS.index(Stage.SHORTLISTED)] == parity.NO_RATE
    assert cells(page.teams.counts_model)[-1][0] == parity.TOTAL
    assert len(cells(page.teams.counts_model)) == len(report.teams.rows) >= 3
    text = page.findings_label.text()
    assert text and all(s in text for s in report.sentences)
    assert page.findings_label.textFormat() == Qt.TextFormat.PlainText
    assert "below 5" in page.notes_label.text()
    assert report.window_words in page.window_note.text()


def test_the_overview_card_opens_the_page(qtbot: Any, db: Database,
                                          window: MainWindow) -> None:
    window.show_page(PageId.OVERVIEW)
    overview = window.page(PageId.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    card = overview.parity_card
    qtbot.waitUntil(lambda: "Out of area:" in card.lines.text(), timeout=20_000)
    report = report_of(db, window)
    assert card.lines.text().splitlines() == list(parity.overview_lines(report))
    assert card.open_button.text() == "Go to &Parity"
    qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    page = window.page(PageId.PARITY)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=20_000)


def test_a_change_refreshes_the_page(qtbot: Any, db: Database, window: MainWindow) -> None:
    page = open_from_view_menu(qtbot, window)
    before = page.report
    assert before is not None
    old = next(r for r in before.area.rows if r.name == OUT_OF_AREA).figure(
        Stage.NOMINATIONS).count

    def move_one(s: Any) -> None:  # a young person in the city moves out of it
        nominee = s.query(Nominee).join(Nomination, Nomination.nominee_id == Nominee.id).filter(
            Nominee.out_of_area.is_(False),
            Nomination.status == NominationStatus.SUBMITTED).first()
        nominee.out_of_area = True

    window.ctx.write(move_one)
    qtbot.waitUntil(lambda: page.report is not before, timeout=20_000)
    row = cells(page.area.counts_model)[1]
    assert row[0] == OUT_OF_AREA
    assert row[1 + STAGES.index(Stage.NOMINATIONS)].startswith(f"{old + 1} (")


def test_the_card_button_works_from_the_keyboard(qtbot: Any, window: MainWindow) -> None:
    window.show_page(PageId.OVERVIEW)
    overview = window.page(PageId.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    window.activateWindow()
    overview.parity_card.open_button.setFocus()
    qtbot.waitUntil(lambda: "Out of area:" in overview.parity_card.lines.text(), timeout=20_000)
    qtbot.keyClick(overview.parity_card.open_button, Qt.Key.Key_Space)  # the focused button
    page = window.page(PageId.PARITY)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page, timeout=20_000)


def test_an_event_without_nominations_says_so(qtbot: Any, event_id: int,
                                              ctx: AppContext) -> None:
    ctx.set_database(ctx.database)  # the event was made after the context opened the file
    assert ctx.event_id == event_id
    page = ParityPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    assert parity.NO_FINDINGS[1:] in page.findings_label.text()
    rows = cells(page.area.counts_model)
    assert [row[0] for row in rows] == [parity.IN_CITY, OUT_OF_AREA, parity.TOTAL]
    assert all(cell == "0" for row in rows for cell in row[1:])
    assert cells(page.teams.counts_model) == [[parity.TOTAL, *["0"] * len(STAGES)]]

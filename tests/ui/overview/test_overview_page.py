"""The Overview page: headline figures, the per-category table, the 'needs attention' lists
and the two charts, driven through a real AppContext and database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QMainWindow, QScrollArea

from awards_app.core.enums import NominationStatus
from awards_app.db.engine import Database
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.overview.page import (
    CEREMONY_WORDS,
    DEADLINE_WORDS,
    OverviewPage,
    countdown,
)
from tests.conftest import words

NARRATIVE = words(30)


class RecordingWindow(QMainWindow):
    """Stands in for the main window: remembers which pages the page asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[PageId] = []

    def show_page(self, page_id: PageId) -> None:
        self.shown.append(page_id)


@pytest.fixture
def small_event(db: Database, event_id: int) -> dict[str, int]:
    """The default nine categories; one sponsor for Education Star; three nominations, one
    withdrawn; workers in two teams; Kai's consent questions partly not asked."""
    from awards_app.services.catalogue import categories
    from awards_app.services import nominations
    from awards_app.services import people
    from awards_app.services.catalogue import sponsors

    with db.session() as s:
        cats = {c.name: c.id for c in categories.list_categories(s, event_id)}
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Acme Ltd")
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=cats["Education Star"])
        north = people.create_worker(s, name="Nia", email="nia@council.example",
                                     team="North Team").id
        south = people.create_worker(s, name="Sam", email="sam@council.example",
                                     team="South Team").id
        ids = {}
        for key, first, category, worker, answers in (
            ("kai", "Kai", "Education Star", north, {"consent_photo": "yes"}),
            ("lola", "Lola", "Education Star", north,
             dict.fromkeys(("consent_certificate_name", "consent_public", "consent_photo"), "yes")),
            ("mo", "Mo", "Sports Hero", south, {}),
        ):
            nominee = people.create_nominee(s, first_name=first, last_name="Tester",
                                            date_of_birth="2007-05-01", **answers)
            ids[key] = nominations.create_nomination(
                s, event_id=event_id, category_id=cats[category], nominee_id=nominee.id,
                worker_id=worker, success=NARRATIVE, obstacles=NARRATIVE).id
        nominations.withdraw_nomination(s, ids["mo"], reason="Changed their mind")
    return ids


def _page(qtbot, db: Database, width: int = 1100, height: int = 800) -> OverviewPage:  # type: ignore[no-untyped-def]
    ctx = AppContext()
    ctx.set_database(db)
    window = RecordingWindow()
    qtbot.addWidget(window)
    page = OverviewPage(ctx, window)
    page.navigate_requested.connect(window.show_page)  # as the main window connects it
    window.setCentralWidget(page)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    page.test_window = window  # type: ignore[attr-defined]  # keeps the window alive
    return page


def _table(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_headline_figures_and_dates(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    cards = page.cards
    assert cards["nominations"].value.text() == "2"  # Mo's is withdrawn
    assert cards["nominees"].value.text() == "2"
    assert cards["categories"].value.text() == "9"
    assert cards["sponsors"].value.text() == "1"
    days = (date(2027, 3, 19) - date.today()).days
    assert cards["ceremony"].value.text() == str(days)
    assert "Fri 19 Mar 2027" in cards["ceremony"].caption.text()
    assert cards["ceremony"].isVisible()
    assert not cards["deadline"].isVisible()  # the test event has no deadline set
    assert cards["nominations"].accessibleName() == "live nominations: 2"
    assert page.heading.text() == "Test Awards 2027"


def test_deadline_card_appears_when_a_deadline_is_set(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    from awards_app.services import events

    deadline = date(2027, 2, 17)  # before the ceremony on 19/03/2027
    page.ctx.write(lambda s: events.update_event(s, page.ctx.event_id,
                                                 nomination_deadline=deadline.isoformat()))
    assert page.cards["deadline"].isVisible()
    expected = countdown((deadline - date.today()).days, deadline, **DEADLINE_WORDS)
    assert (page.cards["deadline"].value.text(), page.cards["deadline"].caption.text()) == expected


def test_countdown_words() -> None:
    day = date(2027, 1, 29)
    assert countdown(None, None, **DEADLINE_WORDS) is None
    assert countdown(3, day, **DEADLINE_WORDS) == ("3", "days left to nominate\nFri 29 Jan 2027")
    assert countdown(1, day, **DEADLINE_WORDS) == ("1", "day left to nominate\nFri 29 Jan 2027")
    assert countdown(1, day, **CEREMONY_WORDS) == ("1", "day to the ceremony\nFri 29 Jan 2027")
    assert countdown(0, day, **DEADLINE_WORDS) == ("Today", "is the last day to nominate")
    assert countdown(-2, day, **DEADLINE_WORDS) == ("—", "nominations closed on Fri 29 Jan 2027")
    assert countdown(-1, day, **CEREMONY_WORDS) == ("—", "the ceremony was on Fri 29 Jan 2027")


def test_category_table_counts_each_status(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    model = page.category_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Category", *(s.label for s in NominationStatus), "Total", "Sponsors"]
    rows = {row[0]: row for row in _table(model)}
    assert len(rows) == 9
    submitted = headers.index("Submitted")
    withdrawn = headers.index("Withdrawn")
    assert rows["Education Star"][submitted] == "2"
    assert rows["Education Star"][-2:] == ["2", "Acme Ltd"]
    assert rows["Sports Hero"][withdrawn] == "1"
    assert rows["Sports Hero"][-2:] == ["0", "None yet"]
    # the table shows every row without scrolling inside itself
    view = page.category_view
    assert view.height() >= view.horizontalHeader().height() + 9 * view.rowHeight(0)


def test_needs_attention_lists(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    unsponsored = [row[0] for row in _table(page.unsponsored_model)]
    assert len(unsponsored) == 8 and "Education Star" not in unsponsored
    assert page.unsponsored_box.title() == "Categories without a sponsor (8)"
    assert _table(page.consent_model) == [
        ["N-0001", "Kai", "full name on certificate, name in public"]]
    assert page.consent_box.title() == "Consent questions not asked yet (1)"
    assert page.consent_note.text() == ("1 nomination still needs consent answers before names, "
                                        "certificates and photos can be planned.")
    assert page.consent_view.isVisible()


def test_lists_say_when_nothing_needs_attention(qtbot, db: Database, event_id: int) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    assert page.consent_model.rowCount() == 0
    assert not page.consent_view.isVisible()
    assert page.consent_note.text() == "No nominations yet, so there is nobody to ask."
    assert page.category_chart.items() == []  # the empty state, not nine zero bars
    assert page.category_chart.accessibleDescription() == "No nominations yet."
    assert page.team_chart.items() == []
    assert page.cards["nominations"].value.text() == "0"


def test_charts_show_live_nominations_per_category_and_team(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                           small_event) -> None:
    page = _page(qtbot, db)
    by_category = dict(page.category_chart.items())
    assert by_category["Education Star"] == 2
    assert by_category["Sports Hero"] == 0  # withdrawn only
    assert len(by_category) == 9
    assert page.team_chart.items() == [("North Team", 2)]
    assert "North Team: 2" in page.team_chart.accessibleDescription()
    assert page.category_chart.accessibleName() == "Nominations per category"


def test_page_refreshes_when_data_changes(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services import nominations

    page = _page(qtbot, db)
    page.ctx.write(lambda s: nominations.withdraw_nomination(s, small_event["kai"],
                                                             reason="Moved away"))
    assert page.cards["nominations"].value.text() == "1"
    assert page.consent_model.rowCount() == 0
    assert page.consent_note.text() == "Every nominee has been asked the consent questions."
    assert page.team_chart.items() == [("North Team", 1)]


def test_buttons_open_the_pages_where_things_are_fixed(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db)
    qtbot.mouseClick(page.sponsors_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.nominations_button, Qt.MouseButton.LeftButton)
    assert page.window().shown == [PageId.SPONSORS, PageId.NOMINATIONS]
    assert page.sponsors_button.text().replace("&&", "&") == "Go to &Sponsors & judges"


def test_demo_event_matches_the_services(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services import demo
    from awards_app.services import overview as status

    with db.session() as s:
        event_id = demo.create_demo_event(s).id
    page = _page(qtbot, db, 1280, 820)
    with db.read_session() as s:
        expected = status.overview(s, event_id, today=date.today())
    assert page.cards["nominations"].value.text() == str(expected.figures.live_nominations)
    assert page.category_chart.items() == list(expected.by_category)
    assert page.team_chart.items() == list(expected.by_team)
    assert page.consent_model.rowCount() == len(expected.missing_consents) > 0
    assert page.category_model.rowCount() == len(expected.categories)
    # long content scrolls as a whole page
    assert isinstance(page.scroll_area, QScrollArea)
    qtbot.waitUntil(lambda: page.scroll_area.verticalScrollBar().maximum() > 0)


def test_layout_stacks_side_by_side_boxes_on_a_narrow_page(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                           small_event) -> None:
    page = _page(qtbot, db, 1400, 800)
    assert page.attention.direction() == QBoxLayout.Direction.LeftToRight
    assert page.charts.direction() == QBoxLayout.Direction.LeftToRight
    wide_columns = page.figures.columnCount()
    page.window().resize(420, 800)
    qtbot.waitUntil(lambda: page.attention.direction() == QBoxLayout.Direction.TopToBottom)
    assert page.charts.direction() == QBoxLayout.Direction.TopToBottom
    positions = [page.figures.getItemPosition(page.figures.indexOf(card))
                 for card in page.cards.values() if not card.isHidden()]
    assert max(p[1] for p in positions) + 1 < wide_columns  # fewer cards per row
    assert len(positions) == 5  # four figures and the ceremony


def test_keyboard_focus_scrolls_into_view(qtbot, db: Database, small_event) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, db, 900, 360)
    bar = page.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert bar.value() == 0
    page.category_view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: bar.value() > 0)
    top = page.category_view.mapTo(page.scroll_area.widget(),
                                   page.category_view.rect().topLeft())
    assert bar.value() <= top.y() + page.category_view.height()


def test_judging_progress_appears_once_there_is_judging(qtbot, db, event_id) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services.catalogue import categories
    from awards_app.services import judging
    from awards_app.services import nominations
    from awards_app.services import people
    from awards_app.services.catalogue import sponsors
    from awards_app.ui.common.context import AppContext
    from awards_app.ui.overview.page import OverviewPage
    from tests.conftest import words

    ctx = AppContext()
    ctx.set_database(db)
    page = OverviewPage(ctx, None)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    assert not page.cards["judging"].isVisible()  # nobody to judge anything yet

    def judged_category(s):  # type: ignore[no-untyped-def]
        category = categories.list_categories(s, event_id)[0]
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Acme")
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=category.id)
        judge = sponsors.create_judge(s, sponsor_id=sponsor.id, name="Ann Judge")
        nominee = people.create_nominee(s, first_name="Ada", last_name="Ng",
                                        date_of_birth="2006-01-01")
        n = nominations.create_nomination(s, event_id=event_id, category_id=category.id,
                                          nominee_id=nominee.id, success=words(30),
                                          obstacles=words(30), status="accepted")
        judging.save_scores(s, judge_id=judge.id, nomination_id=n.id,
                            scores={c.id: 7 for c in category.criteria})

    ctx.write(judged_category)
    qtbot.waitUntil(lambda: page.cards["judging"].isVisible(), timeout=5000)
    assert page.cards["judging"].value.text() == "0 of 1"
    assert "1 of 1 nominations scored" in page.cards["judging"].caption.text()

"""The Overview points out young people with good news this year and no nomination while
nominations are open, and its button opens the Good news page showing just them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from awards_app.core.enums import EventStatus
from awards_app.services import events, goodnews
from awards_app.ui.common.navigation import PageId
from awards_app.ui.goodnews.page import GoodNewsPage
from awards_app.ui.main_window import MainWindow
from awards_app.ui.overview.page import OverviewPage


def test_the_card_names_them_and_opens_the_page_filtered(qtbot: Any,
                                                         window: MainWindow) -> None:
    overview = window.show_page(PageId.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    overview.reload()
    card = overview.good_news_card
    assert card.isVisible()
    event_id = window.ctx.require_event()
    expected = window.ctx.read(lambda s: goodnews.without_nomination(s, event_id))
    assert card.title() == f"Good news, no nomination yet ({len(expected)})"
    assert card.text.text().startswith(f"{len(expected)} young people have good news")
    assert all(r.name in card.text.text() for r in expected)
    qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    page = window.stack.currentWidget()
    assert isinstance(page, GoodNewsPage)
    qtbot.waitUntil(lambda: page.model.total_count > 0, timeout=10_000)
    shown = {page.model.row(i).nominee_id for i in range(page.model.rowCount())}
    assert shown == {r.nominee_id for r in expected}
    assert page.model.rowCount() == sum(r.stories for r in expected)
    assert "Showing" in page.count_label.text()


def test_the_card_is_hidden_once_nominations_close(qtbot: Any,
                                                   window: MainWindow) -> None:
    event_id = window.ctx.require_event()
    window.ctx.write(lambda s: events.update_event(s, event_id,
                                                   status=EventStatus.JUDGING.value))
    overview = window.show_page(PageId.OVERVIEW)
    assert isinstance(overview, OverviewPage)
    overview.reload()
    assert not overview.good_news_card.isVisible()

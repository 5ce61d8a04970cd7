"""Names from people are shown as written on the Good news page, in a story's dialog, in the
team meeting and on the Overview card: never read as markup, never reordering their line
(the walker of tests/ui/test_plain_text_everywhere.py, on hostile names)."""

from __future__ import annotations

from typing import Any

from awards_app.db.engine import Database
from awards_app.ui.common.context import AppContext
from awards_app.ui.goodnews.card import GoodNewsCard
from awards_app.ui.goodnews.dialogs import StoryDialog
from awards_app.ui.goodnews.meeting import MeetingDialog
from awards_app.ui.goodnews.page import GoodNewsPage
from awards_app.services import goodnews
from tests.ui.plain_walker import Walker
from tests.ui.test_plain_text_everywhere import make_hostile


def test_names_are_plain_text_everywhere_good_news_shows_them(
        qtbot: Any, db: Database, ctx: AppContext) -> None:
    from awards_app.services import demo

    ctx.write(demo.create_demo_event, notify=False)
    bidi = make_hostile(db)
    ctx.set_database(db)
    walker = Walker(bidi)
    page = GoodNewsPage(ctx, None)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitUntil(lambda: page.model.total_count > 0, timeout=10_000)
    walker.walk(page, "page good news")
    dialog = StoryDialog(ctx, page, page.model.row(0), nominees=page.nominee_choices,
                         workers=page.worker_choices)
    dialog.show()
    walker.walk(dialog, "dialog story")
    dialog.reject()
    meeting = MeetingDialog(ctx, page, month=(2026, 11))
    meeting.with_unknown.setChecked(True)
    meeting.show()
    walker.walk(meeting, "dialog meeting")
    assert "<b>Bq4</b>" in meeting.text.toPlainText() or "<h1>Hq1</h1>" in \
        meeting.text.toPlainText()  # a hostile preferred name, shown as written
    meeting.close()
    card = GoodNewsCard()
    qtbot.addWidget(card)
    event_id = ctx.require_event()
    card.show_rows(ctx.read(lambda s: goodnews.without_nomination(s, event_id)),
                   nominations_open=True)
    card.show()
    walker.walk(card, "overview card")
    assert walker.problems == {}, walker.report()

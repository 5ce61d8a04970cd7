"""Alt+letter shortcuts never clash in the Good news dialogs (the page itself is walked with
every page of the window by tests/ui/test_mnemonics.py)."""

from __future__ import annotations

from typing import Any

from awards_app.ui.common.navigation import PageId
from awards_app.ui.goodnews.dialogs import StoryDialog
from awards_app.ui.goodnews.meeting import MeetingDialog
from awards_app.ui.main_window import MainWindow
from tests.ui.test_mnemonics import clashes, shown_mnemonics


def test_no_mnemonic_clashes_in_the_good_news_dialogs(qtbot: Any, window: MainWindow) -> None:
    page: Any = window.show_page(PageId.GOOD_NEWS)
    qtbot.waitUntil(lambda: page.model.total_count > 0, timeout=10_000)
    story = StoryDialog(window.ctx, page, page.model.row(0), nominees=page.nominee_choices,
                        workers=page.worker_choices)
    meeting = MeetingDialog(window.ctx, page)
    problems = []
    for dialog in (story, meeting):
        qtbot.addWidget(dialog)
        dialog.show()
        found = shown_mnemonics(dialog)
        assert len(found) >= 5  # the walk sees the dialog's controls
        problems += clashes(found)
    assert problems == []

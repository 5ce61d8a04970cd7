"""Every list page has the same search box, on screen, and it filters (issue 13, item 6: the
Categories page had none): walked through the page table, so a list page added later is
checked too. What is typed is a word of one row; every row shown then holds it, and fewer
rows are shown than there are."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QLineEdit

from awards_app.core.search import search_key
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.list_page import ListPage
from awards_app.ui.common.table_model import RowTableModel
from awards_app.ui.main_window import PAGES
from tests.ui.window_walk import demo_window, idle


def a_word_of_one_row(model: RowTableModel[Any]) -> str:
    """The rarest longer word of the rows' text: found in some rows, not all."""
    texts = [search_key(model._search_text(r)) for r in model.visible_rows]  # noqa: SLF001
    words = {w for text in texts for w in text.split() if len(w) >= 4 and w.isalpha()}
    counts = {w: sum(w in t for t in texts) for w in words}
    return min(counts, key=lambda w: (counts[w], w))


def test_every_list_page_has_a_search_box_that_filters(qtbot: Any, demo_ctx: AppContext) -> None:
    window = demo_window(qtbot, demo_ctx)
    searched = []
    for page_id, _module, _class in PAGES:
        page = window.show_page(page_id)
        assert page is not None
        idle(qtbot, demo_ctx)
        box = getattr(page, "search", None)
        if not isinstance(page, ListPage) and not isinstance(box, QLineEdit):
            continue  # not a list page
        view = getattr(page, "view", None)
        if view is not None and not view.isVisibleTo(page):
            continue  # no list on screen (the Users page of a database file): nothing to find
        assert isinstance(box, QLineEdit) and box.isVisibleTo(page), \
            f"{page_id.label} has no search box on screen"
        model = page.model
        if model.total_count == 0:  # nothing to find yet (certificates before results)
            continue
        word = a_word_of_one_row(model)
        window.focus_search()  # Edit ▸ Find puts the cursor in it
        assert QApplication.focusWidget() is box, page_id.label
        qtbot.keyClicks(box, word)
        qtbot.waitUntil(lambda model=model: model.rowCount() < model.total_count, timeout=5_000)
        shown = [search_key(model._search_text(r)) for r in model.visible_rows]  # noqa: SLF001
        assert shown and all(word in text for text in shown), (page_id.label, word)
        box.clear()
        qtbot.waitUntil(lambda model=model: model.rowCount() == model.total_count, timeout=5_000)
        searched.append(page_id.label)
    assert {"Nominations", "Categories", "Sponsors & judges", "Nominees", "Workers"} <= set(
        searched), searched

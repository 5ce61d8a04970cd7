"""Status lines never go stale (issue 13, item 6): after a change made elsewhere in the window
(another page, a dialog, a bulk action and its undo, an import), every page of the page
table shows what the database holds: its lines, counts and tables are exactly those of the
same page made fresh. The walker knows nothing about the pages, so one added later is
checked too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QLabel, QWidget

from awards_app.core.enums import NominationStatus
from awards_app.services import judging, nominations
from awards_app.services.judging import results
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import OUTCOME, Page
from awards_app.ui.common.table_view import select_positions
from awards_app.ui.main_window import PAGES, MainWindow
from tests.factories import nomination_rows
from tests.ui.window_walk import demo_window, idle
from tests.ui.judging.test_judging_page import category_id, score_category, varied
from tests.ui.transfer.test_transfer_page import choose, write_rows

#: pages whose state is the person's own work in progress, not a reading of the database
#: (the Import page holds the file chosen; checked by its own test below)
OWN_WORK = {PageId.TRANSFER}
#: the longest list of a table compared (the first rows as shown)
ROWS = 60


def model_text(model: QAbstractItemModel) -> list[str]:
    rows = []
    for row in range(min(model.rowCount(), ROWS)):
        rows.append(" | ".join(str(model.index(row, column).data() or "")
                               for column in range(model.columnCount())))
    return rows


def shown(page: QWidget) -> list[str]:
    """What the person reads on ``page``: every label shown, every table's first rows and
    whether each button can be pressed, in widget order; with nothing selected (what the
    person chose is theirs, not the database's)."""
    for view in page.findChildren(QAbstractItemView):
        if view.selectionModel() is not None:
            view.clearSelection()
    QApplication.processEvents()
    seen = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        name = widget.accessibleName() or type(widget).__name__
        if isinstance(widget, QLabel) and widget.property(OUTCOME):
            continue  # what the person's own last action did: see the test below
        if isinstance(widget, QLabel) and widget.text():
            seen.append(f"{name}: {widget.text()}")
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            seen += [f"{name}: {row}" for row in model_text(widget.model())]
        elif isinstance(widget, QAbstractButton):
            seen.append(f"{widget.text()}: {'enabled' if widget.isEnabled() else 'disabled'}")
    return seen


def fresh(qtbot: Any, window: MainWindow, page_id: PageId) -> list[str]:
    """The page as a new one shows it: read straight from the database."""
    module, name = next((m, c) for p, m, c in PAGES if p is page_id)
    page_class = getattr(__import__(module, fromlist=[name]), name)
    page: Page = page_class(window.ctx, None)
    qtbot.addWidget(page)
    page.resize(window.stack.size())
    page.show()
    idle(qtbot, window.ctx)
    seen = shown(page)
    page.close()
    return seen


def stale_pages(qtbot: Any, window: MainWindow) -> list[str]:
    """Each page of the page table, shown as the person goes to it, against a fresh one."""
    problems = []
    for page_id, _module, _class in PAGES:
        if page_id in OWN_WORK:
            continue
        page = window.show_page(page_id)
        assert page is not None
        idle(qtbot, window.ctx)
        now, truth = shown(page), fresh(qtbot, window, page_id)
        if now != truth:
            differing = [f"  shows {a!r}\n  holds {b!r}" for a, b in zip(now, truth, strict=False)
                         if a != b][:3] or [f"  {len(now)} lines shown, {len(truth)} held"]
            problems.append(f"{page_id.label}:\n" + "\n".join(differing))
    return problems


@pytest.fixture
def window(qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[MainWindow]:
    win = demo_window(qtbot, demo_ctx)
    for page_id, _module, _class in PAGES:  # every page seen once, then left
        win.show_page(page_id)
        idle(qtbot, demo_ctx)
    win.show_page(PageId.OVERVIEW)
    yield win
    idle(qtbot, demo_ctx)


def reason_given(monkeypatch: pytest.MonkeyPatch, reason: str) -> None:
    def run(_page: Page, dialog: Any) -> bool:
        if isinstance(dialog, ReasonDialog):
            dialog.reason.setPlainText(reason)
        dialog.accept()
        return bool(dialog.result())

    monkeypatch.setattr(Page, "run_dialog", run)


# --- changes made elsewhere in the window --------------------------------------------------


def withdraw_a_young_persons_nominations(qtbot: Any, window: MainWindow,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.show_page(PageId.NOMINEES)
    idle(qtbot, window.ctx)
    row = next(r for r in page.model.visible_rows if r.nominations)
    page.select_id(row.id)
    idle(qtbot, window.ctx)
    reason_given(monkeypatch, "She asked us to")
    page.withdraw_button.click()


def accept_several_then_undo(qtbot: Any, window: MainWindow,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.show_page(PageId.NOMINATIONS)
    idle(qtbot, window.ctx)
    reason_given(monkeypatch, "")
    submitted = [p for p, r in enumerate(page.model.visible_rows)
                 if r.status is NominationStatus.SUBMITTED][:3]
    assert len(submitted) == 3
    select_positions(page.view, submitted)
    assert page.set_status_selected(NominationStatus.ACCEPTED)
    idle(qtbot, window.ctx)
    window.show_page(PageId.OVERVIEW)
    idle(qtbot, window.ctx)
    window.show_page(PageId.NOMINATIONS)
    page.undo_button.click()


def judges_score_a_category(qtbot: Any, window: MainWindow,
                            _monkeypatch: pytest.MonkeyPatch) -> None:
    """A judging session in this window: scores saved and submitted through the context."""
    ctx = window.ctx
    score_category(ctx, "Education Star", varied)
    ctx.data_changed.emit()  # as the session's saves tell the window


def confirm_results(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = window.ctx
    score_category(ctx, "Education Star", varied)
    cid = category_id(ctx, "Education Star")
    ctx.write(lambda s: results.confirm_results(s, cid))


def import_two_nominations(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                           tmp_path: Path) -> None:
    page = window.show_page(PageId.TRANSFER)
    idle(qtbot, window.ctx)
    path = write_rows(tmp_path / "two.csv", nomination_rows(2, seed=11))
    choose(qtbot, page, monkeypatch, path)
    idle(qtbot, window.ctx)
    assert page.import_button.isEnabled(), page.summary.text()
    page.import_button.click()
    idle(qtbot, window.ctx)


CHANGES: dict[str, Callable[..., None]] = {
    "withdraw a young person's nominations": withdraw_a_young_persons_nominations,
    "a bulk change and its undo": accept_several_then_undo,
    "judges score a category": judges_score_a_category,
    "results confirmed": confirm_results,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_page_matches_the_database_after_a_change_elsewhere(
        qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[Any],
        change: str) -> None:
    CHANGES[change](qtbot, window, monkeypatch)
    idle(qtbot, window.ctx)
    assert messages == []
    problems = stale_pages(qtbot, window)
    assert problems == [], "\n".join(problems)


def test_every_page_matches_the_database_after_an_import(
        qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[Any],
        tmp_path: Path) -> None:
    import_two_nominations(qtbot, window, monkeypatch, tmp_path)
    assert messages == []
    problems = stale_pages(qtbot, window)
    assert problems == [], "\n".join(problems)


def test_what_an_action_did_is_cleared_once_the_data_changes_again(
        qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        messages: list[Any]) -> None:
    accept_several_then_undo(qtbot, window, monkeypatch)
    page = window.page(PageId.NOMINATIONS)
    idle(qtbot, window.ctx)
    assert page.note.text().startswith("Undone: 3 nominations")
    window.show_page(PageId.OVERVIEW)
    withdraw_a_young_persons_nominations(qtbot, window, monkeypatch)  # elsewhere, later
    window.show_page(PageId.NOMINATIONS)
    idle(qtbot, window.ctx)
    assert page.note.text() == ""  # it may no longer hold: gone, not left to go stale
    assert messages == []


def test_the_walker_sees_a_stale_line(qtbot: Any, window: MainWindow) -> None:
    page = window.show_page(PageId.NOMINATIONS)
    idle(qtbot, window.ctx)
    page.count_label.setText("Showing 12 of 40")  # as if left from before
    assert any("Showing 12 of 40" in p for p in stale_pages(qtbot, window))


def test_a_checked_file_is_checked_again_after_a_change_elsewhere(
        qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[Any],
        tmp_path: Path) -> None:
    """The Import page's outcome ("2 rows ready to import") was read from the database at
    the check: a change made since (here, the same file imported from elsewhere in the
    window) checks it again, so Import never offers what would now be refused."""
    page = window.show_page(PageId.TRANSFER)
    idle(qtbot, window.ctx)
    rows = nomination_rows(2, seed=12)
    path = write_rows(tmp_path / "two.csv", rows)
    choose(qtbot, page, monkeypatch, path)
    idle(qtbot, window.ctx)
    assert page.summary.text().startswith("2 rows ready to import")
    window.show_page(PageId.OVERVIEW)
    ctx = window.ctx
    event_id = ctx.require_event()
    from awards_app.services.transfer import nominations_import

    ctx.write(lambda s: nominations_import.import_nominations(s, event_id=event_id, path=path))
    window.show_page(PageId.TRANSFER)
    idle(qtbot, window.ctx)
    assert not page.summary.text().startswith("2 rows ready to import"), page.summary.text()
    assert not page.import_button.isEnabled()
    assert messages == []


def test_a_nomination_from_the_editor_reaches_every_page(
        qtbot: Any, window: MainWindow, messages: list[Any]) -> None:
    page = window.show_page(PageId.NOMINATIONS)
    idle(qtbot, window.ctx)
    event_id = window.ctx.require_event()
    first = page.model.row(0)
    page.select_id(first.id)
    page.edit_selected()
    editor = page.editor
    assert editor is not None
    editor.status.setCurrentIndex(editor.status.findData(NominationStatus.SHORTLISTED.value))
    assert editor.save()
    editor.close()
    stored = window.ctx.read(lambda s: nominations.nomination_form(s, event_id, first.id))
    assert stored.nomination["status"] == NominationStatus.SHORTLISTED
    problems = stale_pages(qtbot, window)
    assert problems == [], "\n".join(problems)
    assert judging  # (imported for the judging changes above)

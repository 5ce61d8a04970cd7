"""Issue 15, item 5: everyone sees the same event. Two windows on one database: a change
saved in one appears in the other's pages within two seconds, and the other keeps what its
person typed, chose and scrolled to (an open nomination editor, the good-news entry line,
the search, the selection, the scroll position). Closing stops the watching."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from awards_app.core.enums import NominationStatus
from awards_app.db.changes import PostgresWatcher, SqliteWatcher
from awards_app.db.engine import open_database
from awards_app.services import nominations, people
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import MainWindow
from awards_app.ui.nominations.editor import NominationEditor
from awards_app.ui.nominations.page import NominationsPage
from tests import pg

#: the issue's promise: another window shows a change within this long
WITHIN_MS = 2000


def open_window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1000, 420)  # short: the nominations list scrolls
    window.show()
    return window


def nominations_page(qtbot, window: MainWindow) -> NominationsPage:  # type: ignore[no-untyped-def]
    page = window.show_page(PageId.NOMINATIONS)
    assert isinstance(page, NominationsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not window.ctx.tasks.busy,
                    timeout=10_000)
    return page


def status_shown(page: NominationsPage, nomination_id: int) -> NominationStatus | None:
    return next((r.status for r in page.model.visible_rows if r.id == nomination_id), None)


def test_a_change_in_one_window_shows_in_the_other_and_keeps_its_typing(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    other = another_window()
    window = open_window(qtbot, other)
    page = nominations_page(qtbot, window)
    rows = page.model.visible_rows
    chosen, changed = rows[-2], rows[1]
    assert changed.status is not NominationStatus.WITHDRAWN
    page.search.setText("-")  # every reference holds one: a search typed, showing all
    assert page.model.rowCount() == len(rows)
    assert page.select_id(chosen.id)
    bar = page.view.verticalScrollBar()
    assert bar.maximum() > 0, "the list should scroll in this window"
    qtbot.wait(50)  # the selection shown
    bar.setValue(0)  # read the top while the chosen row, near the end, is out of view
    qtbot.wait(50)
    assert bar.value() == 0
    editor = NominationEditor(other, None, chosen.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.citation.setText("Typed in the second window, not saved yet.")
    assert editor.is_dirty
    reloads: list[bool] = []
    other.data_changed.connect(lambda: reloads.append(other.for_others))

    demo_ctx.write(lambda s: nominations.withdraw_nomination(
        s, changed.id, reason="Moved to another service"))
    qtbot.waitUntil(lambda: status_shown(page, changed.id) is NominationStatus.WITHDRAWN,
                    timeout=WITHIN_MS)

    assert reloads == [True]  # told once, as someone else's change
    assert page.search.text() == "-"
    assert page.selected_id() == chosen.id
    assert bar.value() == 0  # not scrolled to the chosen row under the reader
    assert editor.isVisible() and editor.is_dirty
    assert editor.citation.text() == "Typed in the second window, not saved yet."
    assert editor.stale.isHidden()  # another nomination changed, not this one

    demo_ctx.write(lambda s: nominations.update_nomination(
        s, chosen.id, obstacles="Changed in the first window. " * 12))
    qtbot.waitUntil(lambda: not editor.stale.isHidden(), timeout=WITHIN_MS)
    assert editor.stale.message.text().startswith("Changed elsewhere at ")
    assert not editor.stale.offering_reload
    assert editor.citation.text() == "Typed in the second window, not saved yet."
    assert "Changed in the first window" not in editor.obstacles.text()


def test_the_good_news_entry_line_keeps_its_typing(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    other = another_window()
    window = open_window(qtbot, other)
    page = window.show_page(PageId.GOOD_NEWS)
    assert page is not None
    entry = page.entry  # type: ignore[attr-defined]
    people_before = entry.person.count()
    entry.person.setFocus()
    entry.person.setEditText("Ama")
    entry.person.lineEdit().setCursorPosition(1)
    entry.story.setText("Passed her driving test first time")
    entry.why.setText("She practised every week")

    demo_ctx.write(lambda s: people.create_nominee(
        s, first_name="Zainab", last_name="Okafor", date_of_birth="2007-03-04"))
    qtbot.waitUntil(lambda: entry.person.count() == people_before + 1, timeout=WITHIN_MS)

    assert entry.person.currentText() == "Ama"
    assert entry.person.lineEdit().cursorPosition() == 1
    assert entry.story.text() == "Passed her driving test first time"
    assert entry.why.text() == "She practised every week"


def test_an_editor_says_quietly_that_its_record_changed_elsewhere(
        qtbot, demo_ctx: AppContext, messages,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    from awards_app.db.models import Setting
    from awards_app.services import events
    from awards_app.ui.catalogue.event_dialog import EventSettingsDialog
    from tests.ui.stale import refused_as_stale

    event_id = demo_ctx.require_event()
    dialog = EventSettingsDialog(demo_ctx, None, event_id=event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.max_words.setFocus()
    dialog.max_words.setValue(1800)
    other = another_window()
    told: list[bool] = []
    demo_ctx.data_changed.connect(lambda: told.append(demo_ctx.for_others))
    other.write(lambda s: s.add(Setting(key="test.elsewhere", value="1")))
    qtbot.waitUntil(lambda: told == [True], timeout=WITHIN_MS)
    assert dialog.stale.isHidden()  # a change elsewhere, not to this record: nothing said

    loaded = other.read(lambda s: events.event_for_edit(s, event_id))
    other.write(lambda s: events.update_event(s, event_id, expected_version=loaded.version,
                                              original=loaded.original, venue="Civic Hall"))
    qtbot.waitUntil(lambda: not dialog.stale.isHidden(), timeout=WITHIN_MS)
    note = dialog.stale.message.text()
    assert note.startswith("Changed elsewhere at ") and "saving will show" in note
    assert not dialog.stale.offering_reload and messages == []
    assert dialog.max_words.value() == 1800 and dialog.focusWidget() is dialog.max_words
    assert dialog.venue.text() != "Civic Hall"  # the form stays as it was
    assert "venue" in refused_as_stale(dialog, messages)  # the refusal is not weakened


def test_an_open_drop_down_list_is_not_changed_under_the_person(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    from awards_app.db.models import Setting

    window = open_window(qtbot, demo_ctx)
    page = nominations_page(qtbot, window)
    told: list[bool] = []
    demo_ctx.data_changed.connect(lambda: told.append(demo_ctx.for_others))
    page.category_filter.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=2000)
    another_window().write(lambda s: s.add(Setting(key="test.elsewhere", value="1")))
    qtbot.wait(WITHIN_MS)
    assert told == []  # waits while the list is open…
    page.category_filter.hidePopup()
    qtbot.waitUntil(lambda: told == [True], timeout=1000)  # …and not longer


def test_own_saves_reload_once_and_quiet_times_not_at_all(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    window = open_window(qtbot, demo_ctx)
    page = nominations_page(qtbot, window)
    row = page.model.visible_rows[0]
    told: list[bool] = []
    demo_ctx.data_changed.connect(lambda: told.append(demo_ctx.for_others))
    demo_ctx.write(lambda s: nominations.withdraw_nomination(s, row.id, reason="Moved away"))
    qtbot.wait(2500)  # longer than others' changes take to show
    assert told == [False]  # its own reload only, not a second one for "someone else"


def test_a_burst_of_changes_elsewhere_gives_few_reloads(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    other = another_window()
    ids = [r.id for r in demo_ctx.read(lambda s: nominations.nomination_rows(
        s, demo_ctx.require_event()))][:8]
    told: list[float] = []
    other.data_changed.connect(lambda: told.append(time.monotonic()))
    started = time.monotonic()
    for nomination_id in ids:  # eight saves in quick succession
        demo_ctx.write(lambda s, n=nomination_id: nominations.withdraw_nomination(
            s, n, reason="Moved away"), notify=False)
        qtbot.wait(100)
    qtbot.wait(1500)
    spent = time.monotonic() - started
    assert 1 <= len(told) <= spent / (AppContext.COALESCE_MS / 1000) + 1
    assert all(b - a >= AppContext.COALESCE_MS / 1000 * 0.9 for a, b in zip(told, told[1:], strict=False))


def test_switching_or_closing_the_database_stops_watching(
        qtbot, demo_ctx: AppContext, db_path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_ctx)
    watcher = demo_ctx._changes
    assert isinstance(watcher, SqliteWatcher)
    connection = watcher._conn
    second = open_database(db_path.with_name("second.db"))
    demo_ctx.set_database(second)  # another database opened: the first one's watch ends
    with pytest.raises(Exception, match="closed"):
        connection.execute("SELECT 1")
    assert isinstance(demo_ctx._changes, SqliteWatcher) and demo_ctx._changes is not watcher
    connection = demo_ctx._changes._conn
    window.close()
    with pytest.raises(Exception, match="closed"):
        connection.execute("SELECT 1")
    assert demo_ctx._changes is None and not demo_ctx._watch.isActive()
    assert demo_ctx._notifier is None


def test_a_judges_typing_in_a_judging_session_is_not_disturbed(
        qtbot, ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    from awards_app.db.models import Setting
    from awards_app.ui.judging.session import JudgingSessionWindow
    from tests.ui.judging.session.test_judging_session import A, build_judging_day, sign_in

    build_judging_day(ctx)
    window = JudgingSessionWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sign_in(qtbot, window, A)
    scoring = window.scoring_screen
    first, second, _third = scoring.criteria.controls()
    item = scoring.current_item()
    qtbot.keyClick(first, "7")
    qtbot.keyClick(second, "4")
    comment = scoring.criteria.comment_edit
    comment.setFocus()
    comment.setPlainText("Clear evidence of steady effort")
    cursor = comment.textCursor()
    cursor.setPosition(5)
    comment.setTextCursor(cursor)
    told: list[bool] = []
    ctx.data_changed.connect(lambda: told.append(ctx.for_others))

    another_window().write(lambda s: s.add(Setting(key="test.elsewhere", value="1")))
    qtbot.waitUntil(lambda: told == [True], timeout=WITHIN_MS)

    assert scoring.current_item() == item
    assert (first.value(), second.value()) == (7, 4)
    assert comment.toPlainText() == "Clear evidence of steady effort"
    assert comment.textCursor().position() == 5
    assert window.focusWidget() is comment


def test_paper_scores_typed_are_kept(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    from awards_app.db.models import Setting
    from tests.ui.judging.paper.test_paper_judging import (
        choose_judge,
        focused,
        open_paper_judging,
    )
    from tests.ui.judging.paper.test_unsaved_scores import open_and_type, typed

    window = open_paper_judging(qtbot, demo_ctx)
    choose_judge(qtbot, window)
    open_and_type(window, "N-0007", "68")
    assert typed(window) == [6, 8, None]
    told: list[bool] = []
    demo_ctx.data_changed.connect(lambda: told.append(demo_ctx.for_others))

    another_window().write(lambda s: s.add(Setting(key="test.elsewhere", value="1")))
    qtbot.waitUntil(lambda: told == [True], timeout=WITHIN_MS)

    assert window.entry.heading.text().startswith("N-0007")
    assert typed(window) == [6, 8, None] and focused(window) is window.entry.controls[2]


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not pg.server_url():
        pytest.skip("AWARDS_TEST_PG names no PostgreSQL test server")
    with pg.fresh_database() as url:
        yield url


def pg_context(qtbot, url: str) -> AppContext:  # type: ignore[no-untyped-def]
    ctx = AppContext()
    ctx.set_database(open_database(url))
    return ctx


def test_on_postgresql_a_change_shows_in_the_other_window(
        qtbot, pg_url: str, messages) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services import demo

    first = pg_context(qtbot, pg_url)
    first.write(demo.create_demo_event, notify=False)
    first.set_database(first.database)
    second = pg_context(qtbot, pg_url)
    try:
        assert isinstance(second._changes, PostgresWatcher) and second._notifier is not None
        window = open_window(qtbot, second)
        page = nominations_page(qtbot, window)
        chosen, changed = page.model.visible_rows[2], page.model.visible_rows[0]
        assert page.select_id(chosen.id)
        first.write(lambda s: nominations.withdraw_nomination(s, changed.id, reason="Moved"))
        qtbot.waitUntil(
            lambda: status_shown(page, changed.id) is NominationStatus.WITHDRAWN,
            timeout=WITHIN_MS)
        assert page.selected_id() == chosen.id

        # the server drops the listener: it comes back quietly and the next change shows
        assert isinstance(second._changes, PostgresWatcher)
        pid = second._changes._conn.info.backend_pid
        first.read(lambda s: s.execute(
            pg_terminate(), {"pid": pid}).scalar())
        qtbot.waitUntil(lambda: second._changes is not None and second._changes.connected
                        and second._changes._conn.info.backend_pid != pid, timeout=10_000)
        again = page.model.visible_rows[1]
        first.write(lambda s: nominations.withdraw_nomination(s, again.id, reason="Moved"))
        qtbot.waitUntil(
            lambda: status_shown(page, again.id) is NominationStatus.WITHDRAWN,
            timeout=WITHIN_MS)
        assert QApplication.activeModalWidget() is None  # nothing was said about it
        window.close()
        assert second._changes is None
    finally:
        for ctx in (first, second):
            ctx.close_database()


def pg_terminate():  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text("SELECT pg_terminate_backend(:pid)")


def test_a_young_persons_details_keep_their_typing(
        qtbot, demo_ctx: AppContext, messages,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext]) -> None:
    """The young person's details dialog: a change elsewhere to another young person leaves
    it as it is; a change to this one brings the quiet note, and the typing and the cursor
    stay where they were."""
    from awards_app.ui.people.dialogs import NomineeDialog

    other = another_window()
    event_id = other.require_event()
    rows = other.read(lambda s: people.nominee_rows(s, event_id=event_id))
    mine, someone_else = rows[0], rows[1]
    dialog = NomineeDialog(other, None, mine)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pronunciation.setFocus()
    dialog.pronunciation.setText("AH-mah, typed and not saved")
    dialog.pronunciation.setCursorPosition(3)
    told: list[bool] = []
    other.data_changed.connect(lambda: told.append(other.for_others))

    def rename(nominee_id: int, to: str) -> None:
        loaded = demo_ctx.read(lambda s: people.nominee_for_edit(s, nominee_id))
        demo_ctx.write(lambda s: people.update_nominee(
            s, nominee_id, expected_version=loaded.version, original=loaded.values,
            preferred_name=to))

    rename(someone_else.id, "Elsewhere")
    qtbot.waitUntil(lambda: told == [True], timeout=WITHIN_MS)
    assert dialog.stale.isHidden()  # another young person: nothing said
    rename(mine.id, "Changed in the first window")
    qtbot.waitUntil(lambda: not dialog.stale.isHidden(), timeout=WITHIN_MS)
    assert dialog.stale.message.text().startswith("Changed elsewhere at ")
    assert dialog.pronunciation.text() == "AH-mah, typed and not saved"
    assert dialog.pronunciation.cursorPosition() == 3
    assert dialog.focusWidget() is dialog.pronunciation
    assert dialog.preferred_name.text() != "Changed in the first window"  # nothing changes
    assert messages == []

"""The UI thread never waits on a database lock, on a server either. A shared database's
readers meet one lock: another PC upgrading the database holds its tables (ALTER TABLE takes
ACCESS EXCLUSIVE) until its migrations commit. A window's own reads then give up after
READ_ATTEMPT_MS: its pages keep what they show, the status bar says why, and they read again
on their own once the upgrade is done; no error box. (A file's readers never meet a lock.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from awards_app.core.errors import DatabaseBusyError
from awards_app.db.engine import READ_ATTEMPT_MS, open_database
from awards_app.db.models import Base
from awards_app.services import demo, events
from awards_app.ui.common.context import BUSY_READING, AppContext
from awards_app.ui.main_window import PAGES, MainWindow
from tests import pg
from tests.ui.window_walk import demo_window, idle

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                "server (AWARDS_TEST_PG)")

#: one read, with the connection it may need: well under the time an upgrade holds the tables
PATIENCE_S = READ_ATTEMPT_MS / 1000 + 1.0


@pytest.fixture
def server_window(qtbot: Any, messages: list[tuple[str, str, str]]
                  ) -> Iterator[tuple[MainWindow, str]]:
    with pg.fresh_database() as url:
        ctx = AppContext()
        ctx.set_database(open_database(url))
        ctx.write(lambda s: demo.create_demo_event(s, stage="results"), notify=False)
        window = demo_window(qtbot, ctx)
        yield window, url
        idle(qtbot, ctx)
        ctx.set_database(None)


class Upgrade:
    """Another PC's upgrade, as its readers meet it: every table held in ACCESS EXCLUSIVE
    mode, in a transaction that has not yet committed. It commits when told, or after
    ``longest`` seconds on its own (so a window that waits for it fails these tests, never
    hangs)."""

    def __init__(self, url: str, longest: float) -> None:
        self.engine = create_engine(url)
        self.connection = self.engine.connect()
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        self.connection.execute(text(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"))
        self._done = threading.Lock()
        self._timer = threading.Timer(longest, self.commit)
        self._timer.start()

    def commit(self) -> None:
        if self._done.acquire(blocking=False):
            self._timer.cancel()
            self.connection.commit()
            self.connection.close()
            self.engine.dispose()


def test_a_read_during_an_upgrade_gives_up_in_plain_words(
        server_window: tuple[MainWindow, str]) -> None:
    window, url = server_window
    upgrade = Upgrade(url, longest=8.0)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError) as raised:
            window.ctx.read(events.list_events)
        waited = time.monotonic() - started
        assert raised.value.reading
        assert "could not be read just now" in str(raised.value)
        assert "nothing was saved" not in str(raised.value).lower()  # nothing was being saved
        assert READ_ATTEMPT_MS / 1000 * 0.8 <= waited <= PATIENCE_S
        started = time.monotonic()
        assert window.ctx.check_database()  # the 5-second watch: a passing failure
        assert time.monotonic() - started <= PATIENCE_S
    finally:
        upgrade.commit()
    assert window.ctx.read(events.list_events)  # the upgrade done: read at once


def test_every_page_keeps_what_it_shows_and_reads_again_after_the_upgrade(
        qtbot: Any, server_window: tuple[MainWindow, str],
        messages: list[tuple[str, str, str]]) -> None:
    window, url = server_window
    window.ctx.READ_RETRY_MS = 500  # type: ignore[misc]
    busy = []
    upgrade = Upgrade(url, longest=120.0)
    try:
        for page_id, _module, _cls in PAGES:
            window.statusBar().clearMessage()
            started = time.monotonic()
            page = window.show_page(page_id)  # read if the data changed since it was shown
            assert page is not None
            page.reload()  # the person pressed F5, or someone else's change arrived
            if time.monotonic() - started > 2 * PATIENCE_S:
                pytest.fail(f"{page_id.label}: the window waited "
                            f"{time.monotonic() - started:.1f} s for the upgrade")
            if window.statusBar().currentMessage() == BUSY_READING:
                busy.append(page)
    finally:
        upgrade.commit()
    assert len(busy) >= len(PAGES) // 2  # most pages read on the UI thread (others in tasks)
    shown = busy[-1]
    window.show_page(shown.page_id)
    qtbot.waitUntil(lambda: not shown._stale, timeout=10_000)  # read again on its own
    idle(qtbot, window.ctx)
    assert messages == []  # never an error box, before the upgrade ended or after

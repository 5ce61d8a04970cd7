"""Every page of the window reads the same on a shared PostgreSQL database as on a SQLite
file: the demo event after its results, made the same way on both, walked page by page and
compared line by line (labels, the tables' first rows, which buttons can be pressed). The
walker knows nothing about the pages, so a page added later is compared too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from awards_app.db.engine import open_database
from awards_app.services import demo
from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import PAGES, MainWindow
from tests import pg
from tests.ui.test_status_lines import shown
from tests.ui.window_walk import demo_window, idle

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                "server (AWARDS_TEST_PG)")

#: what differs between the two by nature: the database's own name (the window title and
#: the Users page, which lists a server's logins and says a file has none)
WHERE = re.compile(r"awards_t_[0-9a-f]+|/\S+\.sqlite3")
OWN_NATURE = {"users"}
#: when each demo was made: the two are made one after the other, so their stamps may fall
#: in different minutes (or days, at midnight). They are compared apart, within SEEDING.
STAMP = re.compile(r"\b(\d{2} [A-Z][a-z]+ \d{4})( at)? (\d{2}:\d{2})\b")
SEEDING = timedelta(minutes=3)


def _stamp(match: re.Match[str]) -> datetime:
    day, _at, clock = match.groups()
    for form in ("%d %b %Y %H:%M", "%d %B %Y %H:%M"):
        try:
            return datetime.strptime(f"{day} {clock}", form)
        except ValueError:
            pass
    raise AssertionError(f"not a stamp the window writes: {match.group(0)}")


def _apart(lines: list[str]) -> tuple[list[str], list[datetime]]:
    """The lines with each stamp replaced by <when>, and the stamps in their order."""
    stamps = [_stamp(m) for line in lines for m in STAMP.finditer(line)]
    return [STAMP.sub("<when>", line) for line in lines], stamps


def _context(qtbot: Any, url: str) -> AppContext:
    ctx = AppContext()
    ctx.set_database(open_database(url))
    ctx.write(lambda s: demo.create_demo_event(s, stage="results"), notify=False)
    ctx.set_database(ctx.database)
    return ctx


@pytest.fixture
def both(qtbot: Any, tmp_path: Path, messages: list[tuple[str, str, str]]
         ) -> Iterator[tuple[MainWindow, MainWindow]]:
    with pg.fresh_database() as url:
        on_file = _context(qtbot, str(tmp_path / "demo.sqlite3"))
        on_server = _context(qtbot, url)
        windows = (demo_window(qtbot, on_file), demo_window(qtbot, on_server))
        yield windows
        for window in windows:
            idle(qtbot, window.ctx)
            window.ctx.set_database(None)


def test_every_page_reads_the_same_on_the_server_as_in_a_file(
        qtbot: Any, both: tuple[MainWindow, MainWindow],
        messages: list[tuple[str, str, str]]) -> None:
    on_file, on_server = both
    compared = lines = stamps = 0
    for page_id, _module, _cls in PAGES:
        seen = []
        for window in (on_file, on_server):
            page = window.show_page(page_id)
            assert page is not None, page_id
            page.reload()
            idle(qtbot, window.ctx)
            seen.append([WHERE.sub("<db>", line) for line in shown(page)])
        if page_id.value in OWN_NATURE:
            continue
        (file_lines, file_stamps), (server_lines, server_stamps) = map(_apart, seen)
        assert file_lines == server_lines, f"{page_id.label} differs on the server"
        for in_file, on_the_server in zip(file_stamps, server_stamps, strict=True):
            assert timedelta(0) <= on_the_server - in_file <= SEEDING, page_id.label
        stamps += len(file_stamps)
        compared += 1
        lines += len(seen[0])
    assert compared >= len(PAGES) - len(OWN_NATURE)
    assert lines > 500  # the demo after its results: every page has its tables filled
    assert stamps > 50  # the nominations' and results' times were compared too
    assert messages == []  # no page met an error on either

"""Issue 11, items 1–3 in the window: a database file that goes while open, a restore by
another program, and an emptied file are each said plainly, with a way on; nothing typed is
lost and nothing is written into the wrong file. So are a shared database restored from
another PC, and a database upgraded by a newer version while this one has it open."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from awards_app.core.errors import DatabaseGoneError, DatabaseUpgradedError
from awards_app.db import backup
from awards_app.db.engine import open_database
from awards_app.db.models import GoodNews, Setting
from awards_app.db.restore import restore_database
from awards_app.db.server_backup import backup_server, restore_server
from awards_app.services import demo
from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import MainWindow
from tests import dbtools, pg
from tests.ui.window_walk import demo_window, idle


@pytest.fixture
def window(qtbot, demo_ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    return win


def choose(monkeypatch: pytest.MonkeyPatch, starts_with: str, seen: list[str]) -> None:
    """Every QMessageBox built and exec'd clicks the button whose text starts so."""

    def exec_(box: QMessageBox) -> int:
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().startswith(starts_with))
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_a_save_into_a_deleted_file_is_refused_and_offers_the_newest_backup(
        qtbot, window: MainWindow, demo_ctx: AppContext, db_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    backup.backup_database(db_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    lost: list[BaseException] = []
    demo_ctx.database_lost.connect(lost.append)
    seen: list[str] = []
    choose(monkeypatch, "Restore the newest backup", seen)
    with pytest.raises(DatabaseGoneError):
        demo_ctx.write(lambda s: s.add(Setting(key="marker", value="typed")))
    assert len(lost) == 1 and str(db_path) in seen[0]
    assert window.banner.isVisibleTo(window) and "Nothing can be saved" in window.banner.text()
    assert not db_path.exists() or db_path.stat().st_size > 0
    qtbot.waitUntil(lambda: demo_ctx.database is not None and db_path.exists()
                    and demo_ctx.database.watching and demo_ctx.check_database(),
                    timeout=20_000)
    qtbot.waitUntil(lambda: not demo_ctx.tasks.busy, timeout=20_000)
    assert demo_ctx.event_id is not None  # the backup's event is back on screen


def test_a_restore_by_another_program_is_noticed_and_the_window_reloads(
        qtbot, window: MainWindow, demo_ctx: AppContext, db_path: Path,  # type: ignore[no-untyped-def]
        tmp_path: Path, messages: list[tuple[str, str, str]]) -> None:
    old = tmp_path / "old.sqlite3"
    backup.backup_database(db_path, to=old)
    first = demo_ctx.database
    restore_database(db_path, old)  # as `awards restore` in another window would
    assert demo_ctx.check_database() is False  # what the five-second watch does
    assert [(kind, title) for kind, title, _ in messages] == [
        ("information", "The database was restored")]
    qtbot.waitUntil(lambda: demo_ctx.database is not first and demo_ctx.database is not None,
                    timeout=20_000)
    demo_ctx.write(lambda s: s.add(Setting(key="marker", value="after the restore")))


def test_opening_an_emptied_file_offers_a_backup_or_a_new_database(
        qtbot, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, messages: list[tuple[str, str, str]]) -> None:
    open_database(db_path).close()
    db_path.write_bytes(b"")
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    seen: list[str] = []
    choose(monkeypatch, "Start a new database", seen)
    win.open_database(str(db_path))
    qtbot.waitUntil(lambda: ctx.database is not None, timeout=20_000)
    assert "is empty (0 bytes)" in seen[0]
    assert db_path.stat().st_size > 0


def test_an_emptied_file_is_not_touched_unless_asked(
        qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        messages: list[tuple[str, str, str]]) -> None:
    open_database(db_path).close()
    db_path.write_bytes(b"")
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    seen: list[str] = []
    choose(monkeypatch, "Close", seen)
    failed: list[str] = []
    win.open_failed.connect(failed.append)
    win.open_database(str(db_path))
    qtbot.waitUntil(lambda: bool(failed), timeout=20_000)
    assert ctx.database is None and db_path.stat().st_size == 0
    assert seen and "Nothing was changed" in seen[0]


def test_a_large_database_is_fully_checked_in_the_background_and_made_read_only(
        qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        messages: list[tuple[str, str, str]]) -> None:
    from awards_app.db import engine
    from awards_app.services import demo
    from tests.db.test_edges import _damage_an_index

    database = open_database(db_path)
    with database.session() as s:
        demo.create_demo_event(s)
    database.close()
    _damage_an_index(db_path)
    monkeypatch.setattr(engine, "FULL_CHECK_MAX_BYTES", 0)  # as for a large file
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    seen: list[str] = []
    choose(monkeypatch, "Close", seen)
    win.open_database(str(db_path))
    qtbot.waitUntil(lambda: ctx.database is not None and bool(ctx.database.damage),
                    timeout=20_000)
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert "is damaged" in seen[0] and "read-only" in seen[0]
    assert win.status_label.text().startswith("Read-only")
    assert win.banner.isVisibleTo(win) and "Read-only" in win.banner.text()
    assert backup.damage_marked(db_path)
    with pytest.raises(Exception, match="read-only"):
        ctx.write(lambda s: s.add(Setting(key="marker", value="x")))
    ctx.set_database(None)


def test_an_upgrade_by_a_newer_version_is_noticed_and_nothing_more_is_saved(
        window: MainWindow, demo_ctx: AppContext, db_path: Path,
        messages: list[tuple[str, str, str]]) -> None:
    dbtools.execute(db_path, "UPDATE alembic_version SET version_num = :newer",
                    newer="9999_a_newer_version")  # another PC's newer version upgraded it
    assert demo_ctx.check_database() is False  # what the five-second watch does
    [(kind, title, text)] = messages
    assert (kind, title) == ("warning", "The database was upgraded")
    assert "Install the newer version" in text
    assert window.banner.isVisibleTo(window) and "Nothing can be saved" in window.banner.text()
    assert "newer version" in window.status_label.text()
    with pytest.raises(DatabaseUpgradedError):
        demo_ctx.write(lambda s: s.add(Setting(key="marker", value="typed")))
    assert demo_ctx.read(lambda s: s.get(Setting, "marker")) is None


@pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test server "
                    "(AWARDS_TEST_PG)")
def test_a_restore_of_a_shared_database_elsewhere_is_noticed_and_the_window_reloads(
        qtbot, tmp_path: Path, messages: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    with pg.fresh_database() as url:
        ctx = AppContext()
        ctx.set_database(open_database(url))
        ctx.write(lambda s: demo.create_demo_event(s), notify=False)
        window = demo_window(qtbot, ctx)
        other = open_database(url)  # another PC
        try:
            made = backup_server(other, to=tmp_path / "before.sqlite3").path
            dbtools.execute(url, "DELETE FROM good_news")
            restore_server(other, made)
            restored = time.monotonic()
        finally:
            other.close()
        qtbot.waitUntil(lambda: bool(messages), timeout=10_000)  # the window's own watch
        assert time.monotonic() - restored < 2.5  # "within a second or two"
        [(kind, title, text)] = messages
        assert (kind, title) == ("information", "The database was restored")
        assert text.startswith("The database awards_t_")
        assert "was restored from a backup by another window or command" in text
        assert not window.banner.isVisibleTo(window)
        assert ctx.check_database() is True  # the restored data is the one watched now
        assert ctx.read(lambda s: s.query(GoodNews).count()) > 0
        ctx.write(lambda s: s.add(Setting(key="marker", value="after the restore")))
        idle(qtbot, ctx)
        ctx.set_database(None)

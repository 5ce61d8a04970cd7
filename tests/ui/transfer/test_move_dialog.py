"""File ▸ Move to a shared database… and File ▸ Back up now / Restore… on a shared database,
driven through the window's menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from awards_app.db.upgrade_backup import server_backups_dir
from awards_app.ui import settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import MainWindow
from awards_app.ui.transfer.move_dialog import MoveDialog
from tests import dbtools, pg
from tests.db.test_copying import bare_database, digests

needs_server = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                  "server (AWARDS_TEST_PG)")


@pytest.fixture(autouse=True)
def no_address_remembered() -> Iterator[None]:
    yield
    settings.put("shared/address", "")


def test_missing_fields_are_named(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = MoveDialog(source="/data/awards.sqlite3")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == 0
    assert "Database: give the database's name." in dialog.message.text()
    assert "Login: give your login" in dialog.message.text()
    dialog.database_name.setText("awards")
    dialog.login.setText("ann")
    dialog.server.setText("db.council.local")
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.address() == "postgresql+psycopg://ann@db.council.local/awards"


def _menu_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == text)


@needs_server
def test_move_then_back_up_and_restore_on_the_server(  # type: ignore[no-untyped-def]
        qtbot, demo_ctx: AppContext, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, messages) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    original = digests(db_path)
    with bare_database() as url:
        socket = dbtools_socket(url)

        def fill_in(dialog: MoveDialog) -> int:
            dialog.server.setText(socket)
            dialog.database_name.setText(url.split("/")[-1].split("?")[0])
            dialog.login.setText("awards_admin")
            dialog.accept()
            return int(dialog.result())

        try:
            moved: list[str] = []

            def answer(box: QMessageBox) -> int:
                moved.append(box.text() + "\n" + box.detailedText())
                next(b for b in box.buttons() if b.text() == "&Open the shared database").click()
                return 0

            monkeypatch.setattr(MoveDialog, "exec", fill_in)
            monkeypatch.setattr(QMessageBox, "exec", answer)
            _menu_action(window, "&Move to a shared database…").trigger()
            qtbot.waitUntil(lambda: demo_ctx.database is not None
                            and demo_ctx.database.path is None, timeout=60_000)
            assert "every count and checksum matched" in moved[0]
            assert "nomination: 54 rows, checked" in moved[0]
            assert digests(db_path) == original  # only read (the window's own file: its bytes
            # change when the window lets it go and SQLite folds its journal in)
            assert digests(url) == original
            assert settings.get("shared/address")

            # Back up now, on the server: a checked SQLite file in the private folder
            _menu_action(window, "&Back up now").trigger()
            qtbot.waitUntil(lambda: window.status_label.text().startswith("Backed up to"),
                            timeout=60_000)
            [made] = server_backups_dir(url).glob("awards-*-manual.sqlite3")
            assert digests(made) == original

            # Restore…, after a change made since the backup
            dbtools.execute(url, "DELETE FROM good_news")
            monkeypatch.setattr(QFileDialog, "getOpenFileName",
                                lambda *args, **kwargs: (str(made), ""))
            _menu_action(window, "&Restore…").trigger()
            qtbot.waitUntil(lambda: any(title == "Restored" for _k, title, _t in messages),
                            timeout=60_000)
            after = digests(url)
            assert after["good_news"] == original["good_news"] and after["good_news"][0] > 0
            [safety] = server_backups_dir(url).glob("awards-*-before-restore.sqlite3")
            assert digests(safety)["good_news"][0] == 0
        finally:
            qtbot.waitUntil(lambda: not demo_ctx.tasks.busy, timeout=20_000)
            demo_ctx.set_database(None)


def dbtools_socket(url: str) -> str:
    """The test server's socket folder (its 'server' for the dialog)."""
    from sqlalchemy.engine import make_url

    return str(make_url(url).query["host"])

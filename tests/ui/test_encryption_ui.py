"""Encryption in the window (issue 12, item 4): the passphrase dialog, the first-run choice,
opening an encrypted database, and File ▸ Encryption ▸ Encrypt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from awards_app.db import backup, encryption
from awards_app.db.engine import open_database, resolve_url, sqlite_path
from awards_app.ui import app as app_module
from awards_app.ui import encryption as ui_encryption
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.passphrase_dialog import (
    WRONG,
    NewPassphraseDialog,
    PassphraseDialog,
)
from awards_app.ui.main_window import MainWindow
from tests import pg

PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_passphrases() -> Iterator[None]:
    encryption.forget_all()
    yield
    encryption.forget_all()


@pytest.fixture
def window(qtbot, messages) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(AppContext())
    qtbot.addWidget(win)
    win.show()
    return win


def _encrypted_db(path: Path) -> Path:
    from awards_app.services import demo

    database = open_database(path)
    with database.session() as session:
        demo.create_demo_event(session)
    database.close()
    backup.change_encryption(path, PASS)
    encryption.forget_all()
    return path


def _typing(monkeypatch: pytest.MonkeyPatch, cls: type, steps: list[Callable[[object], None]],
            seen: list[object]) -> None:
    """``cls.exec`` runs ``steps`` on the dialog (typing, clicking), then returns its result."""
    def fake_exec(dialog) -> int:  # type: ignore[no-untyped-def]
        seen.append(dialog)
        for step in steps:
            step(dialog)
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", fake_exec)


def test_the_passphrase_dialog_refuses_a_wrong_passphrase_plainly_and_retries(
        qtbot: QtBot, tmp_path: Path) -> None:
    path = _encrypted_db(tmp_path / "awards.sqlite3")
    dialog = PassphraseDialog(path, lambda typed: encryption.passphrase_opens(path, typed))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.field.echoMode() == dialog.field.EchoMode.Password
    qtbot.keyClicks(dialog.field, "not the passphrase")  # type: ignore[no-untyped-call]
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.message.isVisible() and dialog.message.text() == WRONG
    assert dialog.field.text() == ""  # typed again from scratch
    qtbot.keyClicks(dialog.field, PASS)  # type: ignore[no-untyped-call]
    dialog.ok_button.click()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.passphrase == PASS and dialog.field.text() == ""


def test_first_run_offers_encryption_and_the_new_database_is_encrypted(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "first.sqlite3"
    seen: list[object] = []

    def type_twice(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.encrypt_choice.isVisibleTo(dialog) and dialog.encrypt_choice.isChecked()
        dialog.first.setText(PASS)
        dialog.again.setText("not the same")
        dialog.ok_button.click()
        assert dialog.message.isVisibleTo(dialog) and "not the same" in dialog.message.text()
        dialog.again.setText(PASS)
        dialog.ok_button.click()

    _typing(monkeypatch, NewPassphraseDialog, [type_twice], seen)
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        app_module._open_at_start(window, str(path), demo=False)
    assert len(seen) == 1
    assert encryption.is_encrypted(path)
    assert b"alembic_version" not in path.read_bytes()
    window.ctx.set_database(None)
    encryption.forget_all()
    assert encryption.passphrase_opens(path, PASS)


def test_first_run_can_decline_encryption(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.sqlite3"

    def decline(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.plain_choice.setChecked(True)
        assert not dialog.form_box.isEnabled()
        dialog.ok_button.click()

    _typing(monkeypatch, NewPassphraseDialog, [decline], [])
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        app_module._open_at_start(window, str(path), demo=False)
    assert path.read_bytes().startswith(encryption.SQLITE_HEADER)
    window.ctx.set_database(None)


def test_opening_an_encrypted_database_asks_for_its_passphrase(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _encrypted_db(tmp_path / "awards.sqlite3")
    seen: list[object] = []

    def wrong_then_right(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.field.setText("wrong wrong")
        dialog.ok_button.click()
        assert dialog.message.text() == WRONG
        dialog.field.setText(PASS)
        dialog.ok_button.click()

    _typing(monkeypatch, PassphraseDialog, [wrong_then_right], seen)
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        window.open_database(str(path))
    assert len(seen) == 1 and window.ctx.event_title.startswith("Northbridge")
    window.ctx.set_database(None)


def test_cancelling_the_passphrase_opens_nothing(qtbot: QtBot, window: MainWindow,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = _encrypted_db(tmp_path / "awards.sqlite3")
    _typing(monkeypatch, PassphraseDialog, [lambda d: d.reject()], [])  # type: ignore[attr-defined]
    window.open_database(str(path))
    assert window.ctx.database is None
    assert "passphrase was not given" in window.status_label.text()


def test_file_menu_encrypts_the_open_database(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                              messages: list[tuple[str, str, str]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "awards.sqlite3"
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        window.open_database(str(path))
    menu = next(m for m in window.findChildren(type(window.menuBar().addMenu("x")))
                if m.title() == "Encr&yption")
    menu.aboutToShow.emit()
    encrypt, rekey, decrypt, apart, on_server = menu.actions()
    assert encrypt.isEnabled() and not rekey.isEnabled() and not decrypt.isEnabled()
    assert not on_server.isVisible() and not apart.isVisible()  # a shared database's note

    def type_twice(dialog) -> None:  # type: ignore[no-untyped-def]
        assert not dialog.encrypt_choice.isVisibleTo(dialog)
        dialog.first.setText(PASS)
        dialog.again.setText(PASS)
        dialog.ok_button.click()

    _typing(monkeypatch, NewPassphraseDialog, [type_twice], [])
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        encrypt.trigger()  # closes the database …
    qtbot.waitUntil(lambda: window.ctx.database is not None, timeout=30_000)  # … and reopens it
    assert encryption.is_encrypted(path)
    assert any(title == "Encryption" and "cannot be recovered" in text
               for _kind, title, text in messages)
    menu.aboutToShow.emit()
    assert not encrypt.isEnabled() and rekey.isEnabled() and decrypt.isEnabled()
    window.ctx.set_database(None)


@pytest.mark.parametrize("value", [None, "relative/awards.sqlite3", "~/x.sqlite3",
                                   "sqlite:////tmp/abs.sqlite3", "postgresql+psycopg://u@h/n",
                                   "sqlite://"])
def test_the_window_finds_the_same_file_as_the_engine(value: str | None) -> None:
    assert ui_encryption.database_file(value) == sqlite_path(resolve_url(value))


def test_restoring_a_backup_under_an_older_passphrase_asks_for_it(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    path = _encrypted_db(tmp_path / "awards.sqlite3")
    encryption.remember_passphrase(path, PASS)
    backup.change_encryption(path, "a newer passphrase", convert_backups=False)
    older = backup.list_backups(path)[0]
    assert not encryption.passphrase_opens(older, "a newer passphrase")
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        window.open_database(str(path))
    encryption.forget_all()
    encryption.remember_passphrase(path, "a newer passphrase")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(older), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    asked: list[object] = []

    def type_it(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.field.setText(PASS)
        dialog.ok_button.click()

    _typing(monkeypatch, PassphraseDialog, [type_it], asked)
    window.restore_dialog()
    assert len(asked) == 1
    qtbot.waitUntil(lambda: window.ctx.database is not None, timeout=30_000)
    assert encryption.passphrase_opens(path, "a newer passphrase")
    window.ctx.set_database(None)


@pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test server "
                    "(AWARDS_TEST_PG)")
def test_on_a_shared_database_the_menu_says_why_it_cannot_encrypt(
        qtbot: QtBot, window: MainWindow) -> None:
    with pg.fresh_database() as url:
        window.ctx.set_database(open_database(url))
        try:
            menu = next(m for m in window.findChildren(type(window.menuBar().addMenu("x")))
                        if m.title() == "Encr&yption")
            menu.aboutToShow.emit()
            *three, apart, note = menu.actions()
            assert [a.isEnabled() for a in three] == [False, False, False]
            assert apart.isSeparator() and apart.isVisible()
            assert note.isVisible() and not note.isEnabled()
            assert note.text() == ui_encryption.SHARED_NOTE and "IT" in note.text()
        finally:
            window.ctx.set_database(None)

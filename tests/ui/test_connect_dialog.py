"""File ▸ Connect to a shared database…: signing in as oneself, the password kept only in the
system's password store and only when asked, the address remembered for the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from awards_app import credentials
from awards_app.ui import settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.connect_dialog import (
    ConnectDialog,
    _without_password,
    is_server_address,
    make_address,
    parts_of,
)
from awards_app.ui.main_window import MainWindow
from tests import pg

PASSWORD = "Tall ships 44 at dawn"
needs_server = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                  "server (AWARDS_TEST_PG)")


@pytest.fixture(autouse=True)
def no_address_remembered() -> Iterator[None]:
    settings.put("shared/address", "")
    yield
    settings.put("shared/address", "")


@pytest.fixture
def plain_ctx(qtbot) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    context = AppContext()
    yield context
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=20_000)
    context.set_database(None)


def test_addresses_are_made_and_read_back() -> None:
    url = make_address("db.council.local", 5433, "awards", "ann")
    assert url == "postgresql+psycopg://ann@db.council.local:5433/awards"
    assert parts_of(url) == ("db.council.local", 5433, "awards", "ann")
    assert make_address("db.council.local", 5432, "awards", "ann") == \
        "postgresql+psycopg://ann@db.council.local/awards"  # the usual port is left out
    socket = make_address("/run/postgresql", 5432, "awards", "ann")
    assert parts_of(socket) == ("/run/postgresql", 5432, "awards", "ann")
    assert parts_of("postgresql+psycopg://ann:secret@h/awards")[3] == "ann"
    assert is_server_address(url) and is_server_address("postgresql://h/d")
    assert not is_server_address("C:/Users/ann/awards.sqlite3")
    assert not is_server_address("sqlite:///x.db") and not is_server_address(None)
    # what is remembered and shown never holds a password, even one typed into an address
    assert _without_password("postgresql+psycopg://ann:secret@h/awards") == \
        "postgresql+psycopg://ann@h/awards"


def test_missing_fields_are_named_and_nothing_is_tried(qtbot, plain_ctx: AppContext  # type: ignore[no-untyped-def]
                                                      ) -> None:
    dialog = ConnectDialog(plain_ctx)
    qtbot.addWidget(dialog)
    dialog.login.clear()
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "Database: give the database's name." in dialog.message.text()
    assert "Login: give your login" in dialog.message.text()
    assert not plain_ctx.tasks.busy and dialog.result() == 0
    dialog.database_name.setText("awards")
    dialog.login.setText("ann smith")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Login: a login has no spaces."


def test_without_a_password_store_the_box_is_off_and_says_why(qtbot, plain_ctx: AppContext,  # type: ignore[no-untyped-def]
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(credentials, "can_remember", lambda: False)
    dialog = ConnectDialog(plain_ctx)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    assert "no password store" in dialog.remember.toolTip()


def test_the_address_for_the_awards_command_is_shown(qtbot, plain_ctx: AppContext  # type: ignore[no-untyped-def]
                                                    ) -> None:
    dialog = ConnectDialog(plain_ctx)
    qtbot.addWidget(dialog)
    dialog.server.setText("db.council.local")
    dialog.database_name.setText("awards")
    dialog.login.setText("ann")
    assert dialog.address.text() == \
        "For the awards command: --db postgresql+psycopg://ann@db.council.local/awards"


@pytest.fixture
def shared() -> Iterator[tuple[str, str]]:
    """(address without a password, login) of a fresh shared database whose login must give
    PASSWORD."""
    with pg.password_login(PASSWORD) as login, pg.fresh_database() as url:
        server, port, name, _admin = parts_of(url)
        yield make_address(server, port, name, login), login


def _fill(dialog: ConnectDialog, address: str, password: str) -> None:
    server, port, name, login = parts_of(address)
    dialog.server.setText(server)
    dialog.port.setValue(port)
    dialog.database_name.setText(name)
    dialog.login.setText(login)
    dialog.password.setText(password)


@needs_server
def test_a_wrong_password_keeps_the_dialog_open_then_the_right_one_connects(
        qtbot, plain_ctx: AppContext, shared: tuple[str, str],  # type: ignore[no-untyped-def]
        memory_keyring: dict[tuple[str, str], str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    address, login = shared
    dialog = ConnectDialog(plain_ctx)
    qtbot.addWidget(dialog)
    _fill(dialog, address, "not the password")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not accepted" in dialog.message.text(), timeout=10_000)
    assert f"The password for {login} was not accepted" in dialog.message.text()
    assert dialog.result() == 0 and dialog.database is None
    assert dialog.password.hasSelectedText()  # ready to be typed again

    dialog.password.setText(PASSWORD)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.database is not None
    try:
        assert dialog.database.display_name.startswith("database awards_t_")
        assert memory_keyring == {(credentials.SERVICE, credentials.key_for(address)): PASSWORD}
        assert settings.get("shared/address") == address
        settings.settings().sync()
        stored = Path(settings.settings().fileName()).read_text("utf-8", errors="replace")
        assert PASSWORD not in stored and address.split("@")[0] in stored
    finally:
        dialog.database.close()


@needs_server
def test_not_remembering_forgets_and_the_address_can_be_left_out(
        qtbot, plain_ctx: AppContext, shared: tuple[str, str],  # type: ignore[no-untyped-def]
        memory_keyring: dict[tuple[str, str], str]) -> None:
    address, _login = shared
    credentials.remember(address, "an old one")
    dialog = ConnectDialog(plain_ctx, address=address)
    qtbot.addWidget(dialog)
    assert dialog.remember.isChecked()  # it was remembered
    dialog.password.setText(PASSWORD)
    dialog.remember.setChecked(False)
    dialog.reopen.setChecked(False)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.database is not None
    dialog.database.close()
    assert memory_keyring == {}
    assert settings.get("shared/address") == ""


@needs_server
def test_the_window_reconnects_with_the_remembered_password_or_asks(
        qtbot, plain_ctx: AppContext, shared: tuple[str, str],  # type: ignore[no-untyped-def]
        memory_keyring: dict[tuple[str, str], str], monkeypatch: pytest.MonkeyPatch,
        messages: list[tuple[str, str, str]]) -> None:
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    address, login = shared
    window = MainWindow(plain_ctx)
    qtbot.addWidget(window)
    asked: list[tuple[str, str]] = []

    def exec_(self: ConnectDialog) -> int:
        asked.append((self.url(), self.message.text()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ConnectDialog, "exec", exec_)
    window.open_database(address)  # nothing remembered: the dialog, filled in, says why
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert asked == [(address, f"The database {parts_of(address)[2]} on this computer needs "
                               f"the password of {login}.")]
    assert plain_ctx.database is None

    credentials.remember(address, PASSWORD)
    with qtbot.waitSignal(plain_ctx.database_changed, timeout=10_000):
        window.connect_shared(address)
    assert plain_ctx.database is not None and len(asked) == 1
    assert parts_of(address)[2] in window.windowTitle()

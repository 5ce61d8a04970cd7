"""Start-up on a shared database (README, "Every PC connects"): the window reopens the shared
database it last connected to, with the password remembered in the system's password store;
without a remembered password it asks rather than opening the file on this computer; and
``awards-app --judging`` opens that shared database too. The password is never written to a
file.

Everything goes through ``awards_app.ui.app.main`` as the command runs it; the event loop is
the test's (``QApplication.exec`` is replaced by the test's body, as in
tests/ui/judging/session/test_judging_demo.py). The password store is the in-memory one of
``memory_keyring`` and the settings are the test run's own (tests/conftest.py points the XDG
folders at a temporary folder), so the real user's are never touched."""

from __future__ import annotations

import os
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget
from sqlalchemy import text
from sqlalchemy.engine import make_url

from awards_app import credentials
from awards_app.ui import app, settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.connect_dialog import ConnectDialog, make_address, parts_of
from awards_app.ui.encryption import database_file
from awards_app.ui.judging.session import JudgingSessionWindow
from awards_app.ui.main_window import MainWindow
from tests import pg

needs_server = pytest.mark.skipif(not pg.server_url(), reason="needs the PostgreSQL test "
                                  "server (AWARDS_TEST_PG)")


@dataclass
class Shared:
    address: str  # without the password, as the Connect dialog remembers it
    login: str
    name: str  # the database's
    password: str


@dataclass
class Seen:
    """What the test's body saw while the program ran."""

    asked: list[dict[str, Any]]  # every Connect dialog shown
    boxes: list[tuple[str, str, str]]  # every message box shown
    #: every other dialog shown (it is cancelled: a modal dialog would wait for ever), as
    #: "ClassName: title"; the first-run encryption offer of the file on this computer, say
    dialogs: list[str]

    def interrupted(self) -> bool:
        """The program asked something, so what is waited for will not come."""
        return bool(self.asked or self.boxes or self.dialogs)


# --- isolation -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Nothing remembered before or after; no password from anywhere but the (test's)
    password store; HOME a folder of the test's; what main() changes for the whole process
    (the umask, sys.excepthook, the message boxes) put back. Yields the test's home.
    Afterwards: no window of the program left open and no thread left running."""
    config = Path(os.environ["XDG_CONFIG_HOME"])
    settings_file = Path(settings.settings().fileName())
    assert settings_file.is_relative_to(config), \
        f"the settings are not the test run's own: {settings_file}"
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("AWARDS_DB", raising=False)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, QMessageBox.__dict__.get(name))
    monkeypatch.setattr(QInputDialog, "getText", QInputDialog.__dict__.get("getText"))
    umask = os.umask(0o077)
    os.umask(umask)
    settings.use_demo_settings(False)
    settings.put("shared/address", "")
    threads = {t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}
    visible = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    yield home
    settings.put("shared/address", "")
    settings.use_demo_settings(False)
    os.umask(umask)
    assert QThreadPool.globalInstance().waitForDone(20_000)
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in visible
            and isinstance(w, (MainWindow, JudgingSessionWindow, ConnectDialog))]
    assert left == [], f"windows left open: {left}"
    now = {t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}
    assert {t.name for t in now - threads if t.is_alive()} == set()


@pytest.fixture
def shared() -> Iterator[Shared]:
    """A fresh shared database and a new login on the test server that must give its
    password (tests/pg.py); both dropped afterwards."""
    password = f"Lantern{uuid.uuid4().hex[:12]}Harbour"  # letters and digits: one spelling
    with pg.password_login(password) as login, pg.fresh_database() as url:
        server, port, name, _admin = parts_of(url)
        yield Shared(make_address(server, port, name, login), login, name, password)


# --- running the program -------------------------------------------------------------------


def _quiet_boxes(monkeypatch: pytest.MonkeyPatch, boxes: list[tuple[str, str, str]]) -> None:
    """Message boxes recorded and never blocking (main() has put in its own by now)."""
    def record(kind: str, answer: QMessageBox.StandardButton) -> Callable[..., Any]:
        def box(_parent: Any, title: str, words: str, *_args: Any, **_kwargs: Any) -> Any:
            boxes.append((kind, title, words))
            return answer
        return box

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, record(kind, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.No))


def run_app(qtbot: Any, monkeypatch: pytest.MonkeyPatch, argv: list[str], kind: type[QWidget],
            body: Callable[[Any, Seen], None]) -> tuple[int, Seen]:
    """``app.main(argv)``; in place of its event loop, ``body(window, seen)`` on the visible window
    of ``kind`` it showed, then the window is closed as a person would. Every Connect dialog
    shown is recorded and cancelled."""
    seen = Seen(asked=[], boxes=[], dialogs=[])

    def cancel_dialogs() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                seen.dialogs.append(f"{type(widget).__name__}: {widget.windowTitle()}")
                widget.reject()

    watchdog = QTimer()
    watchdog.setInterval(100)
    watchdog.timeout.connect(cancel_dialogs)

    def exec_dialog(dialog: ConnectDialog) -> int:
        seen.asked.append({"url": dialog.url(), "note": dialog.message.text(),
                           "password": dialog.password.text(),
                           "remember": dialog.remember.isChecked()})
        return QDialog.DialogCode.Rejected

    def event_loop(_app: QApplication) -> int:
        _quiet_boxes(monkeypatch, seen.boxes)
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, kind) and w.isVisible()]
        assert len(windows) == 1, windows
        window: Any = windows[0]
        try:
            body(window, seen)
        finally:
            settle(qtbot, window.ctx)
            window.close()
            window.ctx.stop_watching()
            window.deleteLater()
        return 0

    monkeypatch.setattr(ConnectDialog, "exec", exec_dialog)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    watchdog.start()
    try:
        code = app.main(argv)
    finally:
        watchdog.stop()
    return code, seen


def settle(qtbot: Any, ctx: AppContext) -> None:
    """Let the pages' background loads finish."""
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)


def opened(qtbot: Any, ctx: AppContext, seen: Seen) -> dict[str, Any]:
    """Waits for a database to open; what was opened, and as whom (a server's database)."""
    qtbot.waitUntil(lambda: ctx.database is not None or seen.interrupted(), timeout=30_000)
    settle(qtbot, ctx)
    database = ctx.database
    assert database is not None, f"no database opened; the program asked: {seen}"
    if database.path is not None:  # a file on this computer
        return {"path": database.path, "url": database.url, "user": None, "name": None}
    user, name = ctx.read(lambda s: tuple(s.execute(
        text("SELECT current_user, current_database()")).one()))
    return {"path": database.path, "url": database.url, "user": user, "name": name}


def remember(shared: Shared, *, password: bool) -> None:
    """As the Connect dialog leaves things after "Connect" with "Open this database when
    Awards App starts" ticked (and "Remember my password", if ``password``)."""
    settings.put("shared/address", shared.address)
    if password:
        assert credentials.remember(shared.address, shared.password)


def _names_the_database(result: dict[str, Any], shared: Shared) -> None:
    assert result["path"] is None  # not a file on this computer
    url = make_url(result["url"])
    assert url.get_backend_name() == "postgresql"
    assert url.database == shared.name and url.username == shared.login
    assert (result["user"], result["name"]) == (shared.login, shared.name)


# --- the tests -----------------------------------------------------------------------------


@needs_server
def test_the_window_opens_the_remembered_shared_database_with_the_remembered_password(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, shared: Shared,
        memory_keyring: dict[tuple[str, str], str], messages: list[tuple[str, str, str]]
) -> None:
    remember(shared, password=True)
    result: dict[str, Any] = {}

    def body(window: MainWindow, seen: Seen) -> None:
        result.update(opened(qtbot, window.ctx, seen))
        result["title"] = window.windowTitle()

    code, seen = run_app(qtbot, monkeypatch, [], MainWindow, body)
    assert code == 0
    assert seen.asked == []  # the Connect dialog was not shown
    assert seen.dialogs == [] and seen.boxes == [] and messages == []
    _names_the_database(result, shared)
    assert shared.name in result["title"]
    assert settings.get("shared/address") == shared.address  # still opened at the next start


@needs_server
def test_without_a_remembered_password_the_window_asks_and_opens_no_file(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, shared: Shared,
        memory_keyring: dict[tuple[str, str], str], messages: list[tuple[str, str, str]]
) -> None:
    remember(shared, password=False)
    local_file = database_file(None)
    assert local_file is not None
    file_there_before = local_file.exists()
    result: dict[str, Any] = {}

    def body(window: MainWindow, seen: Seen) -> None:
        qtbot.waitUntil(lambda: seen.interrupted() or window.ctx.database is not None,
                        timeout=30_000)
        settle(qtbot, window.ctx)
        qtbot.wait(500)  # anything that would open the file instead has had its chance
        settle(qtbot, window.ctx)
        result.update(database=window.ctx.database, status=window.status_label.text())

    code, seen = run_app(qtbot, monkeypatch, [], MainWindow, body)
    assert code == 0
    assert seen.asked == [{
        "url": shared.address,
        "note": f"The database {shared.name} on this computer needs the password of "
                f"{shared.login}.",
        "password": "", "remember": False}]
    assert result["database"] is None, "it opened another database instead of asking"
    assert result["status"] == "No database open."
    if not file_there_before:
        assert not local_file.exists(), "the file on this computer was opened instead"
    assert memory_keyring == {}
    assert settings.get("shared/address") == shared.address  # asked again at the next start
    assert seen.dialogs == [] and seen.boxes == [] and messages == []


@needs_server
def test_judging_opens_the_remembered_shared_database_with_the_remembered_password(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, shared: Shared,
        memory_keyring: dict[tuple[str, str], str]) -> None:
    remember(shared, password=True)
    result: dict[str, Any] = {}

    def body(window: JudgingSessionWindow, seen: Seen) -> None:
        result.update(opened(qtbot, window.ctx, seen))
        result["full"] = window.isFullScreen()
        result["intro"] = window.sign_in_screen.intro.text()

    code, seen = run_app(qtbot, monkeypatch, ["--judging"], JudgingSessionWindow, body)
    assert code == 0
    assert seen.asked == [] and seen.dialogs == [] and seen.boxes == []
    _names_the_database(result, shared)
    assert result["full"]
    assert "could not be opened" not in result["intro"]


@needs_server
def test_judging_without_a_remembered_password_says_so_and_opens_no_file(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, shared: Shared,
        memory_keyring: dict[tuple[str, str], str]) -> None:
    remember(shared, password=False)
    result: dict[str, Any] = {}

    def body(window: JudgingSessionWindow, seen: Seen) -> None:
        intro = window.sign_in_screen.intro
        qtbot.waitUntil(lambda: "could not be opened" in intro.text() or seen.interrupted()
                        or window.ctx.database is not None, timeout=30_000)
        settle(qtbot, window.ctx)
        result.update(database=window.ctx.database, intro=intro.text())

    code, seen = run_app(qtbot, monkeypatch, ["--judging"], JudgingSessionWindow, body)
    assert code == 0
    assert seen.asked == [] and seen.dialogs == [] and seen.boxes == []
    assert result["database"] is None
    assert f"needs the password of {shared.login}" in result["intro"]


def _noting_opened(qtbot: Any, into: list[dict[str, Any]]) -> Callable[[Any, Seen], None]:
    def body(window: Any, seen: Seen) -> None:
        into.append(opened(qtbot, window.ctx, seen))
    return body


def _files_holding(folder: Path, needles: list[bytes]) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                found.append(path)
    return found


@needs_server
def test_after_start_up_no_file_holds_the_password(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, shared: Shared, isolated: Path,
        memory_keyring: dict[tuple[str, str], str], messages: list[tuple[str, str, str]]
) -> None:
    remember(shared, password=True)
    for argv, kind in (([], MainWindow), (["--judging"], JudgingSessionWindow)):
        results: list[dict[str, Any]] = []
        code, seen = run_app(qtbot, monkeypatch, argv, kind, _noting_opened(qtbot, results))
        assert code == 0 and not seen.interrupted() and len(results) == 1
        _names_the_database(results[0], shared)
    settings.settings().sync()

    settings_file = Path(settings.settings().fileName())
    stored = settings_file.read_bytes()
    assert shared.login.encode() in stored  # the address is in it: the right file is read
    needles = [shared.password.encode("utf-8"), shared.password.encode("utf-16-le")]
    assert not any(needle in stored for needle in needles)
    test_run_home = Path(os.environ["XDG_CONFIG_HOME"]).parent  # every XDG folder of the run
    for folder in (test_run_home, isolated):
        assert _files_holding(folder, needles) == [], f"the password is written under {folder}"
    # the only place it is kept
    assert memory_keyring == {(credentials.SERVICE, credentials.key_for(shared.address)):
                              shared.password}

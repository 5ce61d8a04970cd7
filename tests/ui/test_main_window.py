"""The main window: first start, new event, navigation, menus, back-up, saved geometry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from awards_app.db import backup
from awards_app.ui import settings
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import PAGES, MainWindow


@pytest.fixture
def window(qtbot, messages) -> MainWindow:  # type: ignore[no-untyped-def]
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def open_db(qtbot, window: MainWindow, path: Path, *, demo: bool = False) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        window.open_database(str(path), demo=demo)


def test_first_start_shows_the_welcome_page(qtbot, window: MainWindow, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_db(qtbot, window, db_path)
    assert window.stack.currentWidget() is window.welcome
    assert not window.nav.isEnabled()
    assert window.welcome.new_button.isEnabled()
    assert "no event" in window.welcome.message.text().lower()
    assert str(db_path) in window.windowTitle()


def test_new_event_from_the_welcome_page(qtbot, window: MainWindow, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from awards_app.ui.catalogue import event_dialog

    open_db(qtbot, window, db_path)
    created: list[event_dialog.EventDialog] = []

    def fake_exec(dialog: event_dialog.EventDialog) -> int:
        created.append(dialog)
        dialog.name.setText("  Riverside   Care Leavers Awards ")
        dialog.year.setValue(2027)
        dialog.ceremony.setDate(QDate(2027, 3, 19))
        dialog.venue.setText("Riverside Town Hall")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(event_dialog.EventDialog, "exec", fake_exec)
    window.welcome.new_button.click()
    assert created and created[0].saved_id
    assert window.ctx.event_title == "Riverside Care Leavers Awards 2027"
    assert window.nav.isEnabled()
    assert "Riverside Care Leavers Awards 2027" in window.windowTitle()
    from awards_app.services.catalogue import categories

    names = window.ctx.read(lambda s: [c.name for c in categories.list_categories(
        s, window.ctx.require_event())])
    assert len(names) == 9 and names[0] == "Education Star"


def test_refused_new_event_keeps_the_dialog_open(qtbot, window: MainWindow, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from awards_app.ui.catalogue.event_dialog import EventDialog

    open_db(qtbot, window, db_path)
    dialog = EventDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.name.setText("   ")
    dialog.accept()
    assert dialog.result() == 0 and dialog.saved_id == 0
    assert dialog.name.property("invalid") is True
    assert window.ctx.event_id is None


def test_second_event_copies_last_years_set_up(qtbot, window: MainWindow, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services.catalogue import sponsors
    from awards_app.ui.catalogue.event_dialog import EventDialog

    open_db(qtbot, window, db_path, demo=True)
    dialog = EventDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.copy.isChecked() and "Northbridge" in dialog.copy.text()
    assert dialog.year.value() == 2028
    dialog.accept()
    window.ctx.set_event(dialog.saved_id)
    copied = window.ctx.read(lambda s: len(sponsors.list_sponsors(s, window.ctx.require_event())))
    assert copied == 12
    assert window.ctx.event_title.endswith("2028")


def test_every_page_opens_from_the_navigation(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_db(qtbot, window, tmp_path / "demo.sqlite3", demo=True)
    assert window.ctx.event_title == "Northbridge Care Leavers Awards 2027"
    for row, (page_id, _module, class_name) in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        assert type(page).__name__ == class_name, page_id
        assert page.title == page_id.label and page.page_id is page_id
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)


def test_ctrl_n_opens_a_new_nomination(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_db(qtbot, window, tmp_path / "demo.sqlite3", demo=True)
    window.new_nomination()
    page = window.page(PageId.NOMINATIONS)
    assert window.stack.currentWidget() is page
    assert page.editor is not None and page.editor.windowTitle() == "New nomination"
    page.editor.reject()
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)


def test_back_up_now(qtbot, window: MainWindow, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_db(qtbot, window, db_path, demo=True)
    window.back_up_now()
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)
    made = backup.list_backups(db_path)
    assert len(made) == 1 and backup.integrity_errors(made[0]) == []
    assert "Backed up to" in window.status_label.text()


def test_restore_from_a_backup(qtbot, window: MainWindow, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from awards_app.services import events

    open_db(qtbot, window, db_path, demo=True)
    saved = db_path.parent / "saved.sqlite3"
    backup.backup_database(db_path, to=saved)
    event_id = window.ctx.require_event()
    window.ctx.write(lambda s: events.update_event(s, event_id, venue="Changed after backup"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.ctx.database_changed, timeout=30_000):
        window.restore_dialog()  # closes the database first…
    qtbot.waitUntil(lambda: window.ctx.is_open and not window.ctx.tasks.busy, timeout=30_000)
    venue = window.ctx.read(lambda s: events.get_event(s, window.ctx.require_event()).venue)
    assert venue != "Changed after backup"


def test_damaged_database_is_reported_not_crashed(qtbot, window: MainWindow, tmp_path: Path,
                                                  messages) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 500)
    window.open_database(str(junk))
    qtbot.waitUntil(lambda: bool(messages), timeout=20_000)
    kind, title, text = messages[-1]
    assert kind == "critical" and "has not been changed" in text
    assert not window.ctx.is_open
    assert junk.read_bytes() == b"not a database" * 500


def test_unexpected_error_is_logged_and_explained(qtbot, window: MainWindow, db_path: Path,
                                                  messages) -> None:  # type: ignore[no-untyped-def]
    open_db(qtbot, window, db_path, demo=True)

    def broken(_session: object) -> None:
        raise RuntimeError("wires crossed")

    assert window.ctx.act(window, broken) is None
    kind, title, text = messages[-1]
    assert kind == "critical" and title == "Something went wrong"
    assert text.startswith("Something went wrong — nothing was saved; details are in the log:")
    assert "Traceback" not in text and "RuntimeError" not in text
    log_file = Path(text.splitlines()[1])
    assert "wires crossed" in log_file.read_text(encoding="utf-8")


def test_about_names_the_version_and_where_data_lives(qtbot, window: MainWindow, db_path: Path,
                                                      messages) -> None:  # type: ignore[no-untyped-def]
    from awards_app import __version__

    open_db(qtbot, window, db_path)
    window.about()
    kind, _title, text = messages[-1]
    assert kind == "about" and __version__ in text and str(db_path) in text
    assert "backups" in text and "awards.log" in text


def test_geometry_and_page_are_remembered(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_db(qtbot, window, tmp_path / "demo.sqlite3", demo=True)
    window.move(37, 41)
    window.resize(1200, 540)
    window.show_page(PageId.NOMINATIONS)
    window.splitter.setSizes([230, window.width() - 230])
    nav_width = window.splitter.sizes()[0]
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)
    window.close()
    assert int(settings.get("window/page")) == 1
    again = MainWindow(AppContext())
    qtbot.addWidget(again)
    again.show()
    # The offscreen screen is only 800×600, so Qt may nudge the position; the size stays.
    assert again.height() == 540 and abs(again.pos().y() - 41) <= 5
    assert again.splitter.sizes()[0] == nav_width


def test_no_screen_gives_a_clear_message_not_a_crash(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "awards_app", "--demo"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "no screen was found" in done.stderr and "xvfb-run" in done.stderr

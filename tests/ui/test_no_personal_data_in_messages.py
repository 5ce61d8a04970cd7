"""Issue 12, item 3, in the window: a failed save shows, and logs, no personal data or SQL.

A young person's editor saves a marker surname while the database refuses the write in
three ways (read-only, full, an unexpected refusal whose error carries the statement and its
parameters); every message box, the dialog's own labels and tooltips, the status bar and
what the log gained are scanned for the markers and for SQL words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import event
from sqlalchemy.engine import Engine

from awards_app.services import people
from awards_app.ui.common.context import AppContext
from awards_app.ui.people.dialogs import NomineeDialog
from tests.cli.test_no_personal_data_in_logs import LogWatch, assert_private

SURNAME = "Zqxmarkerwindow"
MARKERS_TYPED = (SURNAME, "Zqx")


@pytest.fixture
def failing_update() -> Iterator[Callable[[Callable[[Any], None]], None]]:
    """Run ``action(cursor)`` just before a nominee row is updated (on that connection);
    and show parameters in errors, as an engine without hide_parameters would."""
    actions: list[Callable[[Any], None]] = []

    def hook(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE NOMINEE"):
            for action in actions:
                action(cursor)

    def show(conn: Any) -> None:
        conn.engine.hide_parameters = False

    event.listen(Engine, "before_cursor_execute", hook)
    event.listen(Engine, "engine_connect", show)
    yield actions.append
    event.remove(Engine, "before_cursor_execute", hook)
    event.remove(Engine, "engine_connect", show)


def shown_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel):
            texts.append(widget.text())
    return texts


def save_marker(qtbot: Any, ctx: AppContext) -> NomineeDialog:
    event_id = ctx.require_event()
    row = ctx.read(lambda s: people.nominee_rows(s, event_id=event_id))[0]
    dialog = NomineeDialog(ctx, None, row)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.last_name.setText(SURNAME)
    dialog.accept()
    return dialog


def raise_(error: BaseException) -> Callable[[Any], None]:
    def action(_cursor: Any) -> None:
        raise error
    return action


@pytest.mark.parametrize(("failure", "words"), [
    (lambda cursor: cursor.execute("PRAGMA query_only=ON"), "could not be written"),
    (raise_(sqlite3.OperationalError("database or disk is full")), "disk is full"),
    (raise_(sqlite3.IntegrityError("CHECK constraint failed: nominee")), "Something went wrong"),
], ids=["read-only", "disk-full", "unexpected"])
def test_a_failed_save_shows_and_logs_nothing_personal(
        qtbot, demo_ctx: AppContext, messages: list[tuple[str, str, str]],  # type: ignore[no-untyped-def]
        failing_update, failure: Callable[[Any], None], words: str) -> None:
    watch = LogWatch()
    failing_update(failure)
    dialog = save_marker(qtbot, demo_ctx)
    assert dialog.isVisible(), "nothing was saved: the dialog stays open with the typing"
    assert dialog.last_name.text() == SURNAME
    assert messages, "the person is told"
    kind, title, text = messages[-1]
    assert words in text
    everything = [title, text, *shown_texts(dialog), watch.gained()]
    assert_private(*everything)
    assert not any(marker in t for t in everything for marker in MARKERS_TYPED)


@pytest.fixture
def failing_insert() -> Iterator[Callable[[Callable[[Any], None]], None]]:
    """As ``failing_update``, for the import's insert of nominees."""
    actions: list[Callable[[Any], None]] = []

    def hook(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO NOMINEE"):
            for action in actions:
                action(cursor)

    def show(conn: Any) -> None:
        conn.engine.hide_parameters = False

    event.listen(Engine, "before_cursor_execute", hook)
    event.listen(Engine, "engine_connect", show)
    yield actions.append
    event.remove(Engine, "before_cursor_execute", hook)
    event.remove(Engine, "engine_connect", show)


@pytest.mark.parametrize("failure", [
    lambda cursor: cursor.execute("PRAGMA query_only=ON"),
    raise_(sqlite3.IntegrityError("UNIQUE constraint failed: nominee.last_name")),
], ids=["read-only", "unexpected"])
def test_a_failed_import_in_the_window_shows_and_logs_nothing_personal(
        qtbot, event_id: int, ctx: AppContext, messages: list[tuple[str, str, str]],  # type: ignore[no-untyped-def]
        failing_insert, failure: Callable[[Any], None], tmp_path: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case, in the window: importing nominations into a database that refuses
    the write; the marker surnames and dates of birth appear in no message and no log."""
    from PySide6.QtWidgets import QFileDialog

    from awards_app.ui.transfer.page import TransferPage
    from tests.cli.test_no_personal_data_in_logs import DOBS, EMAIL, SURNAMES
    from tests.factories import nomination_rows
    from tests.ui.transfer.test_transfer_page import write_rows

    ctx.set_database(ctx.database)
    rows = nomination_rows(len(SURNAMES))
    for row, surname, dob in zip(rows, SURNAMES, DOBS, strict=True):
        row.update(nominee_last_name=surname, nominee_date_of_birth=dob, nominator_email=EMAIL)
    path = write_rows(tmp_path / "nominations.csv", rows)
    page = TransferPage(ctx, None)
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page.choose_button.click()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=60_000)
    assert page.import_button.isEnabled()
    watch = LogWatch()
    failing_insert(failure)
    page.import_button.click()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=60_000)
    assert messages, "the person is told"
    assert "nothing was stored" in page.summary.text()
    shown = [text for message in messages for text in message[1:]]
    # the file's own rows stay in the preview table (the coordinator's file); the messages
    # about the failure are scanned, and what the log gained
    assert_private(*shown, page.summary.text(), page.message.text(), page.file_label.text(),
                   watch.gained())

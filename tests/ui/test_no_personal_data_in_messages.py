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

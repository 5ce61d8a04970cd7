"""Issue 10, item 3: a save never freezes the window. The transaction runs on a worker
thread; while another task (here a raw connection holding SQLite's write lock, as an import
does) is writing, the window keeps running its event loop, a note says another task is
saving and offers to stop waiting, and the save goes through when the other task ends.
Stopping keeps what was typed on screen and stores nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from sqlalchemy import select

from awards_app.db.models import Nomination
from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import MainWindow
from awards_app.ui.nominations.editor import NominationEditor

NEW_CITATION = "For finding her voice, and lending it to others."


def citation(ctx: AppContext, nomination_id: int) -> str:
    return ctx.read(lambda s: s.scalar(select(Nomination.citation)
                                       .where(Nomination.id == nomination_id)))


@pytest.fixture
def editor(qtbot, demo_ctx: AppContext) -> NominationEditor:  # type: ignore[no-untyped-def]
    nomination_id = demo_ctx.read(lambda s: s.scalar(select(Nomination.id)
                                                     .order_by(Nomination.id)))
    dialog = NominationEditor(demo_ctx, None, nomination_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.citation.setText(NEW_CITATION)
    return dialog


@pytest.fixture
def lock_held(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another task holds the write lock until the test lets it go."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    if holder.in_transaction:
        holder.rollback()
    holder.close()


def watch_for_the_note(on_note: Callable[[QProgressDialog], None]) -> dict[str, object]:
    """A UI-thread timer: counts its ticks (it can only tick while the UI thread is free)
    and calls ``on_note`` once when the waiting note is up."""
    seen: dict[str, object] = {"ticks": 0, "text": None}
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        seen["ticks"] = int(seen["ticks"]) + 1  # type: ignore[call-overload]
        note = QApplication.activeModalWidget()
        if isinstance(note, QProgressDialog) and seen["text"] is None:
            seen["title"], seen["text"] = note.windowTitle(), note.labelText()
            on_note(note)

    timer.timeout.connect(tick)
    timer.start()
    seen["timer"] = timer
    return seen


def test_a_save_waits_for_another_task_without_freezing_and_then_saves(
        qtbot, demo_ctx: AppContext, editor: NominationEditor,  # type: ignore[no-untyped-def]
        lock_held: sqlite3.Connection, messages: list[tuple[str, str, str]]) -> None:
    notes: list[str] = []
    demo_ctx.save_note.connect(notes.append)
    seen = watch_for_the_note(lambda _note: lock_held.execute("COMMIT"))

    assert editor.save()  # returns only after the other task ended and the save committed

    seen["timer"].stop()  # type: ignore[attr-defined]
    assert seen["title"] == "Another task is saving"
    assert "Your change will be saved as soon as it has finished" in str(seen["text"])
    assert int(seen["ticks"]) >= 1  # type: ignore[call-overload]  # the UI thread ran meanwhile
    assert citation(demo_ctx, editor.nomination_id) == NEW_CITATION  # type: ignore[arg-type]
    assert notes == ["Saving…", f"Saved nomination {editor.form_data.ref}."]
    assert messages == []
    qtbot.waitUntil(lambda: not isinstance(QApplication.activeModalWidget(), QProgressDialog))


def test_stopping_the_wait_keeps_the_typing_and_stores_nothing(
        qtbot, demo_ctx: AppContext, editor: NominationEditor,  # type: ignore[no-untyped-def]
        lock_held: sqlite3.Connection, messages: list[tuple[str, str, str]]) -> None:
    before = citation(demo_ctx, editor.nomination_id)  # type: ignore[arg-type]
    notes: list[str] = []
    demo_ctx.save_note.connect(notes.append)
    def stop_waiting(note: QProgressDialog) -> None:  # the person presses Stop waiting
        button = next(b for b in note.findChildren(QPushButton) if b.text() == "Stop waiting")
        button.click()

    seen = watch_for_the_note(stop_waiting)

    assert not editor.save()

    seen["timer"].stop()  # type: ignore[attr-defined]
    assert seen["text"] is not None
    assert editor.isVisible() and editor.citation.text() == NEW_CITATION  # nothing lost
    assert editor.is_dirty
    assert [(kind, title) for kind, title, _ in messages] == [("information", "Cancelled")]
    assert "stopped waiting" in messages[0][2] and "still here" in messages[0][2]
    assert notes == ["Saving…", ""]
    lock_held.rollback()
    assert citation(demo_ctx, editor.nomination_id) == before  # type: ignore[arg-type]

    assert editor.save()  # the other task has gone: saving again simply works
    assert citation(demo_ctx, editor.nomination_id) == NEW_CITATION  # type: ignore[arg-type]


def test_the_main_window_says_saving_then_saved(
        qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    demo_ctx.write(lambda s: None)
    assert shown[:2] == ["Saving…", "Saved."]

"""UI fixtures: an AppContext on the test database, and message boxes that never block."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from awards_app.db.engine import Database, open_database
from awards_app.ui.common.context import AppContext


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every question asked with QMessageBox.question, as (title, text), answered Yes (a
    test that needs No patches it itself); kept apart from ``messages``."""
    asked: list[tuple[str, str]] = []

    def question(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch,
             questions: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Every message box shown, as (kind, title, text); none of them blocks (questions are
    answered Yes: see ``questions``)."""
    shown: list[tuple[str, str, str]] = []

    def record(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def box(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, title, text))
            return answer
        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information",
                        record("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "about", record("about", QMessageBox.StandardButton.Ok))
    return shown


@pytest.fixture
def ctx(qtbot, db: Database, messages) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    context = AppContext()
    context.set_database(db)
    yield context
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=20_000)
    context.stop_watching()


@pytest.fixture
def another_window(ctx: AppContext, db_path: Path) -> Iterator[Callable[[], AppContext]]:
    """Opens another window on the same database file: its own connection and context, on
    the current event as it is when opened."""
    opened: list[AppContext] = []

    def open_window() -> AppContext:
        other = AppContext()
        other.set_database(open_database(db_path))
        opened.append(other)
        return other

    yield open_window
    for other in opened:
        other.set_database(None)


@pytest.fixture
def event_ctx(event_id: int, ctx: AppContext) -> AppContext:
    """The test database with its current event (created after the context opened it)."""
    ctx.set_database(ctx.database)
    assert ctx.event_id == event_id
    return ctx


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    from awards_app.services import demo

    ctx.write(demo.create_demo_event, notify=False)
    ctx.set_database(ctx.database)
    return ctx

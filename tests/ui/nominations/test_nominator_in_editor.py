"""The nominator rule in the nomination editor (issue 13, item 6): a new nomination starts
with nobody chosen and is refused on that field in the import's words; a nomination whose
worker has left still shows them, and saving it keeps them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate

from awards_app.core.validation import NOMINATOR_NEEDED
from awards_app.services import nominations, people
from awards_app.ui.common.context import AppContext
from awards_app.ui.nominations.editor import NO_WORKER, NominationEditor
from tests.conftest import words


def editor_for(qtbot: Any, ctx: AppContext, nomination_id: int | None) -> NominationEditor:
    editor = NominationEditor(ctx, None, nomination_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_a_new_nomination_needs_its_nominator(qtbot: Any, demo_ctx: AppContext,
                                              messages: list[Any]) -> None:
    editor = editor_for(qtbot, demo_ctx, None)
    assert editor.worker.currentData() == NO_WORKER
    assert editor.worker.currentText() == "Choose the nominating worker…"
    editor.first_name.setText("Amani")
    editor.last_name.setText("Okoro")
    editor.date_of_birth.setDate(QDate(2006, 5, 4))
    editor.category.setCurrentIndex(1)
    editor.success.set_text(words(30))
    editor.obstacles.set_text(words(30))
    assert not editor.save()
    assert editor.worker.property("invalid") is True
    assert NOMINATOR_NEEDED in editor.worker.toolTip()
    assert NOMINATOR_NEEDED in messages[-1][2]  # the words the import uses
    editor.worker.setCurrentIndex(1)
    assert editor.save()
    assert editor.worker.property("invalid") is False


def test_a_nominator_who_has_left_is_kept(qtbot: Any, demo_ctx: AppContext,
                                          messages: list[Any]) -> None:
    event_id = demo_ctx.require_event()
    nomination_id, worker_id = demo_ctx.read(lambda s: (
        lambda n: (n.id, n.worker_id))(nominations.get_by_ref(s, event_id, "N-0003")))
    assert worker_id is not None
    demo_ctx.write(lambda s: people.withdraw_worker(s, worker_id, active=False))
    editor = editor_for(qtbot, demo_ctx, nomination_id)
    assert editor.worker.currentData() == worker_id
    assert editor.worker.currentText().endswith("(has left)")
    editor.citation.setText("For keeping going after every setback.")
    assert editor.save()
    kept = demo_ctx.read(lambda s: nominations.nomination_form(s, event_id, nomination_id))
    assert kept.nomination["worker_id"] == worker_id
    assert messages == []


def test_a_new_worker_is_added_from_the_editor_and_chosen(qtbot: Any, event_ctx: AppContext,
                                                           messages: list[Any]) -> None:
    """On a fresh database nobody is in the list: New worker… (Alt+N) adds them to the
    Workers page without leaving the nomination, and they become its nominator."""
    from PySide6.QtCore import Qt

    editor = editor_for(qtbot, event_ctx, None)
    assert editor.worker.count() == 1  # only "Choose the nominating worker…"
    assert editor.new_worker.text() == "&New worker…"
    dialog = editor.worker_dialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Priya Raman")
    qtbot.keyClicks(dialog.email, "priya@council.example")
    qtbot.keyClicks(dialog.team, "North")
    dialog.accept()
    assert editor.worker.currentText() == "Priya Raman — North"
    worker_id = editor.worker.currentData()
    stored = event_ctx.read(lambda s: people.worker_for_edit(s, worker_id).values)
    assert (stored["name"], stored["email"], stored["team"]) == (
        "Priya Raman", "priya@council.example", "North")
    cancelled = editor.worker_dialog()  # a cancelled dialog adds and changes nothing
    qtbot.addWidget(cancelled)
    cancelled.reject()
    assert editor.worker.count() == 2 and editor.worker.currentData() == worker_id
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # nothing breaks

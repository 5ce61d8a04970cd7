"""The judge copy review window (issue 12, item 2) on demo data, driven through its widgets:
it lists every nomination to be judged, shows the original beside what judges read with what
was masked and what may identify highlighted and listed in words, marks copies as reviewed
from the keyboard, notices a change since review, edits through the judge copy editor; the
Judging page opens it, and starting judging with unreviewed copies asks first and is
recorded."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QMessageBox, QTextEdit
from sqlalchemy import select

from awards_app.db.models import AuditEntry, Nomination
from awards_app.services import judging, nominations, people
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.judge_copy import JudgeCopyDialog
from awards_app.ui.judging.page import JudgingPage
from awards_app.ui.judging.review import JudgeCopyReviewDialog
from awards_app.ui.judging.review_text import FLAG_COLOUR, MASKED_COLOUR

SURNAME = "Zqxmarker"
NARRATIVE = (f"Mai {SURNAME} moved to Manchester and passed nine GCSEs; call 07700 900123. "
             "She now runs a homework club for two younger girls in her supported flat.")


def plant(ctx: AppContext) -> int:
    """N-0007 (Mai, Education Star) gets a marker surname written into her narrative and a
    preferred name that looks like markup; returns its id."""
    event_id = ctx.require_event()

    def work(s: Any) -> int:
        n = nominations.get_by_ref(s, event_id, "N-0007")
        people.update_nominee(s, n.nominee_id, last_name=SURNAME,
                              preferred_name="Mai <b>Big</b>")
        nominations.update_nomination(s, n.id, success=NARRATIVE)
        return n.id

    return ctx.write(work)


@pytest.fixture
def review(qtbot: Any, demo_ctx: AppContext) -> JudgeCopyReviewDialog:
    plant(demo_ctx)
    dialog = JudgeCopyReviewDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def row_of(dialog: JudgeCopyReviewDialog, ref: str) -> int:
    return dialog.model.index_of(lambda r: r.ref == ref)


def status_of(dialog: JudgeCopyReviewDialog, ref: str) -> str:
    return str(dialog.model.index(row_of(dialog, ref), 3).data())


def format_at(edit: QTextEdit, word: str) -> Any:
    """The character format of the middle of ``word`` in ``edit``."""
    found = edit.document().find(word)
    assert not found.isNull(), word
    cursor = QTextCursor(edit.document())
    cursor.setPosition(found.selectionStart() + 1)
    return cursor.charFormat()


def test_the_review_lists_shows_and_marks_copies(qtbot: Any, demo_ctx: AppContext,
                                                 review: JudgeCopyReviewDialog) -> None:
    rows = review.model.visible_rows
    assert len(rows) == 18 and {r.status for r in rows} == {judging.NOT_REVIEWED}
    assert review.summary.text() == "0 of 18 judge copies reviewed."
    qtbot.waitUntil(lambda: all(r.masked is not None for r in review.model.visible_rows),
                    timeout=20_000)  # counted in the background

    review.view.setCurrentIndex(review.model.index(row_of(review, "N-0007"), 0))
    assert review.heading.text() == "N-0007 Mai <b>Big</b> — Education Star"  # as written
    for label in review.findChildren(QLabel):
        if label.accessibleName() in ("Nomination", "Review status", "Name judges see"):
            assert label.textFormat() == Qt.TextFormat.PlainText
    assert SURNAME in review.original.toPlainText()
    masked = review.masked.toPlainText()
    assert SURNAME not in masked and "[surname]" in masked and "[phone]" in masked
    # colour, and words: the masked surname, and a place judges might recognise
    assert format_at(review.original, SURNAME).background().color() == MASKED_COLOUR
    assert format_at(review.masked, "[surname]").background().color() == MASKED_COLOUR
    place = format_at(review.masked, "Manchester")
    assert place.background().color() == FLAG_COLOUR and place.fontUnderline()  # not only colour
    found = review.found.toPlainText()
    assert f"'{SURNAME}' (the surname)" in found and "'Manchester' (a capitalised" in found
    row = review.model.visible_rows[row_of(review, "N-0007")]
    assert row.masked is not None and row.masked >= 2 and row.flags is not None

    # Ctrl+Return marks it as reviewed
    qtbot.keyClick(review.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert status_of(review, "N-0007") == "Reviewed"
    assert review.state.text().startswith("Reviewed by ")
    assert review.summary.text() == "1 of 18 judge copies reviewed."
    assert not review.mark_button.isEnabled()

    # F8: the next one not reviewed
    qtbot.keyClick(review.view, Qt.Key.Key_F8)
    chosen = review.selected()
    assert chosen is not None and chosen.ref != "N-0007"
    assert chosen.status == judging.NOT_REVIEWED

    # the narrative changes in another window: changed since review
    event_id = demo_ctx.require_event()
    demo_ctx.write(lambda s: nominations.update_nomination(
        s, nominations.get_by_ref(s, event_id, "N-0007").id, obstacles="She kept going, "
        "every single day, through a long and uncertain time in a new country, learning a "
        "new language and a new school at once, and never once gave up on herself."))
    assert status_of(review, "N-0007") == "Changed since review"
    assert review.summary.text() == "0 of 18 judge copies reviewed · 1 changed since review."


def test_editing_from_the_review(qtbot: Any, demo_ctx: AppContext,
                                 review: JudgeCopyReviewDialog,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    review.view.setCurrentIndex(review.model.index(row_of(review, "N-0007"), 0))
    review.mark_button.click()
    assert status_of(review, "N-0007") == "Reviewed"
    notes: list[str] = []

    def edit(dialog: JudgeCopyDialog) -> None:
        dialog.boxes["success"].setPlainText(f"Mai {SURNAME} did brilliantly.")
        dialog.show_still_masked()
        notes.append(dialog.still_masked.text())
        dialog.accept()

    monkeypatch.setattr(JudgeCopyReviewDialog, "run_editor", lambda self, dialog: edit(dialog))
    review.edit_button.click()
    assert notes == ["1 detail would be masked for judges: the surname. Judges see the "
                     "masks, not the details."]
    assert status_of(review, "N-0007") == "Changed since review"
    assert "Mai [surname] did brilliantly." in review.masked.toPlainText()
    assert "(edited by the coordinator)" in review.masked.toPlainText()
    nomination_id = review.selected().nomination_id  # type: ignore[union-attr]
    stored = demo_ctx.read(lambda s: s.get(Nomination, nomination_id).judge_success)
    assert stored == f"Mai {SURNAME} did brilliantly."  # kept as typed; judges read it masked


# --- from the Judging page -------------------------------------------------------------------


@pytest.fixture
def page(qtbot: Any, demo_ctx: AppContext) -> JudgingPage:
    widget = JudgingPage(demo_ctx, None)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.reload()
    return widget


@pytest.fixture
def fake_session(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The session window replaced by a stand-in that records being started."""
    started: list[Any] = []

    class FakeSessionWindow:
        def __init__(self, ctx: AppContext, **_kwargs: Any) -> None:
            self.ctx = ctx

        def begin(self) -> None:
            started.append(self)

        show = begin

        def isVisible(self) -> bool:  # noqa: N802 (Qt's name)
            return False

    fake = types.ModuleType("awards_app.ui.judging.session")
    fake.JudgingSessionWindow = FakeSessionWindow  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "awards_app.ui.judging.session", fake)
    return started


def audit_summaries(ctx: AppContext) -> list[str]:
    return ctx.read(lambda s: list(s.scalars(select(AuditEntry.summary).where(
        AuditEntry.action == "judging_started_unreviewed"))))


def test_the_page_opens_the_review_and_says_how_many_are_left(
        qtbot: Any, demo_ctx: AppContext, page: JudgingPage) -> None:
    page.tabs.setCurrentIndex(3)
    assert page.review_note.text() == ("18 of 18 judge copies are not reviewed yet (or "
                                       "changed since review).")
    page.review_button.click()
    window = page.review_window
    assert isinstance(window, JudgeCopyReviewDialog) and window.isVisible()
    window.mark_button.click()
    assert page.review_note.text().startswith("17 of 18")
    page.review_button.click()  # a second click brings the same window forward
    assert page.review_window is window
    window.close()  # and it is gone: the next click opens a fresh one
    qtbot.waitUntil(lambda: page.review_window is None)


def test_starting_with_unreviewed_copies_asks_and_is_recorded(
        qtbot: Any, demo_ctx: AppContext, page: JudgingPage, questions: list[Any],
        fake_session: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: questions.append(a[1:3]) or QMessageBox.StandardButton.No)
    page.start_button.click()
    assert fake_session == [] and audit_summaries(demo_ctx) == []
    title, text = questions[-1]
    assert title == "Start judging session"
    assert text.startswith("18 judge copies have not been reviewed (N-0007, ")
    assert "and 13 more" in text

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: questions.append(a[1:3]) or QMessageBox.StandardButton.Yes)
    page.start_button.click()
    assert len(fake_session) == 1
    assert audit_summaries(demo_ctx) == ["18 judge copies not reviewed"]


def test_starting_with_every_copy_reviewed_asks_nothing(
        qtbot: Any, demo_ctx: AppContext, page: JudgingPage, questions: list[Any],
        fake_session: list[Any]) -> None:
    event_id = demo_ctx.require_event()

    def review_all(s: Any) -> None:
        for row in judging.review_rows(s, event_id):
            judging.mark_reviewed(s, row.nomination_id)

    demo_ctx.write(review_all)
    page.start_button.click()
    assert questions == [] and len(fake_session) == 1
    assert audit_summaries(demo_ctx) == []

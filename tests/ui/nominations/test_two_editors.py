"""Issue 10, item 2, end to end: two nomination editors open on one database (two windows).
A sets "name on certificate" to No and saves; B, opened before, changes only the citation and
saves. B is refused, told who changed what and when; Reload keeps B's typed citation, shows
consent No; saving then stores B's citation with consent still No."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from sqlalchemy import select

from awards_app.core.enums import Answer
from awards_app.db.models import Nomination, Nominee
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.forms import REAPPLIED_COLOUR
from awards_app.ui.nominations.editor import NominationEditor


def stored(ctx: AppContext, nomination_id: int) -> tuple[str, Answer]:
    return ctx.read(lambda s: tuple(s.execute(
        select(Nomination.citation, Nominee.consent_certificate_name)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Nomination.id == nomination_id)).one()))


def test_a_stale_citation_save_cannot_undo_the_consent(
        qtbot, demo_ctx: AppContext,  # type: ignore[no-untyped-def]
        another_window: Callable[[], AppContext],
        as_user: Callable[[str], None], messages: list[tuple[str, str, str]]) -> None:
    nomination_id = demo_ctx.read(lambda s: s.scalar(
        select(Nomination.id).join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Nominee.consent_certificate_name == Answer.YES).order_by(Nomination.id)))
    assert nomination_id is not None
    old_citation, _ = stored(demo_ctx, nomination_id)
    editor_a = NominationEditor(demo_ctx, None, nomination_id)
    editor_b = NominationEditor(another_window(), None, nomination_id)
    for editor in (editor_a, editor_b):
        qtbot.addWidget(editor)
        editor.show()
    assert editor_b.consent_certificate.currentData() == "yes"

    as_user("ann")
    editor_a.consent_certificate.setCurrentIndex(editor_a.consent_certificate.findData("no"))
    assert editor_a.save()
    assert stored(demo_ctx, nomination_id) == (old_citation, Answer.NO)

    as_user("ben")
    citation = "For steering her own course, one brave step at a time."
    editor_b.citation.setText(citation)
    assert not editor_b.save()
    assert editor_b.isVisible() and editor_b.stale.offering_reload
    message = editor_b.stale.message.text()
    assert message.startswith("ann changed this record at ")
    assert "(consent to be named on the certificate)" in message
    assert "Nothing was saved" in message and "Reload" in message
    assert messages == []  # said in the editor, beside the Reload button
    assert stored(demo_ctx, nomination_id) == (old_citation, Answer.NO)  # nothing of B's

    qtbot.mouseClick(editor_b.stale.reload_button, Qt.MouseButton.LeftButton)
    assert editor_b.citation.text() == citation  # B's own change, kept…
    assert REAPPLIED_COLOUR in editor_b.citation.styleSheet()  # …and shown as theirs
    assert editor_b.consent_certificate.currentData() == "no"  # A's change, now shown
    assert editor_b.consent_certificate.styleSheet() == ""
    assert not editor_b.stale.offering_reload and "Reloaded" in editor_b.stale.message.text()
    assert editor_b.is_dirty  # the reapplied citation is not saved yet

    assert editor_b.save()
    assert stored(demo_ctx, nomination_id) == (citation, Answer.NO)
    assert editor_b.stale.isHidden() and editor_b.citation.styleSheet() == ""
    assert not editor_b.is_dirty

"""The young person's and the worker's editors on a record changed in another window: the
save is refused naming who and what; Reload shows what is stored now with the person's own
changes on top (theirs win where both changed a field), outlined; saving again stores them."""

from __future__ import annotations

from collections.abc import Callable

from awards_app.core.enums import Answer
from awards_app.services import people
from awards_app.ui.common.context import AppContext
from awards_app.ui.people.dialogs import NomineeDialog, WorkerDialog
from tests.ui.stale import outlined_as_mine, refused_as_stale, reload, saved


def test_nominee_dialog_keeps_my_changes_over_the_latest(
        qtbot, demo_ctx: AppContext, as_user: Callable[[str], None],  # type: ignore[no-untyped-def]
        messages: list[tuple[str, str, str]]) -> None:
    event_id = demo_ctx.require_event()
    row = next(r for r in demo_ctx.read(lambda s: people.nominee_rows(s, event_id=event_id))
               if r.consent_certificate_name is Answer.YES and r.consent_public is Answer.YES)
    dialog = NomineeDialog(demo_ctx, None, row)
    qtbot.addWidget(dialog)
    dialog.show()

    as_user("ann")  # another window: name on certificate No, name in public No
    demo_ctx.write(lambda s: people.update_nominee(
        s, row.id, consent_certificate_name="no", consent_public="no"))
    as_user("ben")  # this window: a new preferred name; name in public stays Yes
    dialog.preferred_name.setText("Mimi")
    dialog.consents["consent_photo"].setCurrentIndex(
        dialog.consents["consent_photo"].findData("no"))
    message = refused_as_stale(dialog, messages)
    assert message.startswith("ann changed this record at ")
    assert ("(consent to be named on the certificate and consent to be named publicly)"
            in message)
    stored = demo_ctx.read(lambda s: people.get_nominee_fields(s, row.id))
    assert stored["preferred_name"] == row.preferred_name  # nothing of this window's

    reload(qtbot, dialog)
    assert dialog.preferred_name.text() == "Mimi" and outlined_as_mine(dialog.preferred_name)
    assert dialog.consents["consent_photo"].currentData() == "no"
    assert outlined_as_mine(dialog.consents["consent_photo"])
    assert dialog.consents["consent_certificate_name"].currentData() == "no"  # theirs, shown
    assert not outlined_as_mine(dialog.consents["consent_certificate_name"])
    assert not outlined_as_mine(dialog.first_name)

    assert saved(dialog)
    stored = demo_ctx.read(lambda s: people.get_nominee_fields(s, row.id))
    assert (stored["preferred_name"], stored["consent_photo"],
            stored["consent_certificate_name"], stored["consent_public"]) == (
        "Mimi", Answer.NO, Answer.NO, Answer.NO)


def test_worker_dialog_where_both_changed_the_same_field(
        qtbot, demo_ctx: AppContext, messages: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    event_id = demo_ctx.require_event()
    row = demo_ctx.read(lambda s: people.worker_rows(s, event_id=event_id))[0]
    dialog = WorkerDialog(demo_ctx, None, row)
    qtbot.addWidget(dialog)
    dialog.show()
    demo_ctx.write(lambda s: people.update_worker(s, row.id, team="Their team"))
    dialog.team.setText("My team")
    message = refused_as_stale(dialog, messages)
    assert message.startswith("This record was changed in another window at ")  # same user
    assert "(team)" in message
    reload(qtbot, dialog)
    assert dialog.team.text() == "My team" and outlined_as_mine(dialog.team)  # mine on top
    assert saved(dialog)
    assert demo_ctx.read(lambda s: people.worker_for_edit(s, row.id)).values["team"] == "My team"

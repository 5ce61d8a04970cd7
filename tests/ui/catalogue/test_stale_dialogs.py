"""The category, criterion, sponsor and judge editors on a record changed in another window:
refused naming what changed; Reload keeps this window's own change, outlined; saving again
stores both."""

from __future__ import annotations

import io

from PIL import Image

from awards_app.core.enums import CriterionRole
from awards_app.services.catalogue import categories, sponsors
from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
from awards_app.ui.common.context import AppContext
from tests.ui.stale import outlined_as_mine, refused_as_stale, reload, saved

Messages = list[tuple[str, str, str]]


def test_category_dialog(qtbot, demo_ctx: AppContext, messages: Messages) -> None:  # type: ignore[no-untyped-def]
    event_id = demo_ctx.require_event()
    row = demo_ctx.read(lambda s: categories.category_rows(s, event_id))[0]
    dialog = CategoryDialog(demo_ctx, None, category=row)
    qtbot.addWidget(dialog)
    dialog.show()
    demo_ctx.write(lambda s: categories.update_category(
        s, row.id, highly_commended_count=row.highly_commended_count + 2))
    dialog.description.setPlainText("For learning, in every form it takes.")
    assert "(number highly commended)" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert dialog.highly_commended.value() == row.highly_commended_count + 2
    assert outlined_as_mine(dialog.description) and not outlined_as_mine(dialog.highly_commended)
    assert saved(dialog)
    stored = demo_ctx.read(lambda s: categories.category_for_edit(s, row.id)).values
    assert (stored["description"], stored["highly_commended_count"]) == (
        "For learning, in every form it takes.", row.highly_commended_count + 2)


def test_criterion_dialog_when_the_tie_break_moved(
        qtbot, ctx: AppContext, event_id: int, messages: Messages) -> None:  # type: ignore[no-untyped-def]
    category_id = ctx.read(lambda s: categories.category_rows(s, event_id))[0].id
    rows = ctx.read(lambda s: categories.criterion_rows(s, category_id))
    holder = next(r for r in rows if r.role == CriterionRole.OBSTACLES)
    other = next(r for r in rows if r.role is None)
    dialog = CriterionDialog(ctx, None, category_id=category_id, criterion=holder)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.breaks_ties.isChecked()
    ctx.write(lambda s: categories.update_criterion(s, other.id, role=CriterionRole.OBSTACLES))
    dialog.guidance.setPlainText("Look for grit.")
    assert "(whether it breaks ties)" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert not dialog.breaks_ties.isChecked()  # it moved; saving will not take it back
    assert saved(dialog)
    stored = ctx.read(lambda s: categories.criterion_for_edit(s, holder.id)).values
    assert (stored["guidance"], stored["role"]) == ("Look for grit.", None)


def test_sponsor_dialog_when_the_logo_changed(
        qtbot, demo_ctx: AppContext, messages: Messages) -> None:  # type: ignore[no-untyped-def]
    event_id = demo_ctx.require_event()
    row = demo_ctx.read(lambda s: sponsors.sponsor_rows(s, event_id))[0]
    dialog = SponsorDialog(demo_ctx, None, sponsor=row)
    qtbot.addWidget(dialog)
    dialog.show()
    out = io.BytesIO()
    Image.new("RGB", (30, 10), "green").save(out, "PNG")
    logo = out.getvalue()
    demo_ctx.write(lambda s: sponsors.update_sponsor(s, row.id, logo=logo))
    dialog.notes.setPlainText("Sponsors the buffet too.")
    assert "(logo)" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert dialog.logo.logo_bytes() == logo and outlined_as_mine(dialog.notes)
    assert saved(dialog)
    stored = demo_ctx.read(lambda s: sponsors.sponsor_for_edit(s, row.id)).values
    assert (stored["notes"], stored["logo"]) == ("Sponsors the buffet too.", logo)


def test_judge_dialog(qtbot, demo_ctx: AppContext, messages: Messages) -> None:  # type: ignore[no-untyped-def]
    event_id = demo_ctx.require_event()
    sponsor = demo_ctx.read(lambda s: sponsors.sponsor_rows(s, event_id))[0]
    row = demo_ctx.read(lambda s: sponsors.judge_rows(s, sponsor.id))[0]
    dialog = JudgeDialog(demo_ctx, None, sponsor_id=sponsor.id, judge=row)
    qtbot.addWidget(dialog)
    dialog.show()
    demo_ctx.write(lambda s: sponsors.update_judge(s, row.id, email="new.address@example.org"))
    dialog.name.setText(row.name + " Jr")
    assert "(email)" in refused_as_stale(dialog, messages)
    reload(qtbot, dialog)
    assert dialog.email.text() == "new.address@example.org"
    assert dialog.name.text() == row.name + " Jr" and outlined_as_mine(dialog.name)
    assert saved(dialog)
    stored = demo_ctx.read(lambda s: sponsors.judge_for_edit(s, row.id)).values
    assert (stored["name"], stored["email"]) == (row.name + " Jr", "new.address@example.org")

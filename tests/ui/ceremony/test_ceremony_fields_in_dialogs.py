"""Pronunciation in the young person's dialog and the presenter in the category dialog: saved
through the real dialogs (a stale copy still refused), and read by the ceremony script."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from awards_app.core.errors import StaleEditError
from awards_app.db.engine import Database
from awards_app.db.models import Category, Nominee
from awards_app.services import ceremony as cer
from awards_app.services import people
from awards_app.services.catalogue import categories
from awards_app.ui.catalogue.category_dialogs import CategoryDialog
from awards_app.ui.common.context import AppContext
from awards_app.ui.people.dialogs import NomineeDialog
from tests.services.ceremony.combos import Built, build


def test_pronunciation_and_presenter_reach_the_script(qtbot, ctx: AppContext,  # type: ignore[no-untyped-def]
                                                      db: Database) -> None:
    built: Built = build(db)
    ctx.set_database(ctx.database)
    full = next(p for p in built.people if p.full)
    rows = ctx.read(lambda s: people.nominee_rows(s, event_id=built.event_id))
    row = next(r for r in rows if r.preferred_name == full.preferred)
    assert row.pronunciation == f"say {full.preferred} {full.surname}"
    dialog = NomineeDialog(ctx, None, row)
    qtbot.addWidget(dialog)
    assert dialog.pronunciation.text() == row.pronunciation
    dialog.pronunciation.setText("KAY-ab ZIK-mark")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.read_session() as s:
        assert s.get(Nominee, row.id).pronunciation == "KAY-ab ZIK-mark"

    category_row = next(r for r in ctx.read(lambda s: categories.category_rows(
        s, built.event_id)) if r.name == full.category)
    edit = CategoryDialog(ctx, None, category=category_row)
    qtbot.addWidget(edit)
    edit.presenter.setText("Councillor Ada Brooks")
    edit.accept()
    assert edit.result() == QDialog.DialogCode.Accepted
    with db.read_session() as s:
        assert s.get(Category, category_row.id).presenter == "Councillor Ada Brooks"
        script = cer.section_text(cer.script_section(cer.ceremony(s, built.event_id)))
    lines = script.splitlines()
    assert "Presented by Councillor Ada Brooks" in lines
    at = lines.index(full.entry)
    assert lines[at + 1].strip() == "Say it: KAY-ab ZIK-mark"


def test_a_stale_pronunciation_is_refused(ctx: AppContext, db: Database) -> None:
    built: Built = build(db)
    ctx.set_database(ctx.database)
    rows = ctx.read(lambda s: people.nominee_rows(s, event_id=built.event_id))
    row = rows[0]
    with db.session() as s:
        people.update_nominee(s, row.id, pronunciation="first")
    try:
        with db.session() as s:
            people.update_nominee(s, row.id, expected_version=row.version,
                                  original=row.editable, pronunciation="second")
    except StaleEditError as error:
        assert "how to say their name" in error.fields
    else:
        raise AssertionError("a stale pronunciation was saved")

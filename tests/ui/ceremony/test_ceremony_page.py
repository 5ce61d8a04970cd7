"""The Ceremony page through the real main window: placed young people in running order with
the name as it will be read, photo and press status in words, ceremony details edited (and a
stale copy refused), every output saved off the UI thread and read back for consent."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from awards_app.core import ceremony_names as rules
from awards_app.db.engine import Database
from awards_app.db.models import CeremonySeat, Nomination, Nominee
from awards_app.services import ceremony as cer
from awards_app.ui.ceremony.details_dialog import CeremonyDetailsDialog
from awards_app.ui.ceremony.page import CHOICES, CeremonyPage, Choice
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import MainWindow
from tests.services.ceremony.combos import Built, build, entries
from tests.services.ceremony.test_consent_combinations import assert_private, pdf_pages


@pytest.fixture
def built(db: Database) -> Built:
    return build(db)


@pytest.fixture
def page(qtbot, ctx: AppContext, built: Built):  # type: ignore[no-untyped-def]
    ctx.set_database(ctx.database)  # the event was made after the context opened the file
    assert ctx.event_id == built.event_id
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    shown = window.show_page(PageId.CEREMONY)
    assert isinstance(shown, CeremonyPage)
    return shown


def cells(page: CeremonyPage, column: str) -> list[str]:
    at = [c.title for c in page.model.columns].index(column)
    return [page.model.data(page.model.index(row, at)) for row in range(page.model.rowCount())]


def test_running_order_with_names_as_read_and_status_in_words(page: CeremonyPage,
                                                              built: Built) -> None:
    assert page.model.rowCount() == len(built.people)
    by_preferred = {p.preferred: p for p in built.people}
    people = [by_preferred[r.young_person] for r in page.model.visible_rows]
    assert cells(page, "Name as read") == [isolate(p.name) for p in people]
    assert cells(page, "Photos") == ["Yes" if p.photographable else "No" for p in people]
    order = [built.categories.index(p.category) for p in people]
    assert order == sorted(order)
    assert not {"True", "False"} & set(cells(page, "Press") + cells(page, "Photos"))
    assert page.left_out.isVisible() and built.unconfirmed in page.left_out.text()
    assert page.left_out.textFormat() == Qt.TextFormat.PlainText


def test_details_are_edited_and_saved_with_the_running_order_updated(
        page: CeremonyPage, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    target = page.model.visible_rows[3]

    def fill(dialog: CeremonyDetailsDialog) -> bool:
        assert isinstance(dialog, CeremonyDetailsDialog)
        assert dialog.name_read.text() == (f"{target.placement}, {isolate(target.category)}"
                                           f": {isolate(target.name_read)}")
        dialog.pronunciation.setText("KAY-ab")
        dialog.seat.setText("Table 12")
        dialog.press_wording.setPlainText("Approved by the team.")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", fill)
    page.view.setCurrentIndex(page.model.index(3, 0))
    page.view.setFocus()
    assert page.details_button.isEnabled()
    page.details_button.click()
    with db.read_session() as s:
        nomination = s.get(Nomination, target.nomination_id)
        nominee = s.get(Nominee, target.nominee_id)
        seat = s.get(CeremonySeat, (nomination.event_id, target.nominee_id))
        assert nominee.pronunciation == "KAY-ab"
        assert nomination.press_wording == "Approved by the team."
        assert seat is not None and seat.seat == "Table 12"
    row = page.model.visible_rows[page.model.position_of(target.nomination_id)]
    assert (row.pronunciation, row.seat) == ("KAY-ab", "Table 12")


def test_a_stale_copy_shows_the_reload_banner(qtbot, page: CeremonyPage, db: Database,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = page.model.visible_rows[0]
    seen: list[CeremonyDetailsDialog] = []

    def meanwhile_then_save(dialog: CeremonyDetailsDialog) -> bool:
        with db.session() as s:  # another window saves a seat first
            cer.save_details(s, event_id=page.ctx.require_event(),
                             nomination_id=target.nomination_id, seat="Table 99")
        dialog.seat.setText("Table 1")
        dialog.accept()
        seen.append(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", meanwhile_then_save)
    page.view.setCurrentIndex(page.model.index(0, 0))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter opens the details
    assert seen and seen[0].result() != QDialog.DialogCode.Accepted
    assert not seen[0].stale.isHidden()
    with db.read_session() as s:
        event_id = s.get(Nomination, target.nomination_id).event_id
        assert s.get(CeremonySeat, (event_id, target.nominee_id)).seat == "Table 99"


@pytest.mark.parametrize(("output", "name"), [
    (cer.Output.PACK, "pack.pdf"), (cer.Output.SCRIPT, "script.docx"),
    (cer.Output.PHOTOGRAPHER, "photos.pdf"), (cer.Output.PRESS, "press"),
    (cer.Output.SPONSORS, "sheets.pdf")])
def test_each_output_is_saved_off_the_ui_thread(qtbot, page: CeremonyPage, built: Built,  # type: ignore[no-untyped-def]
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                output: cer.Output, name: str) -> None:
    asked: list[Choice] = []

    def choose(_parent, choice: Choice) -> str:  # type: ignore[no-untyped-def]
        asked.append(choice)
        return str(tmp_path / name)

    monkeypatch.setattr(CeremonyPage, "choose_file", staticmethod(choose))
    opened: list[Path] = []
    monkeypatch.setattr("awards_app.ui.ceremony.page.open_file",
                        lambda _parent, path: opened.append(Path(path)))
    qtbot.mouseClick(page.save_buttons[output], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisible(), timeout=30_000)
    assert asked[0].output is output
    path = page.last_file
    assert path is not None and path.exists()
    assert path.suffix in (".pdf", ".docx") and path.parent == tmp_path
    assert str(path) in page.message.text()
    text = (docx_text(path) if path.suffix == ".docx" else "\n".join(pdf_pages(path)))
    assert_private(text, built.people)
    rule = {cer.Output.PHOTOGRAPHER: rules.PHOTO_RULE, cer.Output.PRESS: rules.PRESS_RULE,
            cer.Output.SPONSORS: rules.SPONSOR_RULE}.get(output, rules.NAMING_RULE)
    assert " ".join(rule.split()) in " ".join(text.split())
    if output is cer.Output.SCRIPT:
        assert entries(text) == {p.code: p.entry for p in built.people}
    page.open_button.click()
    assert opened == [path]


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_cancel_writes_nothing(qtbot, page: CeremonyPage, tmp_path: Path,  # type: ignore[no-untyped-def]
                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(CeremonyPage, "choose_file",
                        staticmethod(lambda _parent, _choice: str(out / "pack.pdf")))
    started = []
    real = page.ctx.tasks.start_with_dialog

    def start_cancelled(parent, title, job, **kwargs):  # type: ignore[no-untyped-def]
        task = real(parent, title, job, **kwargs)
        task.cancel()
        started.append(task)
        return task

    monkeypatch.setattr(page.ctx.tasks, "start_with_dialog", start_cancelled)
    page.save_output(next(c for c in CHOICES if c.output is cer.Output.PACK))
    qtbot.waitUntil(lambda: page.save_buttons[cer.Output.PACK].isEnabled(), timeout=30_000)
    assert started
    assert page.message.text() == "Cancelled: no file was written."
    assert not list(out.iterdir())  # neither the file nor a partial one

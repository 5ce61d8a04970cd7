"""The whole year from the window (issue 13, "Done means"): a coordinator starts on an empty
database and follows the README through the real MainWindow, with key presses and mouse
clicks only — the New event dialog, Event settings, a category with criteria, a sponsor and
its judge, a Microsoft Forms export through the mapping step (then the same file grown by two
rows), search, bulk changes with one confirmation and undo, paper judging (packs, typed
scores, submitting for the judge), confirming the results, the results sheet and the
certificates.

Blocking dialogs are shown for real and driven with keys and clicks: their ``exec`` is
replaced by one that shows the dialog, lets the step fill it, then clicks its OK button.
Message boxes and file dialogs are answered as in the other UI tests (``messages``,
``questions``, QFileDialog replaced)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QWidget,
)
from sqlalchemy import select

from awards_app.core.enums import EventStatus
from awards_app.core.enums import NominationStatus as S
from awards_app.core.codes import normalise_code
from awards_app.db.models import Certificate, Nomination
from awards_app.services import events
from awards_app.services.transfer import saved_mappings
from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
from awards_app.ui.catalogue.event_dialog import EventDialog, EventSettingsDialog
from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import PAGES, MainWindow
from awards_app.ui.certificates.pdf_preview import page_count
from awards_app.ui.judging.paper.packs import PacksPanel
from awards_app.ui.nominations.bulk import BulkConfirmDialog
from awards_app.ui.results.page import EXPORT_FILTERS
from tests.services.transfer.test_mapping import form_rows, write_form
from tests.ui.judging.paper.test_paper_judging import choose_judge, press_enter, type_keys
from tests.ui.nominations.test_bulk_actions import choose as choose_action
from tests.ui.nominations.test_bulk_actions import click as row_click
from tests.ui.nominations.test_bulk_actions import context_menu, release_modifiers

LEFT = Qt.MouseButton.LeftButton
CATEGORY = "Music Maker"
JUDGE = "Tom Price"


# --- driving the window as a person would ------------------------------------------------


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, LEFT)


def button(root: QWidget, text: str) -> QPushButton:
    found = [b for b in root.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert len(found) == 1, (text, [b.text() for b in root.findChildren(QPushButton)])
    return found[0]


def ok_button(dialog: QDialog) -> QAbstractButton:
    for box in dialog.findChildren(QDialogButtonBox):
        for candidate in box.buttons():
            if box.buttonRole(candidate) == QDialogButtonBox.ButtonRole.AcceptRole:
                return candidate
    raise AssertionError(f"no OK button on {dialog.windowTitle()!r}")


def activate(qtbot: Any, window: QWidget) -> None:
    """The window has the keyboard again (as after a dialog closes on a real desktop)."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)


def focus(qtbot: Any, widget: QWidget) -> None:
    activate(qtbot, widget.window())
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=10_000)


def retype(qtbot: Any, widget: QWidget, text: str) -> None:
    """Select what a box holds (Ctrl+A) and type over it."""
    focus(qtbot, widget)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def type_date(qtbot: Any, edit: QDateEdit, day: date) -> None:
    """Type a date's digits into a dd/MM/yyyy box, from its first section."""
    focus(qtbot, edit)
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, day.strftime("%d%m%Y"))
    assert edit.date() == QDate(day.year, day.month, day.day), edit.text()


def choose_in_combo(qtbot: Any, combo: Any, data: Any) -> None:
    """Move a drop-down to the item holding ``data`` with the arrow keys."""
    focus(qtbot, combo)
    target = combo.findData(data)
    assert target >= 0, data
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


class Dialogs:
    """Modal dialogs shown for real: a dialog class's ``exec`` shows it, runs the next filler
    queued for it (keys and clicks), then clicks OK if it is still open."""

    def __init__(self, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.qtbot, self.monkeypatch = qtbot, monkeypatch
        self.fillers: dict[type, list[Callable[[Any], None]]] = {}
        self.seen: list[QDialog] = []

    def answer(self, cls: type[QDialog], *fillers: Callable[[Any], None]) -> None:
        if cls not in self.fillers:
            self.monkeypatch.setattr(cls, "exec", lambda dialog: self._run(cls, dialog))
        self.fillers.setdefault(cls, []).extend(fillers)

    def _run(self, cls: type, dialog: QDialog) -> int:
        queued = self.fillers[cls]
        assert queued, f"{cls.__name__} opened unexpectedly"
        self.seen.append(dialog)
        with self.qtbot.waitActive(dialog, timeout=10_000):
            dialog.show()
            dialog.activateWindow()
        queued.pop(0)(dialog)
        if dialog.isVisible():
            self.qtbot.mouseClick(ok_button(dialog), LEFT)
        assert not dialog.isVisible(), f"{dialog.windowTitle()!r} stayed open"
        return int(dialog.result())


@pytest.fixture
def dialogs(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(qtbot, monkeypatch)


@pytest.fixture
def window(qtbot: Any, messages: list[tuple[str, str, str]], db_path: Path
           ) -> Iterator[MainWindow]:
    ctx = AppContext()
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    with qtbot.waitActive(win, timeout=10_000):
        win.show()
        win.activateWindow()
    with qtbot.waitSignal(ctx.database_changed, timeout=30_000):
        win.open_database(str(db_path))
    yield win
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control):
        qtbot.keyRelease(win, key)


def nominations_stored(ctx: AppContext) -> int:
    return len(ctx.read(lambda s: s.scalars(select(Nomination.id)).all()))


def statuses(ctx: AppContext, ids: list[int]) -> dict[int, S]:
    return ctx.read(lambda s: {n.id: n.status for n in s.scalars(
        select(Nomination).where(Nomination.id.in_(ids)))})


def idle(qtbot: Any, ctx: AppContext) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=60_000)


def go(qtbot: Any, window: MainWindow, page_id: PageId) -> Any:
    """Ctrl+<number> (View menu) to a page."""
    number = [p for p, _m, _c in PAGES].index(page_id) + 1
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, getattr(Qt.Key, f"Key_{number % 10}"),
                   Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert page is window.page(page_id), (page_id, QApplication.activeWindow())
    idle(qtbot, window.ctx)
    return page


# --- the year ------------------------------------------------------------------------------


def test_a_whole_year_through_the_window(qtbot: Any, window: MainWindow, dialogs: Dialogs,
                                         messages: list[tuple[str, str, str]],
                                         questions: list[tuple[str, str]],
                                         monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    ctx = window.ctx
    assert window.stack.currentWidget() is window.welcome and ctx.event_id is None
    today = date.today()

    # 1. New event: the next ceremony after today is proposed; the date follows the year.
    proposed: dict[str, date] = {}

    def new_event(dialog: EventDialog) -> None:
        shown = dialog.ceremony.date().toPython()
        assert shown > today and dialog.year.value() == shown.year
        proposed["ceremony"] = shown
        focus(qtbot, dialog.year)
        qtbot.keyClick(dialog.year, Qt.Key.Key_Up)
        assert dialog.ceremony.date().toPython() == shown.replace(year=shown.year + 1)
        qtbot.keyClick(dialog.year, Qt.Key.Key_Down)
        assert dialog.ceremony.date().toPython() == shown
        retype(qtbot, dialog.name, "Riverside Care Leavers Awards")
        retype(qtbot, dialog.venue, "Riverside Town Hall")

    dialogs.answer(EventDialog, new_event)
    click(qtbot, window.welcome.new_button)
    year = proposed["ceremony"].year
    assert ctx.event_title == f"Riverside Care Leavers Awards {year}"
    assert questions == []  # a ceremony ahead, in the event's year: nothing to ask

    # 2. Event settings from the Overview: ceremony date, deadline, venue, stage.
    overview = go(qtbot, window, PageId.OVERVIEW)
    ceremony, deadline = date(year, 3, 19), date(year, 1, 31)

    def settings(dialog: EventSettingsDialog) -> None:
        type_date(qtbot, dialog.ceremony, ceremony)
        type_date(qtbot, dialog.deadline, deadline)
        retype(qtbot, dialog.venue, "The Mill, Riverside")
        choose_in_combo(qtbot, dialog.status, EventStatus.NOMINATIONS_OPEN.value)
        assert dialog.stage_words.text() == events.STAGE_WORDS[EventStatus.NOMINATIONS_OPEN]

    dialogs.answer(EventSettingsDialog, settings)
    click(qtbot, overview.settings_button)
    stored = ctx.read(lambda s: (lambda e: (e.ceremony_date, e.nomination_deadline, e.venue,
                                            e.status))(events.get_event(s, ctx.require_event())))
    assert stored == (
        ceremony, deadline, "The Mill, Riverside", EventStatus.NOMINATIONS_OPEN)

    # 3. A category with two criteria of its own.
    categories = go(qtbot, window, PageId.CATEGORIES)

    def category(dialog: CategoryDialog) -> None:
        retype(qtbot, dialog.name, CATEGORY)
        click(qtbot, dialog.standard_criteria)  # untick: our own criteria instead
        assert not dialog.standard_criteria.isChecked()

    def criterion(name: str, heavier: bool) -> Callable[[CriterionDialog], None]:
        def fill(dialog: CriterionDialog) -> None:
            retype(qtbot, dialog.name, name)
            if heavier:
                focus(qtbot, dialog.weight)
                qtbot.keyClick(dialog.weight, Qt.Key.Key_Up)
                qtbot.keyClick(dialog.weight, Qt.Key.Key_Up)  # ×1 → ×2 in steps of 0.5
        return fill

    dialogs.answer(CategoryDialog, category)
    dialogs.answer(CriterionDialog, criterion("Performance", True), criterion("Growth", False))
    click(qtbot, button(categories, "&Add category…"))
    assert categories.selected_row().name == CATEGORY
    click(qtbot, button(categories, "Add &criterion…"))
    click(qtbot, button(categories, "Add &criterion…"))
    assert [(r.name, r.weight_label) for r in categories.criteria_model.visible_rows] == [
        ("Performance", "×2"), ("Growth", "×1")]

    # 4. A sponsor with a judge; the sponsor judges the new category (ticked with Space).
    sponsors = go(qtbot, window, PageId.SPONSORS)

    def sponsor(dialog: SponsorDialog) -> None:
        retype(qtbot, dialog.name, "Riverline Buses")

    def judge(dialog: JudgeDialog) -> None:
        retype(qtbot, dialog.name, JUDGE)
        retype(qtbot, dialog.email, "tom@riverline.example")

    dialogs.answer(SponsorDialog, sponsor)
    dialogs.answer(JudgeDialog, judge)
    click(qtbot, button(sponsors, "&Add sponsor…"))
    click(qtbot, button(sponsors, "Add &judge…"))
    choices = sponsors.choices
    row = next(i for i in range(choices.rowCount())
               if choices.data(choices.index(i, 0)) == CATEGORY)
    focus(qtbot, sponsors.choices_view)
    sponsors.choices_view.setCurrentIndex(choices.index(row, 0))
    qtbot.keyClick(sponsors.choices_view, Qt.Key.Key_Space)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: CATEGORY in sponsors.selected_row().categories_label, timeout=10_000)
    assert sponsors.selected_row().judges_count == 1

    # 5. A Microsoft Forms export through the mapping step; saved; then the file grown by two.
    header, rows = form_rows()  # ID, Start time, Completion time, Email, Name, questions…
    award = header.index("Which award are you nominating for?")
    for item in rows:
        item[award] = f"{CATEGORY} award"  # the form's wording of the category's name
    export = tmp_path / "Nominations (responses).csv"
    write_form(export, rows[:3], header)
    transfer = go(qtbot, window, PageId.TRANSFER)
    assert transfer.kind.currentData() == "nominations"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(export), "Spreadsheets (*.csv *.xlsx)"))
    click(qtbot, transfer.choose_button)
    qtbot.waitUntil(lambda: transfer.mapping_dialog is not None, timeout=30_000)
    mapping = transfer.mapping_dialog
    qtbot.waitExposed(mapping)
    assert mapping.field_boxes["ID"].currentData() == "source_id"
    assert mapping.field_boxes["Start time"].currentData() is None  # ignored
    assert mapping.value_boxes[("category", f"{CATEGORY} award")].currentText() == CATEGORY
    retype(qtbot, mapping.name_edit, "Riverside form")
    qtbot.keyClick(mapping.name_edit, Qt.Key.Key_Return)  # Continue: check every row
    qtbot.waitUntil(lambda: transfer.mapping_dialog is None, timeout=10_000)
    idle(qtbot, ctx)
    assert transfer.summary.text().startswith("3 rows ready to import"), transfer.summary.text()
    assert [m.name for m in ctx.read(lambda s: saved_mappings.list_mappings(
        s, "nominations"))] == ["Riverside form"]  # proposed again for these headers
    click(qtbot, transfer.import_button)
    idle(qtbot, ctx)
    assert nominations_stored(ctx) == 3
    write_form(export, rows, header)  # two more answers arrived
    click(qtbot, transfer.recheck_button)
    idle(qtbot, ctx)
    assert transfer.summary.text().startswith("2 new, 3 already imported: 2 rows ready"), \
        transfer.summary.text()
    click(qtbot, transfer.import_button)
    idle(qtbot, ctx)
    assert nominations_stored(ctx) == 5
    assert transfer.summary.text().startswith("2 new, 3 already imported: imported 2 rows")
    assert not [m for m in messages if m[0] in ("warning", "critical")], messages

    # 6. Search: "zoe" finds Zoë.
    nominations = go(qtbot, window, PageId.NOMINATIONS)
    qtbot.waitUntil(lambda: nominations.model.total_count == 5, timeout=20_000)
    retype(qtbot, nominations.search, "zoe")
    qtbot.waitUntil(lambda: [r.nominee for r in nominations.model.visible_rows] == ["Zoë"],
                    timeout=5_000)
    qtbot.keyClick(nominations.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(nominations.search, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: nominations.model.rowCount() == 5, timeout=5_000)

    # 7. Bulk: accept all five (Ctrl+A, one confirmation), shortlist three, undo that.
    ids = [r.id for r in nominations.model.visible_rows]
    row_click(qtbot, nominations, 0)
    qtbot.keyClick(nominations.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert nominations.selection_label.text() == "5 selected"

    def confirm(expected: str) -> Callable[[Any], None]:
        def check(dialog: Any) -> None:
            assert dialog.message.text().startswith(expected), dialog.message.text()
        return check

    dialogs.answer(BulkConfirmDialog, confirm("Accept 5 nominations?"))
    choose_action(qtbot, context_menu(qtbot, nominations, 2), "Accept…")
    qtbot.waitUntil(lambda: set(statuses(ctx, ids).values()) == {S.ACCEPTED}, timeout=20_000)
    row_click(qtbot, nominations, 0)
    row_click(qtbot, nominations, 2, Qt.KeyboardModifier.ShiftModifier)
    shortlisted = [r.id for r in nominations.selected_rows()]
    assert len(shortlisted) == 3
    dialogs.answer(BulkConfirmDialog, confirm("Shortlist 3 nominations?"))
    choose_action(qtbot, context_menu(qtbot, nominations, 1), "Shortlist…")
    qtbot.waitUntil(lambda: {statuses(ctx, ids)[i] for i in shortlisted} == {S.SHORTLISTED},
                    timeout=20_000)
    release_modifiers(qtbot, nominations.view)
    qtbot.waitUntil(nominations.undo_button.isEnabled, timeout=20_000)
    dialogs.answer(BulkConfirmDialog, lambda dialog: None)
    click(qtbot, nominations.undo_button)
    qtbot.waitUntil(lambda: set(statuses(ctx, ids).values()) == {S.ACCEPTED}, timeout=20_000)

    # 8. Judging day on paper: the stage, the packs saved, a returned pack typed by keyboard,
    #    then submitted on the judge's behalf.
    overview = go(qtbot, window, PageId.OVERVIEW)
    dialogs.answer(EventSettingsDialog, lambda dialog: choose_in_combo(
        qtbot, dialog.status, EventStatus.JUDGING.value))
    click(qtbot, overview.settings_button)
    assert ctx.read(lambda s: events.get_event(s, ctx.require_event()).status) == \
        EventStatus.JUDGING
    judging_page = go(qtbot, window, PageId.JUDGING)
    click(qtbot, judging_page.paper_button)
    paper = judging_page.paper_window
    assert paper is not None
    activate(qtbot, paper)
    packs_file = tmp_path / "packs" / "judging packs"  # no suffix: .pdf is added
    packs_file.parent.mkdir()
    monkeypatch.setattr(PacksPanel, "choose_file", staticmethod(lambda *_: str(packs_file)))
    paper.show_tab(paper.PACKS)
    assert paper.packs.everyone.isChecked()
    click(qtbot, paper.packs.save_button)
    qtbot.waitUntil(paper.packs.folder_button.isVisible, timeout=60_000)
    packs_pdf = packs_file.with_suffix(".pdf")
    assert packs_pdf.read_bytes().startswith(b"%PDF") and page_count(packs_pdf) >= 6

    entry = paper.entry
    choose_judge(qtbot, paper, JUDGE)
    refs = sorted(r.ref for r in nominations.model.visible_rows)
    scores = {ref: (9 - i, 8 - i) for i, ref in enumerate(refs)}  # no ties
    type_keys(paper, refs[0])
    press_enter(paper)
    for ref in refs:
        assert entry.heading.text().startswith(ref), entry.heading.text()
        type_keys(paper, "".join(str(v % 10) for v in scores[ref]))
        type_keys(paper, "Clear and moving")
        press_enter(paper)  # saved; on to the next still to enter
        assert f"Saved {ref}" in entry.message.text(), entry.message.text()
    top = entry.missing.topLevelItem(0)
    assert top.text(1) == "all scored: ready to submit"
    qtbot.mouseClick(entry.missing.viewport(), LEFT,
                     pos=entry.missing.visualItemRect(top).center())
    click(qtbot, entry.submit_button)
    assert questions[-1][0] == "Submit for a paper judge"
    qtbot.waitUntil(lambda: entry.missing.topLevelItem(0).text(1) == "submitted",
                    timeout=10_000)
    paper.close()

    # 9. Results: the ranking follows the typed scores; placements confirmed.
    results = go(qtbot, window, PageId.RESULTS)
    row = results.categories.index_of(lambda r: r.category == CATEGORY)
    qtbot.mouseClick(results.categories_view.viewport(), LEFT,
                     pos=results.categories_view.visualRect(
                         results.categories.index(row, 0)).center())
    assert results.heading.text() == CATEGORY
    qtbot.waitUntil(lambda: results.status.text() == "Complete — ready to confirm",
                    timeout=10_000)
    assert [r.ref for r in results.ranking.visible_rows] == refs
    click(qtbot, results.confirm_button)
    assert f"Winner: {refs[0]}" in questions[-1][1]
    qtbot.waitUntil(lambda: results.status.text().startswith("Final, confirmed on "),
                    timeout=10_000)

    # 10. The results sheet, with names as the certificates print them.
    sheet = tmp_path / "results"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(sheet), EXPORT_FILTERS[0]))
    click(qtbot, results.export_button)
    idle(qtbot, ctx)
    book = openpyxl.load_workbook(sheet.with_suffix(".xlsx"))
    cells = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert cells[0][:4] == ["Category", "Placement", "Rank", "Name as printed"]
    assert [row[:3] for row in cells[1:3]] == [[CATEGORY, "Winner", 1],
                                               [CATEGORY, "Runner-up", 2]]
    sheet_names = {refs[row[2] - 1]: row[3] for row in cells[1:]}
    assert len(sheet_names) == 5 and "Zoë" in sheet_names.values()
    assert not any("Nowak" in str(v) for row in cells for v in row)  # she said not yet
    ranked_ids = {r.ref: r.nomination_id for r in results.ranking.visible_rows}

    # 11. Certificates: one PDF for everyone placed; its QR codes decode to their codes.
    certificates_page = go(qtbot, window, PageId.CERTIFICATES)
    qtbot.waitUntil(lambda: certificates_page.model.rowCount() == 5, timeout=20_000)
    made = tmp_path / "certificates.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(made), ""))
    click(qtbot, certificates_page.generate_button)
    idle(qtbot, ctx)
    assert page_count(made) == 5
    issued = ctx.read(lambda s: {c.nomination_id: (c.code, c.recipient_name)
                                 for c in s.scalars(select(Certificate))})
    codes = {code for code, _name in issued.values()}
    assert len(codes) == 5
    # the sheet named everyone as their certificate prints them
    assert {ref: issued[ranked_ids[ref]][1] for ref in refs} == sheet_names
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-gray", str(made),
                        str(tmp_path / "page")], check=True, timeout=60)
        decoded = set()
        for image in sorted(tmp_path.glob("page-*.png")):
            done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(image)],
                                  capture_output=True, timeout=60)
            assert done.returncode == 0, image.name
            decoded.add(normalise_code(done.stdout.decode().strip()))
        assert decoded == codes
    assert not [m for m in messages if m[0] in ("warning", "critical")], messages

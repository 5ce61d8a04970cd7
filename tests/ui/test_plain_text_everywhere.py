"""Issue 12, item 7: names are shown as text, always.

The demo event, judged and confirmed, is given hostile names written straight into the
database (as an older version, a hand-edited file or an import before input cleaning could
leave them): markup (``<h1>Hq1</h1>``, ``<img src=x>``, a link, bold), a right-to-left
override inside a surname, a left-to-right embedding in a team, an Arabic name. The main
window then visits every page, selects rows, opens every row's editor and every dialog a
page's "…" button opens (every ``exec`` is walked, then closed), and the judging session
is signed into. A generic walker (``tests/ui/plain_walker.py``) checks every widget and
table cell; the test lists every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import Qt  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)
from PySide6.QtPrintSupport import QPrintDialog
from sqlalchemy import select

from awards_app.db.engine import Database
from awards_app.db.models import Category, Event, Judge, Nomination, Nominee, Sponsor, Worker
from awards_app.ui.common import plain
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.common.formats import isolate
from awards_app.ui.common.navigation import PageId
from awards_app.ui.common.page import Page
from awards_app.ui.common.table_model import Column, RowTableModel
from tests.factories import award_demo
from tests.ui.plain_walker import ARABIC, LRE_TEAM, MARKUP, RLO_SURNAME, Walker

H1, IMG, LINK, BOLD = MARKUP.values()


def make_hostile(database: Database) -> set[str]:
    """Hostile names for every person and organisation; returns the values that carry
    right-to-left letters or bidi controls (which must be isolated among other text)."""
    bidi: set[str] = set()
    with database.session() as s:
        for i, nominee in enumerate(s.scalars(select(Nominee).order_by(Nominee.id))):
            nominee.first_name = (H1, LINK, ARABIC)[i % 3]
            nominee.preferred_name = (IMG, BOLD, H1)[i % 3]
            nominee.last_name = f"{RLO_SURNAME}{i}"
            bidi.add(nominee.last_name)
        for i, worker in enumerate(s.scalars(select(Worker).order_by(Worker.id))):
            worker.name = f"{BOLD} Worker{i}"
            worker.team = LRE_TEAM
        for i, sponsor in enumerate(s.scalars(select(Sponsor).order_by(Sponsor.id))):
            sponsor.name = f"{H1} Sponsor{i}"
            sponsor.contact_name = LINK
            sponsor.notes = f"{IMG} notes"
        for i, judge in enumerate(s.scalars(select(Judge).order_by(Judge.id))):
            judge.name = f"{RLO_SURNAME} {BOLD} Judge{i}"
            bidi.add(judge.name)
        for category in s.scalars(select(Category)):
            category.description = f"{H1} {IMG}"
        for event in s.scalars(select(Event)):
            event.venue = f"{LINK} Hall"
            event.name = f"{BOLD} Awards {ARABIC}"
            bidi.add(event.name)
        for nomination in s.scalars(select(Nomination)):
            nomination.success = f"{nomination.success} {H1} {RLO_SURNAME}"
    bidi.update((ARABIC, LRE_TEAM, RLO_SURNAME))
    return bidi


def write_hostile_csv(path: Path) -> Path:
    """A nominations file whose names and teams are hostile; some rows are invalid (a name
    of markup only has letters; a date of birth that is not a date quotes the cell)."""
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows):
        row["nominee_first_name"] = (H1, LINK, IMG)[i % 3]
        row["nominee_last_name"] = f"{RLO_SURNAME}{i}"
        row["nominator_team"] = LRE_TEAM
        if i % 2:
            row["nominee_date_of_birth"] = f"{BOLD}{RLO_SURNAME}"
            row["category"] = f"{H1} {RLO_SURNAME}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def hostile(db: Database) -> set[str]:
    award_demo(db)
    return make_hostile(db)


@pytest.fixture
def no_blocking(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """Message boxes show their text as written (as installed at start-up); every modal
    dialog and box is recorded and closed instead of waiting; file and input dialogs answer
    'cancelled'."""
    opened: list[QDialog] = []
    for name, function in plain.PLAIN_BOXES.items():
        monkeypatch.setattr(QMessageBox, name, staticmethod(function))

    def fake_exec(dialog: QDialog) -> int:
        opened.append(dialog)
        dialog.show()
        QApplication.processEvents()
        walker = _current_walker[0]
        if walker is not None:
            walker.walk(dialog, f"dialog {type(dialog).__name__} {dialog.windowTitle()!r}")
        dialog.hide()
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(plain.plain_get_text))
    for system_dialog in (QPrintDialog, QFileDialog):  # Qt's own: cancelled
        monkeypatch.setattr(system_dialog, "exec", lambda *_a: 0)
    monkeypatch.setattr(Page, "run_dialog", lambda _page, dialog: bool(fake_exec(dialog)))
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    return opened


_current_walker: list[Walker | None] = [None]

#: Problems in files other engineers were changing when this test was written, each with the
#: change that fixes it (/tmp/notes/plaintext-todo.md has them by file and line). The tests
#: fail on any problem not listed AND on a listed one that is gone (delete its line then), so
#: the lists only ever shrink.
KNOWN_IN_WINDOW: dict[tuple[str, str], str] = {}
KNOWN_IN_SESSION: dict[tuple[str, str], str] = {}


def assert_no_new_problems(walker: Walker, known: dict[tuple[str, str], str],
                           where: str) -> None:
    """Every problem found, listed at once: fails on one not in ``known``, and on a known
    one that was fixed (so its line is deleted)."""
    new = [key for key in walker.problems if key not in known]
    fixed = [key for key in known if key not in walker.problems]
    assert not new and not fixed, (
        f"{len(new)} new places in {where} show names as markup or let them reorder their "
        f"line (all {len(walker.problems)} found, known ones included):\n{walker.report()}"
        + (f"\nFixed — delete from the known list: {fixed}" if fixed else ""))


@pytest.fixture
def walker(hostile: set[str]) -> Iterator[Walker]:
    found = Walker(hostile)
    _current_walker[0] = found
    yield found
    _current_walker[0] = None


def settle(ctx: AppContext, qtbot: Any) -> None:
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=20_000)
    QApplication.processEvents()


def views_of(page: QWidget) -> list[QAbstractItemView]:
    return [v for v in page.findChildren(QAbstractItemView)
            if v.model() is not None and v.model().rowCount(QModelIndex()) > 0]


def dialog_buttons(page: QWidget) -> list[QPushButton]:
    """The buttons that open a dialog ('…'), enabled, on the page itself."""
    return [b for b in page.findChildren(QPushButton)
            if b.text().rstrip().endswith("…") and b.isEnabled() and b.isVisible()
            and "judging session" not in b.text().casefold()]


def visit(window: Any, page_id: PageId, walker: Walker, qtbot: Any) -> None:
    ctx = window.ctx
    window.show_page(page_id)
    settle(ctx, qtbot)
    page = window.page(page_id)
    walker.walk(window, f"page {page_id.value}")
    for view in views_of(page):
        model = view.model()
        for row in (0, min(1, model.rowCount(QModelIndex()) - 1)):
            index = model.index(row, 0)
            view.setCurrentIndex(index)
            settle(ctx, qtbot)
            walker.walk(page, f"page {page_id.value}, row {row} of {view.objectName()}")
        if view.isVisible():
            view.activated.emit(model.index(0, 0))  # a list page opens the row's editor
            settle(ctx, qtbot)
    for button in dialog_buttons(page):
        text = button.text()
        button.click()
        settle(ctx, qtbot)
        walker.walk(window, f"page {page_id.value} after {text!r}")


def test_every_page_and_dialog_shows_names_as_text(
        qtbot, db: Database, db_path: Path, hostile: set[str], walker: Walker,
        no_blocking: list[QDialog]) -> None:  # type: ignore[no-untyped-def]
    from awards_app.ui.main_window import MainWindow

    db.close()
    ctx = AppContext()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(ctx.database_changed, timeout=30_000):
        window.open_database(str(db_path))
    settle(ctx, qtbot)
    walker.walk(window, "main window")
    for page_id in PageId:
        visit(window, page_id, walker, qtbot)
    # the dialogs the main window itself opens (Help ▸ Verify a certificate …)
    for action in window.findChildren(type(window.menuBar().actions()[0])):
        if action.text().rstrip().endswith("…") and action.isEnabled() and not any(
                word in action.text().casefold()
                for word in ("judging session", "open", "new database", "restore", "quit")):
            action.trigger()
            settle(ctx, qtbot)
    # withdrawing asks why, naming the young person (a ReasonDialog, walked like any dialog)
    for page_id in (PageId.NOMINEES, PageId.NOMINATIONS):
        window.show_page(page_id)
        settle(ctx, qtbot)
        page = window.page(page_id)
        page.view.setCurrentIndex(page.model.index(0, 0))  # type: ignore[attr-defined]
        settle(ctx, qtbot)
        page.withdraw_selected()  # type: ignore[attr-defined]
        settle(ctx, qtbot)
    # a file with hostile cells, checked on the Import page: its rows and its problems
    from awards_app.ui.transfer.page import TransferPage
    from tests.factories import write_nominations_csv

    path = write_hostile_csv(write_nominations_csv(db_path.parent / f"{RLO_SURNAME}.csv", 6))
    window.show_page(PageId.TRANSFER)
    transfer = window.page(PageId.TRANSFER)
    assert isinstance(transfer, TransferPage)
    transfer.check_file(path)
    settle(ctx, qtbot)
    qtbot.waitUntil(lambda: transfer.outcome is not None, timeout=20_000)
    settle(ctx, qtbot)
    assert transfer.outcome is not None and transfer.outcome.problems
    for view in views_of(transfer):
        view.setCurrentIndex(view.model().index(0, 0))
        settle(ctx, qtbot)
    walker.walk(window, "import page with a checked file")
    walker.walk(window, "main window at the end")
    assert walker.labels_seen > 200 and walker.cells_seen > 1000, "the walk saw the pages"
    assert len(no_blocking) >= 8, [type(d).__name__ for d in no_blocking]
    withdrawals = [d for d in no_blocking
                   if isinstance(d, ReasonDialog) and d.windowTitle().startswith("Withdraw")]
    assert len(withdrawals) >= 2  # withdrawing asks why, on both pages
    assert_no_new_problems(walker, KNOWN_IN_WINDOW, "the main window")
    ctx.set_database(None)


def test_the_judging_session_shows_names_as_text(
        qtbot, db: Database, db_path: Path, no_blocking: list[QDialog]) -> None:  # type: ignore[no-untyped-def]
    from awards_app.services import demo
    from awards_app.services import judging
    from awards_app.ui.judging.session import JudgingSessionWindow

    with db.session() as s:
        event_id = demo.create_demo_event(s).id
    bidi = make_hostile(db)
    with db.session() as s:
        judge_id = judging.judges_for_sign_in(s, event_id)[0][0]
        judging.set_pin(s, judge_id, "2468")
    walker = Walker(bidi)
    _current_walker[0] = walker
    ctx = AppContext()
    ctx.set_database(db)
    window = JudgingSessionWindow(ctx)
    # not given to qtbot, which closes its widgets: leaving a session may ask for the
    # coordinator's exit code; it is hidden and deleted at the end instead
    window.resize(1366, 768)
    window.show()
    settle(ctx, qtbot)
    walker.walk(window, "session sign-in")
    screen = window.sign_in_screen
    row = screen.model.index_of(lambda r: r.name.endswith("Judge0"))
    screen.judge_view.setCurrentIndex(screen.model.index(row, 0))
    qtbot.keyClicks(screen.pin_edit, "2468")
    qtbot.keyClick(screen.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.scoring_screen,
                    timeout=20_000)
    settle(ctx, qtbot)
    walker.walk(window, "session scoring")
    scoring = window.scoring_screen
    for view in views_of(scoring):
        for row in range(min(3, view.model().rowCount(QModelIndex()))):
            view.setCurrentIndex(view.model().index(row, 0))
            settle(ctx, qtbot)
            walker.walk(window, f"session scoring, row {row}")
    for button in dialog_buttons(scoring):  # "I have a conflict…", "Submit…"
        button.click()
        settle(ctx, qtbot)
    walker.walk(window, "session after its dialogs")
    _current_walker[0] = None
    window.hide()
    window.deleteLater()
    ctx.set_database(None)
    assert len(no_blocking) >= 1, "the session's dialogs were opened"
    assert walker.labels_seen > 20
    assert_no_new_problems(walker, KNOWN_IN_SESSION, "the judging session")


# --- the walker and the helpers can fail ----------------------------------------------------


def test_the_walker_finds_a_label_that_reads_markup(qtbot) -> None:  # type: ignore[no-untyped-def]
    root = QWidget()
    qtbot.addWidget(root)
    QLabel(f"Nominee: {H1}", root)
    QLabel(f"Team: {RLO_SURNAME} and more", root)
    plain.plain_label(f"Nominee: {H1}", parent=root)
    plain.plain_label(f"Team: {isolate(RLO_SURNAME)} and more", parent=root)
    root.setWindowTitle(f"Judging — {RLO_SURNAME}")
    walker = Walker({RLO_SURNAME})
    walker.walk(root, "test")
    problems = [kind for _where, kind in walker.problems]
    assert len(problems) == 4, walker.report()  # markup, unescaped, bidi label, bidi title
    assert any("as markup" in p for p in problems)
    assert any("AutoText" in p for p in problems)
    assert sum("not bidi-isolated" in p for p in problems) == 2


def test_table_cells_are_isolated_and_tooltips_plain() -> None:
    model: RowTableModel[tuple[str, str]] = RowTableModel(
        [Column("Name", lambda r: r[0]), Column("Team", lambda r: r[1])])
    long_markup = f"{H1} with a long story to tell"
    model.set_rows([(f"{RLO_SURNAME}, Mei", long_markup), ("Mei Chen", "Team A")])
    cell = model.data(model.index(0, 0))
    assert cell == f"\u2068{RLO_SURNAME}, Mei\u2069"
    assert model.data(model.index(1, 0)) == "Mei Chen"  # left-to-right text is left alone
    tip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert Qt.mightBeRichText(tip) and "&lt;h1&gt;" in tip and H1 not in tip


def test_isolate_keeps_its_own_pair_matched() -> None:
    assert isolate("Zoë O'Brien") == "Zoë O'Brien"
    assert isolate(ARABIC) == f"\u2068{ARABIC}\u2069"
    # a stray pop would close the wrapper early; an unclosed isolate would swallow what follows
    assert isolate("a\u2069\u202eb") == "\u2068a\u202eb\u2069"
    assert isolate("\u2067ab") == "\u2068\u2067ab\u2069\u2069"


def test_plain_message_boxes_show_their_text_as_written(qtbot, no_blocking) -> None:  # type: ignore[no-untyped-def]
    answer = QMessageBox.question(None, "Withdraw?", f"Withdraw {H1}?")
    QMessageBox.warning(None, "Please check", f"'{IMG}' has no letters")
    boxes = [d for d in no_blocking if isinstance(d, QMessageBox)]
    assert answer == QMessageBox.StandardButton.NoButton
    assert [b.textFormat() for b in boxes] == [Qt.TextFormat.PlainText] * 2
    assert [b.text() for b in boxes] == [f"Withdraw {H1}?", f"'{IMG}' has no letters"]


def test_plain_tooltip_and_rich() -> None:
    assert plain.rich(f"{RLO_SURNAME} {H1}") == (
        f"\u2068{RLO_SURNAME} &lt;h1&gt;Hq1&lt;/h1&gt;\u2069")
    tip = plain.plain_tooltip(f"{BOLD}\nsecond line")
    assert "<b>" not in tip and "&lt;b&gt;" in tip

"""Selecting several nominations and changing them at once (issue 13, item 4), through the
real widgets: Shift+click, Ctrl+A and Shift+arrows select; the context menu and the buttons
accept, shortlist or withdraw them after a confirmation naming them; Undo last bulk change
puts them back; a confirmed category refuses the whole change."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QPushButton, QWidget
from sqlalchemy import select

from awards_app.core.enums import NominationStatus as S
from awards_app.db.models import Category, Nomination, utcnow
from awards_app.services import nominations
from awards_app.ui.common.context import AppContext
from awards_app.ui.nominations.bulk import BulkConfirmDialog
from awards_app.ui.nominations.page import NominationsPage
from awards_app.ui.people.workers_page import WorkersPage
from tests.ui.fresh_process import picture_path, render_in_fresh_process


@pytest.fixture
def page(qtbot, demo_ctx: AppContext) -> Iterator[NominationsPage]:  # type: ignore[no-untyped-def]
    widget = NominationsPage(demo_ctx, None)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.show()
    yield widget
    release_modifiers(qtbot, widget.view)


def release_modifiers(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A click with Shift or Ctrl leaves Qt believing the key is still held, and the next
    test's programmatic selection would extend; let go of them."""
    for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control):
        qtbot.keyRelease(widget, key)
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


def row_point(page: NominationsPage, position: int) -> QPoint:
    return page.view.visualRect(page.model.index(position, 0)).center()


def click(qtbot, page: NominationsPage, position: int,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     row_point(page, position))


def context_menu(qtbot, page: NominationsPage, position: int) -> QMenu:  # type: ignore[no-untyped-def]
    """Right-click on a row, as the window system delivers it (press, then the menu event)."""
    point = row_point(page, position)
    qtbot.mousePress(page.view.viewport(), Qt.MouseButton.RightButton, pos=point)
    QApplication.sendEvent(page.view.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, page.view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(lambda: getattr(page, "context_menu", None) is not None
                    and page.context_menu.isVisible(), timeout=5000)
    return page.context_menu


def choose(qtbot, menu: QMenu, text: str) -> None:  # type: ignore[no-untyped-def]
    action = next((a for a in menu.actions() if a.text() == text), None)
    assert action is not None, [a.text() for a in menu.actions()]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def answer(page: NominationsPage, monkeypatch: pytest.MonkeyPatch,
           fill: Callable[[QDialog], None] | None = None, *, ok: bool = True) -> list[QDialog]:
    """Replace the blocking exec: the real dialog is filled, then its button is clicked."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> bool:
        seen.append(dialog)
        if fill is not None:
            fill(dialog)
        if ok:
            button = dialog.ok_button if isinstance(dialog, BulkConfirmDialog) else \
                dialog.buttons.buttons()[0]
            button.click()
        else:
            dialog.reject()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run)
    return seen


def statuses(ctx: AppContext, ids: list[int]) -> dict[int, S]:
    return ctx.read(lambda s: {n.id: n.status for n in s.scalars(
        select(Nomination).where(Nomination.id.in_(ids)))})


def submitted_only(page: NominationsPage) -> None:
    page.status_filter.setCurrentIndex(page.status_filter.findText("Submitted"))
    assert page.model.rowCount() >= 6


def test_shift_click_ctrl_a_and_shift_arrows_select_several(qtbot, page: NominationsPage) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, page, 1)
    assert page.selected_row() is not None and page.open_button.isEnabled()
    click(qtbot, page, 4, Qt.KeyboardModifier.ShiftModifier)
    assert [r.ref for r in page.selected_rows()] == [page.model.row(i).ref for i in range(1, 5)]
    # several selected: Open (one record) is disabled; the actions on many are not
    assert page.selected_row() is None and not page.open_button.isEnabled()
    assert page.status_button.isEnabled() and page.withdraw_button.isEnabled()
    assert page.selection_label.text() == "4 selected"
    click(qtbot, page, 7, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_rows()) == 5
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_rows()) == page.model.rowCount() == 54
    click(qtbot, page, 10)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [r.ref for r in page.selected_rows()] == [page.model.row(i).ref
                                                      for i in (10, 11, 12)]


def test_the_selection_of_several_survives_a_reload(qtbot, page: NominationsPage) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, page, 2)
    click(qtbot, page, 5, Qt.KeyboardModifier.ShiftModifier)
    chosen = [r.id for r in page.selected_rows()]
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    assert [r.id for r in page.selected_rows()] == chosen


def test_bulk_accept_from_the_context_menu_names_them_and_undo_puts_them_back(
        qtbot, page: NominationsPage, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    submitted_only(page)
    click(qtbot, page, 0)
    click(qtbot, page, 2, Qt.KeyboardModifier.ShiftModifier)
    chosen = page.selected_rows()
    seen = answer(page, monkeypatch)
    menu = context_menu(qtbot, page, 1)
    assert menu.actions()[0].text() == "3 selected"
    assert "Open" not in [a.text() for a in menu.actions()]
    choose(qtbot, menu, "Accept…")
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    text = seen[0].message.text()
    assert text.startswith("Accept 3 nominations?")
    assert all(r.ref in text for r in chosen)
    assert seen[0].ok_button.text() == "Accept 3"
    ids = [r.id for r in chosen]
    qtbot.waitUntil(lambda: set(statuses(page.ctx, ids).values()) == {S.ACCEPTED},
                    timeout=20_000)
    assert page.note.text().startswith("3 nominations accepted: ")
    qtbot.waitUntil(page.undo_button.isEnabled, timeout=20_000)
    seen.clear()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert "set to accepted" in seen[0].message.text()
    assert all(r.ref in seen[0].message.text() for r in chosen)
    assert statuses(page.ctx, ids) == {i: S.SUBMITTED for i in ids}
    qtbot.waitUntil(lambda: not page.undo_button.isEnabled(), timeout=20_000)


def test_cancel_changes_nothing(qtbot, page: NominationsPage,  # type: ignore[no-untyped-def]
                                monkeypatch: pytest.MonkeyPatch) -> None:
    submitted_only(page)
    click(qtbot, page, 0)
    click(qtbot, page, 1, Qt.KeyboardModifier.ShiftModifier)
    ids = [r.id for r in page.selected_rows()]
    answer(page, monkeypatch, ok=False)
    assert page.set_status_selected(S.SHORTLISTED) is False
    assert set(statuses(page.ctx, ids).values()) == {S.SUBMITTED}


def test_select_all_lists_ten_then_and_n_more(qtbot, page: NominationsPage,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    submitted_only(page)
    shown = page.model.rowCount()
    click(qtbot, page, 0)
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    seen = answer(page, monkeypatch, ok=False)
    page.status_menu.actions()[1].trigger()  # Set status ▸ Shortlist…
    text = seen[0].message.text()
    assert f"Shortlist {shown} nominations?" in text
    assert f"and {shown - 10} more" in text


def test_withdraw_several_with_one_reason_then_undo(qtbot, page: NominationsPage,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    submitted_only(page)
    click(qtbot, page, 0)
    click(qtbot, page, 3, Qt.KeyboardModifier.ShiftModifier)
    ids = [r.id for r in page.selected_rows()]

    def type_reason(dialog: QDialog) -> None:
        assert "Withdraw 4 nominations" in dialog.windowTitle()
        qtbot.keyClicks(dialog.reason, "Moved to another authority")  # type: ignore[attr-defined]

    answer(page, monkeypatch, type_reason)
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    assert statuses(page.ctx, ids) == {i: S.WITHDRAWN for i in ids}
    reasons = page.ctx.read(lambda s: {s.get(Nomination, i).withdrawn_reason for i in ids})
    assert reasons == {"Moved to another authority"}
    qtbot.waitUntil(page.undo_button.isEnabled, timeout=20_000)
    answer(page, monkeypatch)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert statuses(page.ctx, ids) == {i: S.SUBMITTED for i in ids}


def test_a_confirmed_category_refuses_the_whole_change(
        qtbot, page: NominationsPage, messages: list[tuple[str, str, str]],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    submitted_only(page)
    rows = list(page.model.visible_rows)
    locked = rows[1]
    others = [r for r in rows if r.category_id != locked.category_id][:2]

    def confirm(s) -> None:  # type: ignore[no-untyped-def]
        category = s.get(Category, locked.category_id)
        category.results_confirmed_at = utcnow()

    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.ctx.write(confirm)
    for i, row in enumerate([locked, *others]):
        position = page.model.position_of(row.id)
        click(qtbot, page, position,
              Qt.KeyboardModifier.ControlModifier if i else Qt.KeyboardModifier.NoModifier)
    assert len(page.selected_rows()) == 3
    seen = answer(page, monkeypatch)
    assert page.set_status_selected(S.ACCEPTED) is False
    assert not seen, "asked to confirm a change that cannot be made"
    kind, title, text = messages[-1]
    assert title == "Nothing was changed"
    assert f"{locked.ref}: " in text and "confirmed" in text
    ids = [locked.id, *(r.id for r in others)]
    assert set(statuses(page.ctx, ids).values()) == {S.SUBMITTED}


def test_undo_refused_when_one_was_changed_since(
        qtbot, page: NominationsPage, messages: list[tuple[str, str, str]],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    submitted_only(page)
    click(qtbot, page, 0)
    click(qtbot, page, 1, Qt.KeyboardModifier.ShiftModifier)
    first, second = page.selected_rows()
    answer(page, monkeypatch)
    assert page.set_status_selected(S.SHORTLISTED)
    page.ctx.write(lambda s: nominations.update_nomination(s, second.id,
                                                           citation="For her courage."))
    qtbot.waitUntil(page.undo_button.isEnabled, timeout=20_000)
    assert page.undo_last_bulk() is False
    kind, title, text = messages[-1]
    assert title == "Cannot undo" and second.ref in text and "citation" in text
    assert statuses(page.ctx, [first.id, second.id]) == {first.id: S.SHORTLISTED,
                                                         second.id: S.SHORTLISTED}


def test_other_lists_disable_single_record_actions_for_several(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    workers = WorkersPage(demo_ctx, None)
    qtbot.addWidget(workers)
    workers.resize(900, 600)
    workers.show()
    qtbot.waitUntil(lambda: workers.model.rowCount() > 2, timeout=20_000)
    first = workers.view.visualRect(workers.model.index(0, 0)).center()
    qtbot.mouseClick(workers.view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert workers.edit_button.isEnabled()
    release_modifiers(qtbot, workers.view)
    qtbot.keyClick(workers.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(workers.selected_rows()) == workers.model.rowCount()
    assert not workers.edit_button.isEnabled() and not workers.withdraw_button.isEnabled()
    qtbot.mouseClick(workers.view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert workers.edit_button.isEnabled()
    release_modifiers(qtbot, workers.view)


# --- looked at as a person would --------------------------------------------------------

def render_bulk(out: str, width: int, height: int) -> dict[str, list[str]]:
    """The main window on the demo event, Nominations, five rows selected by click and
    Shift+click, the context menu open (painted in: it is a window of its own); then the
    confirmation. Run in a fresh process so QT_SCALE_FACTOR applies."""
    import tempfile
    from pathlib import Path

    from PySide6.QtGui import QPainter
    from PySide6.QtTest import QTest

    from awards_app.db.engine import open_database
    from awards_app.services import demo
    from awards_app.ui.common.navigation import PageId
    from awards_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    database = open_database(Path(tempfile.mkdtemp()) / "demo.sqlite3")
    with database.session() as session:
        demo.create_demo_event(session)
    ctx = AppContext()
    window = MainWindow(ctx)
    window.resize(width, height)
    window.show()
    ctx.set_database(database)
    window.show_page(PageId.NOMINATIONS)
    page = window.page(PageId.NOMINATIONS)
    assert isinstance(page, NominationsPage)
    for _ in range(500):
        app.processEvents()
        if page.model.rowCount() and not ctx.tasks.busy:
            break
        QTest.qWait(20)
    viewport = page.view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     row_point(page, 2))
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     row_point(page, 6))
    point = row_point(page, 4) + QPoint(40, 0)
    QApplication.sendEvent(viewport, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)))
    QTest.qWait(200)
    menu = page.context_menu
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    shot.save(out)
    problems = []
    for button in page.findChildren(QPushButton):
        if button.isVisible() and button.width() < button.minimumSizeHint().width():
            problems.append(f"button {button.text()!r} is squeezed")
    menu.close()
    seen: list[QDialog] = []
    page.run_dialog = lambda dialog: bool(seen.append(dialog))  # type: ignore[method-assign]
    page.set_status_selected(S.ACCEPTED)
    dialog = seen[0]
    dialog.show()
    QTest.qWait(100)
    dialog.grab().save(out.replace(".png", "-confirm.png").replace("-confirm-150", "-150-confirm"))
    dialog.close()
    window.close()
    database.close()
    return {"problems": problems}


@pytest.mark.parametrize(("scale", "suffix"), [("1", ""), ("1.5", "-150")])
def test_bulk_actions_screenshots(tmp_path, scale: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    """1366×728 laptop screen at 100% and 150%; no button squeezed. AWARDS_SCREENSHOTS=DIR
    keeps them (docs/screenshots/bulk-actions*.png)."""

    out = picture_path(tmp_path, f"bulk-actions{suffix}.png")
    report = render_in_fresh_process("tests.ui.nominations.test_bulk_actions", "render_bulk",
                                     str(out), 1366, 728, scale=scale, tmp_path=tmp_path)
    assert report["problems"] == []
    assert out.stat().st_size > 5_000

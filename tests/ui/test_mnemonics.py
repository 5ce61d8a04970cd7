"""Alt+letter shortcuts never clash (issue 13, item 6): in the main window (its menu bar and
each page as shown) and in every dialog, no two controls on screen together share a mnemonic,
and no menu holds two actions with the same one. A clash makes Alt+letter cycle between
controls, or open the File menu instead of pressing "Con&firm placements"."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QTabWidget,
    QWidget,
)

from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import PAGES, MainWindow

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def shown_mnemonics(root: QWidget, *, extra: Sequence[tuple[str, str]] = ()
                    ) -> dict[str, list[str]]:
    """Letter → the controls of ``root`` on screen that use it."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            found[letter].append(what)

    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue  # a disabled control still clashes once it is enabled
        if isinstance(widget, QAbstractButton):
            add(widget.text(), f"button {widget.text()!r}")
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), f"label {widget.text()!r}")
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title(), f"box {widget.title()!r}")
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add(widget.tabText(index), f"tab {widget.tabText(index)!r}")
    for text, what in extra:
        add(text, what)
    return found


def clashes(found: dict[str, list[str]]) -> list[str]:
    return [f"Alt+{letter.upper()}: {', '.join(users)}" for letter, users in sorted(found.items())
            if len(users) > 1]


def menu_clashes(menu: QMenu, where: str) -> list[str]:
    found: dict[str, list[str]] = defaultdict(list)
    problems = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = mnemonic(action.text())
        if letter:
            found[letter].append(repr(action.text()))
        if action.menu() is not None:
            problems += menu_clashes(action.menu(), f"{where} ▸ {action.text()}")
    return problems + [f"{where}: {c}" for c in clashes(found)]


@pytest.fixture
def window(qtbot, demo_ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    demo_ctx.set_database(demo_ctx.database)
    return win


def test_no_mnemonic_clashes_in_the_main_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = window.menuBar()
    titles = [(a.text(), f"menu {a.text()!r}") for a in bar.actions()]
    problems = []
    for action in bar.actions():
        if action.menu() is not None:
            problems += menu_clashes(action.menu(), action.text().replace("&", ""))
    for row, (page_id, _module, _class) in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        QApplication.processEvents()
        problems += [f"{page_id.label}: {c}"
                     for c in clashes(shown_mnemonics(page, extra=titles))]
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)
    assert problems == [], "\n".join(problems)


def dialogs(ctx: AppContext) -> Iterator[tuple[str, Callable[[], QDialog]]]:
    """Every editing dialog of the window, built on the demo event."""
    from awards_app.services.catalogue import categories, sponsors
    from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
    from awards_app.ui.catalogue.event_dialog import EventDialog, EventSettingsDialog
    from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
    from awards_app.ui.nominations.editor import NominationEditor
    from awards_app.ui.people.dialogs import NomineeDialog

    event_id = ctx.require_event()
    category = ctx.read(lambda s: categories.category_rows(s, event_id))[0]
    criterion = ctx.read(lambda s: categories.criterion_rows(s, category.id))[0]
    sponsor = ctx.read(lambda s: sponsors.sponsor_rows(s, event_id))[0]
    yield "New event", lambda: EventDialog(ctx)
    yield "Event settings", lambda: EventSettingsDialog(ctx, event_id=event_id)
    yield "Category", lambda: CategoryDialog(ctx, None, category=category)
    yield "Criterion", lambda: CriterionDialog(ctx, None, category_id=category.id,
                                               criterion=criterion)
    yield "Sponsor", lambda: SponsorDialog(ctx, None, sponsor=sponsor)
    yield "Judge", lambda: JudgeDialog(ctx, None, sponsor_id=sponsor.id)
    yield "Young person", lambda: NomineeDialog(ctx, None)
    yield "Nomination", lambda: NominationEditor(ctx)


def test_no_mnemonic_clashes_in_the_dialogs(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    problems = []
    for name, make in dialogs(demo_ctx):
        dialog: Any = make()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        problems += [f"{name}: {c}" for c in clashes(shown_mnemonics(dialog))]
        dialog.reject()
    assert problems == [], "\n".join(problems)


def test_the_walker_finds_a_clash(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    for text in ("&Choose", "Save && &close", "&Keep"):
        layout.addWidget(QPushButton(text))
    root.show()
    assert clashes(shown_mnemonics(root)) == ["Alt+C: button '&Choose', button 'Save && &close'"]


def test_buttons_name_their_keyboard_shortcut(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A button mirroring an action with a shortcut says it in its tooltip (issue 13, item 6:
    shortcuts shown, so they can be learnt)."""
    from PySide6.QtWidgets import QPushButton

    from awards_app.ui.common.actions import action_button, make_action
    from awards_app.ui.main_window import PageId

    window.show_page(PageId.CATEGORIES)
    page = window.page(PageId.CATEGORIES)
    tips = {b.text(): b.toolTip() for b in page.findChildren(QPushButton)}
    assert "Ctrl+Up" in tips["Move &up"] and tips["Move &up"].startswith("Move up")
    assert "Ctrl+Down" in tips["Move &down"]
    plain = action_button(make_action(page, "&Refresh list", lambda: None))
    assert plain.toolTip() == ""  # no shortcut, nothing to say

"""Every button with a keyboard shortcut says it in its tooltip, in the platform's words
(issue 13, item 6), and menus show every action's shortcut: walked through the main window's
pages (the page table: a page added later is walked too), every editing dialog and the other
windows. A button's shortcuts are its own (``setShortcut``, besides the Alt+letter of its
text) and the keys that press it (``actions.press_with``, or the action it mirrors)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QPushButton, QVBoxLayout, QWidget

from awards_app.ui.common.actions import action_button, button_shortcuts, make_action, press_with
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import PAGES, MainWindow
from tests.ui.test_mnemonics import dialogs, window

__all__ = ["window"]  # the fixture, used by name



def unnamed_shortcuts(root: QWidget, where: str) -> list[str]:
    """Buttons under ``root`` (shown or not) whose tooltip leaves out a shortcut that
    presses them; actions with a shortcut whose context menu would hide it."""
    problems = []
    for button in root.findChildren(QAbstractButton):
        for keys in button_shortcuts(button):
            if keys not in button.toolTip():
                problems.append(f"{where}: button {button.text()!r} has {keys}, its tooltip "
                                f"says {button.toolTip()!r}")
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.contextMenuPolicy() != Qt.ContextMenuPolicy.ActionsContextMenu:
            continue
        for action in widget.actions():
            if not action.shortcut().isEmpty() and not action.isShortcutVisibleInContextMenu():
                problems.append(f"{where}: the context menu hides {action.text()!r}'s "
                                f"{action.shortcut().toString()}")
    return problems


def in_menus(menu: QMenu) -> set[QAction]:
    found = set()
    for action in menu.actions():
        found.add(action)
        if action.menu() is not None:
            found |= in_menus(action.menu())
    return found


def shortcuts_off_the_menus(window: MainWindow) -> list[str]:
    """The window's own actions with a shortcut that no menu shows."""
    shown = set().union(*(in_menus(a.menu()) for a in window.menuBar().actions() if a.menu()))
    return [f"{a.text()!r} ({a.shortcut().toString()}) is in no menu"
            for a in window.findChildren(QAction)
            if a.parent() is window and not a.shortcut().isEmpty() and a not in shown]


def test_every_page_names_its_buttons_shortcuts(qtbot: Any, window: MainWindow) -> None:
    problems = []
    for row, (page_id, _module, _class) in enumerate(PAGES):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        QApplication.processEvents()
        problems += unnamed_shortcuts(page, page_id.label)
    problems += shortcuts_off_the_menus(window)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)
    assert problems == [], "\n".join(problems)
    # the walk saw the shortcuts it checks: Move up (Ctrl+Up) on the Categories page
    categories = window.page(PageId.CATEGORIES)
    assert any(button_shortcuts(b) for b in categories.findChildren(QAbstractButton))
    stray = QAction("Stray", window)  # and a shortcut no menu shows is found
    stray.setShortcut(QKeySequence("Ctrl+K"))
    assert shortcuts_off_the_menus(window) == [f"'Stray' ({stray.shortcut().toString()}) is in no menu"]


def test_every_dialog_and_window_names_its_buttons_shortcuts(
        qtbot: Any, demo_ctx: AppContext) -> None:
    from awards_app.ui.guide import UserGuideWindow
    from awards_app.ui.judging.paper.window import PaperJudgingWindow
    from awards_app.ui.judging.review import JudgeCopyReviewDialog
    from awards_app.ui.judging.session.window import JudgingSessionWindow

    made: list[tuple[str, Any]] = [(name, make) for name, make in dialogs(demo_ctx)]
    made += [("User guide", UserGuideWindow),
             ("Judge copy review", lambda: JudgeCopyReviewDialog(demo_ctx)),
             ("Paper judging", lambda: PaperJudgingWindow(demo_ctx))]
    problems, named = [], 0
    for name, make in made:
        widget = make()
        qtbot.addWidget(widget)
        widget.show()
        QApplication.processEvents()
        problems += unnamed_shortcuts(widget, name)
        named += sum(bool(button_shortcuts(b)) for b in widget.findChildren(QAbstractButton))
        widget.close()
    # the judging session asks for its exit code when closed: walked unshown (every screen)
    session = JudgingSessionWindow(demo_ctx)
    problems += unnamed_shortcuts(session, "Judging session")
    named += sum(bool(button_shortcuts(b)) for b in session.findChildren(QAbstractButton))
    session.deleteLater()
    assert problems == [], "\n".join(problems)
    assert named >= 7  # editor Save, review Mark/Next, guide Next/Close, session Save/Previous


def test_the_walker_finds_a_shortcut_left_out(qtbot: Any) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    silent = QPushButton("&Keep")
    silent.setShortcut(QKeySequence("Ctrl+K"))
    pressed = QPushButton("&Next")
    layout.addWidget(silent)
    layout.addWidget(pressed)
    press_with(pressed, "F3", parent=root)
    layout.addWidget(action_button(make_action(root, "Move &up", lambda: None, "Ctrl+Up")))
    mnemonic_only = QPushButton("&Close")  # Alt+C is the text's own: nothing to add
    layout.addWidget(mnemonic_only)
    hidden = QAction("Remove", root)
    hidden.setShortcut(QKeySequence("Del"))
    hidden.setShortcutVisibleInContextMenu(False)
    root.addAction(hidden)
    root.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    root.show()
    keys = QKeySequence("Ctrl+K").toString(QKeySequence.SequenceFormat.NativeText)
    assert unnamed_shortcuts(root, "test") == [
        f"test: button '&Keep' has {keys}, its tooltip says ''",
        "test: the context menu hides 'Remove''s Del"]
    assert pressed.toolTip() == "Next (F3)"
    silent.setToolTip(f"Keep it ({keys})")
    with qtbot.waitActive(root):
        root.activateWindow()
    clicks: list[bool] = []
    pressed.clicked.connect(lambda: clicks.append(True))
    qtbot.keyClick(root, Qt.Key.Key_F3)  # F3 presses the button…
    pressed.setEnabled(False)
    qtbot.keyClick(root, Qt.Key.Key_F3)  # …as a click would: not while it is disabled
    assert clicks == [True]

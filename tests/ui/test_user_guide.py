"""Help ▸ User guide (issue 13, item 6): F1 opens the bundled guide in a window of its own; the
page loads with its sections, every picture and link in it resolves, and every menu path it
names ("File ▸ Event settings…") is a real menu, page, tab, button or action."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QTabWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.navigation import PageId
from awards_app.ui.guide import GUIDE_FILE, UserGuideWindow, guide_dir
from awards_app.ui.main_window import MainWindow

SECTIONS = ["1. Set up the event", "2. All year: the good-news log", "3. Nominations",
            "4. Before judging: what judges will read", "5. Judging day", "6. Results",
            "7. Certificates", "8. The ceremony pack",
            "9. Parity: young people living out of the city", "10. Keeping the data safe"]


def guide_source() -> str:
    return (guide_dir() / GUIDE_FILE).read_text(encoding="utf-8")


def plain(text: str) -> str:
    """A control's or path's words: no mnemonic '&', no trailing '…', spacing and case folded."""
    text = html.unescape(text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.replace("…", "").replace("...", "").split()).casefold()


@pytest.fixture
def window(qtbot, demo_ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    demo_ctx.set_database(demo_ctx.database)
    return win


def help_action(window: MainWindow, text: str) -> QAction:
    for top in window.menuBar().actions():
        if plain(top.text()) == "help":
            menu = top.menu()
            assert isinstance(menu, QMenu)
            return next(a for a in menu.actions() if plain(a.text()) == plain(text))
    raise AssertionError("no Help menu")


def test_f1_opens_the_guide_beside_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert help_action(window, "User guide").shortcut().toString() == "F1"
    assert getattr(window, "user_guide", None) is None
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.user_guide
    qtbot.waitUntil(guide.isVisible)
    assert not guide.isModal()
    assert guide.headings()[0].startswith("Awards App")
    assert guide.headings()[1:] == SECTIONS
    # the main window stays usable: the menu still answers while the guide is open
    help_action(window, "User guide").trigger()
    assert window.user_guide is guide  # raised again, not a second window


def test_help_menu_opens_the_guide(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    help_action(window, "User guide").trigger()
    qtbot.waitUntil(window.user_guide.isVisible)
    text = window.user_guide.browser.toPlainText()
    assert "Review judge copies" in text and "exit code" in text


def test_every_picture_the_guide_shows_is_in_the_guide_folder(qtbot) -> None:  # type: ignore[no-untyped-def]
    pictures = re.findall(r'<img\s[^>]*src="([^"]+)"', guide_source())
    assert len(pictures) >= 5
    missing = [p for p in pictures if not (guide_dir() / p).is_file()]
    assert missing == []
    # and the browser really draws them: each resolves to a non-empty image
    guide = UserGuideWindow()
    qtbot.addWidget(guide)
    for picture in pictures:
        image = guide.browser.loadResource(QTextDocument.ResourceType.ImageResource,
                                           QUrl(picture))
        assert image is not None and not image.isNull(), picture


def test_every_link_inside_the_guide_has_its_target() -> None:
    source = guide_source()
    targets = set(re.findall(r'<a\s+name="([^"]+)"', source))
    links = re.findall(r'<a\s+href="#([^"]+)"', source)
    assert len(links) >= 7
    assert [link for link in links if link not in targets] == []
    assert [h for h in re.findall(r'href="([^"#][^"]*)"', source)
            if not h.startswith("https://")] == []


def test_clicking_a_contents_link_moves_to_its_section(qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = UserGuideWindow()
    qtbot.addWidget(guide)
    guide.resize(700, 500)
    guide.show()
    bar = guide.browser.verticalScrollBar()
    assert bar.value() == 0
    guide.browser.scrollToAnchor("safe")
    qtbot.waitUntil(lambda: bar.value() > 0)


def test_find_box_selects_the_words_and_says_when_they_are_absent(qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = UserGuideWindow()
    qtbot.addWidget(guide)
    guide.find_box.setText("casting decision")
    assert guide.find_next()
    assert guide.browser.textCursor().selectedText().casefold() == "casting decision"
    guide.find_box.setText("teleportation")
    assert not guide.find_next()
    assert "not in the guide" in guide.find_note.text()


def menu_paths() -> list[list[str]]:
    """Every "A ▸ B ▸ C" the guide names; each is written in bold on its own."""
    source = guide_source()
    paths = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<b>([^<]*▸[^<]*)</b>", source)]
    assert source.count("▸") == sum(p.count("▸") for p in paths), \
        "a ▸ outside a bold menu path: write each path in <b>…</b> on its own"
    return [[plain(part) for part in path.split("▸")] for path in paths]


def window_names(window: MainWindow) -> tuple[set[str], set[str]]:
    """The menu and page titles, and every action, button and tab of the main window."""
    titles = {plain(page.label) for page in PageId}
    controls: set[str] = set()

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            controls.add(plain(action.text()))
            if isinstance(sub := action.menu(), QMenu):
                walk(sub)

    for top in window.menuBar().actions():
        titles.add(plain(top.text()))
        if isinstance(menu := top.menu(), QMenu):
            walk(menu)
    for row in range(window.nav.count()):  # every page built, with its buttons and tabs
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
    controls |= {plain(w.text()) for w in window.findChildren(QAbstractButton)}
    controls |= {plain(a.text()) for a in window.findChildren(QAction)}
    for tabs in window.findChildren(QTabWidget):
        controls |= {plain(tabs.tabText(i)) for i in range(tabs.count())}
    return titles, controls


def path_problems(paths: list[list[str]], titles: set[str], controls: set[str]) -> list[str]:
    problems = []
    for first, *rest in paths:
        shown = " ▸ ".join([first, *rest])
        if first not in titles:
            problems.append(f"{shown}: {first!r} is no menu or page")
        problems += [f"{shown}: no control {part!r}" for part in rest if part not in controls]
    return problems


def test_every_menu_path_in_the_guide_is_a_real_control(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    titles, controls = window_names(window)
    paths = menu_paths()
    assert len(paths) >= 20
    problems = path_problems(paths, titles, controls)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=20_000)
    assert problems == [], "\n".join(problems)
    # the check can fail: a made-up menu, page or control is named
    made_up = [["reports", "print all"], ["file", "print all"], ["file", "back up now"]]
    flagged = {problem.split(":")[0] for problem in path_problems(made_up, titles, controls)}
    assert flagged == {"reports ▸ print all", "file ▸ print all"}

"""Every list's headings are readable (issue 13, item 6): each table on every page of the
page table, filled with the demo, at 1366×768 and at 150 % of it (a 1366×768 screen at 150 %
leaves 911×512 logical pixels, the size the window lays itself out in), is at least as wide
as its heading with room for the sort arrow; long text stays one line and is shown in full
in its tooltip. The walker knows nothing about the pages, so one added later is checked too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QWidget

from awards_app.ui.common.context import AppContext
from awards_app.ui.common.table_model import RowTableModel
from awards_app.ui.common.table_view import make_table_view
from awards_app.ui.common.table_model import Column
from awards_app.ui.main_window import PAGES, MainWindow
from tests.ui.window_walk import demo_window, idle

#: the window at 1366×768, and at 150 % of it (in the logical pixels Qt lays out in)
SIZES = {"100 %": (1366, 768), "150 %": (911, 512)}


def cut_headings(root: QWidget, where: str) -> list[str]:
    """Every column shown under ``root`` narrower than its heading needs."""
    return [problem for view in root.findChildren(QTableView)
            if view.isVisibleTo(root) and view.model() is not None
            for problem in cut_in(view, where)]


def cut_in(view: QTableView, where: str) -> list[str]:
    problems = []
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        need, have = header.sectionSizeHint(column), header.sectionSize(column)
        if have < need:
            title = view.model().headerData(column, Qt.Orientation.Horizontal)
            problems.append(f"{where} / {view.accessibleName()} / {title!r}: "
                            f"{have} px of the {need} its heading needs")
    return problems


@pytest.fixture
def window(qtbot: Any, demo_ctx: AppContext) -> Iterator[MainWindow]:
    win = demo_window(qtbot, demo_ctx)
    yield win
    idle(qtbot, demo_ctx)


@pytest.mark.parametrize("size", list(SIZES))
def test_every_heading_is_readable(qtbot: Any, window: MainWindow, size: str) -> None:
    window.resize(*SIZES[size])
    problems, tables = [], 0
    for page_id, _module, _class in PAGES:
        page = window.show_page(page_id)
        assert page is not None
        idle(qtbot, window.ctx)
        tables += sum(v.isVisibleTo(page) for v in page.findChildren(QTableView))
        problems += cut_headings(page, f"{size} {page_id.label}")
    assert tables >= len(PAGES)  # the walk saw the lists
    assert problems == [], "\n".join(problems)


def test_a_narrow_table_scrolls_rather_than_cut_its_headings(qtbot: Any) -> None:
    """The column taking the spare width keeps its heading when there is none to spare;
    a page that sized a column too narrow for its heading has it widened."""
    columns = [Column("Reason withdrawn", lambda r: r[1]), Column("Nominations", lambda r: r[2],
                                                                  align_right=True)]
    model: RowTableModel[tuple[int, str, int]] = RowTableModel(columns)
    view = make_table_view(model, "Test", stretch_column=0)
    qtbot.addWidget(view)
    long = "She moved to another authority's care and asked to be withdrawn"
    model.set_rows([(1, long, 3)])
    view.resize(120, 200)
    view.show()
    view.setColumnWidth(1, 20)  # as a page's own sizing might
    model.set_rows([(1, long, 3), (2, "Asked", 1)])
    qtbot.waitUntil(lambda: not cut_in(view, "test"), timeout=2_000)
    header = view.horizontalHeader()
    assert header.sectionSize(1) >= header.sectionSizeHint(1)
    assert header.sectionSize(0) >= header.sectionSizeHint(0)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is not None  # the full text
    assert view.textElideMode() == Qt.TextElideMode.ElideRight and not view.wordWrap()
    view.resize(900, 200)  # room again: it takes the spare width once more
    qtbot.waitUntil(lambda: header.sectionResizeMode(0) == header.ResizeMode.Stretch,
                    timeout=2_000)


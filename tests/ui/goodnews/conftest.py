"""The main window on the demo event (whose good-news log has stories across the teams)."""

from __future__ import annotations

from typing import Any

import pytest

from awards_app.ui.common.context import AppContext
from awards_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, demo_ctx: AppContext) -> MainWindow:
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    demo_ctx.set_database(demo_ctx.database)
    return win

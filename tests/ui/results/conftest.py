"""The Results page on the demo event, shown at a laptop's size."""

from __future__ import annotations

from typing import Any

import pytest

from awards_app.ui.common.context import AppContext
from awards_app.ui.results.page import ResultsPage


@pytest.fixture
def page(qtbot: Any, demo_ctx: AppContext) -> ResultsPage:
    widget = ResultsPage(demo_ctx, None)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.reload()
    return widget

"""The Results page's Export results… carries the parity figures: a CSV gets its parity file
beside it (and the page says so), an XLSX its Parity sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from awards_app.ui.common.context import AppContext
from awards_app.ui.results.page import EXPORT_FILTERS, ResultsPage
from tests.ui.results.test_results_sheet_export import export_as


@pytest.fixture
def page(qtbot: Any, demo_ctx: AppContext) -> ResultsPage:
    widget = ResultsPage(demo_ctx, None)
    qtbot.addWidget(widget)
    widget.show()
    widget.reload()
    return widget


def test_export_writes_the_parity_figures(qtbot: Any, demo_ctx: AppContext, page: ResultsPage,
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    export_as(qtbot, demo_ctx, page, monkeypatch, str(tmp_path / "sheet.csv"),
              EXPORT_FILTERS[1])
    beside = tmp_path / "sheet-parity.csv"
    assert page.export_message.text() == f"Saved to {tmp_path / 'sheet.csv'} and {beside}"
    text = beside.read_text("utf-8-sig")
    assert "Out of area" in text and "How this is counted" in text

    export_as(qtbot, demo_ctx, page, monkeypatch, str(tmp_path / "sheet.xlsx"),
              EXPORT_FILTERS[0])
    assert page.export_message.text() == f"Saved to {tmp_path / 'sheet.xlsx'}"
    assert openpyxl.load_workbook(tmp_path / "sheet.xlsx").sheetnames == ["Results", "Parity"]

"""docs/platform.md: PySide6 6.12.0 on Python 3.11 leaks references to None until it aborts."""

from __future__ import annotations

import sys

import pytest

QtWidgets = pytest.importorskip("PySide6.QtWidgets")


def test_void_calls_do_not_steal_references_to_none(qapp) -> None:
    table = QtWidgets.QTableWidget(10, 2)
    before = sys.getrefcount(None)
    for i in range(1000):
        table.setRowHidden(i % 10, False)
    leaked = before - sys.getrefcount(None)
    assert abs(leaked) < 50, f"{leaked} references to None lost: check the PySide6 pin"

"""The same paper scores file imported three ways — the Import / export page (Paper scores),
the Paper judging window's Import scores tab, and ``awards import scores FILE`` — stores the
same scores, comments and judge totals, in three copies of the same demo database."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from awards_app.services import judging
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS
from awards_app.ui.common.context import AppContext
from awards_app.ui.judging.page import JudgingPage
from awards_app.ui.judging.paper.import_scores import ScoreImportPanel
from tests.ui.transfer.test_import_kinds import choose_kind
from tests.ui.transfer.test_transfer_page import CLICK, choose, make_page, wait

JUDGES = ("Eleanor Askew", "Mei Lin Chan")


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a database in use (SQLite's backup: the WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "scores": conn.execute("SELECT judge_id, nomination_id, criterion_id, value "
                                   "FROM score ORDER BY 1, 2, 3").fetchall(),
            "comments": conn.execute("SELECT judge_id, nomination_id, comment "
                                     "FROM score_comment ORDER BY 1, 2").fetchall(),
            "totals": conn.execute("SELECT * FROM judge_total ORDER BY 1").fetchall(),
        }
    finally:
        conn.close()


def write_scores(ctx: AppContext, path: Path) -> int:
    """Every criterion of every nomination in two judges' packs, with a comment on some."""
    event_id = ctx.require_event()
    rows = []
    for n, name in enumerate(JUDGES):
        jid = ctx.read(lambda s, name=name: judging.find_judge(s, event_id, name).id)
        for i, item in enumerate(ctx.read(lambda s, jid=jid: judging.judge_queue(s, jid))):
            for k, criterion in enumerate(item.criteria):
                score = criterion.scale_min + (i * 3 + k * 2 + n) % (
                    criterion.scale_max - criterion.scale_min + 1)
                comment = f"Row {i} by {name.split()[0]}" if k == 0 and i % 2 == 0 else ""
                rows.append([name, item.ref, criterion.name, str(score), comment])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TEMPLATE_COLUMNS["scores"])
        writer.writerows(rows)
    return len(rows)


def test_page_window_and_command_line_store_the_same_scores(
        qtbot: Any, demo_ctx: AppContext, db_path: Path, tmp_path: Path,
        cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "paper scores.csv"
    count = write_scores(demo_ctx, path)
    assert count > 20
    by_cli = copy_database(db_path, tmp_path / "cli.sqlite3")
    by_window = copy_database(db_path, tmp_path / "window.sqlite3")
    assert stored(by_cli)["scores"] == []

    # 1. The Import / export page, Paper scores (this database).
    page = make_page(qtbot, demo_ctx)
    choose_kind(qtbot, page, "scores")
    choose(qtbot, page, monkeypatch, path)
    assert page.summary.text().startswith(f"{count} rows ready to import ({count} scores)")
    qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, demo_ctx)
    assert page.summary.text().startswith(f"Imported {count} rows")

    # 2. The command line, on its copy.
    done = cli("import", "scores", str(path), db=by_cli)
    assert done.code == 0, done.err
    assert done.out.strip() == f"Imported {count} rows ({count} scores)."

    # 3. The Paper judging window's Import scores tab, on its copy.
    assert demo_ctx.database is not None
    demo_ctx.database.close()
    from awards_app.db.engine import open_database

    demo_ctx.set_database(open_database(by_window))
    judging_page = JudgingPage(demo_ctx, None)
    qtbot.addWidget(judging_page)
    judging_page.show()
    qtbot.mouseClick(judging_page.paper_button, Qt.MouseButton.LeftButton)
    window = judging_page.paper_window
    assert window is not None
    monkeypatch.setattr(ScoreImportPanel, "choose_file", staticmethod(lambda *_: str(path)))
    window.show_tab(window.IMPORT)
    panel = window.importer
    qtbot.mouseClick(panel.choose_button, CLICK)
    qtbot.waitUntil(panel.import_button.isEnabled, timeout=30_000)
    qtbot.mouseClick(panel.import_button, CLICK)
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Imported"), timeout=30_000)
    window.close()
    demo_ctx.database.close()

    from_page, from_cli, from_window = stored(db_path), stored(by_cli), stored(by_window)
    assert len(from_page["scores"]) == count
    assert from_page["comments"] and from_page["totals"]
    assert from_cli == from_page
    assert from_window == from_page

"""The Import / export page with a paper scores file in a form's own columns, matched and
previewed (before Import), rendered in a fresh process at 100 % and 150 % on a 1366×768
laptop screen: no button or one-line label cut off. ``AWARDS_SCREENSHOTS=DIR`` keeps the
pictures (docs/screenshots/import-scores*.png are made so, under Xvfb:
``QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24"``)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.ui.fresh_process import picture_path, render_in_fresh_process



def render_import_scores(out: str) -> dict[str, Any]:
    """The main window on the Import / export page: a judging returns sheet from a form
    (Marked by, Nomination number, Question, Mark, Remarks), its columns and the judge's
    name matched, every row shown and checked, nothing stored yet."""
    import csv

    from PySide6.QtWidgets import QApplication

    from awards_app.db.engine import open_database
    from scripts.screenshots import layout_problems
    from scripts.screenshots import wait as _wait
    from awards_app.services import demo, judging
    from awards_app.ui.common.context import AppContext
    from awards_app.ui.common.navigation import PageId
    from awards_app.ui.main_window import MainWindow
    from awards_app.ui.transfer.page import TransferPage

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp())
    database = open_database(folder / "shots.sqlite3")
    with database.session() as session:
        demo.create_demo_event(session, stage="judging")
    ctx = AppContext()
    window = MainWindow(ctx)
    free = app.primaryScreen().availableGeometry()
    window.resize(min(1280, free.width()), min(820, free.height() - 40))
    window.show()
    ctx.set_database(database)
    _wait(app, lambda: ctx.event_id is not None and not ctx.tasks.busy)
    event_id = ctx.require_event()

    sheet = folder / "Judging returns (form).csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Timestamp", "Marked by", "Nomination number", "Question", "Mark",
                         "Remarks"])
        for name, written in (("Eleanor Askew", "Mrs E. Askew"), ("Mei Lin Chan", "Dr Chan")):
            jid = ctx.read(lambda s, name=name: judging.find_judge(s, event_id, name).id)
            for i, item in enumerate(ctx.read(lambda s, jid=jid: judging.judge_queue(s, jid))):
                for k, criterion in enumerate(item.criteria):
                    writer.writerow(["2027-02-03 10:12", written, item.ref, criterion.name,
                                     5 + (i + k) % 5,
                                     "Clear evidence of persistence" if k == 0 else ""])
    page = window.show_page(PageId.TRANSFER)
    assert isinstance(page, TransferPage)
    page.kind.setCurrentIndex(page.kind.findData("scores"))
    page.check_file(sheet)
    _wait(app, lambda: page.mapping_dialog is not None)
    page.mapping_dialog.accept()
    _wait(app, lambda: page.outcome is not None and page.outcome.mapping is not None
          and not ctx.tasks.busy)
    page.tables.preview_view.selectRow(0)
    for _ in range(10):
        app.processEvents()
    window.grab().save(out)
    report = {"problems": layout_problems(window), "summary": page.summary.text(),
              "import_enabled": page.import_button.isEnabled()}
    window.close()
    database.close()
    return report


@pytest.mark.parametrize(("scale", "suffix"), [("1", ""), ("1.5", "-150")])
def test_import_scores_screenshots(tmp_path: Path, scale: str, suffix: str) -> None:
    out = picture_path(tmp_path, f"import-scores{suffix}.png")
    report = render_in_fresh_process("tests.ui.transfer.test_import_screenshots",
                                     "render_import_scores", str(out), scale=scale,
                                     tmp_path=tmp_path, timeout=300)
    assert report["problems"] == []
    ready = re.match(r"(\d+) rows ready to import \((\d+) scores\)", report["summary"])
    assert ready and ready[1] == ready[2] and int(ready[1]) > 20, report
    assert report["import_enabled"]
    assert out.stat().st_size > 5_000

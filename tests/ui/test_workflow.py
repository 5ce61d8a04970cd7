"""A coordinator's first week, through the real main window: new event, a category with
criteria, a sponsor with a logo and a judge, a nomination (refused, then fixed), filtering,
an import with errors and a good one, and a back-up."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QPushButton
from sqlalchemy import func, select

from awards_app.db import backup
from awards_app.db.models import Nomination
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS
from awards_app.ui.common.context import AppContext
from awards_app.ui.catalogue.category_dialogs import CategoryDialog, CriterionDialog
from awards_app.ui.catalogue.event_dialog import EventDialog
from awards_app.ui.catalogue.sponsor_dialogs import JudgeDialog, SponsorDialog
from awards_app.ui.common.navigation import PageId
from awards_app.ui.main_window import MainWindow
from awards_app.ui.people.dialogs import WorkerDialog
from tests.conftest import words
from tests.factories import nomination_rows


def click(qtbot, page, text: str) -> None:  # type: ignore[no-untyped-def]
    found = [b for b in page.findChildren(QPushButton) if b.text() == text]
    assert found, f"no button {text!r}"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)


def stored_nominations(ctx: AppContext) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).select_from(Nomination)))


def test_a_coordinators_first_week(qtbot, monkeypatch, messages, db_path: Path,  # type: ignore[no-untyped-def]
                                   tmp_path: Path) -> None:
    ctx = AppContext()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(ctx.database_changed, timeout=30_000):
        window.open_database(str(db_path))
    assert window.stack.currentWidget() is window.welcome

    # 1. A new event from the welcome page.
    def fill_event(dialog: EventDialog) -> int:
        dialog.name.setText("Riverside Care Leavers Awards")
        dialog.year.setValue(2027)
        dialog.ceremony.setDate(QDate(2027, 3, 19))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(EventDialog, "exec", fill_event)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert ctx.event_title == "Riverside Care Leavers Awards 2027"

    # 2. A category with its own two criteria.
    categories_page = window.show_page(PageId.CATEGORIES)

    def fill_category(dialog: CategoryDialog) -> int:
        qtbot.keyClicks(dialog.name, "Music Maker")
        dialog.standard_criteria.setChecked(False)
        dialog.accept()
        return int(dialog.result())

    criteria = iter([("Performance", 2.0), ("Growth", 1.0)])

    def fill_criterion(dialog: CriterionDialog) -> int:
        name, weight = next(criteria)
        qtbot.keyClicks(dialog.name, name)
        dialog.weight.setValue(weight)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(CategoryDialog, "exec", fill_category)
    monkeypatch.setattr(CriterionDialog, "exec", fill_criterion)
    click(qtbot, categories_page, "&Add category…")
    click(qtbot, categories_page, "Add &criterion…")
    click(qtbot, categories_page, "Add &criterion…")
    assert categories_page.selected_row().name == "Music Maker"
    assert [(r.name, r.weight_label) for r in categories_page.criteria_model.visible_rows] == [
        ("Performance", "×2"), ("Growth", "×1")]

    # 3. A sponsor with a logo, a judge, and the new category.
    sponsors_page = window.show_page(PageId.SPONSORS)
    logo = tmp_path / "logo.png"
    image = QImage(90, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#1565c0"))
    assert image.save(str(logo), "PNG")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))

    def fill_sponsor(dialog: SponsorDialog) -> int:
        qtbot.keyClicks(dialog.name, "Riverline Buses")
        qtbot.mouseClick(dialog.logo.choose_button, Qt.MouseButton.LeftButton)
        dialog.accept()
        return int(dialog.result())

    def fill_judge(dialog: JudgeDialog) -> int:
        qtbot.keyClicks(dialog.name, "Tom Price")
        qtbot.keyClicks(dialog.email, "tom@riverline.example")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(SponsorDialog, "exec", fill_sponsor)
    monkeypatch.setattr(JudgeDialog, "exec", fill_judge)
    click(qtbot, sponsors_page, "&Add sponsor…")
    click(qtbot, sponsors_page, "Add &judge…")
    row = sponsors_page.selected_row()
    assert row.name == "Riverline Buses" and row.has_logo and row.judges_count == 1

    # 4. The worker nominating, then a nomination through the editor: refused with the
    # fields outlined, then saved.
    def fill_worker(dialog: WorkerDialog) -> int:
        qtbot.keyClicks(dialog.name, "Wendy Adebayo")
        qtbot.keyClicks(dialog.email, "wendy.adebayo@council.example")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(WorkerDialog, "exec", fill_worker)
    click(qtbot, window.show_page(PageId.WORKERS), "&Add worker…")
    window.new_nomination()
    nominations_page = window.page(PageId.NOMINATIONS)
    editor = nominations_page.editor
    editor.worker.setCurrentIndex(editor.worker.findText("Wendy Adebayo"))
    editor.first_name.setText("Precious")
    editor.last_name.setText("Adeyemi")
    editor.date_of_birth.setDate(QDate(2006, 5, 4))
    editor.category.setCurrentIndex(editor.category.findText("Music Maker"))
    editor.success.set_text(words(30, "proud"))
    assert not editor.save()
    assert editor.obstacles.editor.styleSheet() and stored_nominations(ctx) == 0
    editor.obstacles.set_text(words(30, "brave"))
    assert editor.save()
    editor.accept()
    qtbot.waitUntil(lambda: nominations_page.model.total_count == 1, timeout=20_000)

    # 5. An import with errors stores nothing; a good one adds its rows.
    transfer = window.show_page(PageId.TRANSFER)
    rows = nomination_rows(5)
    bad_rows = [dict(r) for r in rows]
    bad_rows[2]["obstacles"] = ""
    for name, data in (("bad.csv", bad_rows), ("good.csv", rows)):
        with (tmp_path / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS["nominations"]))
            writer.writeheader()
            writer.writerows(data)
    transfer.check_file(tmp_path / "bad.csv")
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    assert [(e.row, e.field) for e in transfer.tables.problems_model.visible_rows] == [(4, "obstacles")]
    assert not transfer.import_button.isEnabled() and stored_nominations(ctx) == 1
    transfer.check_file(tmp_path / "good.csv")
    qtbot.waitUntil(lambda: not ctx.tasks.busy and transfer.import_button.isEnabled(),
                    timeout=30_000)
    qtbot.mouseClick(transfer.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.tasks.busy and stored_nominations(ctx) == 6, timeout=30_000)

    # 6. The new rows are in the table, and filtering finds them.
    window.show_page(PageId.NOMINATIONS)
    qtbot.waitUntil(lambda: nominations_page.model.total_count == 6, timeout=20_000)
    nominations_page.search.setText("precious")
    qtbot.waitUntil(lambda: [r.nominee for r in nominations_page.model.visible_rows]
                    == ["Precious"], timeout=5000)

    # 7. Back up now.
    window.back_up_now()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    made = backup.list_backups(db_path)
    assert len(made) == 1 and backup.integrity_errors(made[0]) == []
    assert not [m for m in messages if m[0] == "critical"]

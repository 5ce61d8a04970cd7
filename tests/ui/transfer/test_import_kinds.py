"""The Import / export page offers every kind the program imports (whatever
services/transfer/importers.IMPORTERS lists, so a kind added there appears with no change to
the page), each with its columns, its template and its outcome line; paper scores go through
the same column-matching step and preview-before-storing as nominations."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from awards_app.db.models import Judge, Score
from awards_app.services import judging
from awards_app.services.transfer.importers import IMPORTERS
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS
from awards_app.services.transfer.mapping_fields import KINDS, label
from awards_app.ui.common.context import AppContext
from awards_app.ui.transfer.page import TransferPage
from tests.ui.transfer.test_mapping_dialog import dialog_of
from tests.ui.transfer.test_transfer_page import (
    CLICK,
    choose,
    make_page,
    save_returns,
    wait,
)

JUDGE = "Eleanor Askew"  # demo: N-0007, N-0051, N-0052, N-0054 (Education Star), N-0005


def choose_kind(qtbot: Any, page: TransferPage, kind: str) -> None:
    """Pick ``kind`` under What to import with the keyboard, as a person would."""
    keys = [Qt.Key.Key_Home] + [Qt.Key.Key_Down] * page.kind.findData(kind)
    for key in keys:
        page.kind.setFocus()
        qtbot.keyClick(page.kind, key)
        wait(qtbot, page.ctx)  # a file chosen before is checked again as this kind
        if page.mapping_dialog is not None:  # ...and offered to match its columns: not now
            page.mapping_dialog.reject()
            qtbot.waitUntil(lambda: page.mapping_dialog is None)
    assert page.kind.currentData() == kind


def test_every_importer_is_offered_with_its_columns_and_template(
        qtbot: Any, event_ctx: AppContext, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    page = make_page(qtbot, event_ctx)
    offered = [(page.kind.itemText(i), page.kind.itemData(i)) for i in range(page.kind.count())]
    assert offered == [(chosen.label, kind.value) for kind, chosen in IMPORTERS.items()]
    assert "scores" in dict((v, t) for t, v in offered)

    for kind, chosen in IMPORTERS.items():
        choose_kind(qtbot, page, kind.value)
        named = chosen.label.lower()
        assert page.template_button.text().replace("&", "") == f"Save the {named} template…"
        if kind.value in KINDS:  # the columns it needs, in words
            for column in KINDS[kind.value].required:
                assert label(column) in page.kind_hint.text()
        if kind.value not in TEMPLATE_COLUMNS:
            assert not page.template_button.isEnabled()
            continue
        assert page.template_button.isEnabled()
        target = tmp_path / f"{kind.value}.csv"
        save_returns(monkeypatch, target, "CSV file (*.csv)")
        qtbot.mouseClick(page.template_button, CLICK)
        with target.open(encoding="utf-8-sig", newline="") as fh:
            assert tuple(next(csv.reader(fh))) == TEMPLATE_COLUMNS[kind.value]
        assert page.message.text() == f"Saved the {named} template to {target}."

        # A file that is not this kind's: the outcome line names the kind chosen.
        wrong = tmp_path / f"not-{kind.value}.csv"
        wrong.write_text("colour,shape\nred,round\n", encoding="utf-8")
        choose(qtbot, page, monkeypatch, wrong)
        assert f"not-{kind.value}.csv" in page.file_label.text()
        assert f"({named})" in page.file_label.text()
        assert not page.import_button.isEnabled()
        if page.mapping_dialog is not None:  # offered to match its columns: not now
            page.mapping_dialog.reject()
            qtbot.waitUntil(lambda: page.mapping_dialog is None)


def write_marked_sheet(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Timestamp", "Marked by", "Nomination number", "Question", "Mark",
                         "Remarks"])
        writer.writerows(("2027-02-01 10:00", *row) for row in rows)
    return path


SHEET = [(JUDGE, "N-0007", "Achievement", "8", "Great effort"),
         (JUDGE, "N-0007", "Obstacles overcome", "6", ""),
         (JUDGE, "N-0007", "Inspiration to others", "9", ""),
         ("Mei Lin Chan", "N-0007", "Achievement", "5", "")]


def test_paper_scores_in_a_form_s_columns_are_matched_previewed_then_imported(
        qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    page = make_page(qtbot, demo_ctx)
    choose_kind(qtbot, page, "scores")
    # the form writes the judge as she signs the sheet: mapped onto her name in the event
    sheet = [("Mrs E. Askew", *row[1:]) if row[0] == JUDGE else row for row in SHEET]
    sheet[3] = ("Judge 2", *sheet[3][1:])  # no judge is called that: chosen by hand below
    path = write_marked_sheet(tmp_path / "Judging returns.csv", sheet)
    choose(qtbot, page, monkeypatch, path)
    dialog = dialog_of(qtbot, page)
    proposed = {h: box.currentData() for h, box in dialog.field_boxes.items()}
    assert proposed == {"Timestamp": None, "Marked by": "judge",
                        "Nomination number": "nomination_ref", "Question": "criterion",
                        "Mark": "score", "Remarks": "comment"}
    assert dialog.value_boxes[("judge", "Mrs E. Askew")].currentText() == JUDGE
    mei = dialog.value_boxes[("judge", "Judge 2")]
    assert mei.currentData() == ""  # left as written: no judge is called that
    mei.setFocus()
    qtbot.keyClick(mei, Qt.Key.Key_Home)
    for _ in range(mei.findData("Mei Lin Chan")):
        qtbot.keyClick(mei, Qt.Key.Key_Down)
    assert mei.currentData() == "Mei Lin Chan"
    dialog.continue_button.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.mapping_dialog is None)
    wait(qtbot, demo_ctx)

    # Previewed, every row as written, and nothing stored yet.
    assert page.tables.preview_model.rowCount() == 4
    assert page.tables.problems_model.rowCount() == 0
    assert page.summary.text().startswith("4 rows ready to import (4 scores)")
    assert "(paper scores)" in page.file_label.text()
    assert demo_ctx.read(lambda s: s.scalar(select(Score.id))) is None

    with qtbot.waitSignal(demo_ctx.data_changed, timeout=60_000):
        qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, demo_ctx)
    assert page.summary.text().startswith("Imported 4 rows (4 scores)")
    event_id = demo_ctx.require_event()
    jid = demo_ctx.read(lambda s: judging.find_judge(s, event_id, JUDGE).id)
    item = next(i for i in demo_ctx.read(lambda s: judging.judge_queue(s, jid))
                if i.ref == "N-0007")
    assert sorted(item.scores.values()) == [6, 8, 9] and item.comment == "Great effort"
    mei_id = demo_ctx.read(lambda s: judging.find_judge(s, event_id, "Mei Lin Chan").id)
    theirs = next(i for i in demo_ctx.read(lambda s: judging.judge_queue(s, mei_id))
                  if i.ref == "N-0007")
    assert list(theirs.scores.values()) == [5]


def test_a_wrong_score_is_shown_beside_its_row_and_nothing_is_stored(
        qtbot: Any, demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    page = make_page(qtbot, demo_ctx)
    choose_kind(qtbot, page, "scores")
    rows = [*SHEET[:2], (JUDGE, "N-0007", "Inspiration to others", "12", "")]
    path = tmp_path / "scores.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:  # the program's own columns
        writer = csv.writer(fh)
        writer.writerow(TEMPLATE_COLUMNS["scores"])
        writer.writerows(rows)
    choose(qtbot, page, monkeypatch, path)
    assert page.mapping_dialog is None  # its own columns: nothing to match
    problems = [(e.row, e.field) for e in page.tables.problems_model.visible_rows]
    assert problems == [(4, "score")]
    assert "12 is outside 1–10" in page.tables.problems_model.visible_rows[0].message
    assert not page.import_button.isEnabled()
    assert demo_ctx.read(lambda s: s.scalar(select(Score.id))) is None
    assert demo_ctx.read(lambda s: s.scalar(select(Judge.id))) is not None

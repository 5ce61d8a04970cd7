"""The Results page: provisional → complete → confirmed, ties and casting decisions, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from sqlalchemy import select

from awards_app.db.models import ConfirmedPlacement
from awards_app.services import judging, nominations
from awards_app.services.judging import results
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.results.casting_dialog import CastingDialog
from awards_app.ui.results.page import ResultsPage
from awards_app.ui.results.ranking import SPREAD
from tests.ui.judging.test_judging_page import category_id, fill_and, score_category, varied


def choose(page: ResultsPage, category: str) -> None:
    row = page.categories.index_of(lambda r: r.category == category)
    page.categories_view.setCurrentIndex(page.categories.index(row, 0))


def badge_of(page: ResultsPage, category: str) -> str:
    return page.categories.index(page.categories.index_of(lambda r: r.category == category),
                                 1).data()


def column(page: ResultsPage, number: int) -> list[str]:
    return [page.ranking.index(r, number).data() for r in range(page.ranking.rowCount())]


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_provisional_then_complete_then_final(qtbot: Any, demo_ctx: AppContext,
                                              page: ResultsPage, messages: list[Any],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    judge_ids = score_category(demo_ctx, "Education Star", varied, submit=3)
    demo_ctx.data_changed.emit()
    choose(page, "Education Star")
    assert page.heading.text() == "Education Star"
    assert page.status.text() == "Provisional: 3 of 4 judges have submitted"
    assert badge_of(page, "Education Star") == "Provisional"
    assert not page.confirm_button.isEnabled() and not page.casting_button.isEnabled()
    assert column(page, 0) == ["1", "2", "3", "4"]
    assert column(page, 1) == ["N-0051", "N-0007", "N-0054", "N-0052"]
    assert column(page, 2) == ["Zoë", "Mai", "Dóra", "Filmon"]  # the coordinator sees names
    assert column(page, 3)[0] == "6.6667" and column(page, 7) == ["4"] * 4
    # a large spread is flagged in words and colour
    assert column(page, SPREAD)[0] == "⚠ 3.3333" and column(page, SPREAD)[1] == "2.2222"
    assert page.ranking.index(0, SPREAD).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.ranking.index(1, SPREAD).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.legend.isVisible() and not page.problem.isVisible()
    assert page.ranking.headerData(9, Qt.Orientation.Horizontal) == "Placement if confirmed now"

    cid = category_id(demo_ctx, "Education Star")
    demo_ctx.write(lambda s: judging.submit_category(s, judge_id=judge_ids[3], category_id=cid))
    assert page.status.text() == "Complete — ready to confirm"
    assert badge_of(page, "Education Star") == "Ready to confirm"
    assert page.confirm_button.isEnabled() and not page.casting_button.isEnabled()
    asked = answer_yes(monkeypatch)
    page.confirm_button.click()
    assert "Winner: N-0051 Zoë (6.6667)" in asked[0]
    assert "Runner-up: N-0007 Mai (6.1111)" in asked[0]
    assert "N-0054" not in asked[0]  # nominees are not listed as placed
    stored = demo_ctx.read(lambda s: {p.nomination_id: (p.placement, p.rank) for p in s.scalars(
        select(ConfirmedPlacement).where(ConfirmedPlacement.category_id == cid))})
    refs = {r.nomination_id: r.ref for r in page.ranking.visible_rows}
    assert sorted((refs[nid], place, rank) for nid, (place, rank) in stored.items()) == [
        ("N-0007", "runner_up", 2), ("N-0051", "winner", 1), ("N-0052", "nominee", 4),
        ("N-0054", "nominee", 3)]
    assert page.status.text().startswith("Final, confirmed on ")
    assert badge_of(page, "Education Star") == "Final"
    assert not page.confirm_button.isEnabled() and not page.casting_button.isEnabled()
    assert column(page, 9) == ["Winner", "Runner-up", "Nominee", "Nominee"]
    assert page.ranking.headerData(9, Qt.Orientation.Horizontal) == "Placement"
    assert not messages


def test_reopen_asks_why_then_shows_the_old_placements_beside_the_new(
        qtbot: Any, demo_ctx: AppContext, page: ResultsPage, messages: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    score_category(demo_ctx, "Education Star", varied, submit=4)
    cid = category_id(demo_ctx, "Education Star")
    demo_ctx.write(lambda s: results.confirm_results(s, cid))
    choose(page, "Education Star")
    assert page.reopen_button.isEnabled() and not page.previous.isVisible()
    runner_up = next(r.nomination_id for r in page.ranking.visible_rows if r.ref == "N-0007")

    dialogs: list[ReasonDialog] = []

    def fill(dialog: ReasonDialog) -> bool:
        dialogs.append(dialog)
        dialog.accept()  # no reason yet: refused, the dialog stays open
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "is empty" in dialog.reason.toolTip()
        dialog.reason.setPlainText("Mai asked to withdraw")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", fill)
    page.reopen_button.click()
    assert dialogs and dialogs[0].windowTitle() == "Reopen Education Star's results"
    demo_ctx.data_changed.emit()
    assert page.status.text() == "Complete — ready to confirm"
    assert page.previous.isVisible()
    assert "Mai asked to withdraw" in page.previous.text()
    assert not page.reopen_button.isEnabled()
    headers = [page.ranking.headerData(i, Qt.Orientation.Horizontal)
               for i in range(page.ranking.columnCount())]
    assert headers[-2:] == ["Placement if confirmed now", "Before reopening"]
    assert column(page, len(headers) - 1) == ["Winner", "Runner-up", "Nominee", "Nominee"]

    demo_ctx.write(lambda s: nominations.withdraw_nomination(s, runner_up, reason="Asked"))
    assert [r.ref for r in page.ranking.visible_rows] == ["N-0051", "N-0054", "N-0052"]
    assert column(page, len(headers) - 2) == ["Winner", "Runner-up", "Nominee"]
    assert column(page, len(headers) - 1) == ["Winner", "Nominee", "Nominee"]
    assert "No longer in the ranking: N-0007 (Runner-up)." in page.previous.text()
    assert [m[2].splitlines()[-1] for m in messages] == [  # only the empty reason, in words
        "Reason: is empty — say why the results are reopened (for example, a young person "
        "asked to withdraw)"]


def test_an_unresolved_tie_needs_the_lead_judges_casting_decision(
        qtbot: Any, demo_ctx: AppContext, page: ResultsPage, messages: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Both Life Changer nominations get 6 on every criterion from both judges: a dead heat.
    judge_ids = score_category(demo_ctx, "Life Changer", lambda *_: 6)
    demo_ctx.data_changed.emit()
    choose(page, "Life Changer")
    assert badge_of(page, "Life Changer") == "Tie to decide"
    assert page.problem.isVisible()
    assert page.problem.text().startswith("N-0037, N-0048 are still tied")
    assert column(page, 0) == ["1", "1"] and column(page, 8) == ["unresolved"] * 2
    assert column(page, 9) == ["To be decided"] * 2
    assert not page.confirm_button.isEnabled() and page.casting_button.isEnabled()

    page.casting_button.click()  # no lead judge yet: says where to choose one
    kind, _title, text = messages[-1]
    assert kind == "information" and "Judging page" in text and "Life Changer" in text

    cid = category_id(demo_ctx, "Life Changer")
    demo_ctx.write(lambda s: judging.set_lead_judge(s, category_id=cid, judge_id=judge_ids[0]))
    seen: list[CastingDialog] = []

    def decide(dialog: CastingDialog) -> None:
        assert [r.ref for r in dialog.order.rows()] == ["N-0037", "N-0048"]
        assert not dialog.order.up.isEnabled()
        dialog.order.view.setCurrentIndex(dialog.order.model.index(1, 0))
        dialog.order.up.click()
        qtbot.keyClicks(dialog.reason, "Sohrab's story showed more change")
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(decide, seen))
    page.casting_button.click()
    assert seen[0].result() == 1
    assert column(page, 1) == ["N-0048", "N-0037"] and column(page, 0) == ["1", "2"]
    assert column(page, 8) == ["tie — broken by casting decision"] * 2
    assert not page.problem.isVisible() and not page.casting_button.isEnabled()
    assert page.status.text() == "Complete — ready to confirm"
    assert page.confirm_button.isEnabled()
    answer_yes(monkeypatch)
    page.confirm_button.click()
    final = demo_ctx.read(lambda s: results.category_results(
        s, demo_ctx.require_event(), category_id=cid))[0]
    assert final.status == "final"
    assert [(r.ref, r.placement) for r in final.ranking] == [("N-0048", "winner"),
                                                             ("N-0037", "runner_up")]
    assert column(page, 9) == ["Winner", "Runner-up"]


def test_casting_decision_without_a_lead_judge_keeps_the_dialog_open(
        qtbot: Any, demo_ctx: AppContext, page: ResultsPage, messages: list[Any]) -> None:
    """The service refuses a decision while the category has no lead judge."""
    score_category(demo_ctx, "Life Changer", lambda *_: 6)
    demo_ctx.data_changed.emit()
    choose(page, "Life Changer")
    result = page.selected()
    assert result is not None
    dialog = CastingDialog(demo_ctx, page, category_id=result.category_id,
                           category=result.category, lead_judge="Nobody",
                           groups=page.tied_groups(result))
    qtbot.addWidget(dialog)
    dialog.accept()  # no lead judge chosen for Life Changer
    assert dialog.result() == 0
    assert "lead judge" in messages[-1][2]


def test_normalised_order_note(qtbot: Any, demo_ctx: AppContext, page: ResultsPage) -> None:
    score_category(demo_ctx, "Sports Hero", varied, submit=2)
    score_category(demo_ctx, "Education Star", varied, submit=0)
    demo_ctx.data_changed.emit()
    choose(page, "Sports Hero")
    assert page.status.text() == "Provisional: 2 of 4 judges have submitted"
    assert page.note.isVisible()
    note = page.note.text()
    assert note.startswith("Ranked by raw scores. The normalised (z) scores would put ")
    assert "N-0030 above N-0027" in note and "harder than others" in note
    shown = {r.ref: r for r in page.ranking.visible_rows}  # and so they would
    assert shown["N-0027"].score > shown["N-0030"].score  # type: ignore[operator]
    assert shown["N-0030"].normalised_score > shown["N-0027"].normalised_score  # type: ignore[operator]
    choose(page, "Education Star")
    assert not page.note.isVisible()


def test_normalised_mode_is_explained_and_casting_left_out(
        qtbot: Any, demo_ctx: AppContext, page: ResultsPage) -> None:
    event_id = demo_ctx.require_event()
    demo_ctx.write(lambda s: results.set_tie_breaks(s, event_id, rules=["obstacles", "median"],
                                                     normalised=True))
    score_category(demo_ctx, "Life Changer", lambda *_: 6)
    score_category(demo_ctx, "Education Star", varied, submit=0)
    demo_ctx.data_changed.emit()
    choose(page, "Education Star")
    assert page.note.isVisible() and page.note.text().startswith(
        "Ranked by normalised (z) scores")
    choose(page, "Life Changer")
    assert "leave out the casting decision" in page.problem.text()
    assert not page.casting_button.isEnabled() and not page.confirm_button.isEnabled()


def test_export_json_and_the_results_sheet(qtbot: Any, demo_ctx: AppContext,
                                           page: ResultsPage, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch, cli: Any) -> None:
    score_category(demo_ctx, "Education Star", varied)
    score_category(demo_ctx, "Life Changer", lambda *_: 6)
    demo_ctx.data_changed.emit()
    expected = demo_ctx.read(lambda s: results.results_document(
        results.category_results(s, demo_ctx.require_event())))
    # the first name has no suffix, so the chosen filter decides the format
    targets = [(str(tmp_path / "results"), "Full results data, JSON (*.json)"),
               (str(tmp_path / "out.csv"), "")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: targets.pop(0))

    page.export_button.click()
    qtbot.waitUntil(lambda: not demo_ctx.tasks.busy, timeout=20_000)
    saved = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert saved == expected
    assert page.export_message.text() == f"Saved to {tmp_path / 'results.json'}"

    # a .csv is the results sheet, the same as the command line writes
    page.export_button.click()
    qtbot.waitUntil(lambda: not demo_ctx.tasks.busy, timeout=20_000)
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    command = cli("results-sheet", "--out", str(tmp_path / "cli.csv"))
    assert command.code == 0
    assert rows == list(csv.reader(io.StringIO((tmp_path / "cli.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["Category", "Placement", "Rank", "Name as printed", "Score", "Results",
                       "Tie"]
    assert ["Education Star", "Winner", "1", "Zoë Hartley", "6.67", "Complete", "No"] == rows[1]


def test_minimum_width_fits_a_small_screen(page: ResultsPage) -> None:
    assert page.minimumSizeHint().width() <= 650

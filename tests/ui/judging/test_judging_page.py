"""The Judging page and its dialogs, driven through their real widgets on demo data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from awards_app.core.enums import ConflictKind
from awards_app.core.scoring import TieBreak
from awards_app.db.models import AuditEntry, Category, Event, Judge, Submission
from awards_app.services.catalogue import categories
from awards_app.services import judging
from awards_app.services import nominations
from awards_app.ui.common.context import AppContext
from awards_app.ui.common.dialogs import ReasonDialog
from awards_app.ui.judging.conflict_dialog import ConflictDialog
from awards_app.ui.judging.dialogs import LeadJudgeDialog, PinDialog
from awards_app.ui.judging.judge_copy import JudgeCopyDialog
from awards_app.ui.judging.page import FIXED_NOTE, NO_CASTING_NOTE, JudgingPage

Scorer = Callable[[int, str, str], int]  # (judge id, nomination ref, criterion) → score


def category_id(ctx: AppContext, name: str) -> int:
    event_id = ctx.require_event()
    return ctx.read(lambda s: next(c.id for c in categories.list_categories(s, event_id)
                                   if c.name == name))


def judges_of(ctx: AppContext, category: int) -> list[int]:
    event_id = ctx.require_event()
    return ctx.read(lambda s: [r.judge_id for r in judging.judging_progress(s, event_id)
                               if r.category_id == category])


def score_category(ctx: AppContext, name: str, scorer: Scorer, *, submit: int | None = None,
                   only: int | None = None) -> list[int]:
    """Every judge of the category scores all of it (the first ``only`` items, if given);
    the first ``submit`` judges (default: all) submit. Written straight to the database."""
    assert ctx.database is not None
    cid = category_id(ctx, name)
    judge_ids = judges_of(ctx, cid)
    with ctx.database.session() as s:
        for judge_id in judge_ids:
            items = [i for i in judging.judge_queue(s, judge_id) if i.category_id == cid]
            for item in items[:only]:
                judging.save_scores(s, judge_id=judge_id, nomination_id=item.nomination_id,
                                    scores={c.id: scorer(judge_id, item.ref, c.name)
                                            for c in item.criteria})
        for judge_id in judge_ids[:len(judge_ids) if submit is None else submit]:
            judging.submit_category(s, judge_id=judge_id, category_id=cid)
    return judge_ids


def varied(judge_id: int, ref: str, criterion: str) -> int:
    """Deterministic scores that differ by nomination, judge and criterion."""
    return 1 + (int(ref[2:]) * 7 + judge_id * 3 + len(criterion)) % 10


@pytest.fixture
def page(qtbot: Any, demo_ctx: AppContext) -> JudgingPage:
    widget = JudgingPage(demo_ctx, None)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.reload()
    return widget


def cell(page: JudgingPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def select_judge(page: JudgingPage, category: str, judge_id: int) -> None:
    row = page.model.index_of(lambda r: r.category == category and r.judge_id == judge_id)
    assert row >= 0
    page.view.setCurrentIndex(page.model.index(row, 0))


def fill_and(action: Callable[[Any], None], seen: list[Any]) -> Callable[[Any], bool]:
    """A stand-in for ``exec``: fill the real dialog, press its button, report the result."""
    def run(dialog: Any) -> bool:
        seen.append(dialog)
        action(dialog)
        return bool(dialog.result())
    return run


# --- progress ----------------------------------------------------------------------------------


def test_progress_table_counts_and_filter(qtbot: Any, demo_ctx: AppContext,
                                          page: JudgingPage) -> None:
    assert page.model.total_count == 26
    assert page.summary.text().startswith("0 of 26 judge-categories submitted")
    score_category(demo_ctx, "Education Star", varied, submit=3)
    score_category(demo_ctx, "Sports Hero", varied, submit=0, only=2)
    demo_ctx.data_changed.emit()  # as after any change made through the program
    assert page.summary.text().startswith("3 of 26 judge-categories submitted")
    education = [r for r in page.model.visible_rows if r.category == "Education Star"]
    assert [(r.scored, r.assigned) for r in education] == [(4, 4)] * 4
    assert sorted(r.submitted for r in education) == [False, True, True, True]
    sports = page.model.index_of(lambda r: r.category == "Sports Hero")
    assert cell(page, sports, 3) == "2 of 3 scored" and cell(page, sports, 4) == "No"

    page.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # furthest on first
    assert [cell(page, r, 3) for r in range(6)] == ["4 of 4 scored"] * 4 + ["2 of 3 scored"] * 2
    page.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    page.category.setCurrentIndex(page.category.findText("Education Star"))
    assert {r.category for r in page.model.visible_rows} == {"Education Star"}
    assert page.summary.text().startswith("3 of 4 judge-categories submitted")
    assert "4 judges still need a PIN" in page.summary.text()
    page.category.setCurrentIndex(0)
    assert len(page.model.visible_rows) == 26


# --- PINs --------------------------------------------------------------------------------------


def test_set_pin_through_the_dialog(qtbot: Any, demo_ctx: AppContext, page: JudgingPage,
                                    monkeypatch: pytest.MonkeyPatch, messages: list[Any]) -> None:
    row = page.model.row(0)
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert page.pin_action.isEnabled() and not page.clear_pin_action.isEnabled()
    seen: list[PinDialog] = []

    def type_pin(dialog: PinDialog) -> None:
        assert dialog.pin.echoMode() == dialog.pin.EchoMode.Password
        qtbot.keyClicks(dialog.pin, "48a21")  # the letter is refused as it is typed
        qtbot.keyClicks(dialog.pin_again, "4821")
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(type_pin, seen))
    page.pin_action.trigger()
    assert seen[0].result() == 1 and seen[0].pin.text() == "4821"
    stored = demo_ctx.read(lambda s: s.get(Judge, row.judge_id).pin_hash)
    assert stored.startswith("$argon2id$") and "4821" not in stored
    assert demo_ctx.read(lambda s: judging.sign_in(s, row.judge_id, "4821").ok)
    assert cell(page, page.model.index_of(lambda r: r.judge_id == row.judge_id), 5) == "Yes"
    assert page.clear_pin_action.isEnabled()
    assert page.pin_action.text() == "Change &PIN…"
    assert not messages


def test_refused_pins_are_highlighted_and_nothing_is_stored(
        qtbot: Any, demo_ctx: AppContext, page: JudgingPage, messages: list[Any]) -> None:
    row = page.model.row(0)
    dialog = PinDialog(demo_ctx, page, judge_id=row.judge_id, judge_name=row.judge)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.pin, "123")
    qtbot.keyClicks(dialog.pin_again, "123")
    dialog.accept()
    assert dialog.result() == 0 and dialog.pin.property("invalid") is True
    assert "4 to 8 digits" in messages[-1][2]
    dialog.pin.setText("12345")
    dialog.pin_again.setText("12346")
    dialog.accept()
    assert dialog.result() == 0 and dialog.pin_again.property("invalid") is True
    assert dialog.pin.property("invalid") is False
    assert "same digits twice" in messages[-1][2]
    assert demo_ctx.read(lambda s: s.get(Judge, row.judge_id).pin_hash) is None


def test_clear_pin_asks_first(qtbot: Any, demo_ctx: AppContext, page: JudgingPage,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    row = page.model.row(0)
    demo_ctx.write(lambda s: judging.set_pin(s, row.judge_id, "2468"))
    page.view.setCurrentIndex(page.model.index(0, 0))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    page.clear_pin_action.trigger()
    assert demo_ctx.read(lambda s: s.get(Judge, row.judge_id).pin_hash) is not None
    page.clear_pin_action.trigger()
    assert demo_ctx.read(lambda s: s.get(Judge, row.judge_id).pin_hash) is None
    assert not page.clear_pin_action.isEnabled()


# --- unlocking a submission ------------------------------------------------------------------


def test_unlock_needs_a_reason_which_is_audited(qtbot: Any, demo_ctx: AppContext,
                                                page: JudgingPage, messages: list[Any],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    judge_ids = score_category(demo_ctx, "Education Star", varied, submit=1)
    demo_ctx.data_changed.emit()
    select_judge(page, "Education Star", judge_ids[1])
    assert not page.unlock_action.isEnabled()
    select_judge(page, "Education Star", judge_ids[0])
    assert page.unlock_action.isEnabled()
    seen: list[ReasonDialog] = []

    def empty_then_real(dialog: ReasonDialog) -> None:
        dialog.accept()  # no reason: refused, the dialog stays open
        assert dialog.result() == 0 and dialog.reason.property("invalid") is True
        assert "say why" in messages[-1][2]
        qtbot.keyClicks(dialog.reason, "Typed 2 instead of 8 for N-0007")
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(empty_then_real, seen))
    page.unlock_action.trigger()
    assert seen[0].result() == 1
    cid = category_id(demo_ctx, "Education Star")
    left = demo_ctx.read(lambda s: s.scalars(select(Submission.judge_id).where(
        Submission.category_id == cid)).all())
    assert left == []
    audit = demo_ctx.read(lambda s: [e.summary for e in s.scalars(
        select(AuditEntry).where(AuditEntry.action == "unlock"))])
    assert len(audit) == 1 and audit[0].endswith("Typed 2 instead of 8 for N-0007")
    assert not page.unlock_action.isEnabled()
    assert page.summary.text().startswith("0 of 26")


# --- conflicts ---------------------------------------------------------------------------------


def test_add_and_remove_a_conflict(qtbot: Any, demo_ctx: AppContext, page: JudgingPage,
                                   messages: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    assert page.conflicts.total_count == 0 and page.conflicts_empty.isVisible()
    select_judge(page, "Education Star", page.model.row(0).judge_id)
    judge = page.selected()
    assert judge is not None
    seen: list[Any] = []

    def declare(dialog: ConflictDialog) -> None:
        assert dialog.judge.currentData() == judge.judge_id  # the selected judge
        dialog.accept()  # no nomination chosen yet
        assert dialog.result() == 0 and dialog.nomination.property("invalid") is True
        dialog.nomination.setCurrentIndex(dialog.nomination.findText("N-0007", Qt.MatchFlag.MatchStartsWith))
        dialog.kind.setCurrentIndex(dialog.kind.findData(ConflictKind.KNOWS))
        qtbot.keyClicks(dialog.note, "Was her football coach")
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(declare, seen))
    page.add_conflict_action.trigger()
    assert seen[0].result() == 1
    assert page.conflicts.total_count == 1 and not page.conflicts_empty.isVisible()
    shown = [page.conflicts.index(0, c).data() for c in range(7)]
    assert shown[0] == judge.judge and shown[1] == judge.sponsor
    assert shown[2].startswith("N-0007") and shown[3] == "Knows the young person"
    assert shown[4] == "Was her football coach" and shown[5] == "Coordinator"
    # the judge no longer has N-0007 to score
    assert page.model.row(page.model.index_of(
        lambda r: r.judge_id == judge.judge_id and r.category == "Education Star")).assigned == 3

    page.conflicts_view.setCurrentIndex(page.conflicts.index(0, 0))

    def remove(dialog: ReasonDialog) -> None:
        dialog.accept()
        assert dialog.result() == 0 and dialog.reason.property("invalid") is True
        dialog.reason.setPlainText("Declared against the wrong judge")
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(remove, seen))
    page.remove_conflict_action.trigger()
    assert seen[-1].result() == 1 and page.conflicts.total_count == 0
    assert not page.remove_conflict_action.isEnabled()
    audit = demo_ctx.read(lambda s: s.scalars(select(AuditEntry.summary).where(
        AuditEntry.action == "remove_conflict")).all())
    assert audit == ["Declared against the wrong judge"]


# --- lead judges, judge copy -----------------------------------------------------------------


def test_choose_a_lead_judge(qtbot: Any, demo_ctx: AppContext, page: JudgingPage,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    page.tabs.setCurrentIndex(1)
    assert page.leads.index(0, 1).data() == "Not chosen yet"
    cid = page.leads.row(0).category_id
    choices: list[str] = []

    def choose(dialog: LeadJudgeDialog) -> None:
        choices.extend(dialog.judge.itemText(i) for i in range(dialog.judge.count()))
        dialog.judge.setCurrentIndex(dialog.judge.findText("Mei Lin Chan"))
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(choose, []))
    page.lead_action.trigger()
    assert choices == ["No lead judge yet", "Eleanor Askew", "Mei Lin Chan",
                       "Oliver Featherstone", "Ravinder Patel"]
    assert page.leads.index(0, 1).data() == "Mei Lin Chan"
    lead = demo_ctx.read(lambda s: s.get(Category, cid).lead_judge_id)
    assert lead == next(r.judge_id for r in page.model.visible_rows if r.judge == "Mei Lin Chan")


def test_judge_copy_edit_and_reset(qtbot: Any, demo_ctx: AppContext, page: JudgingPage,
                                   monkeypatch: pytest.MonkeyPatch, messages: list[Any]) -> None:
    event_id = demo_ctx.require_event()
    page.tabs.setCurrentIndex(3)
    suggestions = page.copy_suggestions.stringList()
    assert len(suggestions) == 18 and "N-0007 Mai — Education Star" in suggestions
    assert not page.copy_button.isEnabled()
    qtbot.keyClicks(page.copy_ref, "N-0099")  # no such nomination: said, nothing opens
    page.copy_button.click()
    assert messages[-1][0] == "warning" and "no nomination N-0099" in messages[-1][2]
    page.copy_ref.setText("N-0007 Mai — Education Star")  # as picked from the suggestions
    seen: list[JudgeCopyDialog] = []

    def edit(dialog: JudgeCopyDialog) -> None:
        assert dialog.status.text() == "This is the automatic masking."
        assert dialog.boxes["success"].toPlainText() == dialog.copy.automatic[0]
        dialog.boxes["success"].setPlainText("She passed every exam this year.")
        dialog.accept()

    monkeypatch.setattr(page, "run_dialog", fill_and(edit, seen))
    page.copy_button.click()
    assert seen[0].result() == 1

    def stored() -> tuple[str, str, str]:
        return demo_ctx.read(lambda s: (lambda n: (n.judge_success, n.judge_obstacles,
                                                   n.judge_voice))(
            nominations.get_by_ref(s, event_id, "N-0007")))

    assert stored() == ("She passed every exam this year.", "", "")  # the rest stays automatic
    dialog = JudgeCopyDialog(demo_ctx, page, ref="N-0007")
    qtbot.addWidget(dialog)
    assert dialog.boxes["success"].toPlainText() == "She passed every exam this year."
    assert "edited by hand" in dialog.status.text()
    dialog.reset.click()
    assert stored() == ("", "", "")
    assert dialog.boxes["success"].toPlainText() == dialog.copy.automatic[0]
    assert dialog.status.text() == "This is the automatic masking."


# --- tie-break rules ---------------------------------------------------------------------------


def test_tie_break_rules_saved_before_scoring(qtbot: Any, demo_ctx: AppContext,
                                              page: JudgingPage) -> None:
    page.tabs.setCurrentIndex(2)
    assert page.rules.rows() == [TieBreak.OBSTACLES, TieBreak.MEDIAN, TieBreak.CASTING]
    assert not page.save_rules_button.isEnabled() and not page.rules_note.isVisible()
    page.rules.view.setCurrentIndex(page.rules.model.index(1, 0))  # median
    page.rules.up.click()
    page.rules.model.setData(page.rules.model.index(2, 0), Qt.CheckState.Unchecked.value,
                             Qt.ItemDataRole.CheckStateRole)  # leave casting out
    assert page.rules_note.isVisible() and page.rules_note.text() == NO_CASTING_NOTE
    page.rules.model.setData(page.rules.model.index(2, 0), Qt.CheckState.Checked.value,
                             Qt.ItemDataRole.CheckStateRole)
    page.normalised.setChecked(True)
    assert page.save_rules_button.isEnabled()
    page.save_rules_button.click()
    saved = demo_ctx.read(lambda s: (lambda e: (e.tie_breaks, e.normalised_results))(
        s.get(Event, demo_ctx.require_event())))
    assert saved == ("median,obstacles,casting", True)
    assert page.rules.rows()[:2] == [TieBreak.MEDIAN, TieBreak.OBSTACLES]
    assert not page.save_rules_button.isEnabled()


def test_tie_break_rules_refused_once_scoring_has_started(
        qtbot: Any, demo_ctx: AppContext, page: JudgingPage, messages: list[Any]) -> None:
    page.tabs.setCurrentIndex(2)
    page.normalised.setChecked(True)  # an unsaved change…
    score_category(demo_ctx, "Life Changer", varied, submit=0, only=1)  # …then scoring starts
    page.save_rules_button.click()
    kind, title, text = messages[-1]
    assert kind == "warning" and title == "Tie-break rules not saved"
    assert "Judging has started" in text
    assert not page.rules.isEnabled() and not page.normalised.isEnabled()
    assert not page.save_rules_button.isEnabled() and not page.rules.up.isEnabled()
    assert page.rules_note.isVisible() and page.rules_note.text() == FIXED_NOTE
    assert not page.normalised.isChecked()  # what stands is shown again
    assert demo_ctx.read(lambda s: s.get(Event, demo_ctx.require_event()).normalised_results) \
        is False


# --- the judging session window ----------------------------------------------------------------


def test_start_the_real_judging_session_once(qtbot: Any, demo_ctx: AppContext,
                                            page: JudgingPage, messages: list[Any]) -> None:
    session = pytest.importorskip("awards_app.ui.judging.session")
    page.start_button.click()
    window = page.session_window
    assert isinstance(window, session.JudgingSessionWindow) and window.isVisible()
    qtbot.addWidget(window)
    page.start_button.click()  # a second click brings the same window forward
    assert page.session_window is window
    window.close()
    assert not messages


def test_minimum_width_fits_a_small_screen(page: JudgingPage) -> None:
    assert page.minimumSizeHint().width() <= 650


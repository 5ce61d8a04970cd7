"""The Results page warns about values changed outside the program: it lists them, flags the
confirmed results they undermine, and clears once the coordinator marks them as checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from awards_app.core.text import format_ref
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Category, ConfirmedPlacement, Judge, Nomination, Score
from awards_app.ui.common.context import AppContext
from awards_app.ui.results.page import UNTRUSTED, ResultsPage
from tests.factories import award_demo
from tests.ui.results.test_results_page import answer_yes, choose


@pytest.fixture
def awarded_ctx(ctx: AppContext, db: Database) -> AppContext:
    award_demo(db)
    ctx.set_database(db)
    return ctx


def open_page(qtbot: Any, ctx: AppContext) -> ResultsPage:
    page = ResultsPage(ctx, None)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.reload()
    return page


def test_no_warning_when_nothing_changed_outside(qtbot: Any, awarded_ctx: AppContext) -> None:
    page = open_page(qtbot, awarded_ctx)
    assert not page.tampered_box.isVisible()
    assert UNTRUSTED not in page.problem.text()


def test_a_hand_edited_score_is_listed_and_its_result_flagged(
        qtbot: Any, awarded_ctx: AppContext, db: Database, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with db.read_session() as s:
        score = s.scalars(select(Score).where(Score.value != 10).order_by(Score.id)).first()
        assert score is not None
        nomination = s.get(Nomination, score.nomination_id)
        assert nomination is not None
        ref, category_id = format_ref(nomination.number), nomination.category_id
        category = s.get(Category, category_id).name  # type: ignore[union-attr]
        judge = s.get(Judge, score.judge_id).name  # type: ignore[union-attr]
        other = s.scalar(select(Category.name).where(
            Category.id != category_id,
            Category.id.in_(select(ConfirmedPlacement.category_id))))
        sid = score.id
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE score SET value = 10 WHERE id = ?", (sid,))
    conn.commit()
    conn.close()

    page = open_page(qtbot, awarded_ctx)
    assert page.tampered_box.isVisible()
    # As tall as its text: the results keep the page (it once took half of it).
    qtbot.waitUntil(lambda: page.tampered_box.height() < page.splitter.height() / 2)
    text = page.tampered.text()
    assert "changed outside the program" in text
    assert f"{judge}'s score for {ref}" in text
    assert f"behind {ref}'s confirmed place in {category}" in text
    choose(page, category)
    assert page.problem.isVisible() and UNTRUSTED in page.problem.text()
    assert other is not None
    choose(page, other)
    assert UNTRUSTED not in page.problem.text()  # only the results it undermines

    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert asked and "checked every record listed" in asked[0]
    qtbot.waitUntil(lambda: not page.tampered_box.isVisible(), timeout=10_000)
    choose(page, category)
    assert UNTRUSTED not in page.problem.text()
    with db.read_session() as s:
        assert s.scalar(select(AuditEntry.action).where(
            AuditEntry.action == "accept_outside_changes")) is not None


def test_declining_to_mark_as_checked_changes_nothing(
        qtbot: Any, awarded_ctx: AppContext, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE nominee SET consent_photo = 'yes' WHERE id = (SELECT min(id) FROM "
                 "nominee WHERE consent_photo != 'yes')")
    conn.commit()
    conn.close()
    page = open_page(qtbot, awarded_ctx)
    assert "young person: their consent answers" in page.tampered.text()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    page.reload()
    assert page.tampered_box.isVisible()

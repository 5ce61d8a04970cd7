"""Paper judging services: scores typed from a pack (audited as entered by the coordinator),
the running check of what is missing, and submitting on a paper judge's behalf."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Score, Submission
from awards_app.services import judging
from tests.services.judging.test_judging import setup  # noqa: F401  (the fixture)


def test_entered_scores_are_stored_and_audited_as_from_paper(
        db: Database, setup: dict[str, Any]) -> None:  # noqa: F811
    c = setup["criteria"]
    with db.session() as s:
        judging.enter_paper_scores(s, judge_id=setup["ann"], nomination_id=setup["Ada"],
                                   scores={c["Achievement"]: 7, c["Obstacles overcome"]: 10},
                                   comment="Written in the margin")
    with db.read_session() as s:
        values = {v for (v,) in s.execute(select(Score.value).where(
            Score.judge_id == setup["ann"], Score.nomination_id == setup["Ada"]))}
        entry = s.execute(select(AuditEntry.entity_id, AuditEntry.summary)
                          .where(AuditEntry.action == "paper_scores")).one()
        item = judging.judge_queue(s, setup["ann"])[0]
    assert values == {7, 10}
    assert item.comment == "Written in the margin"
    assert entry.entity_id == setup["Ada"]
    assert "Ann Judge" in entry.summary and "entered from paper by the coordinator" in entry.summary


def test_an_out_of_range_score_is_refused_and_nothing_is_audited(
        db: Database, setup: dict[str, Any]) -> None:  # noqa: F811
    c = setup["criteria"]
    with pytest.raises(ValidationError, match="outside 1–10"), db.session() as s:
        judging.enter_paper_scores(s, judge_id=setup["ann"], nomination_id=setup["Ada"],
                                   scores={c["Achievement"]: 11})
    with db.read_session() as s:
        assert s.scalar(select(AuditEntry.id).where(AuditEntry.action == "paper_scores")) is None


def test_missing_scores_lists_nominations_and_criteria_per_category(
        db: Database, setup: dict[str, Any]) -> None:  # noqa: F811
    c = setup["criteria"]
    with db.session() as s:
        judging.enter_paper_scores(s, judge_id=setup["ann"], nomination_id=setup["Ada"],
                                   scores={c["Achievement"]: 7})
        checks = judging.missing_scores(judging.judge_queue(s, setup["ann"]))
    assert [(k.category, k.assigned, k.complete) for k in checks] == [("Education Star", 2, False)]
    assert [(m.nomination_id, m.criteria) for m in checks[0].missing] == [
        (setup["Ada"], ("Obstacles overcome", "Inspiration to others")),
        (setup["Ben"], ("Achievement", "Obstacles overcome", "Inspiration to others"))]


def test_submit_on_behalf_locks_and_says_who_submitted(
        db: Database, setup: dict[str, Any]) -> None:  # noqa: F811
    c = setup["criteria"]
    with db.session() as s:
        with pytest.raises(ValidationError, match="not fully scored"):
            judging.submit_on_behalf(s, judge_id=setup["ann"], category_id=setup["education"])
    with db.session() as s:
        for nid in (setup["Ada"], setup["Ben"]):
            judging.enter_paper_scores(s, judge_id=setup["ann"], nomination_id=nid,
                                       scores={cid: 6 for cid in c.values()})
        judging.submit_on_behalf(s, judge_id=setup["ann"], category_id=setup["education"])
    with db.read_session() as s:
        assert s.scalar(select(Submission.id).where(Submission.judge_id == setup["ann"]))
        entry = s.execute(select(AuditEntry.entity_id, AuditEntry.summary)
                          .where(AuditEntry.action == "submit")).one()
        assert judging.missing_scores(judging.judge_queue(s, setup["ann"]))[0].submitted
    assert entry.summary.startswith("submitted by the coordinator for Ann Judge")
    with pytest.raises(ConflictError), db.session() as s:
        judging.enter_paper_scores(s, judge_id=setup["ann"], nomination_id=setup["Ada"],
                                   scores={c["Achievement"]: 9})


def test_the_cli_submit_is_recorded_as_the_coordinator_s(
        db: Database, setup: dict[str, Any], cli: Any) -> None:  # noqa: F811
    c = setup["criteria"]
    with db.session() as s:
        for nid in (setup["Ada"], setup["Ben"]):
            judging.enter_paper_scores(s, judge_id=setup["ann"], nomination_id=nid,
                                       scores={cid: 6 for cid in c.values()})
    done = cli("judging", "submit", "Ann Judge", "--category", "Education Star")
    assert done.code == 0, done.err
    with db.read_session() as s:
        summary = s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "submit"))
    assert summary == ("submitted by the coordinator for Ann Judge (paper judging): "
                       "2 nomination(s)")


def test_one_judge_s_pack_by_id(db: Database, event_id: int,
                                setup: dict[str, Any]) -> None:  # noqa: F811
    with db.read_session() as s:
        packs = judging.judge_packs(s, event_id, judge_id=setup["bob"])
        assert [(p.judge, [i.ref for i in p.items]) for p in packs] == [
            ("Bob Judge", [i.ref for i in judging.judge_queue(s, setup["bob"])])]
        with pytest.raises(NotFoundError):
            judging.judge_packs(s, event_id, judge_id=999_999)

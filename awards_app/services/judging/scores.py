"""Scores, submissions and unlocks; judge totals kept in a table by every score change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    pass

from awards_app.core.enums import CriterionRole
from awards_app.core.errors import ConflictError, FieldError, NotFoundError, ValidationError
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Category,
    Criterion,
    Judge,
    JudgeTotal,
    Nomination,
    Score,
    ScoreComment,
    Submission,
)
from awards_app.services.common import audit, get
from awards_app.services.judging import results_cache
from awards_app.services.judging.assignments import assigned_nomination, ensure_open_for
from awards_app.services.judging.judge_view import judge_queue


# --- scoring -------------------------------------------------------------------------------


def save_scores(
    session: Session,
    *,
    judge_id: int,
    nomination_id: int,
    scores: Mapping[int, int | None],
    comment: str = "",
    refresh_results: bool = True,
) -> None:
    """Store a judge's scores (criterion id → value; None clears) and comment for a nomination.

    ``refresh_results=False`` leaves the stored result statistics for the caller to refresh
    once (an import of many scores); reads stay correct meanwhile, only slower."""
    nomination = assigned_nomination(session, judge_id, nomination_id)
    ensure_open_for(session, judge_id, nomination.category)
    criteria = {c.id: c for c in nomination.category.criteria}
    c = Checker()
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            c.add("criterion", f"{criterion_id} is not a criterion of {nomination.category.name}")
        elif value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            c.add(criterion.name, f"{value} is outside {criterion.scale_min}–{criterion.scale_max}")
    text = c.text("comment", comment, max_length=4000)
    c.check()
    existing = {s.criterion_id: s for s in session.scalars(select(Score).where(
        Score.judge_id == judge_id, Score.nomination_id == nomination_id))}
    for criterion_id, value in scores.items():
        row = existing.get(criterion_id)
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Score(judge_id=judge_id, nomination_id=nomination_id,
                              criterion_id=criterion_id, value=value))
        else:
            row.value = value
    session.flush()
    refresh_totals(session, judge_id=judge_id, nomination_id=nomination_id,
                   refresh_results=refresh_results)
    note = session.scalar(select(ScoreComment).where(
        ScoreComment.judge_id == judge_id, ScoreComment.nomination_id == nomination_id))
    if note is None and text:
        session.add(ScoreComment(judge_id=judge_id, nomination_id=nomination_id, comment=text))
    elif note is not None:
        note.comment = text
    session.flush()


def submit_category(session: Session, *, judge_id: int, category_id: int) -> None:
    """Lock a judge's scores in a category; every nomination there must be fully scored."""
    category = get(session, Category, category_id, "category")
    ensure_open_for(session, judge_id, category)
    items = [i for i in judge_queue(session, judge_id) if i.category_id == category_id]
    if not items:
        raise ConflictError(f"There is nothing for you to judge in {category.name}.")
    missing = [i.ref for i in items if not i.scored]
    if missing:
        raise ValidationError([FieldError("scores", f"{ref} is not fully scored yet")
                               for ref in missing])
    session.add(Submission(judge_id=judge_id, category_id=category_id))
    judge = get(session, Judge, judge_id, "judge")
    audit(session, "submit", "category", category_id, event_id=category.event_id,
          summary=f"{judge.name} submitted {len(items)} nomination(s)")


def unlock_submission(session: Session, *, judge_id: int, category_id: int, reason: str) -> None:
    """The coordinator reopens a judge's submitted category, recording why."""
    c = Checker()
    text = c.text("reason", reason, max_length=1000)
    if not text:
        c.add("reason", "is empty — say why the scores are being reopened")
    c.check()
    category = get(session, Category, category_id, "category")
    if category.results_confirmed_at is not None:
        raise ConflictError(f"Results for {category.name} are final and locked.")
    done = session.execute(delete(Submission).where(
        Submission.judge_id == judge_id, Submission.category_id == category_id))
    if not done.rowcount:  # type: ignore[attr-defined]
        raise NotFoundError("That judge has not submitted this category.")
    judge = get(session, Judge, judge_id, "judge")
    audit(session, "unlock", "category", category_id, event_id=category.event_id,
          summary=f"{judge.name}: {text}")


def _totals_select() -> Any:  # Select's generic form differs between SQLAlchemy 2.0 and 2.1
    points_scale = 10.0
    points = (Score.value - Criterion.scale_min) * points_scale / (
        Criterion.scale_max - Criterion.scale_min)
    is_obstacles = Criterion.role == CriterionRole.OBSTACLES.value
    return (
        select(
            Score.judge_id,
            Score.nomination_id,
            (func.sum(Criterion.weight * points) / func.sum(Criterion.weight)),
            func.max(case((is_obstacles, points), else_=None)),
            func.count(Score.id),
        )
        .join(Criterion, Criterion.id == Score.criterion_id)
        .group_by(Score.judge_id, Score.nomination_id)
    )


def refresh_totals(
    session: Session, *, judge_id: int | None = None, nomination_id: int | None = None,
    event_id: int | None = None, refresh_results: bool = True,
) -> None:
    """Recompute judge totals (weighted mean of 0–10 criterion points) in one SQL statement:
    for one judge × nomination, or for a whole event; then the stored result statistics of
    the nomination's category (or of the event), unless ``refresh_results`` is False because
    the caller refreshes them once after many changes."""
    query = _totals_select()
    doomed = delete(JudgeTotal)
    if judge_id is not None and nomination_id is not None:
        query = query.where(Score.judge_id == judge_id, Score.nomination_id == nomination_id)
        doomed = doomed.where(JudgeTotal.judge_id == judge_id,
                              JudgeTotal.nomination_id == nomination_id)
    elif event_id is not None:
        in_event = select(Nomination.id).where(Nomination.event_id == event_id)
        query = query.where(Score.nomination_id.in_(in_event))
        doomed = doomed.where(JudgeTotal.nomination_id.in_(in_event))
    else:
        raise ValueError("name a judge and nomination, or an event")
    session.execute(doomed)
    session.execute(insert(JudgeTotal).from_select(
        ["judge_id", "nomination_id", "total", "obstacles", "criteria_scored"], query))
    if not refresh_results:
        return
    if event_id is not None:
        results_cache.refresh(session, event_id)
    else:
        nomination = get(session, Nomination, nomination_id or 0, "nomination")
        results_cache.refresh(session, nomination.event_id, category_ids=[nomination.category_id])

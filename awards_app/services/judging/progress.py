"""Judging progress per judge and category, and each category's lead judge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    pass

from awards_app.core.errors import ValidationError
from awards_app.db.models import (
    Category,
    Criterion,
    Judge,
    Score,
    Sponsor,
    Sponsorship,
    Submission,
)
from awards_app.services.judging.assignments import assignments_query
from awards_app.services.catalogue.locks import ensure_results_open
from awards_app.services.common import get


# --- progress, judge copies, lead judges ---------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    category_id: int
    category: str
    judge_id: int
    judge: str
    sponsor: str
    assigned: int
    scored: int
    submitted: bool
    has_pin: bool


def judging_progress(session: Session, event_id: int) -> list[ProgressRow]:
    """Per category and judge: nominations assigned, fully scored, and whether submitted."""
    assigned = assignments_query(event_id).subquery()
    criteria_per_category = (
        select(Criterion.category_id, func.count(Criterion.id).label("n"))
        .group_by(Criterion.category_id).subquery()
    )
    scored_per = (
        select(Score.judge_id, Score.nomination_id, func.count(Score.id).label("n"))
        .group_by(Score.judge_id, Score.nomination_id).subquery()
    )
    fully = func.sum(case((scored_per.c.n >= criteria_per_category.c.n, 1), else_=0))
    query = (
        select(
            assigned.c.category_id, Category.name, assigned.c.judge_id, Judge.name, Sponsor.name,
            func.count(assigned.c.nomination_id), fully, Judge.pin_hash,
            exists().where(Submission.judge_id == assigned.c.judge_id,
                           Submission.category_id == assigned.c.category_id),
        )
        .join(Category, Category.id == assigned.c.category_id)
        .join(Judge, Judge.id == assigned.c.judge_id)
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .join(criteria_per_category, criteria_per_category.c.category_id == assigned.c.category_id)
        .outerjoin(scored_per, and_(scored_per.c.judge_id == assigned.c.judge_id,
                                    scored_per.c.nomination_id == assigned.c.nomination_id))
        .group_by(assigned.c.category_id, Category.name, assigned.c.judge_id, Judge.name,
                  Sponsor.name, Judge.pin_hash, Category.display_order)
        .order_by(Category.display_order, Judge.name)
    )
    return [
        ProgressRow(category_id=r[0], category=r[1], judge_id=r[2], judge=r[3], sponsor=r[4],
                    assigned=r[5], scored=int(r[6] or 0), has_pin=r[7] is not None,
                    submitted=bool(r[8]))
        for r in session.execute(query)
    ]


def set_lead_judge(session: Session, *, category_id: int, judge_id: int | None) -> None:
    category = get(session, Category, category_id, "category")
    if judge_id != category.lead_judge_id:
        ensure_results_open(category, "its lead judge")
    if judge_id is not None:
        judge = get(session, Judge, judge_id, "judge")
        sponsors = set(session.scalars(select(Sponsorship.sponsor_id).where(
            Sponsorship.category_id == category_id)))
        if judge.sponsor_id not in sponsors:
            raise ValidationError.single("judge", f"{judge.name} does not judge {category.name}")
    category.lead_judge_id = judge_id

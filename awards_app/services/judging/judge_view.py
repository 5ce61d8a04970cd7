"""What a judge sees: a pseudonym and masked narratives (or the coordinator's judge copy),
never the full record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded
from awards_app.core.privacy import mask_narrative, pseudonym
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Judge,
    Nomination,
    Score,
    ScoreComment,
    Submission,
)
from awards_app.services.judging.assignments import assignments_query
from awards_app.services.common import (
    audit,
    ensure_current,
    get,
    stored_values,
    write_changes,
)
from awards_app.services.nominations import NOMINATION_LABELS


# --- what a judge sees ---------------------------------------------------------------------


@dataclass(frozen=True)
class JudgeCriterion:
    id: int
    name: str
    guidance: str
    weight: float
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class JudgeItem:
    """One nomination as a judge sees it: no surname, date of birth, worker, team or contact."""

    nomination_id: int
    ref: str
    pseudonym: str
    category_id: int
    category: str
    success: str
    obstacles: str
    voice: str
    criteria: tuple[JudgeCriterion, ...]
    scores: Mapping[int, int]  # criterion id → this judge's score
    comment: str
    submitted: bool  # this judge has submitted the category

    @property
    def scored(self) -> bool:
        return all(c.id in self.scores for c in self.criteria)


def automatic_copy(nomination: Nomination) -> tuple[str, str, str]:
    """The original narratives (success, obstacles, voice) with identifying details masked."""
    surname = nomination.nominee.last_name
    return (mask_narrative(nomination.success, surname=surname),
            mask_narrative(nomination.obstacles, surname=surname),
            mask_narrative(nomination.nominee_voice, surname=surname))


def judge_copy(nomination: Nomination) -> tuple[str, str, str]:
    """The narratives judges read: the coordinator's edited copy, or the original masked."""
    automatic = automatic_copy(nomination)
    edited = (nomination.judge_success, nomination.judge_obstacles, nomination.judge_voice)
    return (edited[0] or automatic[0], edited[1] or automatic[1], edited[2] or automatic[2])


def judge_queue(session: Session, judge_id: int) -> list[JudgeItem]:
    """Everything this judge is to score, in category then reference order."""
    judge = get(session, Judge, judge_id, "judge")
    rows = session.execute(
        assignments_query(judge.sponsor.event_id).where(Judge.id == judge_id)
    ).all()
    ids = [r.nomination_id for r in rows]
    if not ids:
        return []
    nominations = {
        n.id: n for n in session.scalars(select(Nomination).where(Nomination.id.in_(ids)))
    }
    scores: dict[int, dict[int, int]] = {}
    for nomination_id, criterion_id, value in session.execute(
        select(Score.nomination_id, Score.criterion_id, Score.value)
        .where(Score.judge_id == judge_id, Score.nomination_id.in_(ids))
    ):
        scores.setdefault(nomination_id, {})[criterion_id] = value
    comments = dict(session.execute(
        select(ScoreComment.nomination_id, ScoreComment.comment)
        .where(ScoreComment.judge_id == judge_id, ScoreComment.nomination_id.in_(ids))
    ).all())
    submitted = set(session.scalars(
        select(Submission.category_id).where(Submission.judge_id == judge_id)))
    items = []
    for nomination in sorted(nominations.values(),
                             key=lambda n: (n.category.display_order, n.number)):
        nominee = nomination.nominee
        success, obstacles, voice = judge_copy(nomination)
        items.append(JudgeItem(
            nomination_id=nomination.id,
            ref=nomination.ref,
            pseudonym=pseudonym(nominee.preferred_name, nominee.last_name,
                                do_not_publish=nominee.do_not_publish, number=nomination.number),
            category_id=nomination.category_id,
            category=nomination.category.name,
            success=success, obstacles=obstacles, voice=voice,
            criteria=tuple(JudgeCriterion(c.id, c.name, c.guidance, c.weight, c.scale_min,
                                          c.scale_max) for c in nomination.category.criteria),
            scores=scores.get(nomination.id, {}),
            comment=comments.get(nomination.id, ""),
            submitted=nomination.category_id in submitted,
        ))
    return items


#: what the judge copy editor shows: the stored edits and the narratives they mask
JUDGE_COPY_FIELDS = ("judge_success", "judge_obstacles", "judge_voice", "success", "obstacles",
                     "nominee_voice")
JUDGE_COPY_LABELS = {
    **NOMINATION_LABELS,
    "judge_success": "what judges read of their success",
    "judge_obstacles": "what judges read of the obstacles overcome",
    "judge_voice": "what judges read of their own words",
}


def judge_copy_for_edit(session: Session, nomination_id: int) -> Loaded:
    """The stored judge copy, the narratives it masks and the nomination's version, as the
    judge copy editor compares them on save (``compared``)."""
    nomination = get(session, Nomination, nomination_id, "nomination")
    values = stored_values(nomination, JUDGE_COPY_FIELDS)
    return Loaded(version=nomination.version, values=values, compared=values)


def set_judge_copy(
    session: Session, nomination_id: int, *, success: str, obstacles: str, voice: str,
    expected_version: int | None = None, original: Mapping[str, Any] | None = None,
) -> int:
    """The coordinator's edited narratives for judges (blank = mask the original). An
    editor passes the ``expected_version`` and ``original`` (``JUDGE_COPY_FIELDS``) it
    loaded: a copy made stale by a change to the judge copy or to the narratives it masks
    is refused (StaleEditError). Returns the nomination's version."""
    nomination = get(session, Nomination, nomination_id, "nomination")
    ensure_current(session, nomination, entity="nomination", entity_id=nomination.id,
                   labels=JUDGE_COPY_LABELS, expected_version=expected_version,
                   original=original)
    c = Checker()
    data = {"judge_success": c.text("success", success, max_length=40_000),
            "judge_obstacles": c.text("obstacles", obstacles, max_length=40_000),
            "judge_voice": c.text("voice", voice, max_length=20_000)}
    c.check()
    if write_changes(nomination, data):
        audit(session, "judge_copy", "nomination", nomination.id, event_id=nomination.event_id,
              summary=nomination.ref)
    return nomination.version

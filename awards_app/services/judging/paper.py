"""Paper judging from the window: scores typed from a returned pack, and a paper judge's
category submitted on their behalf. Both go through the services the judging screen and the
CLI use (``save_scores``, ``submit_category``); what is added is the audit trail saying the
coordinator entered them, since a score itself does not record who typed it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from awards_app.db.models import Judge, Nomination
from awards_app.services.common import audit, get
from awards_app.services.judging.judge_view import JudgeItem
from awards_app.services.judging.scores import save_scores, submit_category

ENTERED_FROM_PAPER = "entered from paper by the coordinator"


def enter_paper_scores(
    session: Session,
    *,
    judge_id: int,
    nomination_id: int,
    scores: Mapping[int, int | None],
    comment: str = "",
) -> None:
    """Store a paper judge's scores and comment for one nomination, as ``save_scores`` does
    (the same checks and locks), and record in the audit trail that the coordinator typed
    them in from the judge's pack."""
    save_scores(session, judge_id=judge_id, nomination_id=nomination_id, scores=scores,
                comment=comment)
    judge = get(session, Judge, judge_id, "judge")
    nomination = get(session, Nomination, nomination_id, "nomination")
    audit(session, "paper_scores", "nomination", nomination_id, event_id=nomination.event_id,
          summary=f"{nomination.ref}: {judge.name}'s scores {ENTERED_FROM_PAPER}")


def submit_on_behalf(session: Session, *, judge_id: int, category_id: int) -> None:
    """Submit (and so lock) a paper judge's scores for a category, as the coordinator; the
    audit trail records it as submitted by the coordinator for that judge."""
    submit_category(session, judge_id=judge_id, category_id=category_id, on_behalf=True)


@dataclass(frozen=True)
class MissingItem:
    """One nomination a judge has still to be scored for: which criteria lack a score."""

    nomination_id: int
    ref: str
    criteria: tuple[str, ...]  # names of the criteria without a score, in order


@dataclass(frozen=True)
class CategoryCheck:
    """Where a judge stands in one category: what is still missing, and whether submitted."""

    category_id: int
    category: str
    assigned: int
    missing: tuple[MissingItem, ...]
    submitted: bool

    @property
    def complete(self) -> bool:
        return not self.missing


def missing_scores(items: Sequence[JudgeItem]) -> list[CategoryCheck]:
    """Per category, in queue order: the nominations and criteria of a judge's queue
    (``judge_queue``) that still have no score. Pure: works on the queue already read."""
    order: dict[int, list[JudgeItem]] = {}
    for item in items:
        order.setdefault(item.category_id, []).append(item)
    checks = []
    for category_items in order.values():
        missing = tuple(
            MissingItem(item.nomination_id, item.ref,
                        tuple(c.name for c in item.criteria if c.id not in item.scores))
            for item in category_items if not item.scored)
        first = category_items[0]
        checks.append(CategoryCheck(first.category_id, first.category, len(category_items),
                                    missing, first.submitted))
    return checks

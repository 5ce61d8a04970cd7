"""What a judge sees: a pseudonym and masked narratives (or the coordinator's judge copy,
masked by the same rules), never the full record.

Everything the program knows about a nomination that could identify its young person (their
names, surname, date of birth, their worker's name, email and team) is gathered in one
place, ``nomination_identity``; every text a judge reads — the judging screen, the paper
packs — is masked with it (``judge_copy``), so an edit by the coordinator can add masking but
never take it away."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded
from awards_app.core.privacy import Identity, mask_text, pseudonym
from awards_app.core.text import name_key
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


def shown_first_name(nomination: Nomination) -> str:
    """The first name the pseudonym shows ("Zoë" of "Zoë H."), or "" when judges see
    "Nominee N" (the young person asked not to be published, or gave no preferred name)."""
    nominee = nomination.nominee
    words = nominee.preferred_name.split()
    return "" if nominee.do_not_publish or not words else words[0]


def judge_pseudonym(nomination: Nomination) -> str:
    nominee = nomination.nominee
    return pseudonym(nominee.preferred_name, nominee.last_name,
                     do_not_publish=nominee.do_not_publish, number=nomination.number)


def nomination_identity(nomination: Nomination) -> Identity:
    """Everything the program knows that could identify this nomination's young person, for
    masking what judges read: their legal and preferred names (the masking also takes each
    part), except the one first name the pseudonym shows anyway; their surname and date of
    birth; their worker's name, email and team. (Nominees have no contact details of their
    own here; phones, postcodes, emails and addresses written in a narrative are masked by
    their shape.)"""
    nominee = nomination.nominee
    shown = shown_first_name(nomination)
    names = [" ".join(value.split()) for value in (nominee.first_name, nominee.preferred_name)
             if name_key(value) != name_key(shown)]
    emails: list[str] = []
    worker = nomination.worker
    if worker is not None:
        names += [" ".join(worker.name.split()), " ".join(worker.team.split())]
        if worker.email:
            emails.append(worker.email)
    return Identity(
        surnames=(" ".join(nominee.last_name.split()),) if nominee.last_name.strip() else (),
        names=tuple(dict.fromkeys(n for n in names if n)),
        dates_of_birth=(nominee.date_of_birth,),
        emails=tuple(emails),
        shown=(shown,) if shown else (),
    )


def original_narratives(nomination: Nomination) -> tuple[str, str, str]:
    return nomination.success, nomination.obstacles, nomination.nominee_voice


def edited_copy(nomination: Nomination) -> tuple[str, str, str]:
    """The coordinator's edited narratives for judges ("" where not edited)."""
    return nomination.judge_success, nomination.judge_obstacles, nomination.judge_voice


def copy_sources(nomination: Nomination) -> tuple[str, str, str]:
    """What judges' copy of each narrative is made from: the coordinator's edit where there
    is one, else the original."""
    edited = edited_copy(nomination)
    originals = original_narratives(nomination)
    return (edited[0] or originals[0], edited[1] or originals[1], edited[2] or originals[2])


def automatic_copy(nomination: Nomination,
                   identity: Identity | None = None) -> tuple[str, str, str]:
    """The original narratives (success, obstacles, voice) with identifying details masked."""
    known = nomination_identity(nomination) if identity is None else identity
    success, obstacles, voice = original_narratives(nomination)
    return (mask_text(success, known), mask_text(obstacles, known), mask_text(voice, known))


def judge_copy(nomination: Nomination, identity: Identity | None = None) -> tuple[str, str, str]:
    """The narratives judges read: the coordinator's edited copy, or the original, masked
    by the same rules either way."""
    known = nomination_identity(nomination) if identity is None else identity
    success, obstacles, voice = copy_sources(nomination)
    return (mask_text(success, known), mask_text(obstacles, known), mask_text(voice, known))


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
        success, obstacles, voice = judge_copy(nomination)
        items.append(JudgeItem(
            nomination_id=nomination.id,
            ref=nomination.ref,
            pseudonym=judge_pseudonym(nomination),
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
    """The coordinator's edited narratives for judges (blank = mask the original). Judges
    read an edit masked by the same rules as the original (``judge_copy``): an edit can hide
    more, never less; ``review.would_mask`` says what the rules would still hide in it, for
    the editor to show. An editor passes the ``expected_version`` and ``original`` (``JUDGE_COPY_FIELDS``) it
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

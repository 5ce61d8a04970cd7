"""Judging: who judges what, PIN sign-in, what judges see, scores, conflicts, submissions.

Judges are assigned through sponsorship: every active judge of an active sponsor judges every
accepted or shortlisted nomination in the categories that sponsor sponsors, except those they
have a conflict with (declared for the nomination or for the young person).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, exists, func, insert, or_, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from argon2 import PasswordHasher

from awards_app.core.enums import ConflictKind, NominationStatus
from awards_app.core.errors import ConflictError, FieldError, NotFoundError, ValidationError
from awards_app.core.privacy import mask_narrative, pseudonym
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Category,
    Conflict,
    Criterion,
    Judge,
    JudgeTotal,
    Nomination,
    Nominee,
    Score,
    ScoreComment,
    Sponsor,
    Sponsorship,
    Submission,
    utcnow,
)
from awards_app.services.common import audit, get

JUDGED_STATUSES = (NominationStatus.ACCEPTED, NominationStatus.SHORTLISTED)
MAX_PIN_TRIES = 5
LOCK_SECONDS = 60
_PIN = re.compile(r"[0-9]{4,8}")


# --- PINs ----------------------------------------------------------------------------------


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher  # argon2id by default

    return PasswordHasher()


def set_pin(session: Session, judge_id: int, pin: str) -> None:
    """Store a 4–8 digit PIN as an argon2id hash; it also clears any lock."""
    if not _PIN.fullmatch(pin.strip()):
        raise ValidationError.single("pin", "must be 4 to 8 digits")
    judge = get(session, Judge, judge_id, "judge")
    judge.pin_hash = _hasher().hash(pin.strip())
    judge.failed_pins = 0
    judge.locked_until = None
    audit(session, "set_pin", "judge", judge.id, event_id=judge.sponsor.event_id)


def clear_pin(session: Session, judge_id: int) -> None:
    judge = get(session, Judge, judge_id, "judge")
    judge.pin_hash = None
    judge.failed_pins = 0
    judge.locked_until = None
    audit(session, "clear_pin", "judge", judge.id, event_id=judge.sponsor.event_id)


@dataclass(frozen=True)
class SignIn:
    ok: bool
    message: str = ""
    locked_seconds: int = 0


def sign_in(session: Session, judge_id: int, pin: str, *, now: datetime | None = None) -> SignIn:
    """Check a judge's PIN. Wrong tries are counted (commit the session either way); the fifth
    in a row locks the judge for a minute."""
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or utcnow()
    judge = get(session, Judge, judge_id, "judge")
    if not judge.active:
        return SignIn(False, "This judge has been withdrawn; ask the coordinator.")
    if judge.pin_hash is None:
        return SignIn(False, "No PIN has been set for you yet; ask the coordinator.")
    if judge.locked_until is not None and judge.locked_until > now:
        seconds = int((judge.locked_until - now).total_seconds()) + 1
        return SignIn(False, f"Too many wrong PINs. Try again in {seconds} seconds.", seconds)
    try:
        _hasher().verify(judge.pin_hash, pin.strip())
    except (VerificationError, InvalidHashError):
        judge.failed_pins += 1
        if judge.failed_pins >= MAX_PIN_TRIES:
            judge.failed_pins = 0
            judge.locked_until = now + timedelta(seconds=LOCK_SECONDS)
            audit(session, "pin_locked", "judge", judge.id, event_id=judge.sponsor.event_id)
            return SignIn(False, f"Too many wrong PINs. Try again in {LOCK_SECONDS} seconds.",
                          LOCK_SECONDS)
        left = MAX_PIN_TRIES - judge.failed_pins
        return SignIn(False, f"That PIN is not right. {left} {'try' if left == 1 else 'tries'} "
                             "left before a one-minute pause.")
    judge.failed_pins = 0
    judge.locked_until = None
    return SignIn(True)


# --- assignments ---------------------------------------------------------------------------


def conflicted_clause(judge_id_column: object, nomination_column: object, nominee_column: object):  # type: ignore[no-untyped-def]
    """SQL: a conflict exists between this judge and this nomination or its young person."""
    return exists().where(
        Conflict.judge_id == judge_id_column,
        or_(Conflict.nomination_id == nomination_column, Conflict.nominee_id == nominee_column),
    )


def assignments_query(event_id: int):  # type: ignore[no-untyped-def]
    """(judge_id, nomination_id, category_id) for every judge × nomination to be judged."""
    return (
        select(Judge.id.label("judge_id"), Nomination.id.label("nomination_id"),
               Nomination.category_id.label("category_id"))
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .join(Sponsorship, Sponsorship.sponsor_id == Sponsor.id)
        .join(Nomination, Nomination.category_id == Sponsorship.category_id)
        .where(
            Sponsor.event_id == event_id,
            Sponsor.active.is_(True),
            Judge.active.is_(True),
            Nomination.event_id == event_id,
            Nomination.status.in_(JUDGED_STATUSES),
            ~conflicted_clause(Judge.id, Nomination.id, Nomination.nominee_id),
        )
    )


def _assigned(session: Session, judge_id: int, nomination_id: int) -> Nomination:
    judge = get(session, Judge, judge_id, "judge")
    query = assignments_query(judge.sponsor.event_id).where(
        Judge.id == judge_id, Nomination.id == nomination_id)
    if session.execute(query).first() is None:
        raise ConflictError("That nomination is not one of yours to judge.")
    return get(session, Nomination, nomination_id, "nomination")


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


def judges_for_sign_in(session: Session, event_id: int) -> list[tuple[int, str, str, bool]]:
    """(judge id, name, sponsor, has a PIN) of every active judge, for the sign-in screen."""
    return [
        (judge_id, name, sponsor, pin is not None)
        for judge_id, name, sponsor, pin in session.execute(
            select(Judge.id, Judge.name, Sponsor.name, Judge.pin_hash)
            .join(Sponsor, Sponsor.id == Judge.sponsor_id)
            .where(Sponsor.event_id == event_id, Sponsor.active.is_(True),
                   Judge.active.is_(True))
            .order_by(Judge.name)
        )
    ]


# --- scoring -------------------------------------------------------------------------------


def _ensure_open_for(session: Session, judge_id: int, category: Category) -> None:
    if category.results_confirmed_at is not None:
        raise ConflictError(f"Results for {category.name} are final; scores can no longer change.")
    if session.scalar(select(Submission.id).where(
            Submission.judge_id == judge_id, Submission.category_id == category.id)):
        raise ConflictError(f"You have submitted {category.name}; your scores there are locked. "
                            "The coordinator can unlock them.")


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
    nomination = _assigned(session, judge_id, nomination_id)
    _ensure_open_for(session, judge_id, nomination.category)
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
    _ensure_open_for(session, judge_id, category)
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
    is_obstacles = func.lower(Criterion.name) == "obstacles overcome"
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
    from awards_app.services import results_cache

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


# --- conflicts -----------------------------------------------------------------------------


def declare_conflict(
    session: Session,
    *,
    judge_id: int,
    kind: ConflictKind | str,
    nomination_id: int | None = None,
    nominee_id: int | None = None,
    note: str = "",
    declared_by: str = "coordinator",
) -> int:
    """Record a conflict; the judge no longer sees, scores or counts for that nomination."""
    c = Checker()
    try:
        conflict_kind = ConflictKind(kind)
    except ValueError:
        c.add("kind", f"'{kind}' is not one of {', '.join(k.value for k in ConflictKind)}")
        conflict_kind = ConflictKind.OTHER
    text = c.text("note", note, max_length=2000)
    if (nomination_id is None) == (nominee_id is None):
        c.add("subject", "name either a nomination or a young person")
    if declared_by not in ("judge", "coordinator"):
        c.add("declared_by", "must be judge or coordinator")
    c.check()
    judge = get(session, Judge, judge_id, "judge")
    if nomination_id is not None:
        nomination = get(session, Nomination, nomination_id, "nomination")
        if nomination.event_id != judge.sponsor.event_id:
            raise ValidationError.single("nomination", "belongs to another event")
        _ensure_open_for(session, judge_id, nomination.category)
    else:
        get(session, Nominee, nominee_id or 0, "young person")
    conflict = Conflict(judge_id=judge_id, nomination_id=nomination_id, nominee_id=nominee_id,
                        kind=conflict_kind, note=text, declared_by=declared_by)
    session.add(conflict)
    session.flush()
    audit(session, "conflict", "judge", judge_id, event_id=judge.sponsor.event_id,
          summary=f"{conflict_kind.value}, declared by the {declared_by}")
    _refresh_results(session, judge.sponsor.event_id)
    return conflict.id


def remove_conflict(session: Session, conflict_id: int, *, reason: str) -> None:
    c = Checker()
    text = c.text("reason", reason, max_length=1000)
    if not text:
        c.add("reason", "is empty — say why the conflict no longer applies")
    c.check()
    conflict = get(session, Conflict, conflict_id, "conflict")
    judge = get(session, Judge, conflict.judge_id, "judge")
    session.delete(conflict)
    session.flush()
    audit(session, "remove_conflict", "judge", judge.id, event_id=judge.sponsor.event_id,
          summary=text)
    _refresh_results(session, judge.sponsor.event_id)


def _refresh_results(session: Session, event_id: int) -> None:
    """Which judges count has changed: store the event's result statistics again (results
    stay correct without this, only slower until the next refresh)."""
    from awards_app.services import results_cache

    results_cache.refresh(session, event_id)


@dataclass(frozen=True)
class ConflictRow:
    id: int
    judge: str
    sponsor: str
    subject: str  # "N-0004 (Education Star)" or "every nomination of <pseudonym>"
    kind: ConflictKind
    note: str
    declared_by: str
    created_at: datetime


def conflict_rows(session: Session, event_id: int) -> list[ConflictRow]:
    """Conflicts of the event's judges, for the coordinator (who may see names)."""
    rows = []
    query = (
        select(Conflict, Judge.name, Sponsor.name)
        .join(Judge, Judge.id == Conflict.judge_id)
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .where(Sponsor.event_id == event_id)
        .order_by(Conflict.created_at)
    )
    for conflict, judge_name, sponsor_name in session.execute(query):
        if conflict.nomination_id is not None:
            nomination = session.get(Nomination, conflict.nomination_id)
            assert nomination is not None
            subject = (f"{nomination.ref} {nomination.nominee.preferred_name} "
                       f"({nomination.category.name})")
        else:
            nominee = session.get(Nominee, conflict.nominee_id)
            assert nominee is not None
            subject = f"every nomination of {nominee.preferred_name} {nominee.last_name}"
        rows.append(ConflictRow(conflict.id, judge_name, sponsor_name, subject, conflict.kind,
                                conflict.note, conflict.declared_by, conflict.created_at))
    return rows


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


def set_judge_copy(
    session: Session, nomination_id: int, *, success: str, obstacles: str, voice: str
) -> None:
    """The coordinator's edited narratives for judges (blank = mask the original)."""
    nomination = get(session, Nomination, nomination_id, "nomination")
    c = Checker()
    nomination.judge_success = c.text("success", success, max_length=40_000)
    nomination.judge_obstacles = c.text("obstacles", obstacles, max_length=40_000)
    nomination.judge_voice = c.text("voice", voice, max_length=20_000)
    c.check()
    audit(session, "judge_copy", "nomination", nomination.id, event_id=nomination.event_id,
          summary=nomination.ref)


def set_lead_judge(session: Session, *, category_id: int, judge_id: int | None) -> None:
    category = get(session, Category, category_id, "category")
    if judge_id is not None:
        judge = get(session, Judge, judge_id, "judge")
        sponsors = set(session.scalars(select(Sponsorship.sponsor_id).where(
            Sponsorship.category_id == category_id)))
        if judge.sponsor_id not in sponsors:
            raise ValidationError.single("judge", f"{judge.name} does not judge {category.name}")
    category.lead_judge_id = judge_id


def judges_of_category(session: Session, category_id: int) -> list[tuple[int, str]]:
    return [
        (judge_id, name) for judge_id, name in session.execute(
            select(Judge.id, Judge.name)
            .join(Sponsorship, Sponsorship.sponsor_id == Judge.sponsor_id)
            .join(Sponsor, Sponsor.id == Judge.sponsor_id)
            .where(Sponsorship.category_id == category_id, Judge.active.is_(True),
                   Sponsor.active.is_(True))
            .order_by(Judge.name)
        )
    ]


def judging_started(session: Session, event_id: int) -> bool:
    count = session.scalar(
        select(func.count(Score.id)).join(Nomination, Nomination.id == Score.nomination_id)
        .where(Nomination.event_id == event_id)
    )
    return bool(count)


def find_judge(session: Session, event_id: int, name_or_email: str) -> Judge:
    from awards_app.core.text import name_key

    key = name_key(name_or_email)
    for judge in session.scalars(select(Judge).join(Sponsor).where(Sponsor.event_id == event_id)):
        if name_key(judge.name) == key or (judge.email or "").lower() == key:
            return judge
    raise NotFoundError(f"There is no judge called '{name_or_email}' in this event.")

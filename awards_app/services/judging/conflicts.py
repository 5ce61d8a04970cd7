"""Conflicts of interest: a judge declares one for a nomination or for a young person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    pass

from awards_app.core.enums import ConflictKind
from awards_app.core.errors import ValidationError
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Conflict,
    Judge,
    Nomination,
    Nominee,
    Sponsor,
)
from awards_app.services.catalogue.locks import ensure_categories_open, judged_categories
from awards_app.services.common import audit, get
from awards_app.services.judging import results_cache
from awards_app.services.judging.assignments import ensure_open_for


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
        ensure_open_for(session, judge_id, nomination.category)
    else:
        get(session, Nominee, nominee_id or 0, "young person")
    _ensure_rankings_open(session, judge, nomination_id=nomination_id, nominee_id=nominee_id)
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
    _ensure_rankings_open(session, judge, nomination_id=conflict.nomination_id,
                          nominee_id=conflict.nominee_id)
    session.delete(conflict)
    session.flush()
    audit(session, "remove_conflict", "judge", judge.id, event_id=judge.sponsor.event_id,
          summary=text)
    _refresh_results(session, judge.sponsor.event_id)


def _ensure_rankings_open(session: Session, judge: Judge, *, nomination_id: int | None,
                          nominee_id: int | None) -> None:
    """A conflict decides whether the judge counts for a nomination (or for every nomination
    of a young person): refused where such a ranking is confirmed."""
    query = select(Nomination.category_id).where(
        Nomination.event_id == judge.sponsor.event_id,
        Nomination.category_id.in_(judged_categories(session, judge.id)))
    query = (query.where(Nomination.id == nomination_id) if nomination_id is not None
             else query.where(Nomination.nominee_id == nominee_id))
    ensure_categories_open(session, session.scalars(query), "which judges count for it")


def _refresh_results(session: Session, event_id: int) -> None:
    """Which judges count has changed: store the event's result statistics again (results
    stay correct without this, only slower until the next refresh)."""
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

"""Who judges what: every active judge of an active sponsor judges the accepted or shortlisted
nominations of the categories that sponsor sponsors, except where they declared a conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    pass

from awards_app.core.enums import NominationStatus
from awards_app.core.errors import ConflictError, NotFoundError
from awards_app.core.search import named
from awards_app.core.text import name_key
from awards_app.db.models import (
    Category,
    Submission,
    Conflict,
    Judge,
    Nomination,
    Score,
    Sponsor,
    Sponsorship,
)
from awards_app.services.catalogue.locks import ensure_results_open
from awards_app.services.common import get

JUDGED_STATUSES = (NominationStatus.ACCEPTED, NominationStatus.SHORTLISTED)


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


def assigned_nomination(session: Session, judge_id: int, nomination_id: int) -> Nomination:
    judge = get(session, Judge, judge_id, "judge")
    query = assignments_query(judge.sponsor.event_id).where(
        Judge.id == judge_id, Nomination.id == nomination_id)
    if session.execute(query).first() is None:
        raise ConflictError("That nomination is not one of yours to judge.")
    return get(session, Nomination, nomination_id, "nomination")


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
    """A judge by email or by name as written; failing that, by name ignoring accents and
    case ("Lukasz Nowak" finds "Łukasz Nowak") when only one judge is called that."""
    key = name_key(name_or_email)
    judges = list(session.scalars(
        select(Judge).join(Sponsor).where(Sponsor.event_id == event_id).order_by(Judge.id)))
    for judge in judges:
        if name_key(judge.name) == key or (judge.email or "").lower() == key:
            return judge
    found = named(judges, name_or_email, lambda j: j.name)
    if len(found) == 1:
        return found[0]
    if found:
        raise NotFoundError(f"{len(found)} judges are called '{name_or_email}' when accents "
                            "are ignored: type the name with its accents, or the judge's email.")
    raise NotFoundError(f"There is no judge called '{name_or_email}' in this event.")


def ensure_open_for(session: Session, judge_id: int, category: Category) -> None:
    """Refuse a change to this judge's scores once they submitted the category or its
    results are final."""
    ensure_results_open(category, "its scores")
    if session.scalar(select(Submission.id).where(
            Submission.judge_id == judge_id, Submission.category_id == category.id)):
        raise ConflictError(f"You have submitted {category.name}; your scores there are locked. "
                            "The coordinator can unlock them.")

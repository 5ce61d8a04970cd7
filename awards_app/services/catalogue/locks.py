"""Confirmed results hold: nothing that feeds a confirmed category's ranking may change until
a coordinator reopens its results (``judging.reopen_results``, with a reason).

What feeds a ranking: which nominations are in the category and their status, scores,
conflicts, which judges count (judges' and sponsors' active flags, sponsorship links),
criteria with their weights and scales, the placement counts, tie-break rules and scoring
mode, casting decisions and the lead judge. Every service that changes one of them asks here
first; the check is in the service, so the window, the command line and imports all meet it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.errors import ResultsLockedError
from awards_app.db.models import Category, Judge, Sponsorship


def ensure_results_open(category: Category, change: str) -> None:
    """Refuse ``change`` (e.g. "its criteria") when ``category``'s results are confirmed."""
    if category.results_confirmed_at is not None:
        raise ResultsLockedError(category.name, change)


def ensure_categories_open(session: Session, category_ids: Iterable[int], change: str) -> None:
    """The same for several categories at once (the first confirmed one is named)."""
    ids = sorted(set(category_ids))
    if not ids:
        return
    name = session.scalar(
        select(Category.name).where(Category.id.in_(ids),
                                    Category.results_confirmed_at.is_not(None))
        .order_by(Category.display_order, Category.id).limit(1))
    if name is not None:
        raise ResultsLockedError(name, change)


def ensure_event_results_open(session: Session, event_id: int, change: str) -> None:
    """Event-wide settings (tie-break rules, scoring mode) feed every category's ranking."""
    ids = session.scalars(select(Category.id).where(Category.event_id == event_id))
    ensure_categories_open(session, ids, change)


def sponsored_categories(session: Session, sponsor_id: int) -> list[int]:
    return list(session.scalars(
        select(Sponsorship.category_id).where(Sponsorship.sponsor_id == sponsor_id)))


def judged_categories(session: Session, judge_id: int) -> list[int]:
    """The categories a judge judges: those their sponsor sponsors."""
    return list(session.scalars(
        select(Sponsorship.category_id).join(Judge, Judge.sponsor_id == Sponsorship.sponsor_id)
        .where(Judge.id == judge_id)))

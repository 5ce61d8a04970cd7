"""Certificates that need attention because their category's results were reopened.

A certificate issued before its category's results were reopened may no longer say the
truth. It needs attention until it matches again: while the results are open ("check it once
they are confirmed"), and after they are confirmed again if the placement it prints is not
the nomination's new one (correct it, which issues a new code, or revoke it). Nothing is
stored for this: it is worked out from the certificates, the previous placements and the
confirmed ones, so reprinting, correcting or revoking clears it by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.core.codes import format_code
from awards_app.core.scoring import Placement
from awards_app.core.text import format_ref
from awards_app.db.models import (
    Category,
    Certificate,
    ConfirmedPlacement,
    Nomination,
    PreviousPlacement,
)


def _label(placement: str) -> str:
    try:
        return Placement(placement).label
    except ValueError:
        return placement


@dataclass(frozen=True)
class Attention:
    nomination_id: int
    ref: str
    category: str
    code: str
    message: str  # what happened and what to do


def needing_attention(session: Session, event_id: int) -> dict[int, Attention]:
    """nomination id → what to do, for each live certificate of the event that needs it."""
    reopened = (select(PreviousPlacement.category_id,
                       func.max(PreviousPlacement.reopened_at).label("at"))
                .group_by(PreviousPlacement.category_id).subquery())
    rows = session.execute(
        select(Certificate.nomination_id, Nomination.number, Certificate.code,
               Certificate.placement, Certificate.issued_at,
               Category.name, Category.results_confirmed_at, reopened.c.at,
               ConfirmedPlacement.placement)
        .join(Nomination, Nomination.id == Certificate.nomination_id)
        .join(Category, Category.id == Nomination.category_id)
        .join(reopened, reopened.c.category_id == Category.id)
        .outerjoin(ConfirmedPlacement,
                   (ConfirmedPlacement.category_id == Category.id)
                   & (ConfirmedPlacement.nomination_id == Certificate.nomination_id))
        .where(Certificate.event_id == event_id, Certificate.revoked_at.is_(None))
    ).all()
    out: dict[int, Attention] = {}
    for (nomination_id, number, code, printed, issued_at, category, confirmed_at, reopened_at,
         now) in rows:
        if issued_at >= reopened_at:
            continue  # issued (or corrected) after the reopening
        when = _day(reopened_at)
        if confirmed_at is None:
            message = (f"{category}'s results were reopened on {when}: check this "
                       "certificate once they are confirmed again.")
        elif now is None:
            message = (f"No longer placed in {category} since the results were reopened on "
                       f"{when}: revoke it.")
        elif now != printed:
            message = (f"Now {_label(now)}, but it says {_label(printed)} (results reopened "
                       f"on {when}): correct it, or revoke it.")
        else:
            continue
        out[nomination_id] = Attention(nomination_id, format_ref(number), category,
                                       format_code(code), message)
    return out


def _day(moment: datetime) -> str:
    return f"{moment:%d %b %Y}"

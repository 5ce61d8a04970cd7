"""Judging packs: each judge's nominations exactly as the judging screen shows them, on paper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.db.models import Judge, Sponsor
from awards_app.core.errors import NotFoundError, ValidationError
from awards_app.services.common import get
from awards_app.services.events import get_event
from awards_app.services.judging.assignments import find_judge
from awards_app.services.judging.judge_view import judge_queue

if TYPE_CHECKING:
    from awards_app.pdf.judging_pack import JudgePack


def judge_packs(session: Session, event_id: int, *, judge: str | None = None,
                judge_id: int | None = None) -> list[JudgePack]:
    """The packs' plain data (pdf.judging_pack.JudgePack), built from judge_queue so that the
    paper route shows judges exactly what the screen does and nothing more. Everyone's, or
    one judge's: by name or email (``judge``), or by id (the window, where two judges may
    share a name)."""
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.judging_pack import JudgePack, PackCriterion, PackItem

    event = get_event(session, event_id)
    if judge_id is not None:
        person = get(session, Judge, judge_id, "judge")
        if person.sponsor.event_id != event_id:
            raise NotFoundError("That judge is not one of this event's.")
        judges = [person]
    elif judge is not None:
        judges = [find_judge(session, event_id, judge)]
    else:
        judges = list(session.scalars(
            select(Judge).join(Sponsor).where(Sponsor.event_id == event_id,
                                              Sponsor.active.is_(True), Judge.active.is_(True))
            .order_by(Sponsor.name, Judge.name)))
    packs = []
    for person in judges:
        items = tuple(
            PackItem(
                ref=item.ref, pseudonym=item.pseudonym, category=item.category,
                success=item.success, obstacles=item.obstacles, voice=item.voice,
                criteria=tuple(PackCriterion(c.name, c.guidance, c.weight, c.scale_min,
                                             c.scale_max) for c in item.criteria),
            )
            for item in judge_queue(session, person.id)
        )
        if items:
            packs.append(JudgePack(judge=person.name, sponsor=person.sponsor.name,
                                   event=f"{event.name} {event.year}", items=items))
    return packs


def write_packs(
    session: Session,
    event_id: int,
    path: Path,
    *,
    judge: str | None = None,
    judge_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the packs to ``path``; returns the number of pages."""
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.judging_pack import write_judging_packs

    if path.suffix.lower() != ".pdf":
        raise ValidationError.single("out", f"'{path.name}' must end in .pdf")
    packs = judge_packs(session, event_id, judge=judge, judge_id=judge_id)
    if not packs:
        raise ValidationError.single(
            "judges", "no judge has nominations to score yet (only accepted or shortlisted "
                      "nominations in sponsored categories are judged)")
    return write_judging_packs(packs, path, progress=progress, cancelled=cancelled)

"""Results: judge totals aggregated in SQL, then ranked by the pure rules in core.scoring.

A category is *provisional* until every assigned, non-conflicted judge has submitted it,
*complete* when they all have, and *final* once the coordinator confirms its placements
(after which its scores and placements are locked).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, delete, exists, func, select
from sqlalchemy.orm import Session

from awards_app.core import scoring
from awards_app.core.errors import ConflictError, ValidationError
from awards_app.core.text import format_ref
from awards_app.db.models import (
    CastingDecision,
    Category,
    ConfirmedPlacement,
    Conflict,
    Event,
    Judge,
    JudgeTotal,
    Nomination,
    Nominee,
    Sponsor,
    Sponsorship,
    Submission,
    utcnow,
)
from awards_app.services.common import audit, get
from awards_app.services.judging import JUDGED_STATUSES, assignments_query

OBSTACLES_CRITERION = "obstacles overcome"
PROVISIONAL, COMPLETE, FINAL = "provisional", "complete", "final"


@dataclass(frozen=True)
class ResultRow:
    nomination_id: int
    ref: str
    nominee: str  # preferred name: the coordinator's view
    rank: int | None
    score: float | None
    normalised_score: float | None
    median: float | None
    spread: float | None
    judges: int
    tie: bool
    tie_break: str | None
    placement: str | None  # confirmed, or what confirming now would give; None if undecidable


@dataclass(frozen=True)
class CategoryResult:
    category_id: int
    category: str
    status: str
    judges_assigned: int
    judges_submitted: int
    ranking: tuple[ResultRow, ...]
    problem: str = ""  # e.g. an unresolved tie that needs a casting decision


def tie_break_rules(event: Event) -> tuple[scoring.TieBreak, ...]:
    return tuple(scoring.TieBreak(r) for r in event.tie_breaks.split(",") if r)


def judge_totals(session: Session, event_id: int, category_ids: Sequence[int]) -> list[Any]:
    """Rows (category_id, nomination_id, judge_id, total, obstacles) for every judge who counts.

    Totals are SQL aggregates kept in ``judge_total``. A judge counts for a nomination when
    their (active) sponsor sponsors its category and they have no conflict with it or its
    young person; those few facts are fetched as small sets and applied to the totals.
    """
    connection = session.connection()  # Core rows: no ORM bookkeeping for 150,000 totals
    sponsored = set(connection.execute(
        select(Judge.id, Sponsorship.category_id)
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .join(Sponsorship, Sponsorship.sponsor_id == Sponsor.id)
        .where(Sponsor.event_id == event_id, Sponsor.active.is_(True), Judge.active.is_(True))
    ).all())
    by_nomination: set[tuple[int, int]] = set()
    by_nominee: set[tuple[int, int]] = set()
    for judge_id, nomination_id, nominee_id in connection.execute(
        select(Conflict.judge_id, Conflict.nomination_id, Conflict.nominee_id)
        .join(Judge, Judge.id == Conflict.judge_id)
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .where(Sponsor.event_id == event_id)
    ):
        if nomination_id is not None:
            by_nomination.add((judge_id, nomination_id))
        if nominee_id is not None:
            by_nominee.add((judge_id, nominee_id))
    rows = connection.execute(
        select(Nomination.category_id, JudgeTotal.nomination_id, JudgeTotal.judge_id,
               JudgeTotal.total, JudgeTotal.obstacles, Nomination.nominee_id)
        .join(Nomination, Nomination.id == JudgeTotal.nomination_id)
        .where(Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES),
               Nomination.category_id.in_(list(category_ids)))
    ).all()
    return [
        row for row in rows
        if (row.judge_id, row.category_id) in sponsored
        and (row.judge_id, row.nomination_id) not in by_nomination
        and (row.judge_id, row.nominee_id) not in by_nominee
    ]


def _progress(session: Session, event_id: int) -> dict[int, tuple[int, int]]:
    """category id → (judges assigned, of whom submitted)."""
    assigned = assignments_query(event_id).subquery()
    pairs = select(assigned.c.category_id, assigned.c.judge_id).distinct().subquery()
    query = (
        select(
            pairs.c.category_id,
            func.count(pairs.c.judge_id),
            func.sum(case((exists().where(Submission.judge_id == pairs.c.judge_id,
                                          Submission.category_id == pairs.c.category_id), 1),
                          else_=0)),
        ).group_by(pairs.c.category_id)
    )
    return {cid: (n, int(done or 0)) for cid, n, done in session.execute(query)}


def category_results(
    session: Session, event_id: int, *, category_id: int | None = None
) -> list[CategoryResult]:
    """Rankings of every active category (or one), computed from scores in a few queries."""
    event = get(session, Event, event_id, "event")
    rules = tie_break_rules(event)
    categories = list(session.scalars(
        select(Category).where(Category.event_id == event_id, Category.active.is_(True))
        .order_by(Category.display_order)
    ))
    if category_id is not None:
        categories = [c for c in categories if c.id == category_id]
    wanted = [c.id for c in categories]

    totals: dict[int, list[Any]] = defaultdict(list)
    obstacle_points: dict[int, list[float]] = defaultdict(list)
    for row in judge_totals(session, event_id, wanted):
        totals[row.category_id].append(row)  # rows carry nomination_id, judge_id and total
        if row.obstacles is not None:
            obstacle_points[row.nomination_id].append(row.obstacles)
    nominations: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for nid, cat_id, number, preferred in session.execute(
        select(Nomination.id, Nomination.category_id, Nomination.number, Nominee.preferred_name)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES),
               Nomination.category_id.in_(wanted))
    ):
        nominations[cat_id].append((nid, number, preferred))
    casting: dict[int, dict[int, int]] = defaultdict(dict)
    for cat_id, nid, position in session.execute(
        select(CastingDecision.category_id, CastingDecision.nomination_id,
               CastingDecision.position).where(CastingDecision.category_id.in_(wanted))
    ):
        casting[cat_id][nid] = position
    confirmed: dict[int, dict[int, str]] = defaultdict(dict)
    for cat_id, nid, placement in session.execute(
        select(ConfirmedPlacement.category_id, ConfirmedPlacement.nomination_id,
               ConfirmedPlacement.placement).where(ConfirmedPlacement.category_id.in_(wanted))
    ):
        confirmed[cat_id][nid] = placement
    progress = _progress(session, event_id)

    results = []
    for category in categories:
        members = {nid: (number, preferred) for nid, number, preferred in nominations[category.id]}
        obstacle_means = {nid: math.fsum(obstacle_points[nid]) / len(obstacle_points[nid])
                          for nid in members if obstacle_points.get(nid)}
        stats = scoring.nomination_stats(totals[category.id], obstacle_means, members)
        ranked = scoring.rank(stats, rules=rules, casting=casting[category.id],
                              use_normalised=event.normalised_results)
        assigned, submitted = progress.get(category.id, (0, 0))
        if category.results_confirmed_at is not None:
            status, places, problem = FINAL, confirmed[category.id], ""
        else:
            status = COMPLETE if assigned and submitted == assigned else PROVISIONAL
            places, problem = _preview_placements(category, ranked, members)
        judges = {s.nomination_id: s.judges for s in stats}
        results.append(CategoryResult(
            category_id=category.id,
            category=category.name,
            status=status,
            judges_assigned=assigned,
            judges_submitted=submitted,
            ranking=tuple(
                ResultRow(
                    nomination_id=r.nomination_id, ref=format_ref(members[r.nomination_id][0]),
                    nominee=members[r.nomination_id][1], rank=r.rank, score=r.score,
                    normalised_score=r.normalised, median=r.median, spread=r.spread,
                    judges=judges.get(r.nomination_id, 0), tie=r.tie, tie_break=r.tie_break,
                    placement=places.get(r.nomination_id),
                )
                for r in ranked
            ),
            problem=problem,
        ))
    return results


def _preview_placements(
    category: Category, ranked: Sequence[scoring.Ranked], members: dict[int, tuple[int, str]]
) -> tuple[dict[int, str], str]:
    try:
        places = scoring.placements(
            ranked, winners=category.winners_count, runners_up=category.runners_up_count,
            highly_commended=category.highly_commended_count)
    except scoring.UnresolvedTieError as exc:
        refs = ", ".join(format_ref(members[nid][0]) for nid in exc.nomination_ids
                         if nid in members)
        return {}, (f"{refs} are still tied; record the lead judge's casting decision "
                    "before confirming.")
    return {nid: p.value for nid, p in places.items()}, ""


def confirm_results(session: Session, category_id: int) -> CategoryResult:
    """Make a complete category's placements final and lock it."""
    category = get(session, Category, category_id, "category")
    if category.results_confirmed_at is not None:
        raise ConflictError(f"Results for {category.name} are already final.")
    (result,) = category_results(session, category.event_id, category_id=category_id)
    if result.status != COMPLETE:
        waiting = result.judges_assigned - result.judges_submitted
        raise ConflictError(
            f"{category.name} is still provisional: {waiting} of {result.judges_assigned} "
            "judge(s) have not submitted their scores.")
    if result.problem:
        raise ValidationError.single("casting", result.problem)
    for row in result.ranking:
        session.add(ConfirmedPlacement(
            category_id=category_id, nomination_id=row.nomination_id,
            placement=row.placement or scoring.Placement.NOMINEE.value, rank=row.rank,
            score=row.score, normalised_score=row.normalised_score, tie_break=row.tie_break,
        ))
    category.results_confirmed_at = utcnow()
    audit(session, "confirm_results", "category", category_id, event_id=category.event_id,
          summary=category.name)
    session.flush()
    (final,) = category_results(session, category.event_id, category_id=category_id)
    return final


def record_casting_decision(
    session: Session, *, category_id: int, order: Sequence[int], reason: str = ""
) -> None:
    """The category's lead judge's order (best first) for nominations the rules left tied."""
    category = get(session, Category, category_id, "category")
    if category.results_confirmed_at is not None:
        raise ConflictError(f"Results for {category.name} are final and locked.")
    if category.lead_judge_id is None:
        raise ValidationError.single("lead_judge", f"choose {category.name}'s lead judge first")
    if len(set(order)) != len(order) or len(order) < 2:
        raise ValidationError.single("order", "list at least two different nominations")
    valid = set(session.scalars(select(Nomination.id).where(
        Nomination.category_id == category_id, Nomination.id.in_(list(order)))))
    if valid != set(order):
        raise ValidationError.single("order", f"only nominations in {category.name} can be ordered")
    session.execute(delete(CastingDecision).where(
        and_(CastingDecision.category_id == category_id,
             CastingDecision.nomination_id.in_(list(order)))))
    for position, nomination_id in enumerate(order, start=1):
        session.add(CastingDecision(category_id=category_id, nomination_id=nomination_id,
                                    position=position, judge_id=category.lead_judge_id,
                                    reason=reason.strip()))
    audit(session, "casting_decision", "category", category_id, event_id=category.event_id,
          summary=", ".join(format_ref(n.number) for n in session.scalars(
              select(Nomination).where(Nomination.id.in_(list(order))))))


def set_tie_breaks(
    session: Session, event_id: int, *, rules: Sequence[str], normalised: bool
) -> None:
    """Set the tie-break order and the normalised mode; fixed once scoring has started."""
    from awards_app.services.judging import judging_started

    event = get(session, Event, event_id, "event")
    try:
        parsed = [scoring.TieBreak(r) for r in rules]
    except ValueError:
        raise ValidationError.single(
            "tie_breaks", "use obstacles, median and casting, in the order to apply them"
        ) from None
    if len(set(parsed)) != len(parsed):
        raise ValidationError.single("tie_breaks", "each rule may appear once")
    if judging_started(session, event_id):
        raise ConflictError("Judging has started: tie-break rules and the scoring mode are fixed "
                            "so that nobody can change them after seeing scores.")
    event.tie_breaks = ",".join(r.value for r in parsed)
    event.normalised_results = normalised
    audit(session, "tie_breaks", "event", event_id, event_id=event_id, summary=event.tie_breaks)


def results_document(results: Sequence[CategoryResult]) -> list[dict[str, Any]]:
    """The documented JSON shape of ``awards results --format json``; scores to 4 dp."""

    def r4(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return [
        {
            "category": result.category,
            "status": result.status,
            "ranking": [
                {
                    "nomination_ref": row.ref,
                    "rank": row.rank,
                    "score": r4(row.score),
                    "normalised_score": r4(row.normalised_score),
                    "median": r4(row.median),
                    "spread": r4(row.spread),
                    "tie": row.tie,
                    "tie_break": row.tie_break,
                    "placement": row.placement,
                }
                for row in result.ranking
            ],
        }
        for result in results
    ]


RESULTS_CSV_HEADER = (
    "category", "status", "nomination_ref", "rank", "score", "normalised_score", "median",
    "spread", "tie", "tie_break", "placement",
)


def results_csv_rows(document: Sequence[dict[str, Any]]) -> Iterator[list[Any]]:
    """One CSV row per ranked nomination, in RESULTS_CSV_HEADER's order (None stays None)."""
    for category in document:
        for row in category["ranking"]:
            yield [category["category"], category["status"], *row.values()]

"""Results: judge totals aggregated in SQL, then ranked by the pure rules in core.scoring.

A category is *provisional* until every assigned, non-conflicted judge has submitted it,
*complete* when they all have, and *final* once the coordinator confirms its placements
(after which its scores and placements are locked).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, case, delete, exists, func, select
from sqlalchemy.orm import Session

from awards_app.core import scoring
from awards_app.core.enums import EventStatus
from awards_app.core.validation import Checker
from awards_app.core.errors import ConflictError, ValidationError
from awards_app.core.text import format_ref, rounded
from awards_app.db.models import (
    CastingDecision,
    Category,
    ConfirmedPlacement,
    Event,
    Nomination,
    PreviousPlacement,
    Submission,
    utcnow,
)
from awards_app.services.judging import results_cache, seals
from awards_app.services.catalogue.locks import ensure_event_results_open, ensure_results_open
from awards_app.services.common import audit, get
from awards_app.services.events import ensure_editable
from awards_app.services.judging.assignments import JUDGED_STATUSES, conflicted_clause
from awards_app.services.judging.assignments import judging_started
from awards_app.services.judging.scores import refresh_totals

PROVISIONAL, COMPLETE, FINAL = "provisional", "complete", "final"


class ResultRow(NamedTuple):
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
    #: set once the results were reopened: the placements confirmed before the latest
    #: reopening (nomination id → placement), when and why it was reopened
    previous: Mapping[int, str] = field(default_factory=dict)
    reopened_at: datetime | None = None
    reopen_reason: str = ""
    #: placed before the reopening but no longer ranked (e.g. withdrawn): "N-0007 (Runner-up)"
    dropped: tuple[str, ...] = ()


def tie_break_rules(event: Event) -> tuple[scoring.TieBreak, ...]:
    return tuple(scoring.TieBreak(r) for r in event.tie_breaks.split(",") if r)


def _progress(session: Session, event_id: int) -> dict[int, tuple[int, int]]:
    """category id → (judges assigned, of whom submitted).

    A judge is assigned a category when they count for it (see results_cache) and at least one
    of its judged nominations is not conflicted for them: one EXISTS per judge × category,
    instead of listing every judge × nomination pair.
    """
    pairs = results_cache.counting_pairs(event_id).subquery()
    has_work = exists().where(
        Nomination.event_id == event_id,
        Nomination.category_id == pairs.c.category_id,
        Nomination.status.in_(JUDGED_STATUSES),
        ~conflicted_clause(pairs.c.judge_id, Nomination.id, Nomination.nominee_id),
    )
    submitted = exists().where(Submission.judge_id == pairs.c.judge_id,
                               Submission.category_id == pairs.c.category_id)
    query = (
        select(pairs.c.category_id, func.count(), func.sum(case((submitted, 1), else_=0)))
        .where(has_work)
        .group_by(pairs.c.category_id)
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

    standings = results_cache.standings(session, event_id, wanted)
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
    previous = _previous_placements(session, wanted)

    results = []
    for category in categories:
        standing = standings[category.id]
        rows = standing.rows
        places_count = (category.winners_count + category.runners_up_count
                        + category.highly_commended_count)
        stored = standing.stored and not casting[category.id]
        # The stored ranking is already in order: only its top decides placements.
        ranked = (standing.stored_ranking(top=places_count) if stored else
                  scoring.rank(standing.stats(), rules=rules, casting=casting[category.id],
                               use_normalised=event.normalised_results))
        assigned, submitted = progress.get(category.id, (0, 0))
        if category.results_confirmed_at is not None:
            status, places, problem = FINAL, confirmed[category.id], ""
        else:
            status = COMPLETE if assigned and submitted == assigned else PROVISIONAL
            places, problem = _preview_placements(category, ranked, rows)
        others = None if problem else scoring.Placement.NOMINEE
        if stored:  # the stored rows are in order and laid out like ResultRow
            # tuple.__new__ skips the named tuple's Python-level __new__ (a third of the cost)
            make, place = tuple.__new__, places.get
            ranking = tuple([
                make(ResultRow, (nid, format_ref(number), name, rank, score, normalised, median,
                                 spread, judges, tie == 1, tie_break, place(nid, others)))
                for (nid, number, name, rank, score, normalised, median, spread, judges, tie,
                     tie_break, _obstacles) in rows])
        else:
            by_id = {r[0]: r for r in rows}
            ranking = tuple([
                ResultRow(x.nomination_id, format_ref(by_id[x.nomination_id][1]),
                          by_id[x.nomination_id][2], x.rank, x.score, x.normalised, x.median,
                          x.spread, by_id[x.nomination_id][8], x.tie, x.tie_break,
                          places.get(x.nomination_id, others))
                for x in ranked])
        results.append(CategoryResult(
            category_id=category.id,
            category=category.name,
            status=status,
            judges_assigned=assigned,
            judges_submitted=submitted,
            ranking=ranking,
            problem=problem,
            **previous.get(category.id, {}),
        ))
    return results


def _previous_placements(session: Session, category_ids: Sequence[int]
                         ) -> dict[int, dict[str, Any]]:
    """Per category, the placements set aside by its latest reopening, with when and why."""
    latest = (select(PreviousPlacement.category_id,
                     func.max(PreviousPlacement.reopened_at).label("at"))
              .where(PreviousPlacement.category_id.in_(category_ids))
              .group_by(PreviousPlacement.category_id).subquery())
    out: dict[int, dict[str, Any]] = {}
    for cat_id, nid, number, placement, at, reason, status in session.execute(
        select(PreviousPlacement.category_id, PreviousPlacement.nomination_id,
               Nomination.number, PreviousPlacement.placement, PreviousPlacement.reopened_at,
               PreviousPlacement.reason, Nomination.status)
        .join(latest, and_(latest.c.category_id == PreviousPlacement.category_id,
                           latest.c.at == PreviousPlacement.reopened_at))
        .join(Nomination, Nomination.id == PreviousPlacement.nomination_id)
        .order_by(PreviousPlacement.rank)
    ):
        entry = out.setdefault(cat_id, {"previous": {}, "reopened_at": at,
                                        "reopen_reason": reason, "dropped": ()})
        entry["previous"][nid] = placement
        ranked = status in JUDGED_STATUSES
        if not ranked and placement != scoring.Placement.NOMINEE.value:
            label = scoring.Placement(placement).label
            entry["dropped"] = (*entry["dropped"], f"{format_ref(number)} ({label})")
    return out


def _preview_placements(
    category: Category, ranked: Sequence[scoring.Ranked], members: Sequence[tuple[Any, ...]]
) -> tuple[dict[int, str], str]:
    try:
        places = scoring.placements(
            ranked, winners=category.winners_count, runners_up=category.runners_up_count,
            highly_commended=category.highly_commended_count)
    except scoring.UnresolvedTieError as exc:
        numbers = {r[0]: r[1] for r in members}
        refs = ", ".join(format_ref(numbers[nid]) for nid in exc.nomination_ids
                         if nid in numbers)
        return {}, (f"{refs} are still tied; record the lead judge's casting decision "
                    "before confirming.")
    return dict(places), ""  # Placement is a str: no per-row conversion


def confirm_results(session: Session, category_id: int) -> CategoryResult:
    """Make a complete category's placements final and lock it."""
    category = get(session, Category, category_id, "category")
    if category.results_confirmed_at is not None:
        raise ConflictError(f"Results for {category.name} are already final.")
    tampered = seals.category_score_problems(session, category_id)
    if tampered:
        raise ConflictError(f"{category.name}'s results cannot be confirmed: {tampered[0]} "
                            "Check it with the judge, then mark it as checked on the Results "
                            "page.")
    # The ranking confirmed (and sealed) is made from the checked scores themselves, not
    # from totals stored earlier, which a change outside the program could have altered.
    refresh_totals(session, category_id=category_id)
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
    seals.seal_placements(session, [category_id])
    (final,) = category_results(session, category.event_id, category_id=category_id)
    return final


def reopen_results(session: Session, category_id: int, *, reason: str) -> CategoryResult:
    """Unlock a confirmed category so that its ranking may change again, recording why.

    The confirmed placements are kept as previous placements (the Results page shows them
    beside the new ones) and certificates issued for the category need attention until they
    match the next confirmed result. An event whose results were all final goes back to
    judging. Withdrawing a young person after confirmation goes this way.
    """
    c = Checker()
    text = c.text("reason", reason, max_length=1000)
    if not text:
        c.add("reason", "is empty — say why the results are reopened (for example, a young "
                        "person asked to withdraw)")
    c.check()
    category = get(session, Category, category_id, "category")
    ensure_editable(category.event)
    if category.results_confirmed_at is None:
        raise ConflictError(f"{category.name}'s results are not confirmed, so there is nothing "
                            "to reopen.")
    now = utcnow()
    placements = list(session.scalars(select(ConfirmedPlacement).where(
        ConfirmedPlacement.category_id == category_id)))
    session.add_all([PreviousPlacement(
        category_id=category_id, nomination_id=p.nomination_id, placement=p.placement,
        rank=p.rank, score=p.score, confirmed_at=p.confirmed_at, reopened_at=now, reason=text,
    ) for p in placements])
    session.execute(delete(ConfirmedPlacement).where(
        ConfirmedPlacement.category_id == category_id))
    category.results_confirmed_at = None
    if category.event.status is EventStatus.RESULTS_FINAL:
        category.event.status = EventStatus.JUDGING
    audit(session, "reopen_results", "category", category_id, event_id=category.event_id,
          summary=f"{category.name}: {text}")
    session.flush()
    (result,) = category_results(session, category.event_id, category_id=category_id)
    return result


def record_casting_decision(
    session: Session, *, category_id: int, order: Sequence[int], reason: str = ""
) -> None:
    """The category's lead judge's order (best first) for nominations the rules left tied."""
    category = get(session, Category, category_id, "category")
    ensure_results_open(category, "its casting decisions")
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
    event = get(session, Event, event_id, "event")
    try:
        parsed = [scoring.TieBreak(r) for r in rules]
    except ValueError:
        raise ValidationError.single(
            "tie_breaks", "use obstacles, median and casting, in the order to apply them"
        ) from None
    if len(set(parsed)) != len(parsed):
        raise ValidationError.single("tie_breaks", "each rule may appear once")
    ensure_event_results_open(session, event_id, "the tie-break rules and scoring mode")
    if judging_started(session, event_id):
        raise ConflictError("Judging has started: tie-break rules and the scoring mode are fixed "
                            "so that nobody can change them after seeing scores.")
    event.tie_breaks = ",".join(r.value for r in parsed)
    event.normalised_results = normalised
    audit(session, "tie_breaks", "event", event_id, event_id=event_id, summary=event.tie_breaks)


def results_document(results: Sequence[CategoryResult]) -> list[dict[str, Any]]:
    """The documented JSON shape of ``awards results --format json``; scores to 4 dp."""

    def r4(value: float | None) -> float | None:
        return None if value is None else rounded(value, 4)

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

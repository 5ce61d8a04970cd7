"""Per-nomination result statistics, aggregated in SQL and kept ready for ranking.

Ranking 50,000 nominations must take well under a second, but aggregating 150,000 judge
totals (with every judge's z-scores) takes SQLite longer than that on an office PC. So the
statistics of each nomination — judges counted, mean, normalised mean, median, spread and mean
"Obstacles overcome" points — are stored in ``nomination_total`` whenever scores change, the way
``judge_total`` is, and ranking reads one narrow row per nomination.

Stored statistics are only trusted when they are provably current. Three things decide which
judges count: sponsorships, judges' and sponsors' active flags, and conflicts; their
*fingerprint* is stored with the statistics and compared on every read. Each stored row also
records the nomination's category and status when it was computed. If the fingerprint differs,
or a nomination moved or changed status since, the statistics are computed afresh by the same
SQL (slower, never wrong), and the next refresh stores them again: saving a score does, and
so does declaring or removing a conflict. Sponsorship and judge changes during judging are rare
and simply heal at the next refresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from awards_app.core.scoring import (
    RANK_SCALE,
    UNRESOLVED,
    ZERO_SPREAD,
    NominationStats,
    Ranked,
    TieBreak,
)
from awards_app.db.models import (
    Conflict,
    Event,
    Judge,
    JudgeTotal,
    Nomination,
    NominationTotal,
    Nominee,
    ResultsState,
    Sponsor,
    Sponsorship,
)
from awards_app.services.judging import JUDGED_STATUSES, conflicted_clause


class StatsRow(NamedTuple):
    """One nomination's statistics (None everywhere when no counting judge scored it)."""

    nomination_id: int
    category_id: int
    judges: int
    score: float | None
    normalised: float | None
    median: float | None
    spread: float | None
    obstacles: float | None


def counting_pairs(event_id: int) -> Any:
    """(judge_id, category_id): the active judges of each category's active sponsors."""
    return (
        select(Judge.id.label("judge_id"), Sponsorship.category_id.label("category_id"))
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .join(Sponsorship, Sponsorship.sponsor_id == Sponsor.id)
        .where(Sponsor.event_id == event_id, Sponsor.active.is_(True), Judge.active.is_(True))
        .distinct()
    )


def fingerprint(session: Session, event_id: int) -> str:
    """A digest of everything that decides which judges count (a few dozen small rows)."""
    digest = hashlib.sha256()
    event = session.get(Event, event_id)
    if event is not None:  # the stored ranks follow these settings
        digest.update(f"e{event.tie_breaks},{event.normalised_results};".encode())
    for row in session.execute(counting_pairs(event_id).order_by("judge_id", "category_id")):
        digest.update(f"p{row.judge_id},{row.category_id};".encode())
    conflicts = (
        select(Conflict.judge_id, Conflict.nomination_id, Conflict.nominee_id)
        .join(Judge, Judge.id == Conflict.judge_id)
        .join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .where(Sponsor.event_id == event_id)
        .order_by(Conflict.judge_id, Conflict.nomination_id, Conflict.nominee_id)
    )
    for judge_id, nomination_id, nominee_id in session.execute(conflicts):
        digest.update(f"c{judge_id},{nomination_id},{nominee_id};".encode())
    return digest.hexdigest()


def _statistics(event_id: int, category_ids: Sequence[int] | None) -> Any:
    """SELECT of StatsRow for every scored, judged nomination (of some categories, or all).

    Counting totals: judge_total rows of judged nominations whose judge is an active judge of
    an active sponsor of the category, without a conflict with the nomination or its young
    person. Means and spreads are SQL aggregates; the median averages the middle one or two
    totals found by ROW_NUMBER, so it is exact for any number of judges; a judge's z-scores
    use the mean and population standard deviation of that judge's counting totals in the
    category (raw totals kept below 2 nominations or with no spread, as core.scoring does).
    """
    pairs = counting_pairs(event_id).cte("pairs")
    where = [Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES),
             ~conflicted_clause(JudgeTotal.judge_id, Nomination.id, Nomination.nominee_id)]
    if category_ids is not None:
        where.append(Nomination.category_id.in_(list(category_ids)))
    counting = (
        select(JudgeTotal.judge_id, JudgeTotal.nomination_id, Nomination.category_id,
               JudgeTotal.total, JudgeTotal.obstacles,
               func.row_number().over(partition_by=JudgeTotal.nomination_id,
                                      order_by=JudgeTotal.total).label("position"),
               func.count().over(partition_by=JudgeTotal.nomination_id).label("judges"))
        .join(Nomination, Nomination.id == JudgeTotal.nomination_id)
        .join(pairs, and_(pairs.c.judge_id == JudgeTotal.judge_id,
                          pairs.c.category_id == Nomination.category_id))
        .where(*where)
        .cte("counting")
    )
    mean_of = (
        select(counting.c.judge_id, counting.c.category_id,
               func.count().label("n"), func.avg(counting.c.total).label("mean"))
        .group_by(counting.c.judge_id, counting.c.category_id)
        .cte("judge_mean")
    )
    deviation = counting.c.total - mean_of.c.mean
    judge_stats = (
        select(mean_of.c.judge_id, mean_of.c.category_id, mean_of.c.n, mean_of.c.mean,
               func.sqrt(func.avg(deviation * deviation)).label("sd"))
        .join(counting, and_(counting.c.judge_id == mean_of.c.judge_id,
                             counting.c.category_id == mean_of.c.category_id))
        .group_by(mean_of.c.judge_id, mean_of.c.category_id, mean_of.c.n, mean_of.c.mean)
        .cte("judge_stats")
    )
    z = case(
        (and_(judge_stats.c.n >= 2, judge_stats.c.sd > ZERO_SPREAD),
         (counting.c.total - judge_stats.c.mean) / judge_stats.c.sd),
        else_=counting.c.total,
    )
    middle = or_(counting.c.position == (counting.c.judges + 1) // 2,
                 counting.c.position == (counting.c.judges + 2) // 2)
    return (
        select(
            counting.c.nomination_id,
            func.min(counting.c.category_id).label("category_id"),
            func.count().label("judges"),
            func.avg(counting.c.total).label("score"),
            func.avg(z).label("normalised"),
            func.avg(case((middle, counting.c.total), else_=None)).label("median"),
            (func.max(counting.c.total) - func.min(counting.c.total)).label("spread"),
            func.avg(counting.c.obstacles).label("obstacles"),
        )
        .join(judge_stats, and_(judge_stats.c.judge_id == counting.c.judge_id,
                                judge_stats.c.category_id == counting.c.category_id))
        .group_by(counting.c.nomination_id)
    )


def _rank_key(value: Any) -> Any:
    """SQL for core.scoring.rank_key: floor(value × 10000 + 0.5), NULL stays NULL."""
    shifted = value * RANK_SCALE + 0.5
    whole = cast(shifted, Integer)
    return whole - case((shifted < whole, 1), else_=0)


def _ranked(event: Event, stats: Any) -> Any:
    """SELECT of the stored columns: the statistics plus each nomination's rank, tie and
    tie-break label under the event's rules, as core.scoring.rank gives them when no casting
    decision applies (a category with casting decisions is ranked by core.scoring itself).

    Rank is the competition rank over the ranking key then each rule's key in order (higher
    first, missing last); a nomination is tied when another shares its ranking key, and its
    label is the first rule whose key is unique to it within the category, else unresolved.
    """
    rules = [TieBreak(r) for r in event.tie_breaks.split(",") if r]
    used = [r for r in rules if r is not TieBreak.CASTING]
    keys = [_rank_key(stats.c.normalised if event.normalised_results else stats.c.score)]
    keys += [_rank_key(stats.c.obstacles if r is TieBreak.OBSTACLES else stats.c.median)
             for r in used]
    group = [stats.c.category_id]
    counts = [func.count().over(partition_by=group + keys[:n]) for n in range(1, len(keys) + 1)]
    label = case(
        (counts[0] == 1, None),
        *[(counts[n + 1] == 1, rule.value) for n, rule in enumerate(used)],
        else_=UNRESOLVED,
    )
    rank = func.rank().over(partition_by=stats.c.category_id,
                            order_by=[k.desc().nulls_last() for k in keys])
    return select(*stats.c, rank, counts[0] > 1, label)


def compute(session: Session, event_id: int,
            category_ids: Sequence[int] | None = None) -> list[StatsRow]:
    """Fresh statistics straight from the judge totals (what :func:`refresh` stores)."""
    return [StatsRow(*row) for row in session.execute(_statistics(event_id, category_ids))]


def _trusted(session: Session, event_id: int) -> bool:
    state = session.get(ResultsState, event_id)
    return state is not None and state.fingerprint == fingerprint(session, event_id)


def _closure(session: Session, event_id: int, categories: set[int]) -> list[int]:
    """The categories plus those a nomination moved between since its statistics were stored
    (a move changes the z-scores of both)."""
    moved = session.execute(
        select(NominationTotal.category_id, Nomination.category_id)
        .join(Nomination, Nomination.id == NominationTotal.nomination_id)
        .where(Nomination.event_id == event_id,
               NominationTotal.category_id != Nomination.category_id)
    ).all()
    for before, after in moved:
        if before in categories or after in categories:
            categories.update((before, after))
    return sorted(categories)


def refresh(session: Session, event_id: int, *, category_ids: Iterable[int] | None = None) -> None:
    """Store fresh statistics for some categories, or for the whole event.

    A whole-event refresh also stores the fingerprint, which makes the statistics trusted. A
    partial refresh of trusted statistics keeps them trusted; of untrusted ones (never stored,
    or which judges count has changed since), it becomes a whole-event refresh.
    """
    if category_ids is not None and not _trusted(session, event_id):
        category_ids = None  # a partial refresh could not make them trusted: refresh them all
    wanted = None if category_ids is None else _closure(session, event_id, set(category_ids))
    in_scope = select(Nomination.id).where(Nomination.event_id == event_id)
    if wanted is not None:
        if not wanted:
            return
        in_scope = in_scope.where(Nomination.category_id.in_(wanted))
    session.execute(delete(NominationTotal).where(NominationTotal.nomination_id.in_(in_scope)))
    event = session.get(Event, event_id)
    assert event is not None
    ranked = _ranked(event, _statistics(event_id, wanted).subquery()).subquery()
    session.execute(insert(NominationTotal).from_select(
        ["nomination_id", "category_id", "status", "judges", "score", "normalised", "median",
         "spread", "obstacles", "rank", "tie", "tie_break"],
        select(ranked.c[0], ranked.c[1], Nomination.status, *list(ranked.c)[2:])
        .join(Nomination, Nomination.id == ranked.c[0]),
    ))
    if wanted is None:
        state = session.get(ResultsState, event_id)
        if state is None:
            session.add(ResultsState(event_id=event_id, fingerprint=fingerprint(session, event_id)))
        else:
            state.fingerprint = fingerprint(session, event_id)
        session.flush()


class Standing:
    """The judged nominations of one category: ``rows`` maps a nomination id to
    (number, preferred name, judges, score, normalised, median, spread, obstacles, rank, tie,
    tie_break); the last three are the stored ranking, None when computed afresh."""

    __slots__ = ("rows", "stored")

    def __init__(self) -> None:
        self.rows: dict[int, tuple[Any, ...]] = {}
        self.stored = True

    def stats(self) -> list[NominationStats]:
        return [NominationStats(nid, r[2], r[3], r[4], r[5], r[6], r[7])
                for nid, r in self.rows.items()]

    def stored_ranking(self, top: int | None = None) -> list[Ranked]:
        """The stored ranking (rules without a casting decision), best first; unscored last
        (``standings`` reads the rows in that order). With ``top``, only the first ``top``
        places and anyone sharing the rank of the last of them (enough to decide placements).
        """
        ranked: list[Ranked] = []
        for nid, r in self.rows.items():
            if top is not None and len(ranked) >= top and (
                    r[8] is None or r[8] != ranked[-1].rank):
                break
            ranked.append(Ranked(nid, r[8], r[3], r[4], r[5], r[6], bool(r[9]), r[10]))
        return ranked


def raw_rows(session: Session, statement: Any) -> list[tuple[Any, ...]]:
    """Plain tuples from the database driver for a large read-only SELECT: SQLAlchemy's own
    rows cost about 3 µs each, a quarter of the budget for 50,000 of them. Only for columns
    whose raw values are already what the caller wants (numbers, text)."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect,
                                 compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if compiled.positiontup is not None:
        arguments: Any = tuple(params[name] for name in compiled.positiontup)
    else:
        arguments = params
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), arguments)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def standings(session: Session, event_id: int, category_ids: Sequence[int]) -> dict[int, Standing]:
    """category id → its judged nominations with their statistics and stored ranking, when
    those are provably current (see the module notes); otherwise statistics computed afresh
    and no stored ranking. One query in the usual case."""
    wanted = list(category_ids)
    trusted = _trusted(session, event_id)
    judged = {status.value for status in JUDGED_STATUSES}
    nt = NominationTotal
    # One row per nomination of the event that is judged or has stored statistics (a stored
    # row for a nomination withdrawn or moved since then shows they are out of date).
    rows = raw_rows(session, (
        select(Nomination.id, Nomination.category_id,
               type_coerce(Nomination.status, String()),  # plain text: no enum per row
               Nomination.number, Nominee.preferred_name, nt.category_id, nt.status,
               nt.judges, nt.score, nt.normalised, nt.median, nt.spread, nt.obstacles,
               nt.rank, nt.tie, nt.tie_break)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .outerjoin(nt, nt.nomination_id == Nomination.id)
        .where(Nomination.event_id == event_id,
               or_(Nomination.category_id.in_(wanted), nt.category_id.in_(wanted)),
               or_(Nomination.status.in_(judged), nt.nomination_id.is_not(None)))
        # ranking order, so the stored ranking needs no sort: unscored last, then by id
        .order_by(nt.rank.is_(None), nt.rank, Nomination.id)
    ))
    result = {category_id: Standing() for category_id in wanted}
    unscored = (0, None, None, None, None, None, None, None, False, None)
    if trusted and all(r[5] is None or (r[5] == r[1] and r[6] == r[2]) for r in rows):
        for r in rows:
            if r[2] in judged and r[1] in result:
                result[r[1]].rows[r[0]] = (r[3], r[4], *(r[7:] if r[5] is not None else unscored))
        return result
    # Out of date: the same statistics computed from the judge totals, ranked by core.scoring.
    fresh = {row.nomination_id: row for row in compute(session, event_id, wanted)}
    for r in rows:
        if r[2] in judged and r[1] in result:
            row = fresh.get(r[0])
            standing = result[r[1]]
            standing.stored = False
            standing.rows[r[0]] = (r[3], r[4], *((row.judges, row.score, row.normalised,
                                                  row.median, row.spread, row.obstacles,
                                                  None, False, None) if row else unscored))
    return result

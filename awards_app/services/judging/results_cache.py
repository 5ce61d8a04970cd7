"""Per-nomination result statistics, aggregated in SQL and kept ready for ranking.

Ranking 50,000 nominations must take well under a second, but aggregating 150,000 judge
totals (with every judge's z-scores) takes SQLite longer than that on an office PC. So the
statistics of each judged nomination — judges counted, mean, normalised mean, median, spread
and mean "Obstacles overcome" points — and its place in the ranking are stored in
``nomination_total`` whenever scores change, the way ``judge_total`` is, clustered by category
and place: ranking reads each category as one ordered range and joins only the young
person's preferred name, which stays live.

Stored statistics are only trusted when they are provably current. Besides the judge totals
(stored with them whenever a score is saved), they follow from the ranking settings, which
judges count (sponsorships, judges' and sponsors' active flags, conflicts) and each judged
nomination's id, category, status, number and young person. A digest of all of that, the
*fingerprint*, is stored with the statistics and compared on every read, so any change, through
the services or behind their back, is seen. If it differs the statistics are computed afresh by
the same SQL (slower, never wrong), and the next refresh stores them again: saving a score
does, and so does declaring or removing a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    type_coerce,
    update,
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
from awards_app.db.dialect import listed_rows
from awards_app.db.models import (
    Category,
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
from awards_app.services.judging.assignments import JUDGED_STATUSES, conflicted_clause


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
    """A digest of everything besides the judge totals that the stored statistics and ranks
    follow from: the ranking settings, which judges count (a few dozen small rows), and every
    judged nomination's id, category, status, number and young person (read through the
    covering index ix_nomination_results, never the wide nomination rows)."""
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
    for part in _nomination_lists(session, event_id):
        digest.update(f"n{part};".encode())
    return digest.hexdigest()


def _nomination_lists(session: Session, event_id: int) -> list[str]:
    """The event's judged nominations as text, one comma-separated list per column (id,
    category, status, number, young person) in one order, so that equal lists mean equal
    rows, made by the database itself (:func:`listed_rows`; on SQLite while scanning the
    covering index ix_nomination_results, about 3× faster than fetching 50,000 rows), the
    same on both databases. Nothing is sampled or summed, so no change can go unseen."""
    status = type_coerce(Nomination.status, String())
    columns = [
        Nomination.id, Nomination.category_id, status, Nomination.number, Nomination.nominee_id]
    return listed_rows(
        session, columns,
        where=[Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES)],
        order_by=[Nomination.category_id, status, Nomination.number])


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


#: the fingerprint of an event whose stored statistics are out of date for certain: judges'
#: scores were saved side by side on a shared database without refreshing them
STALE = "stale: scores saved since"


def mark_stale(session: Session, event_id: int) -> None:
    """Scores were saved without refreshing the stored statistics (judges saving side by
    side on PostgreSQL: each would rewrite the same category's places): distrust them until
    the next refresh, so reads compute them afresh. Changes nothing once marked, so saves
    side by side do not queue for the row."""
    session.execute(update(ResultsState)
                    .where(ResultsState.event_id == event_id, ResultsState.fingerprint != STALE)
                    .values(fingerprint=STALE))


def trusted(session: Session, event_id: int) -> bool:
    """Are the stored statistics and places of the event current (see the module notes)?"""
    return _trusted(session, event_id)


def _trusted(session: Session, event_id: int, current: str | None = None) -> bool:
    state = session.get(ResultsState, event_id)
    return state is not None and state.fingerprint == (current or fingerprint(session, event_id))


def refresh(session: Session, event_id: int, *, category_ids: Iterable[int] | None = None) -> None:
    """Store fresh statistics and places for some categories, or for the whole event.

    A whole-event refresh also stores the fingerprint, which makes them trusted. A partial
    refresh of trusted statistics keeps them trusted (the fingerprint does not cover the judge
    totals it refreshes); of untrusted ones (never stored, or something the fingerprint covers
    has changed since), it becomes a whole-event refresh.
    """
    current = fingerprint(session, event_id)
    wanted = None if category_ids is None else sorted(set(category_ids))
    if wanted is not None and not _trusted(session, event_id, current):
        wanted = None  # a partial refresh could not make them trusted: refresh them all
    if wanted == []:
        return
    nt = NominationTotal
    if wanted is None:
        # Every row of the event, by nomination or by category (a nomination moved to another
        # event leaves a row here that would collide with the new places).
        session.execute(delete(nt).where(or_(
            nt.nomination_id.in_(select(Nomination.id).where(Nomination.event_id == event_id)),
            nt.category_id.in_(select(Category.id).where(Category.event_id == event_id)))))
    else:  # trusted: these categories' rows are exactly their judged nominations
        session.execute(delete(nt).where(nt.category_id.in_(wanted)))
    event = session.get(Event, event_id)
    assert event is not None
    ranked = _ranked(event, _statistics(event_id, wanted).subquery()).subquery()
    nid, category, judges, *values, rank, tie, tie_break = ranked.c
    columns = [c.name for c in nt.__table__.columns]  # the order selected below
    # The scored nominations in ranking order (equal ranks by id, as core.scoring lists
    # them) — driven by the statistics, the nomination row looked up by its key...
    session.execute(insert(nt).from_select(columns, select(
        category, func.row_number().over(partition_by=category, order_by=[rank, nid]),
        nid, Nomination.number, Nomination.nominee_id, judges, *values, rank, tie, tie_break,
    ).join(Nomination, Nomination.id == nid)))
    # ...then the unscored judged ones after them, by id. (Two statements, because SQLite
    # would scan the statistics once per nomination for an outer join to them.)
    members = [Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES),
               ~select(nt.nomination_id).where(nt.nomination_id == Nomination.id).exists()]
    if wanted is not None:
        members.append(Nomination.category_id.in_(wanted))
    last = (select(func.coalesce(func.max(nt.position), 0))
            .where(nt.category_id == Nomination.category_id).scalar_subquery())
    after = last + func.row_number().over(partition_by=Nomination.category_id,
                                          order_by=Nomination.id)
    session.execute(insert(nt).from_select(columns, select(
        Nomination.category_id, after, Nomination.id, Nomination.number, Nomination.nominee_id,
        literal(0), *[null()] * 6, literal(False), null(),
    ).where(*members)))
    if wanted is None:
        state = session.get(ResultsState, event_id)
        if state is None:
            session.add(ResultsState(event_id=event_id, fingerprint=current))
        else:
            state.fingerprint = current
        session.flush()


class Standing:
    """The judged nominations of one category. Each of ``rows`` is (nomination id, number,
    preferred name, rank, score, normalised, median, spread, judges, tie, tie_break, obstacles)
    — laid out like services.results.ResultRow, so it can be turned into one cheaply. When
    ``stored`` they are in ranking order (rules without a casting decision); otherwise the
    statistics were computed afresh, the rows are in id order and carry no ranking (rank None,
    tie False, tie_break None)."""

    __slots__ = ("rows", "stored")

    def __init__(self, rows: list[tuple[Any, ...]] | None = None, *, stored: bool = True) -> None:
        self.rows: list[tuple[Any, ...]] = [] if rows is None else rows
        self.stored = stored

    def stats(self) -> list[NominationStats]:
        return [NominationStats(r[0], r[8], r[4], r[5], r[6], r[7], r[11]) for r in self.rows]

    def stored_ranking(self, top: int | None = None) -> list[Ranked]:
        """The stored ranking, best first; unscored last. With ``top``, only the first ``top``
        places and anyone sharing the rank of the last of them (enough to decide placements).
        """
        ranked: list[Ranked] = []
        for r in self.rows:
            if top is not None and len(ranked) >= top and (
                    r[3] is None or r[3] != ranked[-1].rank):
                break
            ranked.append(Ranked(r[0], r[3], r[4], r[5], r[6], r[7], bool(r[9]), r[10]))
        return ranked


@contextmanager
def _compiled(session: Session, statement: Any) -> Iterator[Callable[..., list[tuple[Any, ...]]]]:
    """A large read-only SELECT compiled once, run by the database driver as often as wanted
    with new values for its bound parameters; returns plain tuples. SQLAlchemy's own rows cost
    about 3 µs each, a quarter of the budget for 50,000 of them. Only for columns whose raw
    values are already what the caller wants (numbers, text). The caller must have flushed
    (any session.execute has) — the driver does not see unflushed changes."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    sql = str(compiled)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def run(**values: Any) -> list[tuple[Any, ...]]:
        params = compiled.construct_params(values)
        arguments: Any = (params if compiled.positiontup is None else
                          tuple(params[name] for name in compiled.positiontup))
        cursor.execute(sql, arguments)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows

    try:
        yield run
    finally:
        cursor.close()


def standings(session: Session, event_id: int, category_ids: Sequence[int]) -> dict[int, Standing]:
    """category id → its judged nominations with their statistics and stored ranking, when
    those are provably current (see the module notes): one ordered range read per category;
    otherwise statistics computed afresh and no stored ranking."""
    wanted = list(category_ids)
    nt = NominationTotal
    if not _trusted(session, event_id):
        return _afresh(session, event_id, wanted)
    with _compiled(session, (
        select(nt.nomination_id, nt.number, Nominee.preferred_name, nt.rank, nt.score,
               nt.normalised, nt.median, nt.spread, nt.judges, nt.tie, nt.tie_break,
               nt.obstacles)
        .join(Nominee, Nominee.id == nt.nominee_id)
        .where(nt.category_id == bindparam("category_id"))
        .order_by(nt.position)  # the clustered key: no sort
    )) as ranking:
        return {category_id: Standing(ranking(category_id=category_id))
                for category_id in wanted}


def _afresh(session: Session, event_id: int, wanted: list[int]) -> dict[int, Standing]:
    """Out of date: the same statistics computed from the judge totals (ranked later by
    core.scoring), for the judged nominations as they are now."""
    fresh = {row.nomination_id: row for row in compute(session, event_id, wanted)}
    result = {category_id: Standing(stored=False) for category_id in wanted}
    members = session.execute(
        select(Nomination.id, Nomination.category_id, Nomination.number, Nominee.preferred_name)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Nomination.event_id == event_id, Nomination.category_id.in_(wanted),
               Nomination.status.in_(JUDGED_STATUSES))
        .order_by(Nomination.id)
    )
    for nid, category_id, number, name in members:
        row = fresh.get(nid)
        result[category_id].rows.append(
            (nid, number, name, None, row.score, row.normalised, row.median, row.spread,
             row.judges, False, None, row.obstacles) if row else
            (nid, number, name, None, None, None, None, None, 0, False, None, None))
    return result

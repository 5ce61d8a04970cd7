"""Scores, submissions and unlocks; judge totals kept in a table by every score change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    pass

from awards_app.core.enums import CriterionRole
from awards_app.core.errors import ConflictError, FieldError, NotFoundError, ValidationError
from awards_app.core.validation import Checker
from awards_app.db.dialect import on_server
from awards_app.db.models import (
    Base,
    Category,
    Criterion,
    Judge,
    JudgeTotal,
    Nomination,
    Score,
    ScoreComment,
    Submission,
    utcnow,
)
from awards_app.db.seals import score_digest
from awards_app.db.copying import copy_in
from awards_app.db.engine import lock_judge, shares_write_lock
from awards_app.services.common import audit, get
from awards_app.services.judging import results_cache
from awards_app.services.catalogue.locks import ensure_results_open
from awards_app.services.judging.assignments import assigned_nomination, ensure_open_for
from awards_app.services.judging.judge_view import judge_queue


COMMENT_MAX_LENGTH = 4000

# --- scoring -------------------------------------------------------------------------------


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
    once (an import of many scores); reads stay correct meanwhile, only slower.

    Scores are locked once the judge submitted the category or its results are confirmed;
    the judge's comment alone may still be edited then (it does not feed the ranking).

    In a scores-only unit of work on a shared database (``Database.session(scores_only=
    True)``; db.engine.shares_write_lock) other judges save at the same moment: this judge's
    saves still go one at a time, and the stored ranking is marked out of date instead of
    refreshed (reads then compute it afresh; the judge's submission refreshes it)."""
    side_by_side = shares_write_lock(session)
    lock_judge(session, judge_id)
    nomination = assigned_nomination(session, judge_id, nomination_id)
    existing = {s.criterion_id: s for s in session.scalars(select(Score).where(
        Score.judge_id == judge_id, Score.nomination_id == nomination_id))}
    rescoring = any((existing[cid].value if cid in existing else None) != value
                    for cid, value in scores.items())
    if rescoring:
        ensure_open_for(session, judge_id, nomination.category)
    criteria = {c.id: c for c in nomination.category.criteria}
    c = Checker()
    for criterion_id, value in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            c.add("criterion", f"{criterion_id} is not a criterion of {nomination.category.name}")
        elif value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            c.add(criterion.name, f"{value} is outside {criterion.scale_min}–{criterion.scale_max}")
    text = c.text("comment", comment, max_length=COMMENT_MAX_LENGTH)
    c.check()
    for criterion_id, value in scores.items() if rescoring else ():
        row = existing.get(criterion_id)
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Score(judge_id=judge_id, nomination_id=nomination_id,
                              criterion_id=criterion_id, value=value))
        else:
            row.value = value
    if rescoring:
        session.flush()
        refresh_totals(session, judge_id=judge_id, nomination_id=nomination_id,
                       refresh_results=refresh_results and not side_by_side)
        if side_by_side:
            results_cache.mark_stale(session, nomination.event_id)
    note = session.scalar(select(ScoreComment).where(
        ScoreComment.judge_id == judge_id, ScoreComment.nomination_id == nomination_id))
    if note is None and text:
        session.add(ScoreComment(judge_id=judge_id, nomination_id=nomination_id, comment=text))
    elif note is not None:
        note.comment = text
    session.flush()


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """One judge's new scores (criterion id, value) and comment for one nomination: what
    :func:`save_scores` takes, as plain data."""

    judge_id: int
    nomination_id: int
    scores: tuple[tuple[int, int], ...]
    comment: str = ""


# Ids per IN list: far below any database's limit on bound parameters (SQLite's is 32,766).
IN_CHUNK = 900
_TABLES = Base.metadata.tables


def store_scores(
    session: Session, changes: Sequence[ScoreChange], *, refresh_results: bool = True
) -> None:
    """Store many judge × nomination changes as :func:`save_scores` would one by one, in a
    few set-based statements (the paper-score import): a criterion named gets its value (a
    score's ``updated_at`` moves only when its value does), criteria not named keep theirs,
    and the comment replaces the stored one ("" clears it); then the judge totals of these
    pairs are recomputed with the same SQL, and the stored results of their categories.

    Like ``save_scores`` it refuses a change once the judge submitted the category or its
    results are final (ConflictError, nothing written). Unlike it, it does not check that the
    nomination is the judge's to score, that each criterion is one of its category's, the
    scales or the comment's length: the caller checks those for every row first, in this
    transaction (``services.transfer.score_import`` does, naming each row).
    ORM ``Score``/``ScoreComment`` objects already loaded in ``session`` are not refreshed.
    """
    if not changes:
        return
    session.flush()
    judge_ids = sorted({c.judge_id for c in changes})
    nomination_ids = sorted({c.nomination_id for c in changes})
    nominations: dict[int, tuple[int, int]] = {}  # id -> (event, category)
    for chunk in _chunks(nomination_ids):
        for nid, event_id, category_id in session.execute(
                select(Nomination.id, Nomination.event_id, Nomination.category_id)
                .where(Nomination.id.in_(chunk))):
            nominations[nid] = (event_id, category_id)
    for nid in nomination_ids:
        if nid not in nominations:
            get(session, Nomination, nid, "nomination")  # raises NotFoundError
    category_ids = sorted({category for _event, category in nominations.values()})
    _ensure_open(session, changes, nominations, category_ids)

    score_t, comment_t = _TABLES["score"], _TABLES["score_comment"]
    existing: dict[tuple[int, int, int], tuple[int, int, str | None]] = {}  # (id, value, seal)
    notes: dict[tuple[int, int], tuple[int, str]] = {}  # pair -> (id, comment)
    for chunk in _chunks(nomination_ids):
        for sid, j, n, c, value, seal in session.execute(
                select(score_t.c.id, score_t.c.judge_id, score_t.c.nomination_id,
                       score_t.c.criterion_id, score_t.c.value, score_t.c.seal)
                .where(score_t.c.judge_id.in_(judge_ids), score_t.c.nomination_id.in_(chunk))):
            existing[(j, n, c)] = (sid, value, seal)
        for cid, j, n, text in session.execute(
                select(comment_t.c.id, comment_t.c.judge_id, comment_t.c.nomination_id,
                       comment_t.c.comment)
                .where(comment_t.c.judge_id.in_(judge_ids),
                       comment_t.c.nomination_id.in_(chunk))):
            notes[(j, n)] = (cid, text)

    now = utcnow()
    new_scores: list[tuple[int, int, int, int]] = []
    changed_scores: list[dict[str, Any]] = []
    new_notes: list[dict[str, Any]] = []
    changed_notes: list[dict[str, Any]] = []
    for change in changes:
        j, n = change.judge_id, change.nomination_id
        for criterion_id, value in change.scores:
            row = existing.get((j, n, criterion_id))
            if row is None:
                new_scores.append((j, n, criterion_id, value))
            elif row[1] != value:
                # A score changed outside the program keeps its old seal (still reported).
                sealed = row[2] == score_digest(j, n, criterion_id, row[1])
                changed_scores.append({"b_id": row[0], "b_value": value, "b_at": now,
                                       "b_seal": score_digest(j, n, criterion_id, value)
                                       if sealed else row[2]})
        note = notes.get((j, n))
        if note is None:
            if change.comment:
                new_notes.append({"judge_id": j, "nomination_id": n, "comment": change.comment})
        elif note[1] != change.comment:
            changed_notes.append({"b_id": note[0], "b_comment": change.comment})
    if new_scores:
        _insert_scores(session, new_scores, now)
    if changed_scores:
        session.execute(update(score_t).where(score_t.c.id == bindparam("b_id"))
                        .values(value=bindparam("b_value"), updated_at=bindparam("b_at"),
                                seal=bindparam("b_seal")),
                        changed_scores)
    if new_notes:
        session.execute(insert(comment_t), new_notes)
    if changed_notes:
        session.execute(update(comment_t).where(comment_t.c.id == bindparam("b_id"))
                        .values(comment=bindparam("b_comment")), changed_notes)

    # The totals of these judges × these nominations (a few more pairs than changed, at most:
    # recomputing an unchanged pair gives the same row), with the SQL save_scores uses.
    for chunk in _chunks(nomination_ids):
        session.execute(delete(JudgeTotal).where(JudgeTotal.judge_id.in_(judge_ids),
                                                 JudgeTotal.nomination_id.in_(chunk)))
        session.execute(insert(JudgeTotal).from_select(
            ["judge_id", "nomination_id", "total", "obstacles", "criteria_scored"],
            _totals_select().where(Score.judge_id.in_(judge_ids),
                                   Score.nomination_id.in_(chunk))))
    if refresh_results:
        by_event: dict[int, set[int]] = {}
        for event_id, category_id in nominations.values():
            by_event.setdefault(event_id, set()).add(category_id)
        for event_id, categories in by_event.items():
            results_cache.refresh(session, event_id, category_ids=categories)


def _insert_scores(session: Session, rows: list[tuple[int, int, int, int]], now: Any) -> None:
    """INSERT (judge, nomination, criterion, value) rows with one ``updated_at``, through the
    driver's executemany: the statement SQLAlchemy compiles for this database, without its
    per-row parameter processing, which takes longer than SQLite's own inserting (about 45 of
    85 ms for 12,000 scores, all of it inside the write lock). The one value that needs
    processing, the timestamp, goes through its column type's bind processor once. Each row
    carries its seal (db/seals.py)."""
    table = _TABLES["score"]
    columns = ["judge_id", "nomination_id", "criterion_id", "value", "seal", "updated_at"]
    connection = session.connection()
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=columns)
    process = table.c.updated_at.type.dialect_impl(connection.dialect).bind_processor(
        connection.dialect)
    stamp = now if process is None else process(now)
    full = [(*row, score_digest(*row), stamp) for row in rows]
    if on_server(connection):  # a server takes many rows fastest by COPY
        copy_in(connection, "score", columns, full)
        return
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup or ()]
        params: list[Any] = full if order == list(range(len(columns))) else [
            tuple(row[i] for i in order) for row in full]
    else:
        params = [dict(zip(columns, row, strict=True)) for row in full]
    connection.exec_driver_sql(compiled.string, params)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start:start + IN_CHUNK]


def _ensure_open(session: Session, changes: Sequence[ScoreChange],
                 nominations: Mapping[int, tuple[int, int]], category_ids: Sequence[int]) -> None:
    """ensure_open_for for every change, in two small queries; the first refused change (in
    the order given) raises the message save_scores would have raised for it."""
    final = {cid for (cid,) in session.execute(
        select(Category.id)
        .where(Category.id.in_(category_ids), Category.results_confirmed_at.is_not(None)))}
    submitted = {(j, c) for j, c in session.execute(
        select(Submission.judge_id, Submission.category_id)
        .where(Submission.judge_id.in_({c.judge_id for c in changes}),
               Submission.category_id.in_(category_ids)))}
    if not final and not submitted:
        return
    for change in changes:
        category_id = nominations[change.nomination_id][1]
        if category_id in final or (change.judge_id, category_id) in submitted:
            ensure_open_for(session, change.judge_id,
                            get(session, Category, category_id, "category"))


def submit_category(session: Session, *, judge_id: int, category_id: int,
                    on_behalf: bool = False) -> None:
    """Lock a judge's scores in a category; every nomination there must be fully scored.

    ``on_behalf``: the coordinator submits for a judge who scored on paper; the audit trail
    says so."""
    category = get(session, Category, category_id, "category")
    ensure_open_for(session, judge_id, category)
    items = [i for i in judge_queue(session, judge_id) if i.category_id == category_id]
    if not items:
        raise ConflictError(f"There is nothing for you to judge in {category.name}.")
    missing = [i.ref for i in items if not i.scored]
    if missing:
        raise ValidationError([FieldError("scores", f"{ref} is not fully scored yet")
                               for ref in missing])
    session.add(Submission(judge_id=judge_id, category_id=category_id))
    if not results_cache.trusted(session, category.event_id):  # scores saved side by side
        results_cache.refresh(session, category.event_id, category_ids=[category_id])
    judge = get(session, Judge, judge_id, "judge")
    summary = (f"submitted by the coordinator for {judge.name} (paper judging): "
               f"{len(items)} nomination(s)" if on_behalf
               else f"{judge.name} submitted {len(items)} nomination(s)")
    audit(session, "submit", "category", category_id, event_id=category.event_id,
          summary=summary)


def unlock_submission(session: Session, *, judge_id: int, category_id: int, reason: str) -> None:
    """The coordinator reopens a judge's submitted category, recording why."""
    c = Checker()
    text = c.text("reason", reason, max_length=1000)
    if not text:
        c.add("reason", "is empty — say why the scores are being reopened")
    c.check()
    category = get(session, Category, category_id, "category")
    ensure_results_open(category, "its judges' submissions")
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
    is_obstacles = Criterion.role == CriterionRole.OBSTACLES.value
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
    event_id: int | None = None, category_id: int | None = None, refresh_results: bool = True,
) -> None:
    """Recompute judge totals (weighted mean of 0–10 criterion points) in one SQL statement:
    for one judge × nomination, a category or a whole event; then the stored result
    statistics of the nomination's category (or of the category, or the event), unless
    ``refresh_results`` is False because the caller refreshes them once after many changes."""
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
    elif category_id is not None:
        in_category = select(Nomination.id).where(Nomination.category_id == category_id)
        query = query.where(Score.nomination_id.in_(in_category))
        doomed = doomed.where(JudgeTotal.nomination_id.in_(in_category))
    else:
        raise ValueError("name a judge and nomination, a category or an event")
    session.execute(doomed)
    session.execute(insert(JudgeTotal).from_select(
        ["judge_id", "nomination_id", "total", "obstacles", "criteria_scored"], query))
    if not refresh_results:
        return
    if event_id is not None:
        results_cache.refresh(session, event_id)
    elif category_id is not None:
        category = get(session, Category, category_id, "category")
        results_cache.refresh(session, category.event_id, category_ids=[category_id])
    else:
        nomination = get(session, Nomination, nomination_id or 0, "nomination")
        results_cache.refresh(session, nomination.event_id, category_ids=[nomination.category_id])

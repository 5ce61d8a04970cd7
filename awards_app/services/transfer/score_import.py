"""Importing scores from paper judging packs (CSV/XLSX): all rows or none.

Columns: judge, nomination_ref, criterion, score, comment. Every row is checked: the judge
exists, is assigned the nomination, has no conflict with it and has not submitted; the
criterion belongs to the nomination's category; the score is a whole number in its scale;
the category's results are not final.

Two phases, so that SQLite's write lock is held only briefly (STYLE 8, short write
transactions): :func:`prepare` reads the file and checks every row against sets loaded once,
in a read session, and returns a frozen :class:`ScorePlan` (ids and values, no ORM objects);
:func:`store`, in the write session, checks again what may have changed since (assignments,
conflicts, submissions, final results, criteria), with the same messages, and writes every
score in bulk. :func:`import_scores` does both in one session.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import format_ref, name_key, normalise_text, parse_ref, shorten
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Category,
    Conflict,
    Criterion,
    Judge,
    Nomination,
    Sponsor,
    Submission,
)
from awards_app.services.common import audit, get
from awards_app.services.events import get_event
from awards_app.services.judging import results_cache
from awards_app.services.judging.assignments import assignments_query, ensure_open_for
from awards_app.services.judging.scores import COMMENT_MAX_LENGTH, ScoreChange, store_scores
from awards_app.services.transfer.imports import (
    SCORE_COLUMNS,
    SCORE_REQUIRED,
    ImportResult,
    IsCancelled,
    Progress,
    cell_text,
    check_cancel,
)
from awards_app.services.transfer.mapped_reading import read_mapped_table
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.services.transfer.tabular import read_table

#: a whole number in plain digits (str.isdigit also accepts "²", which int() refuses)
WHOLE = re.compile(r"[0-9]{1,6}")
CHECK_EVERY = 1000  # rows between progress reports and cancel checks while checking


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One row of a scores file, resolved to ids, with the names its messages use."""

    row: int
    judge_id: int | None  # None: no judge of the event has that name or email
    judge: str
    nomination_id: int
    ref: str
    category_id: int
    category: str
    criterion: str  # as written, trimmed
    criterion_key: str
    value: int | None  # None: not a whole number
    score: str  # as written, trimmed
    comment: str  # as written, trimmed


@dataclass(frozen=True)
class ScoreFacts:
    """What a row is checked against, loaded once (for an event, or for some of its judges
    and categories)."""

    criteria: Mapping[tuple[int, str], tuple[int, int, int]]  # (category, key) -> id, min, max
    assigned: frozenset[tuple[int, int]]  # (judge, nomination)
    conflicted: frozenset[tuple[int, int]]  # (judge, nomination)
    submitted: frozenset[tuple[int, int]]  # (judge, category)
    final: frozenset[int]  # categories whose results are confirmed


@dataclass(frozen=True)
class ScorePlan:
    """What :func:`prepare` found in a file, checked, for :func:`store` to write: plain data
    that can cross threads. ``result`` is what storing it reports.

    ``facts`` are those the rows' judges and categories were checked against: if ``store``
    finds the same, nothing that matters has changed, and it writes ``changes`` at once;
    otherwise it checks ``rows`` again."""

    event_id: int
    source: str
    rows: tuple[ScoreRow, ...]
    judge_ids: tuple[int, ...]
    category_ids: tuple[int, ...]
    facts: ScoreFacts
    changes: tuple[ScoreChange, ...]
    result: ImportResult


def import_scores(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    dry_run: bool = False,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Paper scores, one row per judge × nomination × criterion; every row is checked against
    the judges, assignments, conflicts, submissions and criteria before any is stored.

    ``dry_run`` checks everything a real import checks and returns the result it would have,
    and stores nothing. One session for both phases; the window and ``awards import`` use
    :func:`prepare` in a read session and :func:`store` in a short write session instead.
    """
    plan = prepare(session, event_id=event_id, path=path, progress=progress,
                   cancelled=cancelled, mapping=mapping)
    if dry_run:
        return plan.result
    return store(session, plan, progress=progress, cancelled=cancelled)


def prepare(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    mapping: ColumnMapping | None = None,
) -> ScorePlan:
    """Read ``path`` (through ``mapping`` when its columns are someone else's) and check
    every row (a read session is enough); raise ValidationError listing every bad row, or
    ConflictError when a category's results are final."""
    event = get_event(session, event_id)
    table = read_mapped_table(path, mapping) if mapping is not None else read_table(
        path, columns=SCORE_COLUMNS, required=SCORE_REQUIRED, preferred_sheets=("Scores",))
    judges: dict[str, tuple[int, str]] = {}
    for judge_id, name, email in session.execute(
            select(Judge.id, Judge.name, Judge.email).join(Sponsor)
            .where(Sponsor.event_id == event.id)):
        judges[name_key(name)] = (judge_id, name)
        if email:
            judges[email.lower()] = (judge_id, name)
    nominations = {number: (nid, category_id, category) for nid, number, category_id, category
                   in session.execute(
                       select(Nomination.id, Nomination.number, Nomination.category_id,
                              Category.name)
                       .join(Category, Category.id == Nomination.category_id)
                       .where(Nomination.event_id == event.id))}
    facts = _load_facts(session, event.id)

    total = len(table.rows)
    errors: list[FieldError] = []
    rows: list[ScoreRow] = []
    writes: list[tuple[ScoreRow, tuple[int, int, int]]] = []
    seen: dict[tuple[int, int, int], int] = {}
    for index, (row_number, row) in enumerate(table.rows):
        if index % CHECK_EVERY == 0:
            check_cancel(cancelled)
            if progress is not None and index:
                progress(index, total)

        def bad(field: str, message: str, row_number: int = row_number) -> None:
            errors.append(FieldError(field, message, row_number))

        judge_text = cell_text(row, "judge")
        judge = judges.get(name_key(judge_text))
        if not judge_text.strip():
            bad("judge", "is empty — give the judge's name or email")
        elif judge is None:
            bad("judge", f"'{shorten(judge_text.strip())}' is not a judge of this event")
        try:
            number = parse_ref(cell_text(row, "nomination_ref"))
        except ValueError as exc:
            bad("nomination_ref", str(exc))
            continue
        nomination = nominations.get(number)
        if nomination is None:
            bad("nomination_ref", f"{shorten(cell_text(row, 'nomination_ref').strip())} is "
                                  "not a nomination of this event")
            continue
        criterion_text = cell_text(row, "criterion")
        score_text = cell_text(row, "score").strip()
        comment = cell_text(row, "comment").strip()
        if len(normalise_text(comment)) > COMMENT_MAX_LENGTH:
            bad("comment", f"is {len(normalise_text(comment)):,} characters long; the most "
                           f"allowed is {COMMENT_MAX_LENGTH:,}")
        nomination_id, category_id, category = nomination
        checked = ScoreRow(
            row=row_number,
            judge_id=None if judge is None else judge[0],
            judge="" if judge is None else judge[1],
            nomination_id=nomination_id,
            ref=format_ref(number),
            category_id=category_id,
            category=category,
            criterion=criterion_text.strip(),
            criterion_key=name_key(criterion_text),
            value=int(score_text) if WHOLE.fullmatch(score_text) else None,
            score=score_text,
            comment=comment,
        )
        write = _check_row(checked, facts, seen, errors)
        if write is not None:
            rows.append(checked)
            writes.append((checked, write))
    if errors:
        raise ValidationError(errors, source=table.source)
    changes = _changes(session, writes, facts)
    judge_ids = tuple(sorted({c.judge_id for c in changes}))
    category_ids = tuple(sorted({r.category_id for r in rows}))
    plan = ScorePlan(
        event_id=event.id, source=table.source, rows=tuple(rows), judge_ids=judge_ids,
        category_ids=category_ids,
        facts=_load_facts(session, event.id, judge_ids=judge_ids, category_ids=category_ids),
        changes=changes,
        result=ImportResult(rows=total, created=total, details={"scores": total}))
    if progress is not None:
        progress(total, total)
    return plan


def store(
    session: Session,
    plan: ScorePlan,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportResult:
    """Write a prepared file's scores in this (write) session, after checking again, for its
    judges and categories only, whatever may have changed since :func:`prepare`: the same
    problems raise the same errors, and nothing is stored."""
    check_cancel(cancelled)
    get_event(session, plan.event_id)
    facts = _load_facts(session, plan.event_id, judge_ids=plan.judge_ids,
                        category_ids=plan.category_ids)
    changes = plan.changes
    if facts != plan.facts:  # something changed meanwhile: every row again, same messages
        errors: list[FieldError] = []
        seen: dict[tuple[int, int, int], int] = {}
        writes = []
        for row in plan.rows:
            write = _check_row(row, facts, seen, errors)
            if write is not None:
                writes.append((row, write))
        if errors:
            raise ValidationError(errors, source=plan.source)
        changes = _changes(session, writes, facts)
    check_cancel(cancelled)
    store_scores(session, changes, refresh_results=False)
    results_cache.refresh(session, plan.event_id, category_ids=plan.category_ids)
    audit(session, "import", "score", None, event_id=plan.event_id,
          summary=f"{plan.result.rows} rows from {plan.source}")
    if progress is not None:
        progress(plan.result.rows, plan.result.rows)
    return plan.result


def _load_facts(
    session: Session,
    event_id: int,
    *,
    judge_ids: Iterable[int] | None = None,
    category_ids: Iterable[int] | None = None,
) -> ScoreFacts:
    """The event's criteria, assignments, conflicts, submissions and final results, each in
    one query; only for these judges and categories when given (what ``store`` re-checks)."""
    judges = None if judge_ids is None else sorted(set(judge_ids))
    categories = None if category_ids is None else sorted(set(category_ids))

    criteria_query = (select(Criterion.id, Criterion.category_id, Criterion.name,
                             Criterion.scale_min, Criterion.scale_max)
                      .join(Category).where(Category.event_id == event_id))
    assigned_query = assignments_query(event_id)
    submitted_query = select(Submission.judge_id, Submission.category_id)
    final_query = select(Category.id).where(
        Category.event_id == event_id, Category.results_confirmed_at.is_not(None))
    # A conflict with the nomination itself, or with its young person (conflicted_clause).
    conflict_queries = [
        select(Conflict.judge_id, Nomination.id)
        .join(Nomination, on)
        .where(Nomination.event_id == event_id)
        for on in (Nomination.id == Conflict.nomination_id,
                   Nomination.nominee_id == Conflict.nominee_id)
    ]
    if categories is not None:
        criteria_query = criteria_query.where(Category.id.in_(categories))
        assigned_query = assigned_query.where(Nomination.category_id.in_(categories))
        submitted_query = submitted_query.where(Submission.category_id.in_(categories))
        final_query = final_query.where(Category.id.in_(categories))
        conflict_queries = [q.where(Nomination.category_id.in_(categories))
                            for q in conflict_queries]
    if judges is not None:
        assigned_query = assigned_query.where(Judge.id.in_(judges))
        submitted_query = submitted_query.where(Submission.judge_id.in_(judges))
        conflict_queries = [q.where(Conflict.judge_id.in_(judges)) for q in conflict_queries]

    criteria = {(category_id, name_key(name)): (cid, low, high)
                for cid, category_id, name, low, high in session.execute(criteria_query)}
    conflicted: set[tuple[int, int]] = set()
    for query in conflict_queries:
        conflicted.update((j, n) for j, n in session.execute(query))
    return ScoreFacts(
        criteria=criteria,
        assigned=frozenset((j, n) for j, n, _c in session.execute(assigned_query)),
        conflicted=frozenset(conflicted),
        submitted=frozenset((j, c) for j, c in session.execute(submitted_query)),
        final=frozenset(session.scalars(final_query)),
    )


def _check_row(row: ScoreRow, facts: ScoreFacts, seen: dict[tuple[int, int, int], int],
               errors: list[FieldError]) -> tuple[int, int, int] | None:
    """Add the row's problems (criterion, scale, conflict, assignment, submission, repeat) to
    ``errors``; return (judge id, criterion id, value) when it can be stored."""
    def bad(field: str, message: str) -> None:
        errors.append(FieldError(field, message, row.row))

    criterion = facts.criteria.get((row.category_id, row.criterion_key))
    if not row.criterion:
        bad("criterion", f"is empty — name one of {row.category}'s criteria")
    elif criterion is None:
        bad("criterion", f"'{shorten(row.criterion)}' is not a criterion of {row.category}")
    scale = f" from {criterion[1]} to {criterion[2]}" if criterion is not None else ""
    if not row.score:
        bad("score", f"is empty — give a whole number{scale}")
    elif row.value is None:
        bad("score", f"'{shorten(row.score)}' is not a whole number{scale}")
    elif criterion is not None and not criterion[1] <= row.value <= criterion[2]:
        bad("score", f"{row.value} is outside {criterion[1]}–{criterion[2]}")
    if row.judge_id is None or criterion is None or row.value is None:
        return None
    key = (row.judge_id, row.nomination_id)
    repeat = (row.judge_id, row.nomination_id, criterion[0])
    if key in facts.conflicted:
        bad("judge", f"{row.judge} has a conflict of interest with {row.ref}")
    elif key not in facts.assigned:
        bad("judge", f"{row.judge} is not assigned {row.ref}")
    elif (row.judge_id, row.category_id) in facts.submitted:
        bad("judge", f"{row.judge} has already submitted {row.category}")
    elif repeat in seen:
        bad("criterion", f"repeats row {seen[repeat]}")
    else:
        seen[repeat] = row.row
        return row.judge_id, criterion[0], row.value
    return None


def _changes(session: Session, writes: Iterable[tuple[ScoreRow, tuple[int, int, int]]],
             facts: ScoreFacts) -> tuple[ScoreChange, ...]:
    """The checked rows grouped by judge × nomination, in the order of their first rows, after
    what saving each pair checks beyond its rows, as save_scores does: the category's results
    are not final (its error, from ensure_open_for), then the comment's length. A pair's
    comment is the last one written in its rows, else "" (which clears a stored one)."""
    scores: dict[tuple[int, int], list[tuple[int, int]]] = {}
    comments: dict[tuple[int, int], str] = {}
    categories: dict[tuple[int, int], int] = {}
    for row, (judge_id, criterion_id, value) in writes:
        key = (judge_id, row.nomination_id)
        scores.setdefault(key, []).append((criterion_id, value))
        categories.setdefault(key, row.category_id)
        if row.comment or key not in comments:
            comments[key] = row.comment
    for key, category_id in categories.items():
        if category_id in facts.final:
            ensure_open_for(session, key[0], get(session, Category, category_id, "category"))
        c = Checker()
        comments[key] = c.text("comment", comments[key], max_length=COMMENT_MAX_LENGTH)
        c.check()
    return tuple(ScoreChange(judge_id=j, nomination_id=n, scores=tuple(values),
                             comment=comments[(j, n)]) for (j, n), values in scores.items())

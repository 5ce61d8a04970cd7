"""Importing scores from paper judging packs (CSV/XLSX): all rows or none.

Columns: judge, nomination_ref, criterion, score, comment. Every row is checked: the judge
exists, is assigned the nomination, has no conflict with it and has not submitted; the
criterion belongs to the nomination's category; the score is a whole number in its scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import name_key, parse_ref
from awards_app.db.models import Category, Criterion, Judge, Nomination, Sponsor, Submission
from awards_app.services.common import audit
from awards_app.services.events import get_event
from awards_app.services.transfer.imports import (
    store_or_rehearse,
    ImportResult,
    IsCancelled,
    Progress,
    cell_text,
    check_cancel,
)
from awards_app.services.judging import results_cache
from awards_app.services.judging.assignments import assignments_query, conflicted_clause
from awards_app.services.judging.scores import save_scores
from awards_app.services.transfer.tabular import read_table

SCORE_COLUMNS = ("judge", "nomination_ref", "criterion", "score", "comment")
SCORE_REQUIRED = ("judge", "nomination_ref", "criterion", "score")


def import_scores(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Paper scores, one row per judge × nomination × criterion; every row is checked against
    the judges, assignments, conflicts, submissions and criteria before any is stored.

    ``dry_run`` stores inside a savepoint and rolls it back: the result an import would have,
    and nothing kept.
    """
    event = get_event(session, event_id)
    table = read_table(path, columns=SCORE_COLUMNS, required=SCORE_REQUIRED,
                       preferred_sheets=("Scores",))
    judges: dict[str, Judge] = {}
    for person in session.scalars(select(Judge).join(Sponsor).where(Sponsor.event_id == event.id)):
        judges[name_key(person.name)] = person
        if person.email:
            judges[person.email.lower()] = person
    nominations = {n.number: n for n in session.scalars(
        select(Nomination).where(Nomination.event_id == event.id))}
    assigned = {(j, n) for j, n, _c in session.execute(assignments_query(event.id))}
    conflicted = {
        (j, n) for j, n in session.execute(
            select(Judge.id, Nomination.id).join(Sponsor, Sponsor.id == Judge.sponsor_id)
            .join(Nomination, Nomination.event_id == Sponsor.event_id)
            .where(Sponsor.event_id == event.id,
                   conflicted_clause(Judge.id, Nomination.id, Nomination.nominee_id)))
    }
    submitted = set(session.execute(select(Submission.judge_id, Submission.category_id)).all())
    criteria: dict[tuple[int, str], Criterion] = {
        (c.category_id, name_key(c.name)): c for c in session.scalars(
            select(Criterion).join(Category).where(Category.event_id == event.id))}

    errors: list[FieldError] = []
    planned: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    comments: dict[tuple[int, int], str] = {}
    seen: dict[tuple[int, int, int], int] = {}
    for row_number, row in table.rows:
        def bad(field: str, message: str, row_number: int = row_number) -> None:
            errors.append(FieldError(field, message, row_number))

        judge = judges.get(name_key(cell_text(row, "judge")))
        if judge is None:
            bad("judge", f"'{cell_text(row, 'judge').strip()}' is not a judge of this event")
        try:
            nomination = nominations.get(parse_ref(cell_text(row, "nomination_ref")))
        except ValueError as exc:
            bad("nomination_ref", str(exc))
            continue
        if nomination is None:
            bad("nomination_ref", f"{cell_text(row, 'nomination_ref').strip()} is not a "
                                  "nomination of this event")
            continue
        criterion = criteria.get((nomination.category_id, name_key(cell_text(row, "criterion"))))
        if criterion is None:
            bad("criterion", f"'{cell_text(row, 'criterion').strip()}' is not a criterion of "
                             f"{nomination.category.name}")
        text = cell_text(row, "score").strip()
        value = int(text) if text.isdigit() else None
        if value is None:
            bad("score", f"'{text}' is not a whole number")
        elif criterion is not None and not criterion.scale_min <= value <= criterion.scale_max:
            bad("score", f"{value} is outside {criterion.scale_min}–{criterion.scale_max}")
        if judge is None or criterion is None or value is None:
            continue
        key = (judge.id, nomination.id)
        if key in conflicted:
            bad("judge", f"{judge.name} has a conflict of interest with {nomination.ref}")
        elif key not in assigned:
            bad("judge", f"{judge.name} is not assigned {nomination.ref}")
        elif (judge.id, nomination.category_id) in submitted:
            bad("judge", f"{judge.name} has already submitted {nomination.category.name}")
        elif (judge.id, nomination.id, criterion.id) in seen:
            bad("criterion", f"repeats row {seen[(judge.id, nomination.id, criterion.id)]}")
        else:
            seen[(judge.id, nomination.id, criterion.id)] = row_number
            planned[key][criterion.id] = value
            note = cell_text(row, "comment").strip()
            if note:
                comments[key] = note
    if errors:
        raise ValidationError(errors, source=table.source)
    return store_or_rehearse(session, lambda: _store_scores(
        session, event.id, planned, comments, table.source, len(table.rows), progress,
        cancelled), dry_run=dry_run)


def _store_scores(
    session: Session,
    event_id: int,
    planned: Mapping[tuple[int, int], dict[int, int]],
    comments: Mapping[tuple[int, int], str],
    source: str,
    rows: int,
    progress: Progress | None,
    cancelled: IsCancelled | None,
) -> ImportResult:
    for done, ((judge_id, nomination_id), scores) in enumerate(planned.items(), start=1):
        check_cancel(cancelled)
        save_scores(session, judge_id=judge_id, nomination_id=nomination_id, scores=scores,
                    comment=comments.get((judge_id, nomination_id), ""), refresh_results=False)
        if progress is not None:
            progress(done, len(planned))
    results_cache.refresh(session, event_id)
    audit(session, "import", "score", None, event_id=event_id,
          summary=f"{rows} rows from {source}")
    return ImportResult(rows=rows, created=rows, details={"scores": rows})

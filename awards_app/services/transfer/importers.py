"""The spreadsheet imports by kind, written once for the window and the command line: what
each is called, and the function that checks every row and then stores all rows or none.

A long import holds the database's write lock only for its last, short step (STYLE 8):

    with database.read_session() as session:       # reading and checking: no lock
        plan = importers.prepare(session, kind, event_id=…, path=…, progress=…, cancelled=…)
    with database.session() as session:            # one short write, then commit
        result = importers.store(session, plan, progress=…, cancelled=…)

``prepare`` returns a frozen :class:`ImportPlan` (ids and values, no ORM objects), so a worker
thread can hand it to the one that stores it. ``store`` checks again whatever may have changed
in between, with the same messages, and stores nothing if anything is wrong. A dry run is
:func:`check`. Kinds whose checks are made while storing (``Importer.two_phase`` False:
sponsors) do all their work in ``store`` and need a write session for ``check`` too.

Each takes an optional ``mapping`` (:class:`.mapping.ColumnMapping`): the file's columns are
someone else's (a form's export) and are read through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from awards_app.core.errors import ValidationError
from awards_app.services.transfer import imports, nominations_import, score_import, sponsor_import
from awards_app.services.transfer import goodnews_import
from awards_app.services.transfer.imports import ImportResult, IsCancelled, PreviewRow, Progress
from awards_app.services.transfer.mapping import ColumnMapping


class ImportKind(StrEnum):
    NOMINATIONS = "nominations"
    SPONSORS = "sponsors"
    SCORES = "scores"  # paper judging: one row per judge × nomination × criterion
    GOOD_NEWS = "good_news"  # workers' good-news stories (not tied to an event)


class Prepared(Protocol):
    """What a two-phase importer's ``prepare`` returns: frozen, and what storing it reports."""

    @property
    def result(self) -> ImportResult: ...


@dataclass(frozen=True)
class Importer:
    kind: ImportKind
    label: str  # as menus and buttons name it
    # (session, *, event_id, path, progress, cancelled, dry_run, mapping)
    run: Callable[..., ImportResult]
    # Two phases: (read session, *, event_id, path, progress, cancelled, mapping) -> Prepared,
    # (write session, prepared, *, progress, cancelled) -> ImportResult.
    prepare: Callable[..., Prepared] | None = None
    store: Callable[..., ImportResult] | None = None

    @property
    def two_phase(self) -> bool:
        """Checked in a read session, stored in a short write (else all of it in ``store``)."""
        return self.prepare is not None and self.store is not None


IMPORTERS: dict[ImportKind, Importer] = {
    ImportKind.NOMINATIONS: Importer(ImportKind.NOMINATIONS, "Nominations",
                                     nominations_import.import_nominations,
                                     prepare=nominations_import.prepare_nominations,
                                     store=nominations_import.store_nominations),
    ImportKind.SPONSORS: Importer(ImportKind.SPONSORS, "Sponsors and judges",
                                  sponsor_import.import_sponsors),
    ImportKind.SCORES: Importer(ImportKind.SCORES, "Paper scores", score_import.import_scores,
                                prepare=score_import.prepare, store=score_import.store),
    ImportKind.GOOD_NEWS: Importer(ImportKind.GOOD_NEWS, "Good news stories",
                                   goodnews_import.import_good_news,
                                   prepare=goodnews_import.prepare_good_news,
                                   store=goodnews_import.store_good_news),
}


@dataclass(frozen=True)
class ImportPlan:
    """A file read and checked by :func:`prepare`, for :func:`store`.

    ``prepared`` is the importer's own frozen plan, or None for a kind checked only while
    storing; ``result`` is then None too (nothing is known before storing)."""

    kind: ImportKind
    event_id: int
    path: Path
    prepared: Prepared | None
    mapping: ColumnMapping | None = None

    @property
    def result(self) -> ImportResult | None:
        """What storing the plan will report (every row was checked), if known yet."""
        return None if self.prepared is None else self.prepared.result


def importer(kind: str) -> Importer:
    try:
        return IMPORTERS[ImportKind(kind)]
    except ValueError:
        raise ValidationError.single(
            "kind", f"'{kind}' is not something to import (choose from: "
                    f"{', '.join(k.value for k in ImportKind)})") from None


def run_import(
    session: Session,
    kind: str,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    dry_run: bool = False,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Check every row of ``path`` and store them all (or, with ``dry_run``, say what would be
    stored and keep nothing), all in this one session; any problem raises ValidationError
    listing every bad row. :func:`prepare` and :func:`store` do the same in two sessions."""
    return importer(kind).run(session, event_id=event_id, path=path, progress=progress,
                              cancelled=cancelled, dry_run=dry_run, mapping=mapping)


def prepare(
    session: Session,
    kind: str,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportPlan:
    """Read ``path`` and check every row, in a read session (no write lock): ValidationError
    lists every bad row. For a kind that is not two-phase nothing is read yet."""
    chosen = importer(kind)
    prepared = None
    if chosen.prepare is not None:
        prepared = chosen.prepare(session, event_id=event_id, path=path, progress=progress,
                                  cancelled=cancelled, mapping=mapping)
    return ImportPlan(chosen.kind, event_id, path, prepared, mapping)


def store(
    session: Session,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportResult:
    """Store a prepared import in this write session (the caller commits): what may have
    changed since :func:`prepare` is checked again, with the same errors, before anything is
    written."""
    chosen = importer(plan.kind)
    if plan.prepared is None or chosen.store is None:
        return chosen.run(session, event_id=plan.event_id, path=plan.path, progress=progress,
                          cancelled=cancelled, mapping=plan.mapping)
    return chosen.store(session, plan.prepared, progress=progress, cancelled=cancelled)


def check(
    session: Session,
    kind: str,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """A dry run: every check an import makes, the result it would have, nothing stored.
    Two-phase kinds need only a read session; the others rehearse the writes in a savepoint
    and so need a write session."""
    plan = prepare(session, kind, event_id=event_id, path=path, progress=progress,
                   cancelled=cancelled, mapping=mapping)
    if plan.result is not None:
        return plan.result
    return run_import(session, kind, event_id=event_id, path=path, progress=progress,
                      cancelled=cancelled, dry_run=True, mapping=mapping)


def preview(path: Path, kind: str) -> tuple[list[str], list[PreviewRow]]:
    """The file's headings and rows exactly as written, to show before importing."""
    return imports.preview_rows(path, importer(kind).kind.value)

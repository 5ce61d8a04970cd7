"""What the Import / export page runs off the UI thread, each a ``Job`` for ``TaskRunner``:
checking a file (a dry run that stores nothing), importing it, loading an exported event,
and exporting one. Each opens its own session; none touches a widget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awards_app.core.errors import FieldError, ValidationError
from awards_app.services.transfer import exports, importers, tabular
from awards_app.services.transfer.event_json import reader as event_import
from awards_app.services.transfer.imports import ImportResult, PreviewRow
from awards_app.ui.common.tasks import Job

if TYPE_CHECKING:
    from awards_app.db.engine import Database

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class CheckOutcome:
    """What checking a file found: its rows as written, and the result or the problems."""

    path: Path
    kind: str
    event_id: int
    columns: list[str]
    rows: list[PreviewRow]
    result: ImportResult | None
    problems: list[FieldError]
    encoding: str | None = None  # the person's choice for a CSV whose encoding was unclear
    # when the encoding could not be told: the likely ones, best first
    encodings: tuple[tabular.EncodingChoice, ...] = ()


def check_job(database: Database, *, path: Path, kind: str, event_id: int,
              encoding: str | None = None) -> Job:
    """Read the file's rows and rehearse the import (stores nothing): a ``CheckOutcome``.
    The same importers as ``awards import`` (services/transfer/importers.py); a CSV is read in
    ``encoding`` when the person chose one."""

    def job(progress: Progress, cancelled: IsCancelled) -> CheckOutcome:
        with tabular.reading_as(path, encoding):
            return check(progress, cancelled)

    def check(progress: Progress, cancelled: IsCancelled) -> CheckOutcome:
        try:
            columns, rows = importers.preview(path, kind)
        except tabular.EncodingUnclearError as exc:  # the person may choose one
            return CheckOutcome(path, kind, event_id, [], [], None, exc.errors,
                                encodings=exc.choices)
        except ValidationError:  # unreadable: the dry run names the problem
            columns, rows = [], []
        try:
            # Kinds checked in two phases need no write lock; the others rehearse in a
            # savepoint of a write session.
            two_phase = importers.importer(kind).two_phase
            with database.read_session() if two_phase else database.session() as session:
                result = importers.check(session, kind, event_id=event_id, path=path,
                                         progress=progress, cancelled=cancelled)
        except ValidationError as exc:
            return CheckOutcome(path, kind, event_id, columns, rows, None, exc.errors, encoding)
        return CheckOutcome(path, kind, event_id, columns, rows, result, [], encoding)

    return job


def import_job(database: Database, outcome: CheckOutcome) -> Job:
    """Store the checked file's rows: read and checked again without the write lock, then one
    short write (cancelling stores nothing). An ``ImportResult``."""

    def job(progress: Progress, cancelled: IsCancelled) -> ImportResult:
        with tabular.reading_as(outcome.path, outcome.encoding), \
                database.read_session() as session:
            plan = importers.prepare(session, outcome.kind, event_id=outcome.event_id,
                                     path=outcome.path, progress=progress, cancelled=cancelled)
        with database.session() as session:
            return importers.store(session, plan, progress=progress, cancelled=cancelled)

    return job


def event_import_job(database: Database, path: Path) -> Job:
    """Load an exported event as a new event: read and checked without the write lock, then
    one short write (cancelling stores nothing). (Its id, "name year")."""

    def job(progress: Progress, cancelled: IsCancelled) -> tuple[int, str]:
        with database.read_session() as session:
            plan = event_import.prepare(session, path=path, progress=progress,
                                        cancelled=cancelled)
        with database.session() as session:
            event = event_import.store(session, plan, progress=progress, cancelled=cancelled)
            loaded = event.id, f"{event.name} {event.year}"
        return loaded

    return job


def export_job(database: Database, *, event_id: int, path: Path,
               include_pins: bool = False) -> Job:
    """Write the event as JSON, CSV or Excel (by ``path``'s suffix): the nominations written."""

    def job(progress: Progress, cancelled: IsCancelled) -> Any:
        with database.read_session() as session:
            return exports.export_event(session, event_id=event_id, path=path,
                                        progress=progress, cancelled=cancelled,
                                        include_pins=include_pins)

    return job

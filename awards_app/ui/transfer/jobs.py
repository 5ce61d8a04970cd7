"""What the Import / export page runs off the UI thread, each a ``Job`` for ``TaskRunner``:
checking a file (a dry run that stores nothing; for a file in someone else's columns, first
the mapping to propose), importing it, loading an exported event, and exporting one. Each
opens its own session; none touches a widget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awards_app.core.errors import FieldError, ValidationError
from awards_app.services.catalogue import categories, sponsors
from awards_app.services.transfer import exports, importers, saved_mappings, tabular
from awards_app.services.transfer.event_json import reader as event_import
from awards_app.services.transfer.imports import ImportResult, PreviewRow
from awards_app.services.transfer.mapping import ColumnMapping, propose, propose_values
from awards_app.services.transfer.mapping_fields import JUDGE, KINDS
from awards_app.ui.common.tasks import Job

if TYPE_CHECKING:
    from awards_app.db.engine import Database

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class MappingProposal:
    """A file whose headers are not the program's own: the mapping to propose (a saved one
    for the same headers, else one from the headers), with what the mapping dialog shows."""

    headers: tuple[str, ...]
    mapping: ColumnMapping
    samples: dict[str, str]  # header -> its first value
    answers: dict[str, list[str]]  # header -> its distinct values (the first 200)
    categories: tuple[str, ...]  # the event's category names
    saved_name: str = ""  # the saved mapping proposed, if any
    judges: tuple[str, ...] = ()  # the event's judges' names (for a kind that names judges)


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
    mapping: ColumnMapping | None = None  # the file was checked through this mapping
    proposal: MappingProposal | None = None  # its columns are someone else's: map them first


def check_job(database: Database, *, path: Path, kind: str, event_id: int,
              encoding: str | None = None, mapping: ColumnMapping | None = None,
              ask_mapping: bool = True) -> Job:
    """Read the file's rows and rehearse the import (stores nothing): a ``CheckOutcome``.
    The same importers as ``awards import`` (services/transfer/importers.py); a CSV is read in
    ``encoding`` when the person chose one, and through ``mapping`` when given. A file whose
    headers are not the program's own is not checked yet: the outcome carries the mapping to
    propose (``ask_mapping``)."""

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
        if mapping is None and ask_mapping and columns and _needs_mapping(kind, columns):
            return CheckOutcome(path, kind, event_id, columns, rows, None, [], encoding,
                                proposal=_proposal(database, kind, event_id, columns, rows))
        try:
            # Kinds checked in two phases need no write lock; the others rehearse in a
            # savepoint of a write session.
            two_phase = importers.importer(kind).two_phase
            with database.read_session() if two_phase else database.session() as session:
                result = importers.check(session, kind, event_id=event_id, path=path,
                                         progress=progress, cancelled=cancelled,
                                         mapping=mapping)
        except ValidationError as exc:
            return CheckOutcome(path, kind, event_id, columns, rows, None, exc.errors, encoding,
                                mapping=mapping)
        return CheckOutcome(path, kind, event_id, columns, rows, result, [], encoding,
                            mapping=mapping)

    return job


def _no_heading(index: int) -> str:
    return f"(column {index + 1}, no heading)"  # as imports.preview_rows names one


def _needs_mapping(kind: str, columns: list[str]) -> bool:
    """Whether any heading is not one of the program's own columns for ``kind`` (a file in
    another kind's own columns is not mapped: its header problems say it is the wrong kind)."""
    if kind not in KINDS:
        return False
    keys = {tabular.header_key(h) for i, h in enumerate(columns) if h != _no_heading(i)}

    def own(other: str) -> set[str]:
        return {tabular.header_key(c) for c in KINDS[other].columns}

    return not keys <= own(kind) and not any(keys <= own(k) for k in KINDS if k != kind)


def _proposal(database: Database, kind: str, event_id: int, columns: list[str],
              rows: list[PreviewRow]) -> MappingProposal:
    headers = tuple(h for i, h in enumerate(columns) if h != _no_heading(i))
    places = {h: i for i, h in reversed(list(enumerate(columns)))}
    samples: dict[str, str] = {}
    answers: dict[str, dict[str, None]] = {h: {} for h in headers}
    for row in rows:
        for header in headers:
            cell = row.cells[places[header]]
            text = (cell.isoformat() if not isinstance(cell, str) else cell).strip()
            if text:
                samples.setdefault(header, text)
                if len(answers[header]) < 200:
                    answers[header].setdefault(text, None)
    distinct = {h: list(v) for h, v in answers.items()}
    with database.read_session() as session:
        saved = saved_mappings.mapping_for_headers(session, kind, headers)
        names = tuple(c.name for c in categories.list_categories(
            session, event_id, include_retired=False))
        judges = (tuple(dict.fromkeys(j.name for j in sponsors.list_judges(
            session, event_id, include_withdrawn=False)))
            if JUDGE in KINDS[kind].choices.values() else ())
    mapping = saved if saved is not None else propose(kind, headers)
    values = propose_values(mapping, distinct, categories=names, judges=judges)
    mapping = ColumnMapping(kind, {h: mapping.field_of(h)[1] for h in headers}, values,
                            name=mapping.name)
    return MappingProposal(headers, mapping, samples, distinct, names,
                           saved.name if saved is not None else "", judges)


def import_job(database: Database, outcome: CheckOutcome) -> Job:
    """Store the checked file's rows: read and checked again without the write lock, then one
    short write (cancelling stores nothing). An ``ImportResult``."""

    def job(progress: Progress, cancelled: IsCancelled) -> ImportResult:
        with tabular.reading_as(outcome.path, outcome.encoding), \
                database.read_session() as session:
            plan = importers.prepare(session, outcome.kind, event_id=outcome.event_id,
                                     path=outcome.path, progress=progress, cancelled=cancelled,
                                     mapping=outcome.mapping)
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

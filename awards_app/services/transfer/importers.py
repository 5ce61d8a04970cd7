"""The spreadsheet imports by kind, written once for the window and the command line: what
each is called, and the function that checks every row and then stores all rows or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from awards_app.core.errors import ValidationError
from awards_app.services.transfer import imports, score_import, sponsor_import
from awards_app.services.transfer.imports import ImportResult, IsCancelled, PreviewRow, Progress


class ImportKind(StrEnum):
    NOMINATIONS = "nominations"
    SPONSORS = "sponsors"
    SCORES = "scores"  # paper judging: one row per judge × nomination × criterion


@dataclass(frozen=True)
class Importer:
    kind: ImportKind
    label: str  # as menus and buttons name it
    run: Callable[..., ImportResult]  # (session, *, event_id, path, progress, cancelled, dry_run)


IMPORTERS: dict[ImportKind, Importer] = {
    ImportKind.NOMINATIONS: Importer(ImportKind.NOMINATIONS, "Nominations",
                                     imports.import_nominations),
    ImportKind.SPONSORS: Importer(ImportKind.SPONSORS, "Sponsors and judges",
                                  sponsor_import.import_sponsors),
    ImportKind.SCORES: Importer(ImportKind.SCORES, "Paper scores", score_import.import_scores),
}


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
) -> ImportResult:
    """Check every row of ``path`` and store them all (or, with ``dry_run``, say what would be
    stored and keep nothing); any problem raises ValidationError listing every bad row."""
    return importer(kind).run(session, event_id=event_id, path=path, progress=progress,
                              cancelled=cancelled, dry_run=dry_run)


def preview(path: Path, kind: str) -> tuple[list[str], list[PreviewRow]]:
    """The file's headings and rows exactly as written, to show before importing."""
    return imports.preview_rows(path, importer(kind).kind.value)

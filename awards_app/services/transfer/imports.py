"""What every spreadsheet import shares (nominations_import.py, sponsor_import.py,
score_import.py; importers.py names them by kind): the column lists, ImportResult, the file
preview shown before an import, and the small helpers for cells, cancelling and dry runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from awards_app.core.errors import Cancelled, FieldError, ValidationError
from awards_app.services.transfer import tabular
from awards_app.services.transfer.tabular import Cell

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

NOMINATION_COLUMNS = (
    "category",
    "nominee_first_name",
    "nominee_last_name",
    "nominee_preferred_name",
    "nominee_date_of_birth",
    "out_of_area",
    "nominator_name",
    "nominator_email",
    "nominator_team",
    "success",
    "obstacles",
    "nominee_voice",
    "nominee_aware",
    "consent_certificate_name",
    "consent_public",
    "consent_photo",
    # Optional extras beyond the published template.
    "do_not_publish",
    "age_override_reason",
    "status",
    "citation",
    # The row's own id in the file it comes from (a form's response ID): a growing file
    # imported again adds only the rows whose id is new.
    "source_id",
)
NOMINATION_REQUIRED = (
    "category",
    "nominee_first_name",
    "nominee_last_name",
    "nominee_date_of_birth",
    "nominator_name",
    "success",
    "obstacles",
)
SPONSOR_COLUMNS = (
    "sponsor",
    "category",
    "judge_name",
    "judge_email",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
)
SPONSOR_REQUIRED = ("sponsor",)
SCORE_COLUMNS = ("judge", "nomination_ref", "criterion", "score", "comment")
SCORE_REQUIRED = ("judge", "nomination_ref", "criterion", "score")
TEMPLATE_COLUMNS = {
    "nominations": NOMINATION_COLUMNS[:16],
    "sponsors": SPONSOR_COLUMNS[:6],
}


SINGULAR = {"nominations": "nomination", "new nominees": "new nominee",
            "new workers": "new worker", "new sponsors": "new sponsor",
            "sponsorships": "sponsorship", "new judges": "new judge", "scores": "score"}


@dataclass(frozen=True)
class ImportResult:
    rows: int  # the rows imported (or to import): the new ones
    created: int
    details: dict[str, int]
    #: rows of a growing file imported before (recognised by source id, or young person +
    #: category): skipped, not errors
    already: int = 0

    def details_text(self) -> str:
        """' (54 nominations, 1 new worker)': what the import creates, in words."""
        parts = [f"{v:,} {k if v != 1 else SINGULAR.get(k, k)}"
                 for k, v in self.details.items() if v]
        return f" ({', '.join(parts)})" if parts else ""

    def already_text(self) -> str:
        """'12 new, 40 already imported: ' before the rest, when rows were imported before."""
        return f"{self.rows:,} new, {self.already:,} already imported: " if self.already else ""

    def describe(self) -> str:
        if self.already and not self.rows:
            return (f"Nothing new: all {self.already:,} rows were already imported; "
                    "nothing was stored.")
        if self.already:
            return f"{self.already_text()}imported {self._rows()}{self.details_text()}."
        return f"Imported {self._rows()}{self.details_text()}."

    def describe_check(self) -> str:
        """What a dry run found: the file would import cleanly."""
        if self.already and not self.rows:
            return (f"Nothing new: all {self.already:,} rows were already imported; "
                    "nothing was stored.")
        if self.already:
            return (f"{self.already_text()}{self._rows()} ready to import"
                    f"{self.details_text()}; nothing was stored.")
        return f"All {self._rows()} are ready to import{self.details_text()}; nothing was stored."

    def _rows(self) -> str:
        return f"{self.rows:,} row" + ("" if self.rows == 1 else "s")


PREFERRED_SHEETS = {"nominations": ("Nominations",), "sponsors": ("Sponsors",),
                    "scores": ("Scores",)}
PREVIEW_CELL_CHARS = 300


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One data row of a file as it stands, numbered as the file (and its errors) number it."""

    row: int
    cells: tuple[Cell, ...]


def preview_rows(path: Path, kind: str) -> tuple[list[str], list[PreviewRow]]:
    """The file's headings and rows exactly as written, for showing before an import.

    Nothing is checked beyond being able to read the file, so a file with problems can still
    be shown beside them; blank rows are skipped as the import skips them, and long cells
    are shortened to ``PREVIEW_CELL_CHARS``.
    """
    if kind not in PREFERRED_SHEETS:
        raise ValidationError.single("kind", f"'{kind}' is not nominations, sponsors or scores")
    header: list[str] | None = None
    rows: list[PreviewRow] = []
    for number, cells in tabular.read_raw_rows(path, preferred_sheets=PREFERRED_SHEETS[kind]):
        if tabular.is_blank(cells):
            continue
        if header is None:
            header = [str(c).strip() for c in cells]
            continue
        rows.append(PreviewRow(number, tuple(_shorten(c) for c in cells)))
    if header is None:
        raise ValidationError([FieldError("file", "has no header row")], source=path.name)
    # A spreadsheet's formatted but unused columns on the right are left out.
    width = max([_last_filled(header), *(_last_filled(r.cells) for r in rows)])
    columns = [
        header[i] if i < len(header) and header[i] else f"(column {i + 1}, no heading)"
        for i in range(width)
    ]
    return columns, [PreviewRow(r.row, _fit(r.cells, width)) for r in rows]


def _fit(cells: tuple[Cell, ...], width: int) -> tuple[Cell, ...]:
    return cells[:width] + ("",) * (width - len(cells))


def _shorten(cell: Cell) -> Cell:
    if isinstance(cell, str) and len(cell) > PREVIEW_CELL_CHARS:
        return cell[: PREVIEW_CELL_CHARS - 1] + "…"
    return cell


def _last_filled(cells: Sequence[Cell]) -> int:
    return max((i + 1 for i, c in enumerate(cells) if not tabular.is_blank([c])), default=0)


def cell_text(row: Mapping[str, Cell], key: str) -> str:
    value = row.get(key, "")
    return value.isoformat() if isinstance(value, date) else value


def store_or_rehearse(session: Session, store: Callable[[], ImportResult], *, dry_run: bool
                      ) -> ImportResult:
    """Run ``store``; with ``dry_run`` inside a savepoint that is rolled back, so the checks
    made while storing are exactly those of a real import and nothing is kept."""
    if not dry_run:
        return store()
    savepoint = session.begin_nested()
    try:
        return store()
    finally:
        savepoint.rollback()


def check_cancel(cancelled: IsCancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled("The import was cancelled; nothing was stored.")


NomineeKey = tuple[str, str, date]
WorkerKey = tuple[str, str]  # ("email", address) or ("name", name key)

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
from awards_app.core.validation import Checker
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
#: good-news stories (goodnews_import.py): the young person by name (+ date of birth, which a
#: young person not yet recorded needs), the worker by email or name
GOOD_NEWS_COLUMNS = (
    "story_date",
    "nominee_first_name",
    "nominee_last_name",
    "nominee_date_of_birth",
    "nominee_preferred_name",
    "worker_name",
    "worker_email",
    "team",
    "story",
    "why_proud",
    "young_person_knows",
    "source_id",
)
GOOD_NEWS_REQUIRED = ("story_date", "nominee_first_name", "nominee_last_name", "story")
TEMPLATE_COLUMNS = {
    "nominations": NOMINATION_COLUMNS[:16],
    "sponsors": SPONSOR_COLUMNS[:6],
    "scores": SCORE_COLUMNS,
    "good_news": GOOD_NEWS_COLUMNS[:11],
}


SINGULAR = {"nominations": "nomination", "new nominees": "new nominee",
            "new workers": "new worker", "new sponsors": "new sponsor",
            "sponsorships": "sponsorship", "new judges": "new judge", "scores": "score",
            "good-news stories": "good-news story"}


@dataclass(frozen=True)
class ImportResult:
    rows: int  # the rows imported (or to import): the new ones
    created: int
    details: dict[str, int]
    #: rows of a growing file imported before (recognised by source id, or young person +
    #: category and nominator): skipped, not errors
    already: int = 0
    #: of those, the rows whose words differ from the stored nomination's: (row, ref). They
    #: are not updated (the nomination may have been edited, reviewed or judged since); the
    #: summary names them so that a person can look.
    changed: tuple[tuple[int, str], ...] = ()

    def details_text(self) -> str:
        """' (54 nominations, 1 new worker)': what the import creates, in words."""
        parts = [f"{v:,} {k if v != 1 else SINGULAR.get(k, k)}"
                 for k, v in self.details.items() if v]
        return f" ({', '.join(parts)})" if parts else ""

    def already_text(self) -> str:
        """'12 new, 40 already imported: ' before the rest, when rows were imported before."""
        return f"{self.rows:,} new, {self.already:,} already imported: " if self.already else ""

    def changed_text(self) -> str:
        """' Row 4 (N-0002) has changed since it was imported…': rows imported before whose
        words now differ, which are left as stored (empty when there are none)."""
        if not self.changed:
            return ""
        shown = self.changed[:CHANGED_SHOWN]
        more = (f" and {len(self.changed) - CHANGED_SHOWN:,} more"
                if len(self.changed) > CHANGED_SHOWN else "")
        rows = (", ".join if more else _and)([str(row) for row, _ref in shown])
        refs = ", ".join(ref for _row, ref in shown)
        if len(self.changed) == 1:
            ref = self.changed[0][1]
            return (f" Row {rows} ({ref}) has changed since it was imported; it was not "
                    f"updated — edit {ref} in the program if the change should be kept.")
        return (f" Rows {rows}{more} ({refs}) have changed since they were imported; they "
                "were not updated — edit those nominations in the program if the changes "
                "should be kept.")

    def describe(self) -> str:
        if self.already and not self.rows:
            return (f"Nothing new: all {self.already:,} rows were already imported; "
                    f"nothing was stored.{self.changed_text()}")
        if self.already:
            return (f"{self.already_text()}imported {self._rows()}{self.details_text()}."
                    f"{self.changed_text()}")
        return f"Imported {self._rows()}{self.details_text()}."

    def describe_check(self) -> str:
        """What a dry run found: the file would import cleanly."""
        if self.already and not self.rows:
            return (f"Nothing new: all {self.already:,} rows were already imported; "
                    f"nothing was stored.{self.changed_text()}")
        if self.already:
            return (f"{self.already_text()}{self._rows()} ready to import"
                    f"{self.details_text()}; nothing was stored.{self.changed_text()}")
        return f"All {self._rows()} are ready to import{self.details_text()}; nothing was stored."

    def _rows(self) -> str:
        return f"{self.rows:,} row" + ("" if self.rows == 1 else "s")


def _and(items: list[str]) -> str:
    """'4', '4 and 6', '4, 6 and 9'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


CHANGED_SHOWN = 10  # rows named in a summary; the rest are counted
PREFERRED_SHEETS = {"nominations": ("Nominations",), "sponsors": ("Sponsors",),
                    "scores": ("Scores",), "good_news": ("Good news",)}
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


class SourceIds:
    """A file's own row ids (a form's response ID, mapped as ``source_id``): the ones imported
    before, and the ones seen so far in this file."""

    def __init__(self, imported: set[str]) -> None:
        self.imported = imported
        self.seen: dict[str, int] = {}

    def check(self, c: Checker, row: Mapping[str, Cell], row_number: int) -> str | None:
        """The row's source id ("" when it has none), or None when a row with it was imported
        before (the caller counts it as already imported and skips it). An id the file
        repeats is a problem of the later row."""
        source_id = c.text("source_id", cell_text(row, "source_id"), max_length=200)
        if source_id in self.imported:
            return None
        if source_id and source_id in self.seen:
            c.add("source_id", f"'{source_id}' repeats row {self.seen[source_id]}'s id; "
                  "each row of the file needs its own")
        elif source_id:
            self.seen[source_id] = row_number
        return source_id

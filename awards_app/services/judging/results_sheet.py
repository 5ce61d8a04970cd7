"""The results sheet: every category's placed and ranked young people in plain words, with
each name exactly as their certificate prints it (the consent rule in core.certificates), for
a spreadsheet (CSV or XLSX) or a one-page PDF summary.

The parity figures (services/parity.py) go with it: a "Parity" sheet in the XLSX; for CSV,
which holds one table, a second file beside it (``parity_csv_path``: "results-parity.csv");
in the PDF, the in-and-out-of-the-city table at the foot of the page.

``results_sheet`` builds plain data from ``results.category_results``; the writers only lay
it out. No cell holds True/False: yes/no questions are answered in words.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core import certificates as rules
from awards_app.core.errors import ValidationError
from awards_app.core.scoring import UNRESOLVED, Placement, TieBreak
from awards_app.db.models import Certificate, Event, Nomination, Nominee
from awards_app.services import parity as parity_service
from awards_app.services.common import get, write_whole
from awards_app.services.judging.results import COMPLETE, FINAL, PROVISIONAL, category_results

SHEET_HEADER = ("Category", "Placement", "Rank", "Name as printed", "Score", "Results",
                "Tie")
SUFFIXES = (".csv", ".xlsx", ".pdf")
STATE_WORDS = {PROVISIONAL: "Provisional", COMPLETE: "Complete", FINAL: "Final"}
NOT_DECIDED = "To be decided"
_TIE_WORDS = {
    TieBreak.OBSTACLES.value: "Tied; broken by the higher Obstacles overcome score",
    TieBreak.MEDIAN.value: "Tied; broken by the higher median judge total",
    TieBreak.CASTING.value: "Tied; broken by the lead judge's casting decision",
    UNRESOLVED: "Tied; not broken yet (a casting decision is needed)",
}
# Text a spreadsheet would run as a formula when the file is opened (as transfer.tabular
# guards imports and exports; that package sits above this one, so the rule is restated).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetRow:
    category: str
    placement: str  # "Winner", "Runner-up", "Highly commended", "Nominee" or NOT_DECIDED
    rank: int | None  # None: nobody scored them yet
    name: str  # as the certificate prints it (see printed_names)
    score: float | None  # the judges' average total, to 2 decimals
    state: str  # "Provisional", "Complete" or "Final"
    tie: str  # "No", or how the tie was broken, in words


@dataclass(frozen=True)
class ResultsSheet:
    event_name: str
    year: int
    rows: tuple[SheetRow, ...]
    parity: parity_service.ParityReport | None = None

    @property
    def title(self) -> str:
        return f"{self.event_name} {self.year} — results"


def tie_words(tie: bool, tie_break: str | None) -> str:
    """"No", or how a tie was broken: "Tied; broken by the higher Obstacles overcome score"."""
    if not tie:
        return "No"
    return _TIE_WORDS.get(tie_break or UNRESOLVED, _TIE_WORDS[UNRESOLVED])


def placement_words(placement: str | None) -> str:
    return NOT_DECIDED if placement is None else Placement(placement).label


def printed_names(session: Session, event_id: int) -> dict[int, str]:
    """nomination id → the name its certificate prints: an issued certificate's own name
    (what is on the paper), otherwise what the consent rule would print now. Never a surname
    without consent: an issued name that holds one (printed before the rule caught a surname
    typed into a name) loses it, as a verification answer does."""
    query = (select(Nomination.id, Nominee.preferred_name, Nominee.last_name,
                    Nominee.consent_certificate_name, Nomination.certificate_name_override,
                    Nominee.first_name)
             .join(Nominee, Nominee.id == Nomination.nominee_id)
             .where(Nomination.event_id == event_id))
    issued = dict(session.execute(
        select(Certificate.nomination_id, Certificate.recipient_name)
        .where(Certificate.event_id == event_id, Certificate.revoked_at.is_(None))).all())
    names = {}
    for nid, preferred, last, consent, override, first in session.execute(query):
        printed = issued.get(nid)
        name = ("" if printed is None else
                rules.verified_name(printed, last, consent, do_not_publish=False))
        names[nid] = name or rules.certificate_name(preferred, last, consent, override,
                                                    first=first)
    return names


def results_sheet(session: Session, event_id: int) -> ResultsSheet:
    """One row per placed or ranked nomination per category, in the Results page's order."""
    event = get(session, Event, event_id, "event")
    names = printed_names(session, event_id)
    rows = []
    for result in category_results(session, event_id):
        state = STATE_WORDS.get(result.status, result.status.capitalize())
        for row in result.ranking:
            if row.rank is None and row.placement is None:
                continue
            rows.append(SheetRow(
                category=result.category, placement=placement_words(row.placement),
                rank=row.rank, name=names.get(row.nomination_id, ""),
                score=None if row.score is None else round(row.score, 2), state=state,
                tie=tie_words(row.tie, row.tie_break)))
    return ResultsSheet(event.name, event.year, tuple(rows),
                        parity_service.parity(session, event_id))


def sheet_cells(sheet: ResultsSheet) -> list[list[str | int | float]]:
    """The sheet's rows as spreadsheet cells, in SHEET_HEADER's order ("" for no value)."""
    return [[r.category, r.placement, "" if r.rank is None else r.rank, r.name,
             "" if r.score is None else r.score, r.state, r.tie] for r in sheet.rows]


def _safe(value: str | int | float) -> str | int | float:
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _write_csv(target: Path, sheet: ResultsSheet) -> None:
    # UTF-8 with BOM so that Excel reads the accents; CRLF as spreadsheets expect
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(SHEET_HEADER)
        writer.writerows([f"{v:.2f}" if isinstance(v, float) else _safe(v) for v in row]
                         for row in sheet_cells(sheet))


def parity_csv_path(path: Path) -> Path:
    """Where a CSV results sheet's parity figures go: "results.csv" → "results-parity.csv"."""
    return path.with_name(f"{path.stem}-parity.csv")


def written_files(path: Path) -> tuple[Path, ...]:
    """The files ``write_results_sheet(path, …)`` writes: a CSV's parity figures too."""
    return (path, parity_csv_path(path)) if path.suffix.lower() == ".csv" else (path,)


ParityLine = tuple[list[str | int | float], bool]  # cells, and whether they are headings


def parity_lines(report: parity_service.ParityReport) -> list[ParityLine]:
    """The parity figures as spreadsheet rows: a title, the good-news window, each table
    (rates as fractions, "" where held back), the differences worth a look and how it is
    counted."""
    lines: list[ParityLine] = [
        ([f"{report.event_name} {report.year} — parity for young people living out of the "
          "city"], True),
        ([f"Good-news stories: those dated in {report.window_words}."], False), ([], False)]
    for table in (report.area, report.teams):
        lines.append(([*parity_service.table_header(table)], True))
        lines += [(row, False) for row in parity_service.table_cells(table)]
        lines.append(([], False))
    lines.append((["Worth a look"], True))
    lines += [([sentence], False) for sentence in report.sentences or (
        parity_service.NO_FINDINGS[0].upper() + parity_service.NO_FINDINGS[1:],)]
    lines += [([], False), (["How this is counted"], True)]
    lines += [([note], False) for note in report.notes]
    return lines


def _write_parity_csv(target: Path, sheet: ResultsSheet) -> None:
    assert sheet.parity is not None
    with target.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerows([parity_service.percent(v) if isinstance(v, float) else _safe(v)
                          for v in cells] for cells, _heading in parity_lines(sheet.parity))


def _add_parity_sheet(book: Any, report: parity_service.ParityReport) -> None:
    from openpyxl.styles import Font  # loaded with the workbook (start-up time)

    page = book.create_sheet("Parity")
    for cells, heading in parity_lines(report):
        page.append([_safe(v) for v in cells] if cells else [None])
        for cell in page[page.max_row]:
            if heading:
                cell.font = Font(bold=True)
            if isinstance(cell.value, float):
                cell.number_format = "0%"
    page.column_dimensions["A"].width = 24
    page.column_dimensions["B"].width = 26
    for column in range(3, 3 + len(parity_service.table_header(report.area))):
        page.column_dimensions[page.cell(1, column).column_letter].width = 14


def _write_xlsx(target: Path, sheet: ResultsSheet) -> None:
    # openpyxl loads only when a workbook is written (start-up time)
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    page = book.active
    assert page is not None
    page.title = "Results"
    page.append(list(SHEET_HEADER))
    for cell in page[1]:
        cell.font = Font(bold=True)
    for row in sheet_cells(sheet):
        page.append([_safe(v) for v in row])
        page.cell(page.max_row, 5).number_format = "0.00"
    page.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (24, 18, 7, 28, 8, 12, 52), strict=True):
        page.column_dimensions[letter].width = width
    if sheet.parity is not None:
        _add_parity_sheet(book, sheet.parity)
    book.save(target)


def _write_pdf(target: Path, sheet: ResultsSheet) -> None:
    target.write_bytes(summary_pdf(sheet))


def summary_pdf(sheet: ResultsSheet) -> bytes:
    """The one-page PDF results summary: each category's placed young people by name."""
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.results_summary import SummaryCategory, SummaryTable, results_summary_pdf

    categories: dict[str, list[tuple[str, str]]] = {}
    states: dict[str, str] = {}
    for row in sheet.rows:
        states.setdefault(row.category, row.state)
        entries = categories.setdefault(row.category, [])
        if row.placement in _PLACED:
            entries.append((row.placement, row.name))
    table = None
    if sheet.parity is not None:
        report = sheet.parity
        out = [f for f in report.findings if f.group == parity_service.OUT_OF_AREA]
        table = SummaryTable(
            "Young people in and out of the city (parity)",
            ("Living", "Good news", "Nominations", "Accepted", "Shortlisted", "Placed",
             "Certificates"),
            tuple((row.name, *map(parity_service.count_text, row.figures))
                  for row in report.area.rows),
            (out[0].sentence() if out else
             "Out of area: " + parity_service.NO_FINDINGS,
             "Counts, with each group's share of the stage in brackets; good news dated in "
             + report.window_words + f"; counted per nomination from Nominations on. Counts "
             f"below {parity_service.SMALL} have no percentage, so that no young person can "
             "be singled out. By team: the results sheet (XLSX or CSV) or 'awards parity'."))
    return results_summary_pdf(sheet.title, [
        SummaryCategory(name, states[name], tuple(entries))
        for name, entries in categories.items()], table=table)


_PLACED = frozenset(p.label for p in (Placement.WINNER, Placement.RUNNER_UP,
                                      Placement.HIGHLY_COMMENDED))
_WRITERS: dict[str, Callable[[Path, ResultsSheet], None]] = {
    ".csv": _write_csv, ".xlsx": _write_xlsx, ".pdf": _write_pdf}


def write_results_sheet(path: Path, sheet: ResultsSheet) -> Path:
    """Write the sheet as CSV or XLSX, or the PDF summary, chosen by ``path``'s suffix; a
    CSV's parity figures go beside it (``parity_csv_path``). Each file appears only when
    complete (written beside it, then renamed)."""
    suffix = path.suffix.lower()
    if suffix not in _WRITERS:
        raise ValidationError.single(
            "file", f"choose a file name ending in {', '.join(SUFFIXES)} for the results")
    _write_whole(path, sheet, _WRITERS[suffix])
    if suffix == ".csv" and sheet.parity is not None:
        _write_whole(parity_csv_path(path), sheet, _write_parity_csv)
    return path


def _write_whole(path: Path, sheet: ResultsSheet,
                 writer: Callable[[Path, ResultsSheet], None]) -> None:
    write_whole(path, lambda target: writer(target, sheet))


def sheet_summary(rows: Sequence[SheetRow]) -> str:
    """"14 rows in 4 categories" for a status line."""
    count = len({r.category for r in rows})
    return (f"{len(rows)} row{'s' * (len(rows) != 1)} in {count} "
            f"categor{'ies' if count != 1 else 'y'}")

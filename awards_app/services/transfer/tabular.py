"""Reading and writing simple tables (CSV or XLSX), chosen by content rather than name.

Readers return cells as text (dates from XLSX stay dates) keyed by canonical column names,
and report every file-level problem as a ``ValidationError`` naming the file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from awards_app.core.errors import FieldError, ValidationError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CELL_CHARS = 100_000
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text a spreadsheet would run as a formula when the file is opened (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Cell = str | date


@dataclass
class Table:
    source: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)


def header_key(text: str) -> str:
    """Headers match whatever their case and spacing: 'Nominee First Name' = nominee_first_name."""
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _file_error(source: str, message: str) -> ValidationError:
    return ValidationError([FieldError("file", message)], source=source)


def sniff_format(data: bytes) -> str:
    """'xlsx', 'csv', or raise ValueError naming what the bytes look like instead."""
    if data.startswith(_XLSX_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        raise ValueError("is an old-style Excel (.xls) file; save it as .xlsx or CSV UTF-8")
    if data.startswith(b"%PDF"):
        raise ValueError("is a PDF, not a spreadsheet; save the data as .xlsx or CSV")
    if b"\x00" in data[:65536]:
        raise ValueError("is not a CSV or XLSX file (it contains binary data)")
    return "csv"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError("is not readable text; save it as CSV UTF-8") from None
    if _CONTROL.search(text):
        raise ValueError("is not a CSV or XLSX file (it contains binary data)")
    return text


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    previous_limit = csv.field_size_limit()
    # Read even an absurd cell (the file is capped at 50 MB) so that the row check can name
    # its column; the cell length limit is applied there.
    csv.field_size_limit(MAX_FILE_BYTES + 1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        record = 0
        while True:
            record += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ValidationError(
                    [FieldError("file", f"cannot be read as CSV ({exc})", record)], source=source
                ) from None
            yield record, row
    finally:
        csv.field_size_limit(previous_limit)


def _xlsx_cell(cell: Any) -> str | date:
    value = cell.value
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f":
        return "=" + str(value).lstrip("=")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(
    data: bytes, source: str, preferred_sheets: Sequence[str]
) -> Iterator[tuple[int, list[Cell]]]:
    # openpyxl loads only for .xlsx files (start-up time)
    import openpyxl  # openpyxl parses through defusedxml when it is installed

    try:
        # A file object, not the path: openpyxl would refuse a workbook named .csv.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise _file_error(source, f"is not a readable XLSX workbook ({exc})") from None
    except Exception as exc:  # openpyxl raises assorted errors for damaged parts
        raise _file_error(source, f"is not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        wanted = {header_key(s) for s in preferred_sheets}
        sheet = next((ws for ws in book.worksheets if header_key(ws.title) in wanted), None)
        sheet = sheet or book.active or book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            yield number, [_xlsx_cell(c) for c in row]
    finally:
        book.close()


def read_raw_rows(path: Path, *, preferred_sheets: Sequence[str] = ()) -> Iterator[tuple[int, list[Cell]]]:
    """The file's rows as written, numbered as a spreadsheet numbers them, after the checks
    every file gets (exists, readable, not too big, not empty, CSV or XLSX by content)."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _file_error(source, f"is {size // (1024 * 1024)} MB; the most allowed is 50 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(source, f"does not exist ({path})") from None
    except IsADirectoryError:
        raise _file_error(source, "is a folder, not a file") from None
    except PermissionError:
        raise _file_error(source, "cannot be read (permission denied)") from None
    if not data.strip():
        raise _file_error(source, "is empty")
    try:
        if sniff_format(data) == "xlsx":
            return _xlsx_rows(data, source, preferred_sheets)
        return ((n, list(r)) for n, r in _csv_rows(_decode(data), source))
    except ValueError as exc:
        raise _file_error(source, str(exc)) from None


def read_table(
    path: Path,
    *,
    columns: Sequence[str],
    required: Iterable[str],
    preferred_sheets: Sequence[str] = (),
) -> Table:
    """Read ``path`` into a Table of known ``columns``; every file problem is reported."""
    raw = read_raw_rows(path, preferred_sheets=preferred_sheets)
    return _to_table(path.name, raw, columns, set(required))


def is_blank(cells: Sequence[Cell]) -> bool:
    try:
        return not "".join(cells).strip()  # type: ignore[arg-type]
    except TypeError:  # a date cell: not blank
        return False


def _to_table(
    source: str, raw: Iterator[tuple[int, list[Cell]]], columns: Sequence[str], required: set[str]
) -> Table:
    by_key = {header_key(c): c for c in columns}
    header: list[str | None] | None = None
    width = 0
    table = Table(source=source, columns=[])
    errors: list[FieldError] = []
    for number, cells in raw:
        if header is None:
            if is_blank(cells):
                continue  # blank lines above the header
            header = []
            seen: set[str] = set()
            for cell in cells:
                text = str(cell).strip()
                if not text:
                    header.append(None)
                    continue
                canonical = by_key.get(header_key(text))
                if canonical is None:
                    errors.append(FieldError("header", f"unknown column '{text}'", number))
                elif canonical in seen:
                    errors.append(FieldError("header", f"column '{text}' appears twice", number))
                else:
                    seen.add(canonical)
                header.append(canonical)
            missing = [c for c in columns if c in required and c not in seen]
            if missing:
                errors.append(
                    FieldError("header", "missing column(s): " + ", ".join(missing), number)
                )
            if errors:
                errors.append(
                    FieldError("header", "expected columns are: " + ", ".join(columns), number)
                )
                raise ValidationError(errors, source=source)
            table.columns = [c for c in header if c]
            width = len(header)
            continue
        if is_blank(cells):
            continue  # blank rows between or after the data
        row: dict[str, Cell] = dict.fromkeys(table.columns, "")
        for index, cell in enumerate(cells):
            name = header[index] if index < width else None
            if name is None:
                if not is_blank([cell]):
                    errors.append(FieldError(f"column {index + 1}", "has a value but no heading",
                                             number))
                continue
            if isinstance(cell, str) and (len(cell) > MAX_CELL_CHARS or cell[:1] == "="):
                problem = (f"is longer than {MAX_CELL_CHARS:,} characters"
                           if len(cell) > MAX_CELL_CHARS
                           else "contains a formula; type the value instead")
                errors.append(FieldError(name, problem, number))
                cell = ""
            row[name] = cell
        table.rows.append((number, row))
    if header is None:
        raise _file_error(source, "has no header row")
    if errors:
        raise ValidationError(errors, source=source)
    if not table.rows:
        raise _file_error(source, "has a header but no rows to import")
    return table


def neutralise(value: object) -> object:
    """Make a cell safe to open in a spreadsheet: text that would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """UTF-8 with BOM (so Excel detects it), CRLF, every cell neutralised."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else neutralise(v) for v in row])

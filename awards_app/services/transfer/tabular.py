"""Reading and writing simple tables (CSV or XLSX), chosen by content rather than name.

Readers return cells as text (dates from XLSX stay dates) keyed by canonical column names,
and report every file-level problem as a ``ValidationError`` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import xml.parsers.expat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from awards_app.core.errors import FieldError, ValidationError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CELL_CHARS = 100_000
# Every file is read within these bounds, checked before its rows are held in memory, so an
# absurd or hostile file is refused in seconds instead of filling the computer's memory.
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_CELLS = 5_000_000  # rows × columns up to each row's last cell
MAX_ROW_CHARS = 12_000_000  # one CSV row, all its cells together (a 10 MB cell is named)
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # an .xlsx is a zip: its parts unpacked
MAX_PACKING_RATIO = 100  # unpacked ÷ packed, for parts over PACKED_PART_CHECKED
PACKED_PART_CHECKED = 4 * 1024 * 1024
MAX_ZIP_PARTS = 1_000
MAX_PROBLEMS_KEPT = 10_000  # problems beyond these are counted, not kept
_CHUNK = 1024 * 1024
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_END = re.compile(r"\r\n|\r|\n")
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


class _TooBig(Exception):
    """A limit was passed while reading; the message says which, in plain words."""


def _too_many_rows() -> _TooBig:
    return _TooBig(f"has more than {MAX_ROWS:,} rows, the most one file may hold. If the rows "
                   "below your data are empty, delete them (or copy the data to a new sheet) "
                   "and save the file again")


def _too_many_columns(row: int) -> _TooBig:
    return _TooBig(f"row {row:,} has more than {MAX_COLUMNS:,} columns, the most a row may "
                   "have. Delete the columns to the right of your data and save the file again")


def _too_many_cells() -> _TooBig:
    return _TooBig(f"holds more than {MAX_CELLS:,} cells, the most one file may hold. Delete "
                   "the empty rows and columns around your data, or split the file")


def sniff_format(data: bytes) -> str:
    """'xlsx', 'csv', or raise ValueError naming what the bytes look like instead."""
    if data.startswith(_XLSX_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        raise ValueError("is an old-style Excel (.xls) file; save it as .xlsx or CSV UTF-8")
    if data.startswith(b"%PDF"):
        raise ValueError("is a PDF, not a spreadsheet; save the data as .xlsx or CSV")
    if _bom_encoding(data) is not None:
        return "csv"  # UTF-16 text has NULs between its letters
    if b"\x00" in data[:65536]:
        raise ValueError("is not a CSV or XLSX file (it contains binary data)")
    return "csv"


# --- text encodings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EncodingChoice:
    """One way the bytes of a file could be read as text, with a few lines read that way."""

    encoding: str  # a Python codec name
    label: str
    preview: tuple[str, ...]


class EncodingUnclearError(ValidationError):
    """A CSV file that is not UTF-8 and whose encoding cannot be told with confidence; the
    likely ones are in ``choices`` (best first) so that a person can choose."""

    def __init__(self, source: str, choices: Sequence[EncodingChoice]) -> None:
        self.choices = tuple(choices)
        likely = " or ".join(c.label for c in self.choices[:2])
        could_be = f" (it could be {likely})" if likely else ""
        super().__init__([FieldError(
            "file",
            "is not saved as UTF-8, and which letters its bytes stand for cannot be told for "
            f"sure{could_be}, so nothing was read from it. Save it as UTF-8 and import that "
            "file: in Excel choose File ▸ Save As ▸ 'CSV UTF-8 (Comma delimited)'")],
            source=source)


ENCODING_LABELS = {
    "cp1252": "Western European (Windows-1252)",
    "iso8859-2": "Central European (ISO-8859-2)",
    "cp1250": "Central European (Windows-1250)",
    "mac-roman": "Western European (Mac Roman)",
    "koi8-r": "Cyrillic (KOI8-R)",
    "cp1251": "Cyrillic (Windows-1251)",
    "iso8859-15": "Western European (ISO-8859-15)",
    "mac-latin2": "Central European (Mac)",
    "cp437": "DOS (code page 437)",
    "cp850": "DOS Western European (code page 850)",
    "iso8859-1": "Western European (ISO-8859-1)",
    "iso8859-3": "South European (ISO-8859-3)",
    "iso8859-4": "Baltic (ISO-8859-4)",
    "iso8859-5": "Cyrillic (ISO-8859-5)",
    "iso8859-7": "Greek (ISO-8859-7)",
    "iso8859-9": "Turkish (ISO-8859-9)",
    "iso8859-10": "Nordic (ISO-8859-10)",
    "iso8859-13": "Baltic (ISO-8859-13)",
    "iso8859-16": "South-Eastern European (ISO-8859-16)",
    "cp1253": "Greek (Windows-1253)",
    "cp1254": "Turkish (Windows-1254)",
    "cp1255": "Hebrew (Windows-1255)",
    "cp1256": "Arabic (Windows-1256)",
    "cp1257": "Baltic (Windows-1257)",
    "mac-cyrillic": "Cyrillic (Mac)",
    "utf-8": "UTF-8",
}
# Asked about whenever a file is not UTF-8, whatever the detector ranks first.
_USUAL_SUSPECTS = ("cp1252", "iso8859-2", "cp1250", "mac-roman", "koi8-r", "cp1251")
_MAX_CHOICES = 5
_PREVIEW_LINES = 4
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Symbols that never touch a letter in real text, but that letters of another encoding
# turn into ("Wiśniewska" in ISO-8859-2 read as Windows-1252 is "Wi¶niewska").
_NOT_BY_LETTERS = set("ƒ¶¤¦¨´¸¯ª¹²³¼½¾×÷¬ˆ˜‰‹›†‡¢¥§©®°±µº¿¡«»")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_chosen: ContextVar[tuple[tuple[Path, str], ...]] = ContextVar("chosen_encodings", default=())


def encoding_label(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return ENCODING_LABELS.get(name, name.upper())


@contextmanager
def reading_as(path: Path, encoding: str | None) -> Iterator[None]:
    """Within this block (on this thread), a CSV ``path`` is read in ``encoding``: the choice a
    person made for a file whose encoding could not be told (None: tell it as usual)."""
    if encoding is None:
        yield
        return
    codecs.lookup(encoding)  # an unknown name fails here, not half-way through a file
    token = _chosen.set((*_chosen.get(), (path.resolve(), encoding)))
    try:
        yield
    finally:
        _chosen.reset(token)


def _bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _CHUNK):
            decoder.decode(view[start:start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def oddities(text: str, limit: int = 1_000_000) -> int:
    """How many characters of ``text`` look like letters read in the wrong encoding: a symbol
    inside a word ("Wi¶niewska"), a currency sign before letters ("£ucja"), a capital after a
    small letter ("ChloŽ"), letters of two alphabets in one word. Counting stops at ``limit``."""
    found = 0
    for match in _NON_ASCII.finditer(text):
        i = match.start()
        char = match.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        kind = unicodedata.category(char)
        if kind[0] == "C" and not (char == "\ufeff" and i == 0):
            odd = True
        elif char in _NOT_BY_LETTERS:
            odd = before.isalpha() or after.isalpha()
        elif kind == "Mn":  # an accent of its own, on no letter
            odd = not before.isalpha()
        elif kind[0] == "L":
            odd = before.isalpha() and (
                (char.isupper() and before.islower()) or _script(before) != _script(char))
        elif kind == "Sc":
            odd = before.isalpha() or after.isalpha()
        elif char in "‘“":
            odd = before.isalpha()
        else:
            odd = before.isalpha() and after.isalpha() and char not in "’·‐–"
        found += odd
        if found >= limit:
            break
    return found


def _script(letter: str) -> str:
    return unicodedata.name(letter, "?").split(" ", 1)[0]


def _telling_lines(data: bytes, most: int = 60) -> list[bytes]:
    """The first lines that hold bytes beyond ASCII: the ones that show an encoding."""
    found: list[bytes] = []
    for line in data.splitlines():
        if any(b > 0x7F for b in line):
            found.append(line)
            if len(found) >= most:
                break
    return found


def encoding_choices(data: bytes) -> list[EncodingChoice]:
    """The likely encodings of ``data`` (not UTF-8), best first, each with a few of its
    telling lines decoded. charset-normalizer ranks them; readings whose words look broken
    (``oddities``) go last; encodings that read the same are offered once."""
    # charset-normalizer loads only for a file that is not UTF-8 (start-up time)
    import charset_normalizer

    lines = _telling_lines(data)
    sample = b"\n".join(lines)
    detected = [m.encoding for m in charset_normalizer.from_bytes(sample)] if sample else []
    # reading -> (oddities, not one of the usual suspects, the detector's rank, encoding)
    readings: dict[str, tuple[int, bool, int, str]] = {}
    for encoding in (*_USUAL_SUSPECTS, *detected):
        try:
            text = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        rank = detected.index(encoding) if encoding in detected else len(detected)
        key = (oddities(text, 50), encoding not in _USUAL_SUSPECTS, rank, encoding)
        if text in readings:  # the same reading: the better rank, and the better known name
            key = min(key, readings[text])[:3] + (readings[text][3],)
        readings[text] = key
    best = sorted(readings.values())[:_MAX_CHOICES]
    return [EncodingChoice(encoding, encoding_label(encoding),
                           tuple(line.decode(encoding) for line in lines[:_PREVIEW_LINES]))
            for *_order, encoding in best]


def choose_encoding(data: bytes, source: str, path: Path | None = None) -> str:
    """The encoding to read ``data`` in: a person's choice for this file, else UTF-8/16/32 with
    a byte-order mark, UTF-8, or Windows-1252 when it is clearly that (Excel's plain "CSV" on
    a UK computer: "£", "é", "’" where they belong); else refuse with the likely encodings."""
    if path is not None:
        wanted = path.resolve()
        for chosen_path, encoding in reversed(_chosen.get()):
            if chosen_path == wanted:
                return encoding
    bom = _bom_encoding(data)
    if bom is not None:
        return bom
    if _is_utf8(data):
        return "utf-8"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None  # bytes Windows-1252 leaves undefined: another encoding
    if text is not None:
        if _CONTROL.search(text):
            raise ValueError("is not a CSV or XLSX file (it contains binary data)")
        if not oddities(text, 1):
            return "cp1252"
        del text
    raise EncodingUnclearError(source, encoding_choices(data))


# --- CSV ----------------------------------------------------------------------------------


class _Lines:
    """The lines of encoded ``data``, decoded a chunk at a time (never the whole text at once),
    each with its line ending; ``row_chars`` counts the characters of the row being read."""

    def __init__(self, data: bytes, encoding: str) -> None:
        self._data = memoryview(data)
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._iterator = self._lines()
        self.row_chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._iterator)
        self.row_chars += len(line)
        if self.row_chars > MAX_ROW_CHARS:
            raise _TooBig(f"is longer than {MAX_ROW_CHARS:,} characters; a row that long "
                          "is not nomination data (is a quoted cell left open?)")
        return line

    def _lines(self) -> Iterator[str]:
        carry = ""
        data = self._data
        for start in range(0, len(data), _CHUNK):
            final = start + _CHUNK >= len(data)
            carry += self._decoder.decode(data[start:start + _CHUNK], final=final)
            end = 0
            for match in _LINE_END.finditer(carry):
                if match.end() == len(carry) and match.group() == "\r" and not final:
                    break  # its "\n" may begin the next chunk
                yield carry[end:match.end()]
                end = match.end()
            carry = carry[end:]
            if len(carry) > MAX_ROW_CHARS:
                raise _TooBig(f"is longer than {MAX_ROW_CHARS:,} characters; a row that "
                              "long is not nomination data (is a quoted cell left open?)")
        if carry:
            yield carry


def _csv_rows(data: bytes, encoding: str, source: str) -> Iterator[tuple[int, list[str]]]:
    lines = _Lines(data, encoding)
    try:
        first_line = next(lines, "")
    except UnicodeDecodeError:
        raise _file_error(source, f"is not readable as {encoding_label(encoding)} text; save "
                          "it as CSV UTF-8") from None
    except _TooBig as exc:
        raise _file_error(source, str(exc)) from None
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line.strip() else ","
    previous_limit = csv.field_size_limit()
    # Read even an absurd cell (a row is capped) so that the row check can name its column;
    # the cell length limit is applied there.
    csv.field_size_limit(MAX_ROW_CHARS + 1)
    try:
        reader = csv.reader(itertools.chain((first_line,), lines), delimiter=delimiter,
                            strict=False)
        record = cells = 0
        while True:
            record += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise ValidationError([FieldError(
                    "file", "cannot be read as CSV (a quoted cell is not closed, or a row is "
                    "broken)", record)], source=source) from None
            except UnicodeDecodeError:
                raise _file_error(source, f"is not readable as {encoding_label(encoding)} "
                                  "text; save it as CSV UTF-8") from None
            except _TooBig as exc:
                raise ValidationError([FieldError("file", str(exc), record)],
                                      source=source) from None
            lines.row_chars = 0
            cells += len(row)
            try:
                if record > MAX_ROWS:
                    raise _too_many_rows()
                if len(row) > MAX_COLUMNS:
                    raise _too_many_columns(record)
                if cells > MAX_CELLS:
                    raise _too_many_cells()
            except _TooBig as exc:
                raise _file_error(source, str(exc)) from None
            yield record, row
    finally:
        csv.field_size_limit(previous_limit)


# --- XLSX ---------------------------------------------------------------------------------


def _check_zip(data: bytes, source: str) -> list[str]:
    """Refuse an .xlsx whose parts would unpack too big, before any part is unpacked. The sizes
    checked are the ones the zip declares; Python's zipfile never unpacks more than that."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    parts = int.from_bytes(data[end + 10:end + 12], "little") if end >= 0 else 0
    if parts >= 0xFFFF or parts > MAX_ZIP_PARTS:
        raise _file_error(source, f"holds more than {MAX_ZIP_PARTS:,} parts; a workbook has a "
                          "few dozen, so this is not a spreadsheet the program can read")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _file_error(source, "is not a readable XLSX workbook (it is damaged)") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_XLSX_UNPACKED:
        raise _file_error(source, f"unpacks to {unpacked / 1024 ** 2:,.0f} MB; the most the "
                          f"program reads is {MAX_XLSX_UNPACKED // 1024 ** 2} MB. Delete the empty "
                          "rows and columns around your data, or save it as CSV UTF-8")
    for info in infos:
        if (info.file_size > PACKED_PART_CHECKED
                and info.file_size > MAX_PACKING_RATIO * max(info.compress_size, 1)):
            raise _file_error(source, f"is packed far more tightly than a spreadsheet is "
                              f"({info.file_size / 1024 ** 2:,.0f} MB of it in "
                              f"{max(info.compress_size, 1) / 1024:,.0f} KB), as a damaged or "
                              "hostile file is. Copy the data into a new workbook, or save it as "
                              "CSV UTF-8")
    return [info.filename for info in infos]


_SHEET_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                     "http://purl.oclc.org/ooxml/spreadsheetml/main", "")


class _SheetScan:
    """Counts a worksheet's rows and cells as it streams past, without keeping any of it, and
    stops at the first limit passed (openpyxl would hold a whole row before checking)."""

    def __init__(self) -> None:
        self.row = self.column = self.row_cells = self.cells = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace not in _SHEET_NAMESPACES:
            return  # a drawing's <xdr:row> is not a row
        if local == "row":
            self._end_row()
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            if self.row > MAX_ROWS:
                raise _too_many_rows()
        elif local == "c":
            self.row_cells += 1
            reference = attributes.get("r", "")
            letters = reference.rstrip("0123456789")
            self.column = _column_number(letters) if letters else self.column + 1
            if self.column > MAX_COLUMNS or self.row_cells > MAX_COLUMNS:
                raise _too_many_columns(self.row)

    def _end_row(self) -> None:
        self.cells += self.column
        self.column = self.row_cells = 0
        if self.cells > MAX_CELLS:
            raise _too_many_cells()


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper()[:8]:
        number = number * 26 + (ord(letter) - 64)
    return number


def _no_declarations(*_args: object) -> None:
    raise ValueError("declares entities")


def _scan_part(archive: zipfile.ZipFile, name: str) -> None:
    scan = _SheetScan()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = _no_declarations
    parser.EntityDeclHandler = _no_declarations
    with archive.open(name) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    scan._end_row()


def _scan_sheets(data: bytes, names: Sequence[str], source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in names:
                _scan_part(archive, name)
    except _TooBig as exc:
        raise _file_error(source, str(exc)) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, xml.parsers.expat.ExpatError):
        raise _file_error(source, "is not a readable XLSX workbook (it is damaged)") from None


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

    # Every part is scanned before openpyxl opens any: it reads the chosen sheet whole when the
    # sheet does not state its size.
    _scan_sheets(data, [n for n in _check_zip(data, source) if n.endswith(".xml")], source)
    try:
        # A file object, not the path: openpyxl would refuse a workbook named .csv.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _file_error(source, "is not a readable XLSX workbook (it is damaged or not a "
                          "workbook)") from None
    except Exception:  # openpyxl raises assorted errors for damaged parts
        raise _file_error(source, "is not a readable XLSX workbook (a part of it is "
                          "damaged)") from None
    try:
        wanted = {header_key(s) for s in preferred_sheets}
        sheet = next((ws for ws in book.worksheets if header_key(ws.title) in wanted), None)
        sheet = sheet or book.active or book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # a false size would pad every row to it
        for number, row in enumerate(sheet.iter_rows(), start=1):
            yield number, [_xlsx_cell(c) for c in row]
    finally:
        book.close()


def read_raw_rows(path: Path, *, preferred_sheets: Sequence[str] = ()) -> Iterator[tuple[int, list[Cell]]]:
    """The file's rows as written, numbered as a spreadsheet numbers them, after the checks
    every file gets (exists, readable, not too big, not empty, CSV or XLSX by content, an
    encoding told with confidence or chosen with ``reading_as``); the rows, columns and
    cells are bounded (``MAX_ROWS`` …) while they are read."""
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
        encoding = choose_encoding(data, source, path)
        return ((n, list(r)) for n, r in _csv_rows(data, encoding, source))
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


def table_from_rows(source: str, raw: Iterator[tuple[int, list[Cell]]], *,
                    columns: Sequence[str], required: Iterable[str]) -> Table:
    """Rows already read (a header of known ``columns`` first), checked as :func:`read_table`
    checks a file's (mapped_reading.py reads someone else's columns into these)."""
    return _to_table(source, raw, columns, set(required))


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
    unlisted = 0  # problems found beyond MAX_PROBLEMS_KEPT
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
                    unlisted += _keep(errors, FieldError(f"column {index + 1}",
                                                         "has a value but no heading", number))
                continue
            if isinstance(cell, str) and (len(cell) > MAX_CELL_CHARS or cell[:1] == "="):
                problem = (f"is longer than {MAX_CELL_CHARS:,} characters"
                           if len(cell) > MAX_CELL_CHARS
                           else "contains a formula; type the value instead")
                unlisted += _keep(errors, FieldError(name, problem, number))
                cell = ""
            row[name] = cell
        table.rows.append((number, row))
    if header is None:
        raise _file_error(source, "has no header row")
    if errors:
        raise ValidationError(errors, source=source, unlisted=unlisted)
    if not table.rows:
        raise _file_error(source, "has a header but no rows to import")
    return table


def _keep(errors: list[FieldError], problem: FieldError) -> int:
    """Keep ``problem`` while fewer than MAX_PROBLEMS_KEPT are kept; 1 if it was only counted."""
    if len(errors) < MAX_PROBLEMS_KEPT:
        errors.append(problem)
        return 0
    return 1


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

"""Hostile and awkward spreadsheet and CSV files: refused quickly, with plain words naming the
file and the limit, and text in an encoding that cannot be told is never stored as mojibake.

Every file is generated here (small generators; ``benchmarks/hostile_files.py`` builds the
full-size ones with the same functions and prints the time and memory of each refusal).
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from awards_app.core.errors import FieldError, ValidationError
from awards_app.services.transfer import tabular
from awards_app.services.transfer.imports import NOMINATION_COLUMNS, NOMINATION_REQUIRED
from tests.services.transfer.test_import_corpus import (
    HEADER,
    assert_refused,
    count,
    csv_text,
    row,
    stored,
)

# --- generators (also used by benchmarks/hostile_files.py) -----------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Nominations" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_START = (b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>")
_SHEET_END = b"</sheetData></worksheet>"


def xlsx_with_rows(path: Path, rows: Iterable[bytes]) -> Path:
    """A minimal workbook whose one sheet's XML is ``rows`` (streamed into the zip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START)
            for chunk in rows:
                sheet.write(chunk)
            sheet.write(_SHEET_END)
    return path


def _header_row() -> bytes:
    cells = "".join(f'<c r="{_letters(i + 1)}1" t="inlineStr"><is><t>{name}</t></is></c>'
                    for i, name in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'.encode()


def _letters(column: int) -> str:
    text = ""
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def empty_rows_xlsx(path: Path, unpacked_mb: int) -> Path:
    """About ``unpacked_mb`` MB of empty rows after a header: a tiny zip that unpacks huge."""
    def rows() -> Iterator[bytes]:
        yield _header_row()
        block = b"<row/>" * (1024 * 1024 // 6)
        for _ in range(unpacked_mb):
            yield block
    return xlsx_with_rows(path, rows())


def wide_row_xlsx(path: Path, cells: int) -> Path:
    """One row of ``cells`` cells, each holding a number (no cell references)."""
    def rows() -> Iterator[bytes]:
        yield b"<row>"
        block = b'<c t="n"><v>1</v></c>' * 10_000
        for _ in range(cells // 10_000):
            yield block
        yield b'<c t="n"><v>1</v></c>' * (cells % 10_000)
        yield b"</row>"
    return xlsx_with_rows(path, rows())


def wide_csv(path: Path, columns: int) -> Path:
    path.write_bytes(b"a," * (columns - 1) + b"a\n")
    return path


POLISH = [row(nominee_first_name="Łucja", nominee_last_name="Wiśniewska",
              nominator_name="Paweł Żółć")]
FRENCH = [row(nominee_first_name="Chloé", nominee_last_name="Lefèvre",
              nominator_name="François Müller")]
RUSSIAN = [row(nominee_first_name="Наталья", nominee_last_name="Иванова",
               nominator_name="Ольга Петрова")]
UK = [row(nominee_first_name="Renée", nominee_last_name="O’Brien",
          success="Saved £200 – café job, naïve no more " + "steady " * 25)]


def encoded_csv(path: Path, rows: list[dict[str, str]], encoding: str) -> Path:
    path.write_bytes(csv_text(rows, lineterminator="\r\n").encode(encoding))
    return path


# --- helpers ---------------------------------------------------------------------------------


def read(path: Path, **options: Any) -> tabular.Table:
    return tabular.read_table(path, columns=NOMINATION_COLUMNS, required=NOMINATION_REQUIRED,
                              preferred_sheets=("Nominations",), **options)


def refusal(path: Path, read_with: Callable[[Path], object] = read) -> ValidationError:
    started = time.perf_counter()
    with pytest.raises(ValidationError) as info:
        read_with(path)
    assert time.perf_counter() - started < 10
    error = info.value
    assert error.source == path.name
    text = str(error)
    assert path.name in text
    assert "Error" not in text and "Traceback" not in text  # no exception names
    return error


# --- spreadsheets that unpack huge or hold too much -----------------------------------------


def test_a_zip_that_unpacks_too_big_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = empty_rows_xlsx(tmp_path / "bomb.xlsx", unpacked_mb=210)
    assert path.stat().st_size < 2 * 1024 * 1024
    error = refusal(path)
    assert "unpacks to 210 MB; the most the program reads is 200 MB" in str(error)


def test_a_part_packed_too_tightly_is_refused(tmp_path: Path) -> None:
    path = empty_rows_xlsx(tmp_path / "tight.xlsx", unpacked_mb=20)
    error = refusal(path)
    assert "packed far more tightly than a spreadsheet is" in str(error)


def test_a_row_of_a_million_cells_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = wide_row_xlsx(tmp_path / "wide.xlsx", cells=1_000_000)
    error = refusal(path)
    assert error.count == 1
    assert "packed far more tightly" in str(error) or "more than 1,000 columns" in str(error)


def test_a_row_wider_than_the_limit_is_refused_by_the_sheet_scan(tmp_path: Path) -> None:
    path = wide_row_xlsx(tmp_path / "wide.xlsx", cells=1_500)
    assert "row 1 has more than 1,000 columns" in str(refusal(path))


def test_a_cell_far_to_the_right_is_refused(tmp_path: Path) -> None:
    path = xlsx_with_rows(tmp_path / "far.xlsx",
                          [_header_row(), b'<row r="2"><c r="XFD2"><v>1</v></c></row>'])
    assert "row 2 has more than 1,000 columns" in str(refusal(path))


@pytest.mark.parametrize("rows", [
    pytest.param([b'<row r="200000"><c r="A200000"><v>1</v></c></row>'], id="numbered-far-down"),
    pytest.param([b"<row/>" * 100_001], id="many-empty-rows"),
])
def test_too_many_rows_in_a_sheet_are_refused(tmp_path: Path, rows: list[bytes]) -> None:
    path = xlsx_with_rows(tmp_path / "long.xlsx", [_header_row(), *rows])
    assert "has more than 100,000 rows" in str(refusal(path))


def test_a_zip_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        for n in range(1_001):
            book.writestr(f"p{n}.xml", "")
    assert "holds more than 1,000 parts" in str(refusal(path))


def test_an_ordinary_workbook_still_reads(tmp_path: Path) -> None:
    def rows() -> Iterator[bytes]:
        yield _header_row()
        values = "".join(
            f'<c r="{_letters(i + 1)}2" t="inlineStr"><is><t>{row()[name]}</t></is></c>'
            for i, name in enumerate(HEADER))
        yield f'<row r="2">{values}</row>'.encode()
    table = read(xlsx_with_rows(tmp_path / "fine.xlsx", rows()))
    assert [r[1]["nominee_first_name"] for r in table.rows] == ["Amira"]


# --- CSV files that hold too much --------------------------------------------------------------


def test_a_csv_with_a_million_columns_is_refused_in_one_line(tmp_path: Path) -> None:
    error = refusal(wide_csv(tmp_path / "wide.csv", 1_000_000))
    assert str(error) == ("wide.csv: File: row 1 has more than 1,000 columns, the most a row may "
                          "have. Delete the columns to the right of your data and save the file "
                          "again")


def test_a_csv_with_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + b"x\n" * 100_000)
    assert "has more than 100,000 rows" in str(refusal(path))


def test_a_csv_row_too_long_is_refused_before_it_is_split(tmp_path: Path) -> None:
    path = tmp_path / "long-line.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n" + b"x" * 13_000_000)
    assert "Row 2, 'file': is longer than 12,000,000 characters" in str(refusal(path))


def test_a_quoted_cell_that_never_closes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n\"" + b"x\n" * 6_500_000)
    assert "Row 2, 'file': is longer than 12,000,000 characters" in str(refusal(path))


def test_old_mac_line_endings_still_split_rows(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes(csv_text([row(), row(nominee_first_name="Ben")], lineterminator="\r")
                     .encode())
    assert [r[1]["nominee_first_name"] for r in read(path).rows] == ["Amira", "Ben"]


def test_many_problems_are_kept_to_a_bounded_number_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "no-headings.csv"
    good = row()
    line = ",".join(good[h] for h in HEADER) + "," + ",".join(["x"] * 900)
    path.write_text(",".join(HEADER) + "\n" + "\n".join([line] * 20) + "\n")
    error = refusal(path)
    assert len(error.errors) == tabular.MAX_PROBLEMS_KEPT
    assert error.count == 18_000
    lines = error.lines()
    assert len(lines) <= 202
    assert lines[0] == "no-headings.csv: Row 2, 'column 17': has a value but no heading"
    assert lines[-1] == "no-headings.csv: … and 8,000 more problems"


# --- the listing of problems -----------------------------------------------------------------


def test_a_million_problems_are_listed_as_two_hundred_grouped_by_kind() -> None:
    errors = [FieldError(f"column {n}", "has a value but no heading", 1) for n in range(999_986)]
    errors.insert(5, FieldError("category", "'Space' is not a category of this event", 3))
    error = ValidationError(errors, source="big.xlsx")
    lines = error.lines()
    assert len(lines) == 201
    assert lines[:2] == ["big.xlsx: Row 1, 'column 0': has a value but no heading",
                         "big.xlsx: Row 1, 'column 1': has a value but no heading"]
    assert lines[-2:] == [
        "big.xlsx: … and 999,787 more like this ('column N': has a value but no heading)",
        "big.xlsx: Row 3, 'category': 'Space' is not a category of this event"]
    assert str(error) == "\n".join(lines)
    assert error.count == 999_987


def test_few_problems_are_listed_whole_and_in_order() -> None:
    errors = [FieldError("obstacles", "is empty", 3), FieldError("category", "is empty", 2)]
    assert ValidationError(errors, source="f.csv").lines() == [
        "f.csv: Row 3, 'obstacles': is empty", "f.csv: Row 2, 'category': is empty"]


def test_the_command_line_prints_a_readable_number(tmp_path: Path, db_url: str,
                                                   cli: Callable[..., Any], event_id: int) -> None:
    path = tmp_path / "no-headings.csv"
    line = ",".join(row()[h] for h in HEADER) + "," + ",".join(["x"] * 900)
    path.write_text(",".join(HEADER) + "\n" + "\n".join([line] * 5) + "\n")
    err = assert_refused(cli, db_url, path, "more like this ('column N': has a value but no "
                         "heading)", "4,500 problems; nothing was stored.")
    assert len(err.splitlines()) <= 203


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(("rows", "encoding", "names"), [
    pytest.param(POLISH, "iso8859_2", ("Łucja", "Wiśniewska"), id="iso-8859-2"),
    pytest.param(FRENCH, "mac_roman", ("Chloé", "Lefèvre"), id="mac-roman"),
    pytest.param(RUSSIAN, "koi8_r", ("Наталья", "Иванова"), id="koi8-r"),
])
def test_an_encoding_that_cannot_be_told_is_refused_with_its_likely_readings(
        tmp_path: Path, rows: list[dict[str, str]], encoding: str, names: tuple[str, str]
) -> None:
    path = encoded_csv(tmp_path / "people.csv", rows, encoding)
    error = refusal(path)
    assert isinstance(error, tabular.EncodingUnclearError)
    assert "is not saved as UTF-8" in str(error)
    assert "'CSV UTF-8 (Comma delimited)'" in str(error)
    best = error.choices[0]
    assert all(name in best.preview[0] for name in names), error.choices
    assert 2 <= len(error.choices) <= 5
    # the choice made for this file reads it as written
    with tabular.reading_as(path, best.encoding):
        table = read(path)
    assert (table.rows[0][1]["nominee_first_name"], table.rows[0][1]["nominee_last_name"]) == names
    # … only for that file, and only inside the block
    refusal(path)


def test_mojibake_is_never_stored_by_the_command_line(tmp_path: Path, db_url: str,
                                                      cli: Callable[..., Any], event_id: int
                                                      ) -> None:
    path = encoded_csv(tmp_path / "polish.csv", POLISH, "iso8859_2")
    assert_refused(cli, db_url, path, "is not saved as UTF-8", "Save it as UTF-8")
    assert count(db_url, "nomination") == 0


def test_a_clearly_windows_1252_file_still_imports(tmp_path: Path, db_url: str,
                                                   cli: Callable[..., Any], event_id: int) -> None:
    path = encoded_csv(tmp_path / "uk.csv", UK, "cp1252")
    result = cli("import", "nominations", str(path))
    assert result.code == 0, result.err
    [stored_row] = stored(db_url)
    assert stored_row["last_name"] == "O’Brien"
    assert stored_row["success"].startswith("Saved £200 – café job, naïve")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_files_read_as_before(tmp_path: Path, encoding: str) -> None:
    path = encoded_csv(tmp_path / "unicode.csv", POLISH + RUSSIAN, encoding)
    names = [r[1]["nominee_first_name"] for r in read(path).rows]
    assert names == ["Łucja", "Наталья"]


@pytest.mark.parametrize(("text", "odd"), [
    ("Łucja Wiśniewska", 0), ("£ucja Wi¶niewska", 2), ("Renée O’Brien, £200", 0),
    ("ChloŽ", 1), ("îÁÔÁÌØÑ", 1), ("َءشءجظر", 1), ("Zo‘ Smith", 1), ("Наталья", 0), ("naïve café – “yes”", 0),
])
def test_oddities_count_letters_read_in_the_wrong_encoding(text: str, odd: int) -> None:
    assert tabular.oddities(text) == odd


def test_a_large_utf8_file_is_read_a_chunk_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    many = [row(nominee_first_name=f"Łucja{n}") for n in range(4_000)]
    path.write_bytes(csv_text(many).encode())
    assert path.stat().st_size > 2 * 1024 * 1024  # more than one chunk
    table = read(path)
    assert [r[1]["nominee_first_name"] for r in table.rows][-1] == "Łucja3999"
    assert len(table.rows) == 4_000


def test_a_chosen_encoding_that_does_not_fit_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"category\n\xff\xfe\xfd\n")
    with tabular.reading_as(path, "utf-8"):
        error = refusal(path)
    assert "is not readable as UTF-8 text" in str(error)


def test_bom_only_decides_utf16(tmp_path: Path) -> None:
    data = io.BytesIO()
    data.write("category\nÉducation\n".encode("utf-16"))
    path = tmp_path / "u16.csv"
    path.write_bytes(data.getvalue())
    assert list(tabular.read_raw_rows(path)) == [(1, ["category"]), (2, ["Éducation"])]

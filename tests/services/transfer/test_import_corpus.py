"""A corpus of bad (and awkward-but-good) import files, run through ``awards import``.

Every file is generated inside the test under ``tmp_path``; no binary fixtures are kept.
A bad file must give exit code 2, an explanation on stderr naming the file (and the row and
column for a row problem), no traceback, and leave the database exactly as it was.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests import dbtools
from tests.conftest import words

CATEGORIES = (
    "Education Star", "Sports Hero", "Independence Star", "Life Changer", "Positive Role Model",
    "Inspirational Award", "Community Champion", "Culture Champion", "Care Leaver of the Year",
)
HEADER = (
    "category", "nominee_first_name", "nominee_last_name", "nominee_preferred_name",
    "nominee_date_of_birth", "out_of_area", "nominator_name", "nominator_email",
    "nominator_team", "success", "obstacles", "nominee_voice", "nominee_aware",
    "consent_certificate_name", "consent_public", "consent_photo",
)
SUCCESS = words(30, "achieved")
OBSTACLES = words(30, "overcame")
# Tables whose contents must not change when an import is refused.
WATCHED_TABLES = (
    "event", "nominee", "worker", "nomination", "sponsor", "sponsorship", "judge", "audit_entry",
)


def row(**changes: str) -> dict[str, str]:
    """A valid nominations row (Education Star, aged 21 at the ceremony) with ``changes``."""
    base = {
        "category": "Education Star",
        "nominee_first_name": "Amira",
        "nominee_last_name": "Khan",
        "nominee_preferred_name": "",
        "nominee_date_of_birth": "2005-06-01",
        "out_of_area": "no",
        "nominator_name": "Wendy Worker",
        "nominator_email": "wendy@council.example",
        "nominator_team": "Leaving Care",
        "success": SUCCESS,
        "obstacles": OBSTACLES,
        "nominee_voice": "",
        "nominee_aware": "yes",
        "consent_certificate_name": "yes",
        "consent_public": "no",
        "consent_photo": "",
    }
    unknown = set(changes) - set(base)
    assert not unknown, f"test bug: unknown columns {unknown}"
    return {**base, **changes}


def csv_text(
    rows: list[dict[str, str]],
    header: tuple[str, ...] | list[str] = HEADER,
    *,
    delimiter: str = ",",
    lineterminator: str = "\n",
) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(h, "") for h in header])
    return buffer.getvalue()


def write_csv(path: Path, rows: list[dict[str, str]], **options: Any) -> Path:
    encoding = options.pop("encoding", "utf-8")
    path.write_bytes(csv_text(rows, **options).encode(encoding))
    return path


def write_xlsx(path: Path, header: tuple[str, ...], rows: list[list[Any]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Nominations"
    sheet.append(list(header))
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def snapshot(where: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the watched tables, read straight from the database."""
    return dbtools.snapshot(where, WATCHED_TABLES)


def stored(where: str) -> list[dict[str, Any]]:
    """Nominations joined to their nominee, worker and category, in number order."""
    return dbtools.rows(where, """
            SELECT n.number, c.name AS category, p.first_name, p.last_name, p.preferred_name,
                   p.date_of_birth, p.out_of_area, p.do_not_publish,
                   p.consent_certificate_name, p.consent_public, p.consent_photo,
                   n.success, n.obstacles, n.nominee_aware, n.status,
                   w.name AS worker, w.email AS worker_email, w.team AS worker_team
            FROM nomination n
            JOIN nominee p ON p.id = n.nominee_id
            JOIN category c ON c.id = n.category_id
            LEFT JOIN worker w ON w.id = n.worker_id
            ORDER BY n.number
            """)


count = dbtools.count


@pytest.fixture
def seeded(cli: Callable[..., Any], event_id: int, tmp_path: Path, db_url: str) -> Path:
    """The current event with one nomination already imported (so 'unchanged' means something)."""
    path = write_csv(tmp_path / "seed.csv", [row(nominee_first_name="Seed", nominee_last_name="Person")])
    result = cli("import", "nominations", str(path))
    assert result.code == 0, result.err
    assert result.out.strip() == "Imported 1 row (1 nomination, 1 new nominee, 1 new worker)."
    assert [(n["number"], n["first_name"]) for n in stored(db_url)] == [(1, "Seed")]
    return path


def assert_refused(
    cli: Callable[..., Any], db_url: str, path: Path, *expected: str, kind: str = "nominations"
) -> str:
    """Import ``path``; check exit 2, the messages, no traceback, and an unchanged database."""
    before = snapshot(db_url)
    result = cli("import", kind, str(path))
    after = snapshot(db_url)
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    assert result.out == ""
    assert path.name in result.err
    for text in expected:
        assert text in result.err, f"{text!r} not in:\n{result.err}"
    assert "nothing was stored" in result.err
    assert after == before
    return result.err


# --- bad files: the whole file is refused ----------------------------------------------------


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return build


def _text(text: str) -> Callable[[Path], Path]:
    return _bytes(text.encode("utf-8"))


def _random_junk(path: Path) -> Path:
    junk = bytearray(random.Random(20270319).randbytes(8192))
    junk[0:2] = b"\x00\x07"  # never a ZIP/OLE/PDF signature; NULs throughout
    junk[100:110] = b"\x00" * 10
    path.write_bytes(bytes(junk))
    return path


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8

FILE_CASES = [
    pytest.param("empty.csv", _bytes(b""), ("is empty",), id="empty-0-bytes"),
    pytest.param("blank.csv", _text("  \n\t\r\n   \n"), ("is empty",), id="whitespace-only"),
    pytest.param("header-only.csv", _text(",".join(HEADER) + "\n"),
                 ("has a header but no rows to import",), id="header-only"),
    pytest.param("wrong-headers.csv", _text("name,email\nAmira Khan,amira@example.org\n"),
                 ("Row 1, 'header': unknown column 'name'", "Row 1, 'header': unknown column 'email'",
                  "missing column(s): category, nominee_first_name, nominee_last_name, "
                  "nominee_date_of_birth, nominator_name, success, obstacles"),
                 id="wrong-headers"),
    pytest.param("extra-column.csv",
                 _text(csv_text([{**row(), "favourite_colour": "blue"}],
                                [*HEADER, "favourite_colour"])),
                 ("Row 1, 'header': unknown column 'favourite_colour'",), id="unknown-extra-column"),
    pytest.param("duplicate-column.csv",
                 _text(csv_text([row()], [*HEADER, "Category"])),
                 ("Row 1, 'header': column 'Category' appears twice",), id="duplicate-column"),
    pytest.param("junk.csv", _random_junk, ("binary data",), id="binary-junk-urandom"),
    pytest.param("picture.csv", _bytes(PNG), ("binary data",), id="binary-png"),
    pytest.param("old-excel.xls", _bytes(OLE), ("old-style Excel (.xls)", ".xlsx"),
                 id="old-xls-ole"),
    pytest.param("old-excel-renamed.xlsx", _bytes(OLE), ("old-style Excel (.xls)",),
                 id="old-xls-ole-named-xlsx"),
]


@pytest.mark.parametrize(("name", "build", "expected"), FILE_CASES)
def test_bad_file_is_refused_and_nothing_changes(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path,
    name: str, build: Callable[[Path], Path], expected: tuple[str, ...],
) -> None:
    path = build(tmp_path / name)
    assert_refused(cli, db_url, path, *expected)
    assert count(db_url, "nomination") == 1


# --- bad rows: one bad row after a good one ------------------------------------------------

ROW_CASES = [
    pytest.param(
        {"category": "Space Cadet"},
        ("Row 3, 'category': 'Space Cadet' is not a category of this event",
         "(choose from: " + ", ".join(CATEGORIES) + ")"),
        id="unknown-category",
    ),
    pytest.param(
        {"obstacles": ""},
        ("Row 3, 'obstacles': is empty", "describe what they overcame"),
        id="missing-obstacles",
    ),
    pytest.param(
        {"obstacles": words(10)},
        ("Row 3, 'obstacles': has 10 words; at least 25 are needed", "describe what they overcame"),
        id="obstacles-too-short",
    ),
    pytest.param({"nominee_date_of_birth": "31/02/2005"},
                 ("Row 3, 'nominee_date_of_birth': '31/02/2005' is not a real date",),
                 id="dob-31-feb"),
    pytest.param({"nominee_date_of_birth": "2005-13-01"},
                 ("Row 3, 'nominee_date_of_birth': '2005-13-01' is not a real date",),
                 id="dob-month-13"),
    pytest.param({"nominee_date_of_birth": "yesterday"},
                 ("Row 3, 'nominee_date_of_birth': 'yesterday' is not a date",),
                 id="dob-word"),
    pytest.param({"nominee_date_of_birth": "01/02/05"},
                 ("Row 3, 'nominee_date_of_birth': '01/02/05' is not a date",),
                 id="dob-two-digit-year"),
    pytest.param({"nominee_date_of_birth": "1990-01-01"},
                 ("Row 3, 'nominee_date_of_birth': will be 37 on the ceremony date (19/03/2027)",
                  "ages 16–25"),
                 id="nominee-too-old"),
    pytest.param({"nominee_date_of_birth": "2011-03-20"},
                 ("Row 3, 'nominee_date_of_birth': will be 15 on the ceremony date (19/03/2027)",
                  "ages 16–25"),
                 id="nominee-too-young-by-one-day"),
    pytest.param({"nominee_date_of_birth": "2001-03-19"},
                 ("Row 3, 'nominee_date_of_birth': will be 26 on the ceremony date",),
                 id="nominee-turns-26-on-the-day"),
    pytest.param({"success": '=HYPERLINK("http://x","y")'},
                 ("Row 3, 'success': contains a formula",),
                 id="csv-formula-cell"),
    pytest.param({"consent_public": "maybe"},
                 ("Row 3, 'consent_public': 'maybe' is not yes or no",),
                 id="bad-yes-no"),
    pytest.param({"nominator_email": "wendy at council"},
                 ("Row 3, 'nominator_email': 'wendy at council' is not a valid email address",),
                 id="bad-email"),
    pytest.param({"nominee_first_name": " bo ", "nominee_last_name": "LEE",
                  "nominee_date_of_birth": "2004-01-01", "category": "education  star"},
                 ("Row 3, 'nominee_first_name': repeats row 2: the same young person is "
                  "nominated twice for Education Star",),
                 id="duplicate-within-file"),
]


@pytest.mark.parametrize(("changes", "expected"), ROW_CASES)
def test_bad_row_is_named_and_nothing_changes(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path,
    changes: dict[str, str], expected: tuple[str, ...],
) -> None:
    good = row(nominee_first_name="Bo", nominee_last_name="Lee", nominee_date_of_birth="2004-01-01")
    bad = row(**{"nominee_first_name": "Cai", "nominee_last_name": "Ng",
                 "nominee_date_of_birth": "2006-02-02", **changes})
    path = write_csv(tmp_path / "bad-row.csv", [good, bad])
    err = assert_refused(cli, db_url, path, *expected)
    assert "Row 2" not in err.replace("repeats row 2", "")  # the good row is not blamed
    assert count(db_url, "nomination") == 1


def test_ten_megabyte_cell_is_refused_naming_row_and_column(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    huge = row(nominee_first_name="Cai", success="a" * (10 * 1024 * 1024))
    path = write_csv(tmp_path / "huge-cell.csv", [row(nominee_first_name="Bo"), huge])
    assert path.stat().st_size > 10 * 1024 * 1024
    err = assert_refused(cli, db_url, path, "Row 3", "100,000 characters")
    assert "'success'" in err, f"the column of the oversized cell is not named:\n{err}"


@pytest.mark.parametrize("length", [100_001, 250_000])
def test_long_cell_is_refused_naming_row_and_column(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path, length: int
) -> None:
    long = row(nominee_first_name="Cai", obstacles="b" * length)
    path = write_csv(tmp_path / "long-cell.csv", [row(nominee_first_name="Bo"), long])
    assert_refused(cli, db_url, path, "Row 3, 'obstacles': is longer than 100,000 characters")


def test_xlsx_formula_cell_is_refused(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    import openpyxl

    good = row(nominee_first_name="Bo")
    bad = row(nominee_first_name="Cai", success="=1+1")
    path = write_xlsx(tmp_path / "formula.xlsx", HEADER,
                      [[good[h] for h in HEADER], [bad[h] for h in HEADER]])
    # The workbook really holds a formula (not the text "=1+1").
    check = openpyxl.load_workbook(path)
    assert check["Nominations"]["J3"].data_type == "f"
    assert check["Nominations"]["J3"].value == "=1+1"
    assert_refused(cli, db_url, path, "Row 3, 'success': contains a formula")


def test_duplicate_of_stored_nomination_is_refused(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    # The same young person and category from another nominator: a second nomination.
    path = write_csv(tmp_path / "other.csv", [row(
        nominee_first_name="Seed", nominee_last_name="Person", nominator_name="Omar Other",
        nominator_email="omar@council.example")])
    assert_refused(
        cli, db_url, path,
        "Row 2, 'nominee_first_name': Seed Person is already nominated for Education Star "
        "(N-0001)",
    )
    assert count(db_url, "nomination") == 1
    assert count(db_url, "nominee") == 1


def test_every_bad_row_is_reported_in_one_run(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    rows = [
        row(nominee_first_name="Ann"),                                        # 2 good
        row(nominee_first_name="Ben", category="Astronaut"),                  # 3
        row(nominee_first_name="Cat"),                                        # 4 good
        row(nominee_first_name="Dan", nominee_date_of_birth="30/02/2004"),    # 5
        row(nominee_first_name="Eve", obstacles=""),                          # 6
        row(nominee_first_name="Fay", nominator_email="fay@"),                # 7
        row(nominee_first_name="Gus", consent_photo="perhaps"),               # 8
    ]
    path = write_csv(tmp_path / "many-bad.csv", rows)
    err = assert_refused(
        cli, db_url, path,
        "Row 3, 'category'", "Row 5, 'nominee_date_of_birth'", "Row 6, 'obstacles'",
        "Row 7, 'nominator_email'", "Row 8, 'consent_photo'",
        "5 problems; nothing was stored.",
    )
    assert "Row 2" not in err and "Row 4" not in err
    assert sum(line.startswith("awards: many-bad.csv: Row ") for line in err.splitlines()) == 5


# --- awkward but good files ------------------------------------------------------------------


def _import_ok(cli: Callable[..., Any], path: Path, rows: int) -> None:
    result = cli("import", "nominations", str(path))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert result.out.startswith(f"Imported {rows} row" + ("" if rows == 1 else "s"))


def test_utf8_bom_and_crlf(event_id: int, cli: Callable[..., Any], db_url: str,
                           tmp_path: Path) -> None:
    path = tmp_path / "bom-crlf.csv"
    text = csv_text([row(nominee_first_name="Zoë", nominee_last_name="Ørsted")],
                    lineterminator="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert b"\r\n" in path.read_bytes()
    _import_ok(cli, path, 1)
    [n] = stored(db_url)
    assert (n["first_name"], n["last_name"], n["category"]) == ("Zoë", "Ørsted", "Education Star")
    assert n["obstacles"] == OBSTACLES  # no stray \r at the end of the last column


def test_excel_quoting_commas_quotes_and_multiline_cells(
    event_id: int, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    success = 'She said "I can, and I will", then did it,\nline two ' + words(25)
    obstacles = "Moved, twice;\r\n" + words(25, "again")
    path = write_csv(
        tmp_path / "quoted.csv",
        [row(nominee_last_name="O'Neil, Jr", success=success, obstacles=obstacles),
         row(nominee_first_name="Ben", nominee_voice='"Best day ever"')],
        lineterminator="\r\n",
    )
    raw = path.read_text("utf-8")
    assert '"She said ""I can, and I will"", then did it,\nline two' in raw
    _import_ok(cli, path, 2)
    first, second = stored(db_url)
    assert first["last_name"] == "O'Neil, Jr"
    assert first["success"] == success
    assert "\n" in first["success"]
    assert first["obstacles"] == "Moved, twice;\n" + words(25, "again")
    assert second["first_name"] == "Ben"


def test_headers_in_any_case_and_spacing(
    event_id: int, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    header = [" CATEGORY ", "Nominee First Name", "NOMINEE-LAST-NAME", "nominee preferred name",
              "Nominee Date Of Birth", "nominator_name", "Success", "  obstacles",
              "Consent Public"]
    path = tmp_path / "pretty-headers.csv"
    values = ["Sports Hero", "Amira", "Khan", "Mira", "01/06/2005", "Wendy Worker", SUCCESS,
              OBSTACLES, "Yes"]
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, values])
    path.write_text(buffer.getvalue(), "utf-8")
    _import_ok(cli, path, 1)
    [n] = stored(db_url)
    assert (n["category"], n["first_name"], n["last_name"], n["preferred_name"]) == (
        "Sports Hero", "Amira", "Khan", "Mira")
    assert n["date_of_birth"] == "2005-06-01"
    assert n["consent_public"] == "yes"
    assert n["worker_email"] is None


def test_semicolon_delimited(event_id: int, cli: Callable[..., Any], db_url: str,
                             tmp_path: Path) -> None:
    success = "Commas, inside, the text " + words(25)
    path = write_csv(tmp_path / "semicolons.csv",
                     [row(success=success), row(nominee_first_name="Ben", category="Sports Hero")],
                     delimiter=";")
    assert path.read_text("utf-8").splitlines()[0].count(";") == len(HEADER) - 1
    _import_ok(cli, path, 2)
    first, second = stored(db_url)
    assert first["success"] == success
    assert (second["first_name"], second["category"]) == ("Ben", "Sports Hero")


def test_windows_1252_csv(event_id: int, cli: Callable[..., Any], db_url: str,
                          tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "excel-ansi.csv",
        [row(nominee_first_name="Zoë", nominee_last_name="Brontë",
             success="Café work – she’s brilliant " + words(25))],
        encoding="cp1252", lineterminator="\r\n",
    )
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    _import_ok(cli, path, 1)
    [n] = stored(db_url)
    assert (n["first_name"], n["last_name"]) == ("Zoë", "Brontë")
    assert n["success"].startswith("Café work – she’s brilliant ")


def test_xlsx_with_real_date_cells(event_id: int, cli: Callable[..., Any], db_url: str,
                                   tmp_path: Path) -> None:
    import openpyxl

    first = row(nominee_first_name="Ann")
    second = row(nominee_first_name="Ben", out_of_area="yes")
    rows = [[first[h] for h in HEADER], [second[h] for h in HEADER]]
    rows[0][HEADER.index("nominee_date_of_birth")] = date(2004, 12, 31)
    rows[1][HEADER.index("nominee_date_of_birth")] = date(2008, 2, 29)
    path = write_xlsx(tmp_path / "dates.xlsx", HEADER, rows)
    assert openpyxl.load_workbook(path)["Nominations"]["E2"].is_date
    _import_ok(cli, path, 2)
    a, b = stored(db_url)
    assert (a["first_name"], a["date_of_birth"]) == ("Ann", "2004-12-31")
    assert (b["first_name"], b["date_of_birth"], b["out_of_area"]) == ("Ben", "2008-02-29", 1)


def test_yes_no_spellings(event_id: int, cli: Callable[..., Any], db_url: str,
                          tmp_path: Path) -> None:
    rows = [
        row(nominee_first_name="Ann", out_of_area="Y", consent_certificate_name="Y",
            consent_public="n", consent_photo="TRUE", nominee_aware="0"),
        row(nominee_first_name="Ben", out_of_area="", consent_certificate_name="",
            consent_public=" No ", consent_photo="false", nominee_aware=""),
        row(nominee_first_name="Cat", out_of_area="0", consent_certificate_name="1",
            consent_public="not asked", consent_photo="t", nominee_aware="YES"),
    ]
    _import_ok(cli, write_csv(tmp_path / "yes-no.csv", rows), 3)
    got = [(n["first_name"], n["out_of_area"], n["consent_certificate_name"],
            n["consent_public"], n["consent_photo"], n["nominee_aware"]) for n in stored(db_url)]
    assert got == [
        ("Ann", 1, "yes", "no", "yes", "no"),
        ("Ben", 0, "not_asked", "no", "no", "not_asked"),
        ("Cat", 0, "yes", "not_asked", "yes", "yes"),
    ]


def test_xlsx_extension_holding_csv_text_imports_as_csv(
    event_id: int, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "really-csv.xlsx", [row(nominee_first_name="Ann")])
    assert not path.read_bytes().startswith(b"PK")
    _import_ok(cli, path, 1)
    assert [n["first_name"] for n in stored(db_url)] == ["Ann"]


def test_csv_extension_holding_xlsx_bytes_imports_as_xlsx(
    event_id: int, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    source = row(nominee_first_name="Ben")
    path = write_xlsx(tmp_path / "book.xlsx", HEADER, [[source[h] for h in HEADER]])
    path = path.rename(tmp_path / "really-xlsx.csv")
    assert path.read_bytes().startswith(b"PK\x03\x04")
    _import_ok(cli, path, 1)
    assert [n["first_name"] for n in stored(db_url)] == ["Ben"]


# --- sponsors --------------------------------------------------------------------------------

SPONSOR_HEADER = ("sponsor", "category", "judge_name", "judge_email", "contact_name",
                  "contact_email")


def sponsor_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SPONSOR_HEADER)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    return path


def sponsor_tables(db_url: str) -> tuple[list[tuple[Any, ...]], ...]:
    def read(sql: str) -> list[tuple[Any, ...]]:
        return dbtools.tuples(db_url, sql)

    sponsors = read("SELECT name, contact_name, contact_email FROM sponsor ORDER BY name")
    links = read("SELECT s.name, c.name FROM sponsorship l JOIN sponsor s ON s.id = "
                 "l.sponsor_id JOIN category c ON c.id = l.category_id "
                 "ORDER BY s.name, c.display_order")
    judges = read("SELECT s.name, j.name, j.email FROM judge j JOIN sponsor s ON "
                  "s.id = j.sponsor_id ORDER BY s.name, j.name")
    return sponsors, links, judges


def test_sponsors_import_creates_sponsors_sponsorships_and_judges(
    event_id: int, cli: Callable[..., Any], db_url: str, tmp_path: Path
) -> None:
    path = sponsor_csv(tmp_path / "sponsors.csv", [
        ("Acme Ltd", "Education Star", "Jo Judge", "jo@acme.example", "Ann Contact",
         "ann@acme.example"),
        ("ACME  ltd", "sports hero", "Sam Judge", "SAM@acme.example", "", ""),
        ("Beta Trust", "Life Changer", "", "", "Bob Beta", "bob@beta.example"),
    ])
    result = cli("import", "sponsors", str(path))
    assert result.code == 0, result.err
    assert result.out.strip() == (
        "Imported 3 rows (2 new sponsors, 3 sponsorships, 2 new judges).")
    sponsors, links, judges = sponsor_tables(db_url)
    assert sponsors == [("Acme Ltd", "Ann Contact", "ann@acme.example"),
                        ("Beta Trust", "Bob Beta", "bob@beta.example")]
    assert links == [("Acme Ltd", "Education Star"), ("Acme Ltd", "Sports Hero"),
                     ("Beta Trust", "Life Changer")]
    assert judges == [("Acme Ltd", "Jo Judge", "jo@acme.example"),
                      ("Acme Ltd", "Sam Judge", "sam@acme.example")]
    listing = cli("list", "sponsors")
    assert listing.code == 0
    assert listing.out.splitlines() == [
        "Acme Ltd: Education Star, Sports Hero; judges: Jo Judge, Sam Judge",
        "Beta Trust: Life Changer; judges: none",
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [("Acme Ltd", "Education Star", "", "", "", ""),
             ("Acme Ltd", "Underwater Basketry", "", "", "", "")],
            ("Row 3, 'category': 'Underwater Basketry' is not a category of this event",
             "(choose from: " + ", ".join(CATEGORIES) + ")"),
            id="unknown-category",
        ),
        pytest.param(
            [("Acme Ltd", "Education Star", "", "", "Ann", "ann@acme.example"),
             ("Acme Ltd", "Sports Hero", "", "", "Ann", "ann@other.example")],
            ("Row 3, 'contact_email': 'ann@other.example' differs from row 2 "
             "('ann@acme.example') for the same sponsor",),
            id="conflicting-contact-email",
        ),
    ],
)
def test_bad_sponsors_file_is_refused(
    seeded: Path, cli: Callable[..., Any], db_url: str, tmp_path: Path,
    rows: list[tuple[str, ...]], expected: tuple[str, ...],
) -> None:
    path = sponsor_csv(tmp_path / "bad-sponsors.csv", rows)
    assert_refused(cli, db_url, path, *expected, kind="sponsors")
    assert sponsor_tables(db_url) == ([], [], [])

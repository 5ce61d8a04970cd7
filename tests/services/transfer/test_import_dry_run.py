"""Import dry runs (check everything, store nothing) and the file preview shown before an
import. A dry run must report exactly what a real run would: the same problems, the same
counts, and leave every table as it was."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from awards_app.core.errors import Cancelled, ValidationError
from awards_app.db.engine import Database
from awards_app.services.transfer import imports, nominations_import
from awards_app.services.transfer import sponsor_import
from tests import dbtools
from tests.conftest import words
from tests.factories import nomination_rows, write_nominations_csv

WATCHED_TABLES = ("event", "nominee", "worker", "nomination", "sponsor", "sponsorship", "judge",
                  "audit_entry")
SPONSOR_HEADER = ("sponsor", "category", "judge_name", "judge_email", "contact_name",
                  "contact_email", "contact_phone")


def snapshot(where: str) -> dict[str, list[tuple[Any, ...]]]:
    return dbtools.snapshot(where, WATCHED_TABLES)


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(imports.TEMPLATE_COLUMNS["nominations"]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_sponsors(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(SPONSOR_HEADER)
        writer.writerows(rows)
    return path


def run(db: Database, kind: str, event_id: int, path: Path, **options: Any) -> Any:
    function = nominations_import.import_nominations if kind == "nominations" else sponsor_import.import_sponsors
    with db.session() as session:
        return function(session, event_id=event_id, path=path, **options)


def errors_of(db: Database, kind: str, event_id: int, path: Path, **options: Any) -> list[Any]:
    with pytest.raises(ValidationError) as caught:
        run(db, kind, event_id, path, **options)
    assert caught.value.source == path.name
    return caught.value.errors


def test_nominations_dry_run_stores_nothing_and_counts_as_a_real_run(
    db: Database, db_url: str, event_id: int, tmp_path: Path
) -> None:
    rows = nomination_rows(40)
    rows[5] = {**rows[3], "category": rows[5]["category"]}  # same young person, second category
    path = write_rows(tmp_path / "good.csv", rows)
    before = snapshot(db_url)
    seen: list[tuple[int, int]] = []

    planned = run(db, "nominations", event_id, path, dry_run=True,
                  progress=lambda done, total: seen.append((done, total)))

    assert snapshot(db_url) == before
    assert seen[-1] == (40, 40)
    assert planned.rows == 40
    assert planned.details["new nominees"] == 39
    assert 0 < planned.details["new workers"] <= 40
    real = run(db, "nominations", event_id, path)
    assert real == planned
    assert snapshot(db_url)["nomination"] != before["nomination"]


def test_nominations_dry_run_reports_every_problem_a_real_run_does(
    db: Database, db_url: str, event_id: int, tmp_path: Path
) -> None:
    rows = nomination_rows(12)
    rows[1] = {**rows[1], "nominee_first_name": ""}
    rows[4] = {**rows[4], "category": "Underwater Basketry", "success": words(3)}
    rows[9] = {**rows[9], "nominator_email": "not-an-email"}
    rows[11] = {**rows[10]}  # the same young person twice for one category
    path = write_rows(tmp_path / "bad.csv", rows)
    before = snapshot(db_url)

    planned = errors_of(db, "nominations", event_id, path, dry_run=True)
    assert snapshot(db_url) == before
    real = errors_of(db, "nominations", event_id, path)
    assert snapshot(db_url) == before
    assert planned == real
    assert {(e.row, e.field) for e in planned} == {
        (3, "nominee_first_name"), (6, "category"), (6, "success"),
        (11, "nominator_email"), (13, "nominee_first_name"),
    }


def test_nominations_dry_run_sees_nominations_already_stored(
    db: Database, event_id: int, tmp_path: Path
) -> None:
    rows = nomination_rows(3)
    run(db, "nominations", event_id, write_rows(tmp_path / "first.csv", rows))
    # the same young people and categories, nominated by someone else: clashes
    path = write_rows(tmp_path / "again.csv", [
        {**r, "nominator_name": "Another Worker", "nominator_email": "another@council.example"}
        for r in rows])
    errors = errors_of(db, "nominations", event_id, path, dry_run=True)
    assert [e.row for e in errors] == [2, 3, 4]
    assert all("is already nominated for" in e.message for e in errors)


def test_dry_run_can_be_cancelled(db: Database, db_url: str, event_id: int,
                                  tmp_path: Path) -> None:
    path = write_nominations_csv(tmp_path / "big.csv", 1200)
    before = snapshot(db_url)
    with pytest.raises(Cancelled):
        run(db, "nominations", event_id, path, dry_run=True, cancelled=lambda: True)
    assert snapshot(db_url) == before


def test_sponsors_dry_run_stores_nothing_and_counts_as_a_real_run(
    db: Database, db_url: str, event_id: int, tmp_path: Path
) -> None:
    path = write_sponsors(tmp_path / "sponsors.csv", [
        ("Acme Ltd", "Education Star", "Jo Judge", "jo@acme.example", "Ann", "ann@acme.example",
         ""),
        ("ACME  ltd", "sports hero", "Sam Judge", "sam@acme.example", "", "", ""),
        ("Beta Trust", "Life Changer", "", "", "Bob Beta", "", "0161 496 0000"),
    ])
    before = snapshot(db_url)
    planned = run(db, "sponsors", event_id, path, dry_run=True)
    assert snapshot(db_url) == before
    assert planned.details == {"new sponsors": 2, "sponsorships": 3, "new judges": 2}
    real = run(db, "sponsors", event_id, path)
    assert real == planned
    # A second dry run knows what is now stored: nothing new would be created.
    again = run(db, "sponsors", event_id, path, dry_run=True)
    assert again.details == {"new sponsors": 0, "sponsorships": 0, "new judges": 0}


def test_sponsors_dry_run_finds_problems_only_seen_while_storing(
    db: Database, db_url: str, event_id: int, tmp_path: Path
) -> None:
    # Two judges of one sponsor sharing an email, and a phone number made of letters, are
    # found by the sponsor services while storing, not by the row checks.
    path = write_sponsors(tmp_path / "sponsors.csv", [
        ("Acme Ltd", "Education Star", "Jo Judge", "same@acme.example", "", "", ""),
        ("Acme Ltd", "Sports Hero", "Sam Judge", "same@acme.example", "", "", ""),
        ("Beta Trust", "Life Changer", "", "", "", "", "call reception"),
    ])
    before = snapshot(db_url)
    planned = errors_of(db, "sponsors", event_id, path, dry_run=True)
    assert snapshot(db_url) == before
    real = errors_of(db, "sponsors", event_id, path)
    assert snapshot(db_url) == before
    assert planned == real
    assert [(e.row, e.field) for e in planned] == [(2, "email")]


def test_preview_shows_headings_and_rows_as_written(tmp_path: Path) -> None:
    path = tmp_path / "file.csv"
    path.write_text(
        "Category,Nominee First Name,,Extra\r\n"
        "Education Star,Amira,,x\r\n"
        ",,,\r\n"
        "Sports Hero,=SUM(A1),,\r\n"
        f"Life Changer,{'long ' * 100},,,stray\r\n",
        encoding="utf-8",
    )
    columns, rows = imports.preview_rows(path, "nominations")
    assert columns == ["Category", "Nominee First Name", "(column 3, no heading)", "Extra",
                       "(column 5, no heading)"]
    assert [r.row for r in rows] == [2, 4, 5]  # the blank row 3 is skipped, as imports do
    assert rows[0].cells == ("Education Star", "Amira", "", "x", "")
    assert rows[1].cells[1] == "=SUM(A1)"
    long_cell = rows[2].cells[1]
    assert isinstance(long_cell, str)
    assert len(long_cell) == imports.PREVIEW_CELL_CHARS and long_cell.endswith("…")
    assert rows[2].cells[4] == "stray"


def test_preview_of_xlsx_uses_the_kinds_sheet_and_keeps_dates(tmp_path: Path) -> None:
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Notes"
    book.active.append(["not this sheet"])
    sheet = book.create_sheet("Nominations")
    sheet.append(["category", "nominee_date_of_birth"])
    sheet.append(["Education Star", datetime.datetime(2005, 6, 1)])
    path = tmp_path / "file.xlsx"
    book.save(path)
    columns, rows = imports.preview_rows(path, "nominations")
    assert columns == ["category", "nominee_date_of_birth"]
    assert rows[0].row == 2
    assert rows[0].cells == ("Education Star", datetime.date(2005, 6, 1))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b"%PDF-1.4 something", "is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old-style Excel"),
    ],
)
def test_preview_refuses_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as caught:
        imports.preview_rows(path, "nominations")
    assert caught.value.source == "file.csv"
    assert message in caught.value.errors[0].message


def test_preview_refuses_a_missing_file_and_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        imports.preview_rows(tmp_path / "gone.csv", "nominations")
    (tmp_path / "x.csv").write_text("a\n1\n")
    with pytest.raises(ValidationError, match="not nominations, sponsors or scores"):
        imports.preview_rows(tmp_path / "x.csv", "judges")

"""Property tests for importing nominations: whatever valid rows go in come out, normalised;
any corrupted row is named and nothing is stored; export gives the same names back.

Each example gets its own fresh database in a temporary folder.
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.services.catalogue import create_event
from awards_app.services.transfer.exports import NOMINATION_EXPORT_HEADER
from awards_app.services.transfer.nominations_import import import_nominations

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
REQUIRED = (
    "category", "nominee_first_name", "nominee_last_name", "nominee_date_of_birth",
    "nominator_name", "success", "obstacles",
)
# Ages 16–25 on the ceremony date, 19/03/2027.
OLDEST, YOUNGEST = date(2001, 3, 20), date(2011, 3, 19)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    # Every example builds a database; shrinking a failure could take minutes, so report the
    # first failing example as found (reproduce it with the printed seed).
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Letters a name may be made of: ASCII, accented Latin (composable), other scripts.
LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "éÉèëËïÖöüÜçÇñÑåÅøØłŁžŽšŠőŐßæÆœþÞðαβγΩжЯйЁ王李ṇḍ"
)
YES = ("yes", "y", "true", "t", "1")
NO = ("no", "n", "false", "f", "0")
NOT_ASKED = ("", "not asked", "n/a", "unknown")


def _expected_name(raw: str) -> str:
    """What a stored name must be: NFC, trimmed, inner whitespace as single spaces."""
    return " ".join(unicodedata.normalize("NFC", raw).split())


def _coarse(raw: str) -> str:
    """A deliberately coarse identity for names, so generated nominees never coincide."""
    return "".join(unicodedata.normalize("NFKC", raw).casefold().split())


@st.composite
def names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.text(LETTERS, min_size=1, max_size=8), min_size=1, max_size=3))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(["'", "-", " ", "  ", "’"])) + part
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    pad = st.text(" \t\u00a0", max_size=3)
    return draw(pad) + text + draw(pad)


@st.composite
def answers(draw: st.DrawFn) -> tuple[str, str]:
    """(spelling in the file, stored value)."""
    stored, spelling = draw(st.one_of(
        st.tuples(st.just("yes"), st.sampled_from(YES)),
        st.tuples(st.just("no"), st.sampled_from(NO)),
        st.tuples(st.just("not_asked"), st.sampled_from(NOT_ASKED)),
    ))
    spelling = draw(st.sampled_from([spelling, spelling.upper(), spelling.title()]))
    return draw(st.sampled_from(["", " "])) + spelling + draw(st.sampled_from(["", " "])), stored


def _date_text(value: date, style: int) -> str:
    return [
        value.isoformat(),
        f"{value.year}-{value.month}-{value.day}",
        f"{value:%d/%m/%Y}",
        f"{value.day}/{value.month}/{value.year}",
    ][style]


@dataclass
class Row:
    cells: dict[str, str]
    category: str
    first: str
    last: str
    preferred: str
    dob: date
    consents: tuple[str, str, str]
    aware: str
    out_of_area: bool


@st.composite
def rows(draw: st.DrawFn) -> Row:
    category = draw(st.sampled_from(CATEGORIES))
    first, last = draw(names()), draw(names())
    preferred = draw(st.one_of(st.just(""), names()))
    dob = draw(st.dates(min_value=OLDEST, max_value=YOUNGEST))
    consent = [draw(answers()) for _ in range(3)]
    aware = draw(answers())
    out_of_area = draw(answers())
    words = draw(st.integers(min_value=25, max_value=40))
    cells = {
        "category": draw(st.sampled_from([category, category.lower(), category.upper(),
                                          " " + category.replace(" ", "  ") + " "])),
        "nominee_first_name": first,
        "nominee_last_name": last,
        "nominee_preferred_name": preferred,
        "nominee_date_of_birth": _date_text(dob, draw(st.integers(0, 3))),
        "out_of_area": out_of_area[0],
        "nominator_name": draw(names()),
        "nominator_email": draw(st.sampled_from(["", "worker@council.example"])),
        "nominator_team": draw(st.sampled_from(["", "Leaving Care", "Team Ü"])),
        "success": " ".join(["achieved"] * words),
        "obstacles": " ".join(["overcame"] * words),
        "nominee_voice": draw(st.sampled_from(["", "I did it, \"really\"."])),
        "nominee_aware": aware[0],
        "consent_certificate_name": consent[0][0],
        "consent_public": consent[1][0],
        "consent_photo": consent[2][0],
    }
    expected_first = _expected_name(first)
    return Row(
        cells=cells,
        category=category,
        first=expected_first,
        last=_expected_name(last),
        preferred=_expected_name(preferred) or expected_first,
        dob=dob,
        consents=(consent[0][1], consent[1][1], consent[2][1]),
        aware=aware[1],
        out_of_area=out_of_area[1] == "yes",
    )


row_sets = st.lists(
    rows(), min_size=1, max_size=6,
    unique_by=lambda r: (_coarse(r.cells["nominee_first_name"]),
                         _coarse(r.cells["nominee_last_name"])),
)


def write_file(path: Path, data: list[Row], *, bom: bool, crlf: bool) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(HEADER)
        for r in data:
            writer.writerow([r.cells[h] for h in HEADER])
    return path


@contextmanager
def fresh_event() -> Iterator[tuple[Path, Database, int]]:
    with tempfile.TemporaryDirectory(prefix="awards-prop-") as folder:
        database = open_database(Path(folder) / "awards.sqlite3")
        try:
            with database.session() as session:
                event_id = create_event(session, name="P", year=2027,
                                        ceremony_date="2027-03-19").id
            yield Path(folder), database, event_id
        finally:
            database.close()


def stored_rows(database: Database) -> list[tuple[Any, ...]]:
    assert database.path is not None
    conn = sqlite3.connect(database.path)
    try:
        return conn.execute(
            """
            SELECT c.name, p.first_name, p.last_name, p.preferred_name, p.date_of_birth,
                   p.consent_certificate_name, p.consent_public, p.consent_photo,
                   n.nominee_aware, p.out_of_area
            FROM nomination n
            JOIN nominee p ON p.id = n.nominee_id
            JOIN category c ON c.id = n.category_id
            ORDER BY n.number
            """
        ).fetchall()
    finally:
        conn.close()


def nomination_count(database: Database) -> int:
    assert database.path is not None
    conn = sqlite3.connect(database.path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM nomination").fetchone()[0])
    finally:
        conn.close()


@SETTINGS
@given(data=row_sets, bom=st.booleans(), crlf=st.booleans())
def test_valid_rows_are_stored_exactly_and_normalised(
    data: list[Row], bom: bool, crlf: bool
) -> None:
    with fresh_event() as (folder, database, event_id):
        path = write_file(folder / "nominations.csv", data, bom=bom, crlf=crlf)
        with database.session() as session:
            result = import_nominations(session, event_id=event_id, path=path)
        assert result.rows == len(data)
        assert result.details["nominations"] == len(data)
        assert result.details["new nominees"] == len(data)
        assert stored_rows(database) == [
            (r.category, r.first, r.last, r.preferred, r.dob.isoformat(), *r.consents, r.aware,
             int(r.out_of_area))
            for r in data
        ]
        for stored in stored_rows(database):
            for name in stored[1:4]:
                assert name == name.strip()
                assert unicodedata.is_normalized("NFC", name)


@SETTINGS
@given(data=row_sets, bom=st.booleans(), crlf=st.booleans(), choice=st.data())
def test_a_corrupted_row_is_named_and_nothing_is_stored(
    data: list[Row], bom: bool, crlf: bool, choice: st.DataObject
) -> None:
    bad_indexes = choice.draw(
        st.sets(st.integers(0, len(data) - 1), min_size=1), label="corrupted rows")
    expected: set[tuple[int, str]] = set()
    for index in sorted(bad_indexes):
        column = choice.draw(st.sampled_from(REQUIRED), label=f"blanked column of row {index}")
        data[index].cells[column] = choice.draw(st.sampled_from(["", "  "]), label="blank")
        expected.add((index + 2, column))  # row 1 is the header
    with fresh_event() as (folder, database, event_id):
        path = write_file(folder / "nominations.csv", data, bom=bom, crlf=crlf)
        with pytest.raises(ValidationError) as caught:
            with database.session() as session:
                import_nominations(session, event_id=event_id, path=path)
        found = {(e.row, e.field) for e in caught.value.errors}
        assert expected <= found, caught.value.errors
        assert {e.row for e in caught.value.errors} == {row for row, _ in expected}
        assert caught.value.source == "nominations.csv"
        assert nomination_count(database) == 0


@SETTINGS
@given(data=row_sets, bom=st.booleans(), crlf=st.booleans())
def test_export_csv_gives_the_imported_names_back(
    data: list[Row], bom: bool, crlf: bool
) -> None:
    from awards_app.cli.main import main

    with fresh_event() as (folder, database, event_id):
        path = write_file(folder / "nominations.csv", data, bom=bom, crlf=crlf)
        with database.session() as session:
            import_nominations(session, event_id=event_id, path=path)
        out = folder / "x.csv"
        assert main(["--db", str(database.path), "export", "--out", str(out)]) == 0
        with out.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            exported = [dict(zip(header, line, strict=True)) for line in reader]
    assert tuple(header) == NOMINATION_EXPORT_HEADER
    assert [
        (e["ref"], e["category"], e["nominee_first_name"], e["nominee_last_name"],
         e["nominee_preferred_name"], e["nominee_date_of_birth"], e["consent_public"])
        for e in exported
    ] == [
        (f"N-{i:04d}", r.category, r.first, r.last, r.preferred, r.dob.isoformat(),
         "" if r.consents[1] == "not_asked" else r.consents[1])
        for i, r in enumerate(data, start=1)
    ]

"""A corpus of malformed event JSON files and score files, generated here from a valid
export and a valid score CSV by a list of (description, mutation, where) cases.

Every one must be refused with a ValidationError in plain words naming where the problem is
(the value's path in the event file; the row and column of a score file; "file" when the
file as a whole cannot be read) — never the window's generic "Something went wrong", a
traceback or an exception's name — and must leave every table exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from awards_app.core.errors import AwardsError, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.services import catalogue, certificates, demo, judging, people
from awards_app.services.transfer import exports, score_import
from awards_app.services.transfer.event_json import reader
from tests.factories import award_demo
from tests.services.transfer.malformed import (
    Mutation,
    check_refusal,
    csv_bytes,
    raw,
    snapshot,
    write_mutated,
)

NAN = float("nan")
INF = float("inf")
JUDGE = {"sponsor": "Askew Patel Solicitors LLP", "name": "Eleanor Askew"}


# --- the valid files -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo event after judging day, with three certificates issued, as exported."""
    folder = tmp_path_factory.mktemp("malformed-source")
    database = open_database(folder / "source.sqlite3")
    try:
        event_id = award_demo(database)
        with database.session() as s:
            ids = [r.nomination_id for r in certificates.recipients(s, event_id)]
            certificates.issue(s, event_id, ids[:3])
        path = folder / "event.json"
        with database.session() as s:
            exports.export_event(s, event_id=event_id, path=path)
    finally:
        database.close()
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    """The database files are loaded into: one event and a young person already here."""
    path = tmp_path_factory.mktemp("malformed-office") / "office.sqlite3"
    database = open_database(path)
    with database.session() as s:
        catalogue.create_event(s, name="Spring Awards", year=2027, ceremony_date="2027-03-19")
        people.create_nominee(s, first_name="Tiago", last_name="Ferreira",
                              date_of_birth="2007-12-09")
    yield database, path
    database.close()


def at(document: dict[str, Any], path: str) -> tuple[Any, Any]:
    """The container and key of ``path`` ("nominations[0].success")."""
    parts: list[Any] = []
    for name in path.split("."):
        head, *indexes = name.replace("]", "").split("[")
        parts.append(head)
        parts.extend(int(i) for i in indexes)
    node: Any = document
    for part in parts[:-1]:
        node = node[part]
    return node, parts[-1]


def put(path: str, value: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        node, key = at(document, path)
        node[key] = value
    return mutate


def drop(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        node, key = at(document, path)
        del node[key]
    return mutate


def text(old: str, new: str) -> Mutation:
    """Edit the file's text: replace the first ``old`` with ``new``."""
    return lambda document: raw(document, old, new)


def whole_file(data: bytes) -> Mutation:
    return lambda _document: data


def cut_short(document: dict[str, Any]) -> bytes:
    data = json.dumps(document).encode("utf-8")
    return data[: len(data) // 2]


def latin1_name(document: dict[str, Any]) -> bytes:
    return raw(document, '"Tiago"', '"TIAGO"').replace(b"TIAGO", "Tiagé".encode("latin-1"))


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def nested_text(depth: int) -> Mutation:
    """A nomination's narrative as ``depth`` lists inside each other (written by hand: the
    json module cannot write what it cannot read)."""
    return text('"success": "', '"success": ' + "[" * depth + '"deep"' + "]" * depth
                + ', "was_success": "')


def conflict(**changes: Any) -> Mutation:
    item = {"judge": JUDGE, "nomination": "N-0005", "nominee": None, "kind": "knows",
            "declared_by": "judge", "note": "", "created_at": "2027-01-01T10:00:00", **changes}
    return put("judging.conflicts", [item])


def casting(**changes: Any) -> Mutation:
    item = {"category": "Education Star", "nomination": "N-0005", "position": 1,
            "judge": JUDGE, "reason": "Tie", "decided_at": "2027-01-01T10:00:00", **changes}
    return put("judging.casting_decisions", [item])


SCORE = "judging.scorecards[0].scores.Achievement"

#: (description, mutation, where the refusal must point)
EVENT_CASES: list[tuple[str, Mutation, str]] = [
    # the file as a whole
    ("empty file", whole_file(b""), "file"),
    ("only whitespace", whole_file(b" \n\t\n"), "file"),
    ("cut short half-way", cut_short, "file"),
    ("one closing brace missing", lambda d: json.dumps(d).encode()[:-1], "file"),
    ("text after the object", lambda d: json.dumps(d).encode() + b" {}", "file"),
    ("not UTF-8: a Latin-1 é", latin1_name, "file"),
    ("UTF-16 with its BOM", lambda d: json.dumps(d).encode("utf-16"), "file"),
    ("UTF-8 BOM, then cut short", lambda d: b"\xef\xbb\xbf" + cut_short(d), "file"),
    ("binary garbage", whole_file(bytes(range(256)) * 4), "file"),
    ("single-quoted keys", whole_file(b"{'format': 'awards-app/event'}"), "file"),
    ("10,000 nested lists", whole_file(b"[" * 10_000 + b"]" * 10_000), "file"),
    ("10,000 nested objects", whole_file(b'{"a":' * 10_000 + b"1" + b"}" * 10_000), "file"),
    ("10,000 nested lists in a narrative", nested_text(10_000), "file"),
    ("a JSON array instead of an object", lambda d: json.dumps([d]).encode(), "format"),
    ("a JSON string", whole_file(b'"awards-app/event"'), "format"),
    ("JSON null", whole_file(b"null"), "format"),
    ("UTF-8 BOM and a number", whole_file(b"\xef\xbb\xbf42"), "format"),
    ("another program's format", put("format", "someone-else/event"), "format"),
    ("format missing", drop("format"), "format"),
    ("version as text", put("version", "4"), "version"),
    ("version from the future", put("version", 99), "version"),
    ("version 0", put("version", 0), "version"),
    ("version NaN", put("version", NAN), "version"),
    ("version missing", drop("version"), "version"),
    # the event
    ("event missing", drop("event"), "event"),
    ("event is a list", put("event", []), "event"),
    ("event is null", put("event", None), "event"),
    ("event name null", put("event.name", None), "event.name"),
    ("event name a number", put("event.name", 2027), "event.name"),
    ("event name 10,000 characters", put("event.name", "N" * 10_000), "event.name"),
    ("event name only a zero-width space", put("event.name", "\u200b"), "event.name"),
    ("year as text", put("event.year", "2027"), "event.year"),
    ("year 2**63", put("event.year", 2**63), "event.year"),
    ("year 1e308", put("event.year", 1e308), "event.year"),
    ("year with a fraction", put("event.year", 2027.5), "event.year"),
    ("year true", put("event.year", True), "event.year"),
    ("year of 5,000 digits", text('"year": 2027', '"year": ' + "9" * 5_000), "event.year"),
    ("year 1e400 (Infinity)", text('"year": 2027', '"year": 1e400'), "event.year"),
    ("year given twice", text('"year": 2027', '"year": 2027, "year": 2028'), "event.year"),
    ("next_ref 2**63-1", put("event.next_ref", 2**63 - 1), "event.next_ref"),
    ("next_ref negative", put("event.next_ref", -5), "event.next_ref"),
    ("next_ref Infinity", put("event.next_ref", INF), "event.next_ref"),
    ("min_age -1", put("event.min_age", -1), "event.min_age"),
    ("max_words NaN", put("event.max_words", NAN), "event.max_words"),
    ("tie_breaks as text", put("event.tie_breaks", "obstacles"), "event.tie_breaks"),
    ("tie_breaks of numbers", put("event.tie_breaks", [1, 2]), "event.tie_breaks[0]"),
    ("normalised_results 'yes'", put("event.normalised_results", "yes"),
     "event.normalised_results"),
    ("ceremony date a number", put("event.ceremony_date", 20270319), "event.ceremony_date"),
    ("status an object", put("event.status", {}), "event.status"),
    ("nominations given twice", text('"nominations": [', '"nominations": [], "nominations": ['),
     "nominations"),
    # categories and criteria
    ("categories an object", put("categories", {}), "categories"),
    ("a category is text", put("categories[0]", "Education Star"), "categories[0]"),
    ("a category without a name", drop("categories[0].name"), "categories[0].name"),
    ("winners_count -1", put("categories[0].winners_count", -1), "categories[0].winners_count"),
    ("winners_count 2**63", put("categories[0].winners_count", 2**63),
     "categories[0].winners_count"),
    ("criteria as text", put("categories[0].criteria", "Achievement"), "categories[0].criteria"),
    ("weight as text", put("categories[0].criteria[0].weight", "heavy"),
     "categories[0].criteria[0].weight"),
    ("weight Infinity", put("categories[0].criteria[0].weight", INF),
     "categories[0].criteria[0].weight"),
    ("scale_max a million", put("categories[0].criteria[0].scale_max", 10**6),
     "categories[0].criteria[0].scale_max"),
    ("lead judge as text", put("categories[0].lead_judge", "Eleanor Askew"),
     "categories[0].lead_judge"),
    ("active 'yes'", put("categories[0].active", "yes"), "categories[0].active"),
    ("confirmed at year 1 in another zone",
     put("categories[0].results_confirmed_at", "0001-01-01T00:00:00+01:00"),
     "categories[0].results_confirmed_at"),
    # sponsors and judges
    ("a judge's name is a list", put("sponsors[0].judges[0].name", []),
     "sponsors[0].judges[0].name"),
    ("sponsored categories of numbers", put("sponsors[0].categories", [3]),
     "sponsors[0].categories[0]"),
    ("logo a number", put("sponsors[0].logo", 42), "sponsors[0].logo"),
    ("judges an object", put("sponsors[0].judges", {"name": "Eleanor"}), "sponsors[0].judges"),
    # workers and young people
    ("a worker is null", put("workers[0]", None), "workers[0]"),
    ("a worker's email a number", put("workers[0].email", 5), "workers[0].email"),
    ("a worker without a key", drop("workers[0].key"), "workers[0].key"),
    ("date of birth a number", put("nominees[0].date_of_birth", 20071209),
     "nominees[0].date_of_birth"),
    ("date of birth not a date", put("nominees[0].date_of_birth", "2007-02-30"),
     "nominees[0].date_of_birth"),
    ("first name an object", put("nominees[0].first_name", {"x": 1}), "nominees[0].first_name"),
    ("consent 7", put("nominees[0].consent_public", 7), "nominees[0].consent_public"),
    ("a NUL in a name", put("nominees[0].first_name", "Ti\x00ago"), "nominees[0].first_name"),
    ("a lone surrogate in a name", text('"Ferreira"', '"Ferr\\ud800eira"'),
     "nominees[0].last_name"),
    ("nominees null", put("nominees", None), "nominees"),
    # nominations
    ("nominations as text", put("nominations", "none"), "nominations"),
    ("ref a number", put("nominations[0].ref", 5), "nominations[0].ref"),
    ("ref beyond any event", put("nominations[0].ref", "N-99999999999999999999"),
     "nominations[0].ref"),
    ("narrative a number", put("nominations[0].success", 12), "nominations[0].success"),
    ("narrative 300 lists deep", nested_text(300), "nominations[0].success"),
    ("narrative of a million characters", put("nominations[0].success", "a " * 500_000),
     "nominations[0].success"),
    ("nominee missing", drop("nominations[0].nominee"), "nominations[0].nominee"),
    ("nominee_aware a list", put("nominations[0].nominee_aware", []),
     "nominations[0].nominee_aware"),
    ("created_at a number", put("nominations[0].created_at", 0), "nominations[0].created_at"),
    ("a nomination is a list", put("nominations[1]", ["N-0002"]), "nominations[1]"),
    # judging
    ("judging a list", put("judging", []), "judging"),
    ("scores a list", put("judging.scorecards[0].scores", [9, 5, 6]),
     "judging.scorecards[0].scores"),
    ("a score 2**63", put(SCORE, 2**63), SCORE),
    ("a score as text", put(SCORE, "9"), SCORE),
    ("a score with a fraction", put(SCORE, 9.5), SCORE),
    ("a score negative", put(SCORE, -3), SCORE),
    ("a score NaN", put(SCORE, NAN), SCORE),
    ("a score null", put(SCORE, None), SCORE),
    ("a scorecard's judge as text", put("judging.scorecards[0].judge", "Eleanor Askew"),
     "judging.scorecards[0].judge"),
    ("scored at year 1 in another zone",
     put("judging.scorecards[0].scored_at", "0001-01-01T00:00:00+01:00"),
     "judging.scorecards[0].scored_at"),
    ("submitted_at a number", put("judging.submissions[0].submitted_at", 1),
     "judging.submissions[0].submitted_at"),
    ("a placement's score NaN", put("judging.placements[0].score", NAN),
     "judging.placements[0].score"),
    ("a placement's score 1e308", put("judging.placements[0].score", 1e308),
     "judging.placements[0].score"),
    ("a placement's rank 0", put("judging.placements[0].rank", 0), "judging.placements[0].rank"),
    ("a conflict's kind a number", conflict(kind=5), "judging.conflicts[0].kind"),
    ("a conflict's judge missing", conflict(judge=None), "judging.conflicts[0].judge"),
    ("a casting position as text", casting(position="first"),
     "judging.casting_decisions[0].position"),
    ("a casting position 2**63", casting(position=2**63),
     "judging.casting_decisions[0].position"),
    # certificates
    ("certificates an object", put("certificates", {}), "certificates"),
    ("qr_mask 8", put("certificates[0].qr_mask", 8), "certificates[0].qr_mask"),
    ("print_count -1", put("certificates[0].print_count", -1), "certificates[0].print_count"),
    ("event_year 2**63", put("certificates[0].event_year", 2**63), "certificates[0].event_year"),
    ("a certificate's log as text", put("certificates[0].log", "issued"), "certificates[0].log"),
    ("a log seq 1e400", lambda d: raw(d, f'"seq": {d["certificates"][0]["log"][0]["seq"]},',
                                      '"seq": 1e400,'), "certificates"),
    ("a log seq of 100 digits", put("certificates[0].log[0].seq", 10**99),
     "certificates[0].log[0].seq"),
    ("certificate settings a list", put("certificate_settings", []), "certificate_settings"),
    ("a certificate setting a number", put("certificate_settings", {"page_size": 3}),
     "certificate_settings.page_size"),
]


def test_the_corpus_is_large_enough() -> None:
    assert len(EVENT_CASES) >= 65
    assert len(SCORE_CASES) >= 29
    assert len({d for d, *_ in EVENT_CASES}) == len(EVENT_CASES)
    assert len({d for d, *_ in SCORE_CASES}) == len(SCORE_CASES)


def test_the_unchanged_export_loads(exported: dict[str, Any], tmp_path: Path) -> None:
    """The corpus damages a file that is otherwise good."""
    path = write_mutated(exported, lambda _d: None, tmp_path / "event.json")
    database = open_database(tmp_path / "fresh.sqlite3")
    try:
        with database.session() as s:
            event = reader.import_event(s, path=path)
            assert event.name == exported["event"]["name"]
    finally:
        database.close()


@pytest.mark.parametrize(("description", "mutation", "where"), EVENT_CASES,
                         ids=[c[0] for c in EVENT_CASES])
def test_malformed_event_json_is_refused_naming_where(
    description: str, mutation: Mutation, where: str, exported: dict[str, Any],
    office: tuple[Database, Path], tmp_path: Path,
) -> None:
    database, db_path = office
    path = write_mutated(exported, mutation, tmp_path / "event.json")
    before = snapshot(db_path)
    with pytest.raises(AwardsError) as caught:
        with database.session() as s:
            reader.import_event(s, path=path)
    message = check_refusal(caught.value, where)
    assert "event.json" in message  # the file is named
    assert snapshot(db_path) == before


# --- score files ---------------------------------------------------------------------------


HEADER = ["judge", "nomination_ref", "criterion", "score", "comment"]


@pytest.fixture(scope="module")
def scoring(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The demo event, not yet judged, and valid rows: one judge's scores for one nomination."""
    path = tmp_path_factory.mktemp("malformed-scores") / "scores.sqlite3"
    database = open_database(path)
    with database.session() as s:
        event_id = demo.create_demo_event(s).id
        row = judging.judging_progress(s, event_id)[0]
        item = next(i for i in judging.judge_queue(s, row.judge_id)
                    if i.category_id == row.category_id)
        rows = [[row.judge, item.ref, c.name, str(c.scale_max), ""] for c in item.criteria]
    yield {"database": database, "path": path, "event_id": event_id, "rows": rows}
    database.close()


def cell(row: int, column: str, value: str) -> Any:
    """The rows with one cell changed (``row`` counts from 0, the file's row 2)."""
    def mutate(rows: list[list[str]]) -> list[list[str]]:
        rows[row][HEADER.index(column)] = value
        return rows
    return mutate


def score_file(rows: list[list[str]], change: Any, path: Path) -> Path:
    if isinstance(change, bytes):
        path.write_bytes(change)
    elif isinstance(change, tuple):  # ("xlsx", column, value) in the first row
        import openpyxl

        _kind, column, value = change
        path = path.with_suffix(".xlsx")
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Scores"
        sheet.append(HEADER)
        for i, row in enumerate(rows):
            sheet.append([value if (i, j) == (0, column) else v for j, v in enumerate(row)])
        book.save(path)
    else:
        made = change([list(r) for r in rows])
        path.write_bytes(made if isinstance(made, bytes) else csv_bytes(HEADER, made))
    return path




#: (description, change, where): a change edits the valid rows or writes the whole file
SCORE_CASES: list[tuple[str, Any, str]] = [
    ("score is a word", cell(0, "score", "nine"), "score"),
    ("score with a fraction", cell(0, "score", "7.5"), "score"),
    ("score negative", cell(0, "score", "-3"), "score"),
    ("score of 20 digits", cell(0, "score", "9" * 20), "score"),
    ("score of 5,000 digits", cell(0, "score", "9" * 5000), "score"),
    ("score NaN", cell(0, "score", "NaN"), "score"),
    ("score Infinity", cell(0, "score", "Infinity"), "score"),
    ("score 1e3", cell(0, "score", "1e3"), "score"),
    ("score in Arabic-Indic digits", cell(0, "score", "٣"), "score"),
    ("score a superscript two", cell(0, "score", "²"), "score"),
    ("score hexadecimal", cell(0, "score", "0x7"), "score"),
    ("score two numbers", cell(0, "score", "7 7"), "score"),
    ("score empty", cell(0, "score", ""), "score"),
    ("score above the scale", cell(0, "score", "11"), "score"),
    ("score 0", cell(0, "score", "0"), "score"),
    ("judge empty", cell(0, "judge", ""), "judge"),
    ("judge unknown", cell(0, "judge", "Nobody Known"), "judge"),
    ("judge of 100,000 characters", cell(0, "judge", "J" * 100_000), "judge"),
    ("ref empty", cell(0, "nomination_ref", ""), "nomination_ref"),
    ("ref of 5,000 digits", cell(0, "nomination_ref", "N-" + "9" * 5000), "nomination_ref"),
    ("ref a word", cell(0, "nomination_ref", "first"), "nomination_ref"),
    ("ref not in the event", cell(0, "nomination_ref", "N-9999"), "nomination_ref"),
    ("ref in Arabic-Indic digits", cell(0, "nomination_ref", "N-٣"), "nomination_ref"),
    ("criterion empty", cell(0, "criterion", ""), "criterion"),
    ("criterion unknown", cell(0, "criterion", "Bravery"), "criterion"),
    ("a row repeated", lambda rows: [*rows, rows[0]], "criterion"),
    ("a comment of 10,000 characters", cell(0, "comment", "c" * 10_000), "comment"),
    # a NUL byte makes the file binary: tabular.py refuses the whole file
    ("a NUL in a judge's name", cell(0, "judge", "Elea\x00nor"), "file"),
    ("a row cut short", lambda rows: [*rows[:-1], rows[-1][:2]], "criterion"),
    ("a cell without a heading", lambda rows: [[*rows[0], "extra"], *rows[1:]], "column 6"),
    ("empty file", b"", "file"),
    ("header only", csv_bytes(HEADER, []), "file"),
    ("score column missing", csv_bytes(HEADER[:3], [["a", "N-0001", "b"]]), "header"),
    ("a column twice", csv_bytes([*HEADER, "score"], [["a", "N-0001", "b", "1", "", "2"]]),
     "header"),
    ("binary garbage", bytes(range(256)) * 8, "file"),
    ("a PDF", b"%PDF-1.4\n" + bytes(range(256)), "file"),
    ("UTF-8 BOM and a bad score", lambda rows: cell(0, "score", "ten")(rows), "score"),
    ("a quote never closed", lambda rows: csv_bytes(HEADER, rows)
     + f'{rows[0][0]},{rows[0][1]},"{rows[0][2]},5,\n'.encode(), "criterion"),
    ("a stray quote in a score", cell(0, "score", '7"'), "score"),
    ("XLSX: a score with a fraction", ("xlsx", 3, 7.5), "score"),
    ("XLSX: a score as a date", ("xlsx", 3, date(2027, 3, 19)), "score"),
    ("XLSX: a score as true", ("xlsx", 3, True), "score"),
    ("XLSX: a score 1e308", ("xlsx", 3, 1e308), "score"),
    ("XLSX: a ref as a number", ("xlsx", 1, 5), "nomination_ref"),
    ("XLSX: a judge as a number", ("xlsx", 0, 12), "judge"),
]


@pytest.mark.parametrize(("description", "change", "where"), SCORE_CASES,
                         ids=[c[0] for c in SCORE_CASES])
def test_malformed_score_file_is_refused_naming_row_and_column(
    description: str, change: Any, where: str, scoring: dict[str, Any], tmp_path: Path,
) -> None:
    database: Database = scoring["database"]
    path = score_file(scoring["rows"], change, tmp_path / "scores.csv")
    if description.startswith("UTF-8 BOM"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    before = snapshot(scoring["path"])
    with pytest.raises(AwardsError) as caught:
        with database.session() as s:
            score_import.import_scores(s, event_id=scoring["event_id"], path=path)
    message = check_refusal(caught.value, where)
    assert path.name in message
    error = caught.value
    assert isinstance(error, ValidationError)
    if where not in ("file", "header"):  # a value's problem names its row and column
        found = [e for e in error.errors if e.field == where]
        assert all(e.row is not None and e.row >= 2 for e in found), error.errors
        assert f"Row {found[0].row}, '{where}'" in message
    assert snapshot(scoring["path"]) == before


def test_the_unchanged_score_file_imports(scoring: dict[str, Any], tmp_path: Path) -> None:
    """The corpus damages a file that is otherwise good (checked without storing)."""
    path = tmp_path / "scores.csv"
    path.write_bytes(csv_bytes(HEADER, scoring["rows"]))
    with scoring["database"].session() as s:
        result = score_import.import_scores(s, event_id=scoring["event_id"], path=path,
                                            dry_run=True)
    assert result.rows == len(scoring["rows"]) > 0

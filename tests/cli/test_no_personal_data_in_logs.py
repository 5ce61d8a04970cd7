"""Issue 12, item 3: no log line and no message holds personal data or SQL.

Each test makes `awards import nominations` fail in a different way while importing rows
with marker surnames, dates of birth and emails, then scans what the person saw (stdout,
stderr) and what the log gained for the markers and for SQL words.
"""

from __future__ import annotations

import csv
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from awards_app import logs
from awards_app.db import engine as engine_module
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS
from tests.conftest import CliResult
from tests.factories import nomination_rows

SURNAMES = ("Zqxmarkerone", "Zqxmarkertwo", "Zqxmarkerthree")
DOBS = ("14/02/2007", "2006-11-03", "09/09/2005")
EMAIL = "zqxworker@council.example"
#: every form a marker date could take in a log: as typed, ISO, and as Python prints it
MARKERS = (*SURNAMES, EMAIL, "14/02/2007", "2007-02-14", "2006-11-03", "03/11/2006",
           "2005-09-09", "09/09/2005", "2007, 2, 14", "Zqx")
FORBIDDEN = ("SQL", "INSERT", "parameters", "Traceback", "VALUES")


@pytest.fixture
def marker_csv(tmp_path: Path) -> Path:
    rows = nomination_rows(len(SURNAMES))
    for row, surname, dob in zip(rows, SURNAMES, DOBS, strict=True):
        row["nominee_last_name"] = surname
        row["nominee_date_of_birth"] = dob
        row["nominator_email"] = EMAIL
        row["consent_certificate_name"] = "yes"
    path = tmp_path / "nominations.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS["nominations"]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def ready(cli: Callable[..., CliResult]) -> None:
    result = cli("init", "--event", "Spring Awards", "--year", "2027", "--ceremony-date",
                 "19/03/2027")
    assert result.code == 0, result.err


class LogWatch:
    """What the log files gained since the watch started (every file in the log folder and
    the fallback folder, rotated ones included)."""

    def __init__(self) -> None:
        self.folder = logs.setup_logging().parent
        self.sizes = {p: p.stat().st_size for p in self.folder.glob("awards.log*")}

    def gained(self) -> str:
        for handler in logging.getLogger("awards_app").handlers:
            handler.flush()
        text = []
        for path in sorted(self.folder.glob("awards.log*")):
            data = path.read_text(encoding="utf-8", errors="replace")
            text.append(data[self.sizes.get(path, 0):] if path.name == "awards.log" else data)
        return "".join(text)


@pytest.fixture
def log_watch() -> LogWatch:
    return LogWatch()


@pytest.fixture
def on_nominee_insert() -> Iterator[Callable[[Callable[[Any, str], None]], None]]:
    """Run ``action(cursor, statement)`` just before the import inserts its nominees: a real
    SQLite condition (read-only, full) set on the very connection that writes."""
    actions: list[Callable[[Any, str], None]] = []

    def hook(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
             executemany: bool) -> None:
        # SQLite inserts the rows; PostgreSQL copies them in (db.copying.copy_in)
        if statement.lstrip().upper().startswith(("INSERT INTO NOMINEE", 'COPY "NOMINEE"')):
            for action in actions:
                action(cursor, statement)

    event.listen(Engine, "before_cursor_execute", hook)
    yield actions.append
    event.remove(Engine, "before_cursor_execute", hook)


@pytest.fixture
def parameters_shown() -> Iterator[None]:
    """The worst case: an engine that shows the statement's parameters in its errors (as
    one made without hide_parameters would); the log must still hold none of them."""
    def show(conn: Any) -> None:
        conn.engine.hide_parameters = False

    event.listen(Engine, "engine_connect", show)
    yield
    event.remove(Engine, "engine_connect", show)


def assert_private(*texts: str) -> None:
    problems = [f"{word!r} in {text!r}" for text in texts for word in MARKERS
                if word.casefold() in text.casefold()]
    problems += [f"{word!r} in {text!r}" for text in texts for word in FORBIDDEN if word in text]
    assert not problems, "\n".join(problems)


def run_import(cli: Callable[..., CliResult], path: Path) -> CliResult:
    return cli("import", "nominations", str(path))


def test_the_markers_would_be_seen(cli, ready, marker_csv: Path) -> None:
    """The scan can fail: a successful import lists the surnames with `awards list`."""
    assert run_import(cli, marker_csv).code == 0
    with pytest.raises(AssertionError):
        assert_private(cli("list", "nominees").out)


@pytest.mark.sqlite_only
def test_a_read_only_database(cli, ready, marker_csv, log_watch, on_nominee_insert) -> None:
    on_nominee_insert(lambda cursor, _s: cursor.execute("PRAGMA query_only=ON"))
    result = run_import(cli, marker_csv)
    assert result.code == 1
    assert "could not be written" in result.err and "nothing was saved" in result.err
    assert_private(result.out, result.err, log_watch.gained())


def test_a_read_only_database_with_parameters_shown(
        cli, ready, marker_csv, log_watch, on_nominee_insert, parameters_shown) -> None:
    on_nominee_insert(lambda cursor, _s: cursor.execute("PRAGMA query_only=ON"))
    result = run_import(cli, marker_csv)
    assert result.code == 1
    assert_private(result.out, result.err, log_watch.gained())


@pytest.mark.sqlite_only
def test_a_locked_database(cli, ready, marker_csv, db_path, log_watch,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db_path, timeout=0.1)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run_import(cli, marker_csv)
    finally:
        holder.rollback()
        holder.close()
    assert result.code == 1
    assert result.err.strip(), "the person is told why"
    assert_private(result.out, result.err, log_watch.gained())


@pytest.mark.sqlite_only
def test_a_damaged_database(cli, ready, marker_csv, db_path: Path, log_watch) -> None:
    assert run_import(cli, marker_csv).code == 0  # the markers are in the file now
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - 16, page):  # scribble over every page header
        data[offset:offset + 16] = b"\xff" * 16
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    result = run_import(cli, marker_csv)
    assert result.code != 0
    assert "damaged" in result.err or "not a readable database" in result.err, result.err
    listed = cli("list", "nominees")
    assert_private(result.out, result.err, listed.err, log_watch.gained())


def test_a_full_disk(cli, ready, marker_csv, log_watch, on_nominee_insert,
                     parameters_shown) -> None:
    def full(_cursor: Any, _statement: str) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    on_nominee_insert(full)
    result = run_import(cli, marker_csv)
    assert result.code == 1 and "disk is full" in result.err
    assert_private(result.out, result.err, log_watch.gained())


@pytest.mark.sqlite_only
def test_an_integrity_error_is_logged_without_its_values(
        cli, ready, marker_csv, log_watch, on_nominee_insert, parameters_shown) -> None:
    """An unexpected database refusal is logged (for IT) as its type, SQLite's own words
    and where in the program: not the statement, nor its parameters."""
    def refuse(_cursor: Any, _statement: str) -> None:
        raise sqlite3.IntegrityError("UNIQUE constraint failed: nominee.last_name")

    on_nominee_insert(refuse)
    result = run_import(cli, marker_csv)
    assert result.code == 1 and "Details are in the log" in result.err
    logged = log_watch.gained()
    assert "sqlalchemy.exc.IntegrityError: UNIQUE constraint failed: nominee.last_name" in logged
    assert "awards_app/services/transfer/" in logged  # where it happened, for IT
    assert_private(result.out, result.err, logged)


def test_an_unexpected_error_quoting_the_row(cli, ready, marker_csv, log_watch,
                                             on_nominee_insert) -> None:
    """A bug whose message quotes the row being written (as a driver's or a library's may)."""
    def bug(_cursor: Any, _statement: str) -> None:
        raise ValueError(f"cannot adapt ('Mei', '{SURNAMES[0]}', '2007-02-14', "
                         f"datetime.date(2007, 2, 14), '{EMAIL}')")

    on_nominee_insert(bug)
    result = run_import(cli, marker_csv)
    assert result.code == 1
    logged = log_watch.gained()
    assert "ValueError" in logged
    assert_private(result.out, result.err, logged)


def test_a_library_logging_on_its_own_logger(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Records of loggers without a handler (SQLAlchemy's pool, say) reach stderr through
    Python's last resort, through the same filter."""
    logs.setup_logging()
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as outside pytest
    error = IntegrityError(f"INSERT INTO nominee (last_name) VALUES ('{SURNAMES[1]}')",
                           {"last_name": SURNAMES[1], "dob": "2006-11-03"},
                           sqlite3.IntegrityError("UNIQUE constraint failed: nominee.last_name"))
    logging.getLogger("sqlalchemy.pool.test").error(
        "Exception during reset: %s", error, exc_info=error)
    err = capsys.readouterr().err
    assert "Exception during reset" in err
    assert_private(err)


@pytest.mark.parametrize("text", [
    f"(sqlite3.IntegrityError) UNIQUE constraint failed\n[SQL: INSERT INTO nominee "
    f"(last_name) VALUES (?)]\n[parameters: ('{SURNAMES[0]}',)]",
    f"duplicate key value violates unique constraint \"uq\"\nDETAIL:  Key (last_name)="
    f"({SURNAMES[1]}) already exists.",
    f"invalid input syntax for type date: \"{DOBS[0]}\"",
    f"no such person {EMAIL} born 2006-11-03",
    f"[Errno 28] No space left on device: '/home/x/certificates/{SURNAMES[2]}.pdf'",
])
def test_scrub_text_takes_out_what_may_identify(text: str) -> None:
    scrubbed = logs.scrub_text(text)
    assert scrubbed  # the kind of failure stays readable
    assert_private(scrubbed)


def test_the_engine_hides_parameters(db_path: Path) -> None:
    """The first line of defence (db/engine.py): SQLAlchemy never puts bound values in its
    error text; the log filter is the second."""
    from awards_app.db.engine import open_database

    database = open_database(db_path)
    try:
        assert database.engine.hide_parameters is True
    finally:
        database.close()


@pytest.mark.parametrize(("text", "kept"), [
    ("Please select one from the list", "Please select one from the list"),
    ("cannot write INSERT INTO nominee (last_name) VALUES (?)", "cannot write"),
    ("stale UPDATE nominee SET last_name=? WHERE nominee.id = ?", "stale"),
    ("attempt to write a readonly database\n[SQL: DELETE FROM nominee]", "attempt to write a "
                                                                         "readonly database"),
])
def test_scrub_cuts_statements_not_words(text: str, kept: str) -> None:
    assert logs.scrub_text(text) == kept
    assert logs.scrub_message(text) == kept

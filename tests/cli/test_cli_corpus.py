"""Issue 11, item 7: a generic message is a bug. Every bad command line and every fault
around the database file (read-only, backups folder unusable, full disk) gets a message that
names the problem — never "something went wrong", a traceback or an exception's name — and
nothing is stored."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from awards_app.db import engine as engine_module
from awards_app.db.engine import open_database
from awards_app.services import demo
from tests.conftest import CliResult

GENERIC = ("something went wrong", "Traceback", "Error:", "Exception", "sqlalche.me",
           "[SQL:", "OperationalError", "IntegrityError")
BIG = "99999999999999999999999"


def _digest(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = [conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()
                for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                         "ORDER BY name")]
    finally:
        conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def corpus(tmp: Path, db: Path) -> list[list[str]]:
    """Bad command lines, each with one thing wrong."""
    folder = tmp / "a-folder"
    folder.mkdir(exist_ok=True)
    empty = tmp / "empty.csv"
    empty.write_bytes(b"")
    junk = tmp / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 64)
    junk_json = tmp / "junk.json"
    junk_json.write_text("{ not json", "utf-8")
    existing = tmp / "exists.sqlite3"
    existing.write_bytes(b"x")
    lookalike = tmp / "lookalike.sqlite3"
    open_database(lookalike).close()
    conn = sqlite3.connect(lookalike)
    conn.execute("ALTER TABLE nominee RENAME COLUMN last_name TO surname")
    conn.commit()
    conn.close()
    return [
        ["--event", BIG, "status"], ["--event", "-1", "status"], ["--event", "0", "status"],
        ["--event", "No Such Event", "status"], ["--event", "\u200b", "status"],
        ["--db", "postgresql://u@h/db", "status"], ["--db", "postgresql+psycopg://u@h/d", "status"],
        ["--db", "mysql://u@h/db", "status"], ["--db", "foo://bar", "status"],
        ["--db", str(tmp / "no-such-folder" / "x.sqlite3"), "status"],
        ["--db", str(folder), "status"], ["--db", str(junk), "status"],
        ["--db", str(lookalike), "status"], ["--db", str(empty), "status"],
        ["event", "use", "Nope"], ["event", "use", BIG],
        ["event", "set", "--status", "bogus"], ["event", "set", "--min-words", "-5"],
        ["event", "set", "--min-words", BIG], ["event", "set", "--min-age", BIG],
        ["event", "set", "--max-age", "-3"], ["event", "set", "--ceremony-date", "31/02/2027"],
        ["event", "set", "--ceremony-date", "99999-01-01"], ["event", "set", "--year", "0"],
        ["event", "set", "--year", BIG], ["event", "set", "--name", ""],
        ["event", "set", "--name", "x" * 5000], ["event", "set", "--deadline", "yesterday"],
        ["list", "nominations", "--status", "bogus"], ["list", "nominations", "--category", "Nope"],
        ["list", "bogus"],
        ["withdraw", f"N-{BIG}", "--reason", "x"], ["withdraw", "N-abc", "--reason", "x"],
        ["withdraw", "N-0001", "--reason", ""], ["withdraw", "N-9999", "--reason", "x"],
        ["withdraw", "", "--reason", "x"],
        ["import", "nominations", str(tmp / "missing.csv")], ["import", "nominations", str(folder)],
        ["import", "nominations", str(empty)], ["import", "nominations", str(junk)],
        ["import", "sponsors", str(junk)], ["import", "scores", str(junk)],
        ["import", "scores", str(empty)], ["import", "event", str(junk_json)],
        ["import", "event", str(tmp / "missing.json")], ["import", "event", str(folder)],
        ["export", "--out", str(folder)], ["export", "--out", str(tmp / "x.bogus")],
        ["template", "nominations", "--out", str(folder)], ["template", "bogus", "--out", "x.csv"],
        ["results", "--category", "Nope"], ["results", "--format", "bogus"],
        ["judging-packs", "--out", str(folder), "--judge", "Nobody"],
        ["judging", "pin", "Nobody", "--pin", "1234"],
        ["judging", "submit", "Nobody", "--category", "Nope"],
        ["judging", "confirm", "--category", "Nope"], ["judging", "reopen", "--category", "Nope",
                                                       "--reason", "x"],
        ["judging", "tie-breaks", "--rules", "bogus,rules"],
        ["certificates", "--out", str(tmp / "no-such-folder" / "out.pdf")],
        ["certificates", "--out", str(folder)], ["certificates", "--category", "Nope",
                                                 "--out", str(tmp / "c.pdf")],
        ["verify", "not-a-code"], ["certificate", "revoke", "XXXX-XXXX", "--reason", "x"],
        ["certificate", "name", f"N-{BIG}", "--name", "Someone"],
        ["backup", "--to", str(existing)], ["restore", str(junk)],
        ["restore", str(tmp / "missing.sqlite3")], ["restore", str(db)],
        ["restore", str(empty)], ["restore", str(lookalike)],
    ]


def run(capsys: pytest.CaptureFixture[str], db: Path, args: list[str]) -> CliResult:
    """``awards`` in-process; argparse's own refusals (exit 2 with usage) count too."""
    from awards_app.cli.main import main

    capsys.readouterr()
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as stop:
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def test_every_bad_command_line_gets_a_specific_message_and_stores_nothing(
        capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    database = open_database(db_path)
    with database.session() as s:
        demo.create_demo_event(s)
    database.close()
    before = _digest(db_path)
    lines = corpus(tmp_path, db_path)
    assert len(lines) >= 68
    generic = []
    for args in lines:
        result = run(capsys, db_path, args)
        said = result.err + result.out
        if result.code == 0 or not said.strip() or any(g in said for g in GENERIC):
            generic.append((args[:4], result.code, said[:200]))
    assert generic == []
    assert _digest(db_path) == before


# --- faults around the file ------------------------------------------------------------------


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session() as s:
        demo.create_demo_event(s)
    database.close()
    return db_path


def _clean(result: CliResult) -> bool:
    said = result.err + result.out
    return bool(result.err.strip()) and not any(g in said for g in GENERIC)


@pytest.mark.sqlite_only
def test_a_read_only_database_says_so(cli: Callable[..., CliResult], demo_db: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # query_only stands in for a read-only file (the tests may run as root, whom file
    # permissions do not stop): SQLite refuses the write the same way.
    monkeypatch.setattr(engine_module, "SQLITE_PRAGMAS",
                        (*engine_module.SQLITE_PRAGMAS, "PRAGMA query_only=ON"))
    result = cli("withdraw", "N-0001", "--reason", "moving away")
    assert result.code == 1 and _clean(result)
    assert "could not be written" in result.err and "nothing was saved" in result.err


@pytest.mark.sqlite_only
def test_a_backups_folder_that_is_a_file_says_so(cli: Callable[..., CliResult],
                                                 demo_db: Path) -> None:
    (demo_db.parent / "backups").write_text("not a folder")
    result = cli("backup")
    assert result.code == 1 and _clean(result)
    assert "backups" in result.err


@pytest.mark.sqlite_only
def test_a_missing_backups_folder_is_made(cli: Callable[..., CliResult], demo_db: Path) -> None:
    result = cli("backup")
    assert result.code == 0 and (demo_db.parent / "backups").is_dir()


@pytest.mark.sqlite_only
def test_a_full_disk_during_a_backup_says_so(cli: Callable[..., CliResult], demo_db: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from awards_app.db import backup

    def full(_source: Path, _target: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "copy_database", full)
    result = cli("backup")
    assert result.code == 1 and _clean(result)
    assert "space" in result.err


def test_an_unwritable_log_folder_still_leaves_the_details_somewhere_real(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from awards_app import logs

    blocked = tmp_path / "log-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(logs, "log_dir", lambda: blocked / "log")
    monkeypatch.setattr(logs, "_configured", None)
    monkeypatch.setattr(logs.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    logger = logging.getLogger("awards_app")
    handlers = list(logger.handlers)
    try:
        path = logs.setup_logging()
        assert path.parent.is_dir() and path.parent.parent == tmp_path / "tmp"
        logging.getLogger("awards_app.test").error("a line for IT")
        for handler in logger.handlers:
            handler.flush()
        assert "a line for IT" in path.read_text("utf-8")
    finally:
        for handler in logger.handlers[len(handlers):]:
            logger.removeHandler(handler)
            handler.close()


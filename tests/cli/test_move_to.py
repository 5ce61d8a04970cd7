"""``awards move-to`` between a SQLite file and a PostgreSQL server, and ``awards backup``,
``restore`` and ``check`` on the server (issue 15, items 3 and 6)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from awards_app.cli.main import main
from awards_app.core.errors import DatabaseRestoredError
from awards_app.db import backup, encryption, server_backup
from awards_app.db.engine import open_database
from awards_app.db.models import AuditEntry, Setting
from awards_app.db.upgrade_backup import server_backups_dir
from tests import dbtools, pg
from tests.conftest import CliResult
from tests.db.test_copying import bare_database, digests

pytestmark = pytest.mark.skipif(not pg.server_url(), reason="needs a PostgreSQL test server "
                                                            "(AWARDS_TEST_PG)")


@pytest.fixture
def awards(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
           ) -> Callable[..., CliResult]:
    """``awards --db DB ARGS…`` in-process, no keyboard: ``awards(db, "status")``."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(db: str | Path, *args: str) -> CliResult:
        capsys.readouterr()
        code = main(["--db", str(db), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def demo(tmp_path: Path, awards: Callable[..., CliResult]) -> Path:
    path = tmp_path / "awards.sqlite3"
    assert awards(path, "init", "--demo", "results").code == 0
    return path


@pytest.fixture
def server() -> Iterator[str]:
    with bare_database() as url:
        yield url


def checked(out: str) -> int:
    """How many tables the figures say were copied and checked."""
    return sum(line.endswith("row(s)  checked") for line in out.splitlines())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_move_up_and_back_down_keeps_the_event(awards: Callable[..., CliResult], demo: Path,
                                               server: str, tmp_path: Path) -> None:
    before = sha(demo)
    moved = awards(demo, "move-to", server, "--progress")
    assert moved.code == 0, moved.err
    steps = [line.split()[1] for line in moved.err.splitlines() if line.startswith("progress ")]
    assert steps[0].startswith("0/") and steps[-1].split("/")[0] == steps[-1].split("/")[1]
    assert checked(moved.out) == 27 and "every count and checksum matched" in moved.out
    nominations = dbtools.count(demo, "nomination")
    assert any(line.split()[:4] == ["nomination", str(nominations), "row(s)", "checked"]
               for line in moved.out.splitlines())
    assert "has not been changed" in moved.out
    assert sha(demo) == before
    back = tmp_path / "back.sqlite3"
    assert awards(server, "move-to", str(back)).code == 0
    for what in (("status", "--json"), ("results",), ("list", "nominations")):
        here = awards(demo, *what)
        assert here.code == 0
        assert awards(server, *what).out == here.out == awards(back, *what).out
    assert json.loads(awards(server, "status", "--json").out)["nominations"]
    assert digests(back) == digests(demo)


def test_a_target_with_data_is_refused(awards: Callable[..., CliResult], demo: Path,
                                       tmp_path: Path) -> None:
    with pg.fresh_database() as url:
        assert awards(url, "init", "--event", "Spring Awards", "--year", "2027").code == 0
        before = dbtools.snapshot(url)
        refused = awards(demo, "move-to", url)
        assert refused.code == 1
        assert "is not empty: it already holds data (" in refused.err
        assert "Nothing was copied or changed" in refused.err
        assert dbtools.snapshot(url) == before
    wrong = awards(demo, "move-to", "postgresql+psycopg://nobody@/nowhere?host=/nonexistent")
    assert wrong.code == 1 and "database nowhere" in wrong.err and "Traceback" not in wrong.err


def test_an_encrypted_file_moves_with_its_passphrase(awards: Callable[..., CliResult],
                                                     tmp_path: Path, server: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.sqlite3"
    monkeypatch.setenv(encryption.NEW_PASSPHRASE_VARIABLE, "correct horse battery")
    try:
        assert awards(secret, "init", "--encrypt", "--demo").code == 0
        monkeypatch.delenv(encryption.NEW_PASSPHRASE_VARIABLE)
        encryption.forget_all()
        refused = awards(secret, "move-to", server)
        assert refused.code == 1 and encryption.PASSPHRASE_VARIABLE in refused.err
        monkeypatch.setenv(encryption.PASSPHRASE_VARIABLE, "correct horse battery")
        assert awards(secret, "move-to", server).code == 0
        assert awards(server, "status").out == awards(secret, "status").out
    finally:
        encryption.forget_all()


# --- backups on the server ---------------------------------------------------------------------


def test_backup_restore_and_check_on_the_server(awards: Callable[..., CliResult], demo: Path,
                                                server: str, tmp_path: Path) -> None:
    assert awards(demo, "move-to", server).code == 0
    saved = tmp_path / "saved.sqlite3"
    made = awards(server, "backup", "--to", str(saved))
    assert made.code == 0 and "(checked)" in made.out and checked(made.out) == 27
    assert saved.stat().st_mode & 0o777 == 0o600
    assert digests(saved) == digests(server)
    assert awards(saved, "check").code == 0  # a sound SQLite database of its own
    assert awards(server, "backup", "--to", str(saved)).code == 1  # never over a file

    assert awards(server, "init", "--event", "Spring Awards", "--year", "2028").code == 0
    changed = digests(server)
    assert changed != digests(saved)
    restored = awards(server, "restore", str(saved))
    assert restored.code == 0, restored.err
    assert "is kept at" in restored.out
    safety = Path(restored.out.split("is kept at ")[1].strip().rstrip("."))
    after = digests(server)
    assert {k: v for k, v in after.items() if k != "app_setting"} == \
        {k: v for k, v in digests(saved).items() if k != "app_setting"}
    assert digests(safety) == changed  # what was there, the new event and all
    assert safety.parent == server_backups_dir(server)

    check = awards(server, "check")
    assert check.code == 0, check.err
    assert "schema 0011, every table, column, key and index" in check.out
    assert "as the program wrote it" in check.out


def test_backup_without_a_file_goes_to_the_private_folder(awards: Callable[..., CliResult],
                                                          demo: Path, server: str) -> None:
    assert awards(demo, "move-to", server).code == 0
    made = awards(server, "backup")
    assert made.code == 0
    [file] = server_backups_dir(server).glob("awards-*-manual.sqlite3")
    assert str(file) in made.out and file.stat().st_mode & 0o777 == 0o600
    assert not list(server_backups_dir(server).glob("*.partial"))


def test_check_on_the_server_finds_changes(awards: Callable[..., CliResult], demo: Path,
                                           server: str) -> None:
    assert awards(demo, "move-to", server).code == 0
    dbtools.execute(server, "UPDATE score SET value = value + 1 WHERE id = "
                            "(SELECT MIN(id) FROM score)")
    tampered = awards(server, "check")
    assert tampered.code == 1 and "changed outside the program" in tampered.err
    dbtools.execute(server, "DROP INDEX ix_good_news_story_date")
    broken = awards(server, "check")
    assert broken.code == 1
    assert "index ix_good_news_story_date on good_news is missing" in broken.err


def test_a_restore_is_noticed_by_another_open_session(awards: Callable[..., CliResult],
                                                      demo: Path, server: str,
                                                      tmp_path: Path) -> None:
    assert awards(demo, "move-to", server).code == 0
    saved = tmp_path / "saved.sqlite3"
    assert awards(server, "backup", "--to", str(saved)).code == 0
    other = open_database(server)  # another window, open before the restore
    try:
        with other.session() as session:
            session.add(Setting(key="marker", value="before the restore"))
        assert awards(server, "restore", str(saved)).code == 0
        with pytest.raises(DatabaseRestoredError), other.session() as session:
            session.add(Setting(key="marker2", value="written over a restore?"))
        assert dbtools.tuples(server, "SELECT value FROM app_setting WHERE key LIKE 'marker%'") \
            == []
    finally:
        other.close()


def _aged_copies(of: Path, count: int) -> list[Path]:
    """``count`` copies of the backup ``of`` beside it, an hour apart, older than it."""
    copies = []
    for hours in range(count, 0, -1):
        copy = of.with_name(f"awards-20260101-{hours:06d}-manual.sqlite3")
        shutil.copy(of, copy)
        then = of.stat().st_mtime - hours * 3600
        os.utime(copy, (then, then))
        copies.append(copy)
    return copies


def test_server_backups_are_rotated_as_a_files_are(awards: Callable[..., CliResult],
                                                   demo: Path, server: str) -> None:
    assert awards(demo, "move-to", server).code == 0
    assert awards(server, "backup").code == 0
    folder = server_backups_dir(server)
    [first] = backup.backups_in(folder)
    older = _aged_copies(first, 11)
    stale = folder / "awards-20250101-000000-manual.sqlite3.partial"  # an interrupted backup's
    young = folder / "awards-20260101-999999-manual.sqlite3.partial"  # one under way
    for leftover, age in ((stale, 2 * server_backup.STALE_PARTIAL), (young, 60)):
        leftover.write_bytes(b"half a backup")
        Path(f"{leftover}-wal").write_bytes(b"its journal")
        then = time.time() - age
        os.utime(leftover, (then, then))

    made = awards(server, "backup")
    assert made.code == 0, made.err
    assert "3 older backup(s) removed; kept: the newest 10" in made.out
    assert "1 unfinished copy(ies) left by an interrupted backup removed" in made.out
    kept = backup.backups_in(folder)
    assert len(kept) == 10 and kept[:8] == older[3:] and kept[8] == first
    assert not stale.exists() and not Path(f"{stale}-wal").exists() and young.exists()


def test_a_restore_that_shrinks_the_server_keeps_every_backup(
        awards: Callable[..., CliResult], demo: Path, server: str, tmp_path: Path) -> None:
    """The backups may be the only copies of what the restored database no longer holds."""
    assert awards(demo, "move-to", server).code == 0
    assert awards(server, "backup").code == 0
    folder = server_backups_dir(server)
    [first] = backup.backups_in(folder)
    _aged_copies(first, 11)
    small = tmp_path / "small.sqlite3"
    assert awards(small, "init", "--event", "Spring Awards", "--year", "2028").code == 0
    before = backup.backups_in(folder)

    restored = awards(server, "restore", str(small))
    assert restored.code == 0, restored.err
    after = backup.backups_in(folder)
    assert len(after) == 13 and set(before) < set(after)  # its safety backup added, none lost
    assert backup.content(after[-1]) == backup.content(first)  # the safety backup: the demo
    again = awards(server, "backup")  # its newest backup now holds what it holds: rotated
    assert "older backup(s) removed" in again.out and "kept:" in again.out
    assert "Every older backup was kept" not in again.out


def test_the_stored_results_stay_trusted_after_a_move_both_ways(
        awards: Callable[..., CliResult], demo: Path, server: str, tmp_path: Path) -> None:
    """The check that stored statistics are current reads the same on both databases, so a
    moved event's results are read from what was stored, not computed afresh (and show the
    same figures, to the last digit)."""
    from awards_app.services import events
    from awards_app.services.judging import results_cache

    def fingerprint_and_trust(where: str | Path) -> tuple[str, bool]:
        database = open_database(where)
        try:
            with database.read_session() as session:
                event_id = events.require_current_event(session).id
                return (results_cache.fingerprint(session, event_id),
                        results_cache.trusted(session, event_id))
        finally:
            database.close()

    before = fingerprint_and_trust(demo)
    assert before[1]
    assert awards(demo, "move-to", server).code == 0
    assert fingerprint_and_trust(server) == before
    back = tmp_path / "back.sqlite3"
    assert awards(server, "move-to", str(back)).code == 0
    assert fingerprint_and_trust(back) == before


def test_a_password_typed_into_the_address_is_never_printed(
        awards: Callable[..., CliResult], demo: Path, server: str) -> None:
    """Someone types the password into the server's address: the move works (the test
    server trusts its socket's logins), and nothing printed carries the password."""
    from sqlalchemy.engine import make_url

    typed = make_url(server).set(password="Marker-Pass-4417").render_as_string(
        hide_password=False)
    moved = awards(demo, "move-to", typed)
    assert moved.code == 0, moved.err
    assert "Marker-Pass-4417" not in moved.out + moved.err
    address = make_url(server).render_as_string(hide_password=False)
    assert f'give --db "{address}"' in moved.out  # what to type next, without it


def test_a_backup_made_while_others_save_holds_one_moment_of_the_server(
        demo: Path, server: str, tmp_path: Path, awards: Callable[..., CliResult]) -> None:
    """Others keep saving while the backup is written: the backup holds each of their saves
    whole or not at all (every save writes a row in each of two tables, which the backup
    copies one after the other), and the saves went on meanwhile (a backup takes no lock
    that stops them)."""
    import threading

    assert awards(demo, "move-to", server).code == 0
    stop, saved = threading.Event(), [0]

    def keep_saving() -> None:
        other = open_database(server)  # another PC
        try:
            while not stop.is_set():
                n = saved[0]
                with other.session() as session:
                    session.add(Setting(key=f"save {n}", value="x"))
                    session.add(AuditEntry(action="test", entity="save", summary=f"save {n}"))
                saved[0] = n + 1
        finally:
            other.close()

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        while saved[0] < 5:
            time.sleep(0.01)
        at_start = saved[0]
        database = open_database(server)
        try:
            made = server_backup.backup_server(database, to=tmp_path / "during.sqlite3").path
        finally:
            database.close()
        at_end = saved[0]
    finally:
        stop.set()
        writer.join(timeout=30)
    assert at_end > at_start  # saving went on while the backup was written
    settings = {key for (key,) in dbtools.tuples(
        made, "SELECT key FROM app_setting WHERE key LIKE 'save %'")}
    audited = {said for (said,) in dbtools.tuples(
        made, "SELECT summary FROM audit_entry WHERE entity = 'save'")}
    assert settings == audited  # never half a save
    assert len(settings) >= at_start  # and every save committed before it began

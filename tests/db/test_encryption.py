"""Encryption at rest (issue 12, item 4): a SQLCipher database, its WAL and its backups hold
none of the data in readable form; a wrong passphrase is refused in plain words; re-keying and
decrypting work; opening, checking, backing up and restoring all work on an encrypted file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from awards_app.core.errors import DamagedDatabaseError, DatabaseError
from awards_app.db import backup, encryption, restore
from awards_app.db.engine import open_database
from awards_app.services import catalogue, nominations
from tests.conftest import NARRATIVE

SURNAME = "Zqxmarker"
STORY = "Quillonmarker"
SECOND = "Vexmarkertwo"
PASS = "correct horse battery"
OTHER = "staple tulip lantern"


@pytest.fixture(autouse=True)
def _no_passphrases() -> Iterator[None]:
    encryption.forget_all()
    yield
    encryption.forget_all()


def _markers(data: bytes) -> list[str]:
    return [m for m in (SURNAME, STORY, SECOND) if m.encode() in data]


def _everything(path: Path) -> bytes:
    """The database file and whatever lies beside it (-wal, -shm, -journal)."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def _add_nomination(path: Path, surname: str) -> None:
    """One nomination whose nominee's surname and narrative are markers (an event first, when
    there is none)."""
    from awards_app.services import events, people
    from awards_app.services.catalogue.categories import list_categories

    database = open_database(path)
    try:
        with database.session() as session:
            current = events.current_event(session)
            event_id = current.id if current is not None else catalogue.create_event(
                session, name="Spring Awards", year=2027, ceremony_date="2027-03-19").id
            nominee = people.create_nominee(session, first_name="Ada", last_name=surname,
                                            date_of_birth="2006-04-02")
            nominations.create_nomination(
                session, event_id=event_id, category_id=list_categories(session, event_id)[0].id,
                nominee_id=nominee.id, success=f"{STORY} {NARRATIVE}", obstacles=NARRATIVE)
    finally:
        database.close()


def _surnames(path: Path) -> list[str]:
    database = open_database(path)
    try:
        with database.read_session() as session:
            from sqlalchemy import text

            return [str(r[0]) for r in session.execute(
                text("SELECT last_name FROM nominee ORDER BY id"))]
    finally:
        database.close()


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    """A plain database holding the markers, with one backup of it."""
    path = tmp_path / "awards.sqlite3"
    _add_nomination(path, SURNAME)
    backup.backup_database(path)
    assert _markers(_everything(path)), "the markers must be readable before encryption"
    assert all(_markers(b.read_bytes()) for b in backup.list_backups(path))
    return path


def test_markers_are_absent_from_the_encrypted_database_its_wal_and_backups(plain: Path) -> None:
    change = backup.change_encryption(plain, PASS)
    assert encryption.is_encrypted(plain)
    assert sorted(p.name for p in plain.parent.iterdir() if p.is_file()) == [plain.name], \
        "no plaintext -wal, -shm or staged copy may linger beside it"
    assert change.safety is not None and change.safety in change.converted
    assert change.left == []
    # writing to it afterwards puts the new data in an (encrypted) WAL
    database = open_database(plain)  # kept open: the -wal stays on disk while we read it
    try:
        _add_nomination(plain, SECOND)
        wal = Path(f"{plain}-wal")
        assert wal.exists() and wal.stat().st_size > 0
        assert _markers(wal.read_bytes()) == []
        assert _markers(_everything(plain)) == []
    finally:
        database.close()
    backup.backup_database(plain)
    copies = backup.list_backups(plain)
    assert len(copies) == 3  # the first, the safety copy, the new one
    for copy in copies:
        assert encryption.is_encrypted(copy), copy.name
        assert _markers(copy.read_bytes()) == [], copy.name
    assert _surnames(plain) == [SURNAME, SECOND]


def test_an_encrypted_file_asks_for_its_passphrase_and_a_wrong_one_is_refused_plainly(
        plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    encryption.forget_all()
    with pytest.raises(encryption.PassphraseNeededError) as needed:
        open_database(plain)
    assert not isinstance(needed.value, DamagedDatabaseError)
    assert "encrypted" in str(needed.value) and "AWARDS_DB_PASSPHRASE" in str(needed.value)
    encryption.remember_passphrase(plain, OTHER)
    with pytest.raises(encryption.WrongPassphraseError) as wrong:
        open_database(plain)
    message = str(wrong.value)
    assert message.startswith("That passphrase does not open this database")
    for leak in (OTHER, "sqlcipher", "Error", "SELECT", "PRAGMA", "Traceback", "not a database"):
        assert leak not in message
    with pytest.raises(encryption.WrongPassphraseError):
        encryption.unlock(plain, OTHER)
    encryption.unlock(plain, PASS)
    assert _surnames(plain) == [SURNAME]
    assert not backup.damage_mark_path(plain).exists()  # never taken for damage


def test_the_passphrase_is_in_no_url_or_message(plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    database = open_database(plain)
    try:
        shown = " ".join([database.url, repr(database.engine.url), str(database.engine.url),
                          database.display_name, repr(database)])
        assert PASS not in shown
        assert encryption._raw_key(PASS, plain.read_bytes()[:16]) not in shown
    finally:
        database.close()


def test_rekey_refuses_the_old_passphrase_and_opens_with_the_new(plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    change = backup.change_encryption(plain, OTHER)
    assert len(change.converted) == 3  # the first backup and two safety copies
    encryption.forget_all()
    assert not encryption.passphrase_opens(plain, PASS)
    assert encryption.passphrase_opens(plain, OTHER)
    for copy in backup.list_backups(plain):
        assert not encryption.passphrase_opens(copy, PASS)
        assert encryption.passphrase_opens(copy, OTHER)
    encryption.remember_passphrase(plain, OTHER)
    assert _surnames(plain) == [SURNAME]


def test_decrypt_gives_a_plain_file_that_plain_sqlite_reads(plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    backup.change_encryption(plain, None)
    assert not encryption.is_encrypted(plain)
    encryption.forget_all()
    conn = sqlite3.connect(plain)
    try:
        assert [r[0] for r in conn.execute("SELECT last_name FROM nominee")] == [SURNAME]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert all(not encryption.is_encrypted(copy) for copy in backup.list_backups(plain))


def test_older_backups_can_be_left_as_they_were(plain: Path) -> None:
    change = backup.change_encryption(plain, PASS, convert_backups=False)
    assert change.converted == [] and len(change.left) == 2
    assert all(_markers(copy.read_bytes()) for copy in change.left)  # as they were: plain


def test_restore_check_and_rotation_work_on_an_encrypted_database(plain: Path) -> None:
    backup.change_encryption(plain, PASS, convert_backups=False)
    plain_backup = backup.list_backups(plain)[0]
    encrypted_backup = backup.backup_database(plain)
    _add_nomination(plain, SECOND)
    assert backup.integrity_errors(plain) == []
    assert backup.newest_sound_backup(plain) == encrypted_backup
    # an encrypted backup restored into the encrypted database
    restored = restore.restore_database(plain, encrypted_backup)
    assert restored.safety is not None and encryption.is_encrypted(restored.safety)
    assert _surnames(plain) == [SURNAME]
    # a plain (older) backup restored into it: the database stays encrypted
    restore.restore_database(plain, plain_backup)
    assert encryption.is_encrypted(plain)
    assert _markers(_everything(plain)) == []
    assert _surnames(plain) == [SURNAME]
    assert backup.rotate_backups(plain).kept_all_because == ""
    encryption.forget_all()
    newest = backup.newest_sound_backup(plain)  # encrypted ones need the passphrase now
    assert newest is not None and not encryption.is_encrypted(newest)
    with pytest.raises(DatabaseError):
        backup.integrity_errors(plain)


def test_damage_inside_an_encrypted_database_is_called_damage(plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    size = plain.stat().st_size
    assert size >= 4 * 4096
    with plain.open("r+b") as handle:  # a page in the middle: its authentication fails
        handle.seek(size // 2 // 4096 * 4096 + 100)
        handle.write(b"\x00" * 64)
    assert backup.integrity_errors(plain) != []
    with pytest.raises(DamagedDatabaseError):
        open_database(plain)


def test_encryption_is_not_changed_while_another_program_has_it_open(
        plain: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encryption, "EXCLUSIVE_WAIT_MS", 300)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(plain)!r})\n"
         "c.execute('PRAGMA journal_mode=WAL'); c.execute('SELECT 1 FROM nominee').fetchall()\n"
         "print('ready', flush=True); sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseError, match="open in another window or command"):
            encryption.change_encryption(plain, PASS)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(10)
    assert not encryption.is_encrypted(plain)
    assert _surnames(plain) == [SURNAME]


def test_a_new_database_is_created_encrypted_when_a_passphrase_waits_for_it(
        tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    encryption.remember_passphrase(path, PASS)
    _add_nomination(path, SURNAME)
    assert encryption.is_encrypted(path)
    assert _markers(_everything(path)) == []
    assert encryption.new_passphrase_problem("short") is not None
    assert encryption.new_passphrase_problem(PASS, PASS + "x") is not None
    assert encryption.new_passphrase_problem(PASS, PASS) is None


def test_an_encrypted_backup_restored_into_a_decrypted_database_is_stored_plainly(
        plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    encrypted_backup = backup.backup_database(plain)
    _add_nomination(plain, SECOND)
    backup.change_encryption(plain, None, convert_backups=False)
    assert encryption.is_encrypted(encrypted_backup)
    restore.restore_database(plain, encrypted_backup)  # the passphrase is still known here
    assert not encryption.is_encrypted(plain)
    assert _surnames(plain) == [SURNAME]


def test_the_new_file_is_as_private_as_the_old_one(plain: Path) -> None:
    import os
    import stat

    os.chmod(plain, 0o600)
    first = backup.list_backups(plain)[0]
    os.chmod(first, 0o600)
    backup.change_encryption(plain, PASS)
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600
    assert encryption.is_encrypted(first) and stat.S_IMODE(first.stat().st_mode) == 0o600


def test_a_backup_under_an_older_passphrase_asks_for_that_passphrase(plain: Path) -> None:
    backup.change_encryption(plain, PASS)
    backup.change_encryption(plain, OTHER, convert_backups=False)
    older = backup.list_backups(plain)[0]
    encryption.forget_all()
    encryption.remember_passphrase(plain, OTHER)
    with pytest.raises(encryption.PassphraseNeededError):  # not "wrong": none was given
        backup.validate_backup_file(older)
    assert backup.newest_sound_backup(plain) != older
    encryption.unlock(older, PASS)
    restore.restore_database(plain, older)
    assert encryption.passphrase_opens(plain, OTHER)  # the database keeps its passphrase
    assert _surnames(plain) == [SURNAME]

"""``awards encryption …`` and the passphrase on the command line (issue 12, item 4)."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from awards_app.db import backup, encryption
from tests.conftest import CliResult
from tests.factories import nomination_rows, write_nominations_csv

PASS = "correct horse battery"
NEW = "staple tulip lantern"
#: encryption is of a SQLite file; a PostgreSQL server's data is the server's to protect
pytestmark = pytest.mark.sqlite_only

SURNAME = "Zqxmarker"
STORY = "Quillonmarker"


@pytest.fixture
def awards(cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
           ) -> Callable[..., CliResult]:
    """``cli`` as a new process each time: no passphrase remembered, no keyboard."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*args: str, **env: str) -> CliResult:
        encryption.forget_all()
        for name in (encryption.PASSPHRASE_VARIABLE, encryption.NEW_PASSPHRASE_VARIABLE):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return cli(*args)

    return run


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    yield
    encryption.forget_all()


def _marked_csv(tmp_path: Path) -> Path:
    import csv

    from awards_app.services.transfer.imports import TEMPLATE_COLUMNS

    rows = nomination_rows(5)
    rows[0]["nominee_last_name"] = SURNAME
    rows[0]["success"] = f"{STORY} " + rows[0]["success"]
    path = tmp_path / "marked.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS["nominations"]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _raw(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def test_encrypt_then_every_command_works_with_the_passphrase(
        awards: Callable[..., CliResult], db_path: Path, tmp_path: Path) -> None:
    assert awards("init", "--demo").code == 0
    assert awards("import", "nominations", str(_marked_csv(tmp_path))).code == 0
    assert SURNAME.encode() in _raw(db_path)
    assert awards("backup").code == 0

    done = awards("encryption", "encrypt", AWARDS_DB_PASSPHRASE=PASS)
    assert done.code == 0, done.err
    assert "Encrypted" in done.out and "cannot be recovered" in done.out
    assert "2 backup(s)" in done.out
    assert encryption.is_encrypted(db_path)
    for path in [db_path, *backup.list_backups(db_path)]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name  # owner only
        data = path.read_bytes()
        assert SURNAME.encode() not in data and STORY.encode() not in data, path.name

    status = awards("encryption", "status")
    assert status.code == 0 and "is encrypted" in status.out and "2 encrypted, 0 not" in status.out

    listed = awards("list", "nominees", AWARDS_DB_PASSPHRASE=PASS)
    assert listed.code == 0, listed.err
    assert SURNAME in listed.out
    assert awards("results", AWARDS_DB_PASSPHRASE=PASS).code == 0
    more = tmp_path / "more.csv"
    write_nominations_csv(more, 20, seed=99)
    imported = awards("import", "nominations", str(more), AWARDS_DB_PASSPHRASE=PASS)
    assert imported.code == 0, imported.err
    made = awards("backup", AWARDS_DB_PASSPHRASE=PASS)
    assert made.code == 0, made.err
    copy = Path(made.out.split("Backed up to ")[1].split(" (checked)")[0])
    assert encryption.is_encrypted(copy) and SURNAME.encode() not in copy.read_bytes()
    checked = awards("check", AWARDS_DB_PASSPHRASE=PASS)
    assert checked.code == 0 and "integrity ok" in checked.out, checked.err
    restored = awards("restore", str(backup.list_backups(db_path)[0]),
                      AWARDS_DB_PASSPHRASE=PASS)
    assert restored.code == 0, restored.err
    assert encryption.is_encrypted(db_path) and SURNAME.encode() not in _raw(db_path)


def test_no_passphrase_or_a_wrong_one_gets_a_plain_message(
        awards: Callable[..., CliResult], db_path: Path) -> None:
    assert awards("init", "--demo").code == 0
    assert awards("encryption", "encrypt", AWARDS_DB_PASSPHRASE=PASS).code == 0
    missing = awards("list", "nominations")
    assert missing.code == 1
    assert "is encrypted" in missing.err and encryption.PASSPHRASE_VARIABLE in missing.err
    wrong = awards("list", "nominations", AWARDS_DB_PASSPHRASE="not the one at all")
    assert wrong.code == 1
    assert "That passphrase does not open this database" in wrong.err
    assert "Traceback" not in wrong.err and "not the one" not in wrong.err
    assert "damaged" not in wrong.err and not backup.damage_mark_path(db_path).exists()


def test_rekey_refuses_the_old_passphrase_and_decrypt_gives_a_plain_file(
        awards: Callable[..., CliResult], db_path: Path) -> None:
    assert awards("init", "--demo").code == 0
    assert awards("encryption", "encrypt", AWARDS_DB_PASSPHRASE=PASS).code == 0
    short = awards("encryption", "rekey", AWARDS_DB_PASSPHRASE=PASS,
                   AWARDS_DB_NEW_PASSPHRASE="short")
    assert short.code == 2 and "at least" in short.err
    rekeyed = awards("encryption", "rekey", AWARDS_DB_PASSPHRASE=PASS,
                     AWARDS_DB_NEW_PASSPHRASE=NEW)
    assert rekeyed.code == 0, rekeyed.err
    assert awards("status", AWARDS_DB_PASSPHRASE=PASS).code == 1
    assert awards("status", AWARDS_DB_PASSPHRASE=NEW).code == 0
    decrypted = awards("encryption", "decrypt", AWARDS_DB_PASSPHRASE=NEW)
    assert decrypted.code == 0, decrypted.err
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM nomination").fetchone()[0] == 54
    finally:
        conn.close()
    assert awards("encryption", "decrypt").code == 1  # nothing to decrypt, said plainly


def test_a_script_without_a_keyboard_is_told_how_to_give_the_passphrase(
        awards: Callable[..., CliResult], db_path: Path) -> None:
    assert awards("init").code == 0
    assert awards("encryption", "encrypt", AWARDS_DB_PASSPHRASE=PASS).code == 0
    env = {k: v for k, v in os.environ.items()
           if k not in (encryption.PASSPHRASE_VARIABLE, encryption.NEW_PASSPHRASE_VARIABLE)}
    run = subprocess.run([sys.executable, "-m", "awards_app.cli.main", "--db", str(db_path),
                          "event", "list"], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 1
    assert encryption.PASSPHRASE_VARIABLE in run.stderr and "Traceback" not in run.stderr
    env[encryption.PASSPHRASE_VARIABLE] = PASS
    run = subprocess.run([sys.executable, "-m", "awards_app.cli.main", "--db", str(db_path),
                          "event", "list"], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr


def test_init_can_create_the_database_encrypted(awards: Callable[..., CliResult],
                                                db_path: Path) -> None:
    made = awards("init", "--demo", "--encrypt", AWARDS_DB_NEW_PASSPHRASE=PASS)
    assert made.code == 0, made.err
    assert encryption.is_encrypted(db_path)
    assert b"Northbridge" not in db_path.read_bytes()
    assert awards("status", AWARDS_DB_PASSPHRASE=PASS).code == 0
    again = awards("init", "--encrypt", AWARDS_DB_NEW_PASSPHRASE=PASS)
    assert again.code == 1 and "already exists" in again.err


@pytest.mark.parametrize("command", [("encryption", "status"), ("encryption", "encrypt"),
                                     ("encryption", "rekey"), ("encryption", "decrypt"),
                                     ("init", "--encrypt")])
def test_a_shared_database_is_told_its_server_keeps_it(
        cli: Callable[..., CliResult], command: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused before any connection, with words about encryption (not about backups)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    url = "postgresql+psycopg://coordinator@db.council.example/awards"
    done = cli(*command, db=url)
    assert done.code != 0 and done.out == ""
    assert "Encryption with a passphrase is for a database file" in done.err
    assert "server" in done.err and "Backups" not in done.err
    assert "Traceback" not in done.err and "coordinator" not in done.err

"""Encryption at rest with SQLCipher: one place that opens a database file, encrypted or not.

A database (and every backup made of it) may be encrypted with a passphrase (SQLCipher 4,
through the ``sqlcipher3`` package). The passphrase is held in this process's memory only,
for the file it opens: never in a URL, a setting, a file or a log line. Every connection the
program makes to a SQLite file (the engine's, the checks', the backups', the restore's) comes
from :func:`connect`, which keys it.

Keying costs SQLCipher a slow key derivation (PBKDF2-HMAC-SHA512, 256,000 rounds, ≈0.15 s) on
every connection. :func:`connect` derives each file's key once, with the salt SQLCipher keeps
in the file's first 16 bytes, and hands SQLCipher the raw key from then on, so opening a
connection costs what it costs without encryption. The derived key is as secret as the
passphrase and lives in the same place: this process's memory.

Changing the encryption (:func:`change_encryption`) exports the database into a new file
with ``sqlcipher_export`` while holding the database exclusively (no other window or command
may have it open), checks the new file (SQLite's integrity check, every table's rows
counted), and only then puts it in the old file's place. The old file's ``-wal``/``-shm`` are
removed first (their content is in the new file). A checked safety backup is taken before.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from awards_app.core.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
#: SQLCipher 4's defaults, used to derive a file's raw key from its passphrase and salt
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
MIN_PASSPHRASE = 8
#: how long changing the encryption waits for other windows and commands to let go
EXCLUSIVE_WAIT_MS = 5_000
#: the environment variable a script gives the passphrase in (the CLI reads it)
PASSPHRASE_VARIABLE = "AWARDS_DB_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "AWARDS_DB_NEW_PASSPHRASE"


class PassphraseNeededError(DatabaseError):
    """The file is encrypted and no passphrase for it was given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} is encrypted (or is not a database file at all): it opens only with its "
            f"passphrase. In the window you are asked for it; on the command line you are "
            f"prompted, or a script sets the {PASSPHRASE_VARIABLE} environment variable.")


class WrongPassphraseError(DatabaseError):
    """A passphrase was given but it does not open the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"That passphrase does not open this database ({path}). Check it "
                         "(and Caps Lock) and try again. Nothing was changed.")


def _cipher() -> Any:
    """The sqlcipher3 DB-API module, imported on first use (start-up never pays for it);
    SQLCipher's own log (which writes to stderr when a key is wrong) is switched off."""
    import sqlcipher3.dbapi2 as dbapi  # on first use: most databases are not encrypted

    global _cipher_ready
    if not _cipher_ready:
        quiet = dbapi.connect(":memory:")
        try:
            quiet.execute("PRAGMA cipher_log_level = NONE")
        finally:
            quiet.close()
        _cipher_ready = True
    return dbapi


_cipher_ready = False


def errors(kind: str) -> tuple[type[Exception], ...]:
    """SQLite's exception class ``kind`` ("Error", "OperationalError", "DatabaseError") from
    both drivers, for ``except``: an encrypted file's connection is sqlcipher3's."""
    found: list[type[Exception]] = [getattr(sqlite3, kind)]
    try:
        import sqlcipher3.dbapi2 as dbapi  # cheap once loaded; absent only in a broken install
    except ImportError:
        return tuple(found)
    found.append(getattr(dbapi, kind))
    return tuple(found)


# --- passphrases, in memory only ----------------------------------------------------------

_lock = threading.Lock()
_passphrases: dict[str, str] = {}
_raw_keys: dict[tuple[str, bytes], str] = {}


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def remember_passphrase(path: Path, passphrase: str) -> None:
    """Use ``passphrase`` for ``path`` from now on (in this process's memory only)."""
    with _lock:
        _passphrases[_key(path)] = passphrase


def forget_passphrase(path: Path) -> None:
    with _lock:
        _passphrases.pop(_key(path), None)


def forget_all() -> None:
    """Forget every passphrase and derived key (a window closing its database; tests)."""
    with _lock:
        _passphrases.clear()
        _raw_keys.clear()


def known_passphrase(path: Path) -> str | None:
    with _lock:
        return _passphrases.get(_key(path))


def _candidates(path: Path) -> list[str]:
    """The passphrase remembered for ``path`` first, then every other one this process
    knows: a backup or a staged copy is encrypted with its database's passphrase."""
    with _lock:
        own = _passphrases.get(_key(path))
        others = [p for k, p in _passphrases.items() if k != _key(path)]
    ordered = ([own] if own is not None else []) + others
    return list(dict.fromkeys(ordered))


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` looks like a SQLCipher file: not plain SQLite, whole pages long, and
    its first kilobyte as varied as ciphertext is (SQLCipher encrypts even the header). A
    text file, or a SQLite file whose header was wiped, is not taken for one: those are
    damage, and are called that."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    if size < 1024 or size % 512 or head.startswith(SQLITE_HEADER):
        return False
    return len(set(head)) >= 160  # random bytes: ≈250 different values in 1,024


def will_be_encrypted(path: Path) -> bool:
    """An encrypted file, or a new (missing or empty) one with a passphrase waiting for it."""
    if is_encrypted(path):
        return True
    fresh = not path.exists() or path.stat().st_size == 0
    return fresh and known_passphrase(path) is not None


def new_passphrase_problem(passphrase: str, confirm: str | None = None) -> str | None:
    """What is wrong with a new passphrase, in words ("" or None when it will do)."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"The passphrase needs at least {MIN_PASSPHRASE} characters."
    if passphrase != passphrase.strip():
        return "The passphrase starts or ends with a space; remove it (it is easy to forget)."
    if confirm is not None and confirm != passphrase:
        return "The two passphrases are not the same; type them again."
    return None


# --- connections --------------------------------------------------------------------------


def connect(path: Path, *, read_only: bool = False, timeout: float = 5.0,
            isolation_level: str | None = "", check_same_thread: bool = True,
            passphrase: str | None = None, salt: bytes | None = None) -> sqlite3.Connection:
    """A connection to the SQLite file ``path``, keyed when it is encrypted.

    A plain file opens with Python's sqlite3. An encrypted one opens with sqlcipher3 and the
    passphrase given, else the one remembered for it, else any other this process knows
    (the one that works is then remembered for it). A new file with a passphrase (given or
    remembered) is created encrypted, with ``salt`` (a copy reuses its original's, so its
    key need not be derived again) or a new random one. Raises ``PassphraseNeededError`` or
    ``WrongPassphraseError``; the passphrase appears in no message.
    """
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    options: dict[str, Any] = {"timeout": timeout, "isolation_level": isolation_level,
                               "check_same_thread": check_same_thread, "uri": read_only}
    if not is_encrypted(path):
        wanted = passphrase if passphrase is not None else known_passphrase(path)
        fresh = not path.exists() or path.stat().st_size == 0
        if wanted is None or not fresh or read_only:
            return cast(sqlite3.Connection, sqlite3.connect(target, **options))
        conn = _cipher().connect(target, **options)
        new_salt = salt if salt is not None else os.urandom(SALT_BYTES)
        # a raw key and its salt: SQLCipher stores the salt and derives nothing
        conn.execute(f"PRAGMA key = \"x'{_raw_key(wanted, new_salt)}{new_salt.hex()}'\"")
        remember_passphrase(path, wanted)
        return cast(sqlite3.Connection, conn)
    candidates = [passphrase] if passphrase is not None else _candidates(path)
    if not candidates:
        raise PassphraseNeededError(path)
    salt = _salt(path)
    dbapi = _cipher()
    for candidate in candidates:
        conn = dbapi.connect(target, **options)
        try:
            conn.execute(f"PRAGMA key = \"x'{_raw_key(candidate, salt)}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc).lower():
                continue  # the key does not decrypt it: another passphrase
            raise  # locked, unreadable, a disk error: not a question of the passphrase
        except BaseException:
            conn.close()
            raise
        if passphrase is None and candidate != known_passphrase(path):
            remember_passphrase(path, candidate)
        return cast(sqlite3.Connection, conn)
    if passphrase is None and known_passphrase(path) is None:
        raise PassphraseNeededError(path)  # only other files' passphrases were tried
    raise WrongPassphraseError(path)


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the encrypted file ``path`` (a quick read)."""
    try:
        connect(path, read_only=True, passphrase=passphrase).close()
    except WrongPassphraseError:
        return False
    return True


def unlock(path: Path, passphrase: str) -> None:
    """Check ``passphrase`` opens ``path`` and remember it; ``WrongPassphraseError`` if not."""
    if is_encrypted(path) and not passphrase_opens(path, passphrase):
        raise WrongPassphraseError(path)
    remember_passphrase(path, passphrase)


def passphrase_of(path: Path) -> str | None:
    """The passphrase that opens ``path`` (None for a plain file); it is looked for among
    those this process knows, and ``PassphraseNeededError``/``WrongPassphraseError`` say
    when none does."""
    if not is_encrypted(path):
        return None
    connect(path, read_only=True).close()  # finds it and remembers it for this path
    found = known_passphrase(path)
    assert found is not None
    return found


def salt_of(path: Path) -> bytes | None:
    """The salt of an encrypted file (None for a plain one)."""
    return _salt(path) if is_encrypted(path) else None


def _salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def _raw_key(passphrase: str, salt: bytes) -> str:
    """SQLCipher 4's key for this passphrase and salt, derived once per file."""
    with _lock:
        known = _raw_keys.get((passphrase, salt))
    if known is None:
        known = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt,
                                    KDF_ITERATIONS, 32).hex()
        with _lock:
            _raw_keys[(passphrase, salt)] = known
    return known


def _quoted(value: str) -> str:
    """A SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + value.replace("'", "''") + "'"


def attach_key(path: Path, passphrase: str | None) -> str:
    """The ``KEY`` value for ``ATTACH``-ing ``path``: '' for a plain file; for an encrypted
    one (or a new one, given a fresh salt) its raw key, so SQLCipher derives nothing."""
    if passphrase is None:
        return "''"
    salt = _salt(path) if is_encrypted(path) else os.urandom(SALT_BYTES)
    tail = "" if is_encrypted(path) else salt.hex()
    return _quoted(f"x'{_raw_key(passphrase, salt)}{tail}'")


# --- copies in another encryption ---------------------------------------------------------


def table_counts(conn: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
            for name in names}


def export_copy(source: Path, target: Path, *, passphrase: str | None) -> None:
    """Write a checked copy of ``source`` to the new file ``target``, encrypted with
    ``passphrase`` (plain when None), with ``sqlcipher_export``; ``target`` is removed if
    anything fails."""
    target.unlink(missing_ok=True)
    dbapi = _cipher()
    source_key = passphrase_of(source)
    conn = dbapi.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        if source_key is not None:
            conn.execute(f"PRAGMA key = \"x'{_raw_key(source_key, _salt(source))}'\"")
        _export(conn, target, passphrase)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    if passphrase is not None:
        remember_passphrase(target, passphrase)


def _export(conn: Any, target: Path, passphrase: str | None) -> None:
    """Export the database ``conn`` has open into ``target`` and check it there: SQLite's
    integrity check passes and every table holds as many rows as in the source."""
    conn.execute(f"ATTACH DATABASE ? AS out KEY {attach_key(target, passphrase)}",
                 (str(target),))
    try:
        before = table_counts(conn)
        conn.execute("SELECT sqlcipher_export('out')")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA out.user_version = {version}")
        after = table_counts(conn, "out")
        problems = [str(r[0]) for r in conn.execute("PRAGMA out.integrity_check")]
    finally:
        conn.execute("DETACH DATABASE out")
    if problems != ["ok"] or after != before:
        raise DatabaseError(f"The new copy of the database did not match the original "
                            f"({(problems[:1] if problems != ['ok'] else ['rows differ'])[0]}),"
                            " so nothing was changed.")


# --- encrypting, re-keying, decrypting a database --------------------------------------------


@dataclass
class EncryptionChange:
    """What :func:`change_encryption` did."""

    path: Path
    encrypted: bool
    #: the checked copy of the database as it was, in the backups folder
    safety: Path | None = None
    #: backups in the backups folder changed to match the database
    converted: list[Path] = field(default_factory=list)
    #: backups left as they were (another passphrase, or the person chose to keep them)
    left: list[Path] = field(default_factory=list)


def change_encryption(
    path: Path,
    new_passphrase: str | None,
    *,
    convert_backups: bool = True,
    safety_backup: Callable[[Path], Path] | None = None,
    backups: Callable[[Path], list[Path]] | None = None,
) -> EncryptionChange:
    """Encrypt ``path`` with ``new_passphrase``, re-key it, or (``None``) decrypt it.

    ``safety_backup(path)`` takes a checked backup first (db.backup's); then, holding the
    database exclusively, the database is exported into a new file, checked, and put in its
    place; the old file's WAL goes with it. The backups ``backups(path)`` lists that the old
    passphrase opens are changed the same way (their times kept, so rotation still sees
    their age) when ``convert_backups``; the rest are left and listed.
    """
    if not path.is_file():
        raise DatabaseError(f"There is no database at {path}.")
    old = passphrase_of(path)
    change = EncryptionChange(path=path, encrypted=new_passphrase is not None)
    if safety_backup is not None:
        change.safety = safety_backup(path)
    staged = path.with_name(f".{path.name}.new-encryption")
    _replace_exclusively(path, staged, old, new_passphrase)
    if new_passphrase is None:
        forget_passphrase(path)
    else:
        remember_passphrase(path, new_passphrase)
    for copy in (backups(path) if backups is not None else []):
        if convert_backups and _convert_backup(copy, old, new_passphrase):
            change.converted.append(copy)
        else:
            change.left.append(copy)
    return change


def _replace_exclusively(path: Path, staged: Path, old: str | None,
                        new: str | None) -> None:
    """Export ``path`` into ``staged`` (encrypted with ``new``) and put it in its place, all
    while holding ``path`` exclusively (SQLite's exclusive locking mode: no other connection,
    in this process or another, can read or write it until this one closes)."""
    conn = _cipher().connect(str(path), isolation_level=None,
                             timeout=EXCLUSIVE_WAIT_MS / 1000)
    try:
        if old is not None:
            conn.execute(f"PRAGMA key = \"x'{_raw_key(old, _salt(path))}'\"")
        conn.execute(f"PRAGMA busy_timeout={EXCLUSIVE_WAIT_MS}")
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("COMMIT")  # the lock stays: the connection is in exclusive mode
        except errors("OperationalError") as exc:
            raise DatabaseError(
                f"{path} is open in another window or command, so its encryption was not "
                "changed. Close it there (or wait for it to finish) and try again.") from exc
        staged.unlink(missing_ok=True)
        try:
            _export(conn, staged, new)
            # The old file leaves WAL mode: its -wal is checkpointed into it and removed, so
            # nothing of it can be applied to the new file or linger beside it.
            conn.execute("PRAGMA journal_mode=DELETE")
            Path(f"{path}-shm").unlink(missing_ok=True)
            os.chmod(staged, stat.S_IMODE(path.stat().st_mode))  # as private as it was
            if sys.platform == "win32":
                # Windows cannot replace a file that is open: let go of it just before
                conn.close()
            os.replace(staged, path)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    finally:
        conn.close()
    Path(f"{staged}-journal").unlink(missing_ok=True)


def _convert_backup(copy: Path, old: str | None, new: str | None) -> bool:
    """Re-write one backup with the new passphrase if the old one (or none, for a plain
    backup of a plain database) opens it; False when it is left as it was."""
    try:
        if old is None:
            if is_encrypted(copy):
                return False
        elif not is_encrypted(copy) or not passphrase_opens(copy, old):
            return False
        before = copy.stat()
        staged = copy.with_name(f".{copy.name}.new-encryption")
        export_copy(copy, staged, passphrase=new)
        os.chmod(staged, stat.S_IMODE(before.st_mode))
        os.replace(staged, copy)
        os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    except (DatabaseError, OSError) + errors("Error"):
        return False
    return True

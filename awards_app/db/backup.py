"""Backups with SQLite's online backup API, each one checked before it counts."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from awards_app.core.errors import DamagedDatabaseError, DatabaseError
from awards_app.db import encryption, migrate
from awards_app.paths import make_private

KEEP_BACKUPS = 10
BACKUP_PREFIX = "awards-"
BACKUP_SUFFIX = ".sqlite3"


def backups_dir(db_path: Path) -> Path:
    """Backups sit in a ``backups/`` folder beside the database they protect."""
    return db_path.parent / "backups"


def integrity_errors(path: Path) -> list[str]:
    """SQLite's full ``integrity_check``; an empty list means the file is sound. A file that
    cannot be read at all (a disk error, no permission, locked) raises ``DatabaseError``:
    that says nothing about damage; nor does an encrypted file whose passphrase is not known
    (``encryption.PassphraseNeededError``/``WrongPassphraseError``)."""
    try:
        conn = encryption.connect(path, read_only=True)
    except encryption.errors("Error") as exc:
        raise DatabaseError(f"{path} could not be read to check it ({exc}).") from exc
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows
    except encryption.errors("OperationalError") as exc:
        raise DatabaseError(f"{path} could not be read to check it ({exc}).") from exc
    except encryption.errors("DatabaseError") as exc:
        return [str(exc)]
    finally:
        conn.close()


# --- damage, once seen, is remembered ---------------------------------------------------------
# A full integrity check of a large database takes seconds, too long for every command;
# opening runs SQLite's quick check (or the full one for a small file). Whatever finds damage
# (`awards check`, a backup, the window's check in the background) leaves a note beside the
# database, and every program that opens it then opens it read-only, until a sound backup is
# restored or a full check passes.


def damage_mark_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".damaged")


def mark_damaged(db_path: Path, problems: list[str]) -> None:
    try:
        damage_mark_path(db_path).write_text("\n".join(problems[:20]) + "\n", "utf-8")
    except OSError:  # a read-only folder: the damage is still reported where it was found
        pass


def clear_damage_mark(db_path: Path) -> None:
    damage_mark_path(db_path).unlink(missing_ok=True)


def damage_marked(db_path: Path) -> list[str]:
    """The damage a check found and noted, if any (empty when none was noted)."""
    try:
        text = damage_mark_path(db_path).read_text("utf-8")
    except OSError:
        return []
    return [line for line in text.splitlines() if line.strip()] or ["damage was found earlier"]


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` page by page with the backup API, then verify it.

    The copy is written to a temporary file beside ``target`` when ``target`` does not
    exist yet and renamed into place only once checked, so a crash never leaves half a file.
    A copy of an encrypted database is encrypted with the same passphrase.
    """
    if not source.exists():
        raise DatabaseError(f"{source} does not exist.")
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = not target.exists()
    destination = partial_path(target) if fresh else target
    if fresh:
        destination.unlink(missing_ok=True)  # an earlier, killed copy's: never built upon
    src = encryption.connect(source, read_only=True)
    try:
        key = encryption.passphrase_of(source) if fresh else None
        dst = encryption.connect(destination, passphrase=key, salt=encryption.salt_of(source))
        try:
            src.backup(dst)
            if fresh:
                # A standalone backup should not depend on a -wal file beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except encryption.errors("Error") as exc:
        if fresh:
            destination.unlink(missing_ok=True)
        raise DatabaseError(f"Copying {source} to {target} failed: {exc}") from exc
    finally:
        src.close()
    problems = integrity_errors(destination)
    if problems:
        if fresh:
            destination.unlink(missing_ok=True)
        damage = integrity_errors(source)
        if damage:
            mark_damaged(source, damage)  # the damage is the source's: remember it
        raise DamagedDatabaseError(f"The copy at {target} failed its check: {problems[0]}")
    if fresh:
        os.replace(destination, target)


def partial_path(target: Path) -> Path:
    """Where :func:`copy_database` writes a new copy until it has been checked."""
    return target.with_name(target.name + ".partial")


def _unfinished_list(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".unfinished-copies")


def _note_unfinished(db_path: Path, partial: Path, *, add: bool) -> None:
    listed = _unfinished_list(db_path)
    try:
        lines = [line for line in listed.read_text("utf-8").splitlines() if line]
    except OSError:
        lines = []
    lines = [line for line in lines if line != str(partial)] + ([str(partial)] if add else [])
    if lines:
        listed.write_text("\n".join(lines) + "\n", "utf-8")
    else:
        listed.unlink(missing_ok=True)


def _remove_unfinished_copies(db_path: Path) -> int:
    """Remove the unfinished copies earlier backups of this database left outside its
    backups folder when they were stopped (``--to FILE``); returns how many."""
    try:
        lines = _unfinished_list(db_path).read_text("utf-8").splitlines()
    except OSError:
        return 0
    removed = 0
    for line in filter(None, lines):
        leftover = Path(line)
        if leftover.name.endswith(".partial") and leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed += 1
        _note_unfinished(db_path, leftover, add=False)
    return removed


def _unique_backup_path(folder: Path, reason: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{BACKUP_PREFIX}{stamp}-{reason}{BACKUP_SUFFIX}"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{BACKUP_PREFIX}{stamp}-{reason}-{counter}{BACKUP_SUFFIX}"
        counter += 1
    return candidate


def newest_sound_backup(db_path: Path) -> Path | None:
    """The newest backup that passes SQLite's full check (None if there is none); an
    encrypted backup counts only when a passphrase this program was given opens it."""
    for candidate in reversed(list_backups(db_path)):
        try:
            if not integrity_errors(candidate):
                return candidate
        except DatabaseError:  # unreadable, or encrypted with a passphrase not given
            continue
    return None


def list_backups(db_path: Path) -> list[Path]:
    """Backups in the rotation folder, oldest first."""
    return backups_in(backups_dir(db_path))


def backups_in(folder: Path) -> list[Path]:
    """The program's backups in ``folder`` (``awards-STAMP-REASON.sqlite3``), oldest first."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}") if p.is_file()]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


#: rotation keeps the newest KEEP_BACKUPS, plus the newest of each of the last WEEKLY weeks
#: and the newest of each of the last MONTHLY months
WEEKLY = 8
MONTHLY = 12
#: a database holding less than this share of its newest backup's records looks truncated or
#: replaced: rotation then keeps every backup
SHRUNK_BELOW = 0.5


def rotate_backups(db_path: Path, keep: int = KEEP_BACKUPS) -> Rotation:
    """Delete backups no longer needed, keeping a spread over time (the newest ``keep``, one
    a week for two months, one a month for a year) and removing leftover ``.partial`` copies
    of interrupted backups. Deletes nothing when the database looks emptied, damaged or much
    smaller than its newest backup: then the backups may be the only copies of its data."""
    folder = backups_dir(db_path)
    partial = [p for p in folder.glob("*.partial") if p.is_file()] if folder.is_dir() else []
    for leftover in partial:
        leftover.unlink(missing_ok=True)
    return rotate(list_backups(db_path), lambda newest: _doubt_about(db_path, newest),
                  keep=keep, partial=len(partial))


def rotate(files: list[Path], doubt: Callable[[Path], str], *, keep: int = KEEP_BACKUPS,
           partial: int = 0) -> Rotation:
    """Delete those of ``files`` (oldest first) no longer needed, keeping the spread
    :func:`rotate_backups` describes, unless ``doubt`` gives a reason, asked about the
    newest, why the database may have lost data they hold: then every one is kept."""
    if not files:
        return Rotation(removed=[], partial=partial)
    why = doubt(files[-1])
    if why:
        return Rotation(removed=[], partial=partial, kept_all_because=why)
    wanted = set(files[-keep:]) if keep > 0 else set()
    newest = datetime.fromtimestamp(files[-1].stat().st_mtime)
    weeks: dict[int, Path] = {}
    months: dict[int, Path] = {}
    for path in files:  # oldest first: the newest of each week and month wins
        age = newest - datetime.fromtimestamp(path.stat().st_mtime)
        if age.days < 7 * WEEKLY:
            weeks[age.days // 7] = path
        if age.days < 31 * MONTHLY:
            months[age.days // 31] = path
    wanted |= set(weeks.values()) | set(months.values())
    removed = [p for p in files if p not in wanted]
    for old in removed:
        old.unlink(missing_ok=True)
    return Rotation(removed=removed, partial=partial)


@dataclass(frozen=True)
class Rotation:
    removed: list[Path]
    partial: int = 0  # leftover .partial copies removed
    kept_all_because: str = ""

    def said(self) -> list[str]:
        """What the rotation did, in sentences for the person who asked for the backup."""
        lines = []
        if self.kept_all_because:
            lines.append(f"Every older backup was kept: {self.kept_all_because}.")
        elif self.removed:
            lines.append(f"{len(self.removed)} older backup(s) removed; kept: the newest "
                         f"{KEEP_BACKUPS}, one a week for {WEEKLY} weeks and one a month "
                         f"for {MONTHLY} months.")
        if self.partial:
            lines.append(f"{self.partial} unfinished copy(ies) left by an interrupted backup "
                         "removed.")
        return lines


#: what a database holds, for comparing it with its backups
CONTENT_TABLES = ("event", "nominee", "nomination", "score", "certificate", "audit_entry")


def content(path: Path) -> int | None:
    """How many records of the kinds people care about ``path`` holds (None: unreadable)."""
    try:
        conn = encryption.connect(path, read_only=True)
    except (DatabaseError,) + encryption.errors("Error"):
        return None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return sum(int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
                   for table in CONTENT_TABLES if table in tables)
    except encryption.errors("Error"):
        return None
    finally:
        conn.close()


def _doubt_about(db_path: Path, newest_backup: Path) -> str:
    """Why the database may have lost data its backups still hold ("" when none)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return "the database is empty"
    try:
        if integrity_errors(db_path):
            return "the database failed its integrity check"
    except DatabaseError:
        return "the database could not be checked"
    held = content(db_path)
    if held is None:
        return "the database could not be read"
    return shrunk(held, newest_backup)


def shrunk(held: int, newest_backup: Path) -> str:
    """Why a database holding ``held`` records looks truncated or replaced beside its newest
    backup ("" when it does not)."""
    backed = content(newest_backup)
    if backed and held < backed * SHRUNK_BELOW:
        return (f"the database holds much less than its newest backup ({held:,} records "
                f"against {backed:,})")
    return ""


def backup_database(db_path: Path, *, to: Path | None = None, reason: str = "manual",
                    rotate: bool = True) -> Path:
    """Back up ``db_path`` to ``to``, or into the ``backups/`` folder (then rotated, unless
    ``rotate`` is False: the caller rotates and reports)."""
    if not db_path.exists():
        raise DatabaseError(f"There is no database at {db_path} to back up.")
    _remove_unfinished_copies(db_path)
    if to is not None:
        if to.exists():
            raise DatabaseError(f"{to} already exists; choose a new file name.")
        # The unfinished copy beside ``to`` is noted first, so that if this process dies
        # the next backup of this database finds it and removes it.
        _note_unfinished(db_path, partial_path(to), add=True)
        copy_database(db_path, to)
        _note_unfinished(db_path, partial_path(to), add=False)
        return to
    folder = backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = "a file of that name is in the way" if folder.is_file() else exc.strerror
        raise DatabaseError(
            f"The backups folder {folder} cannot be used ({why}); nothing was backed up. "
            "Move that file, or back up with 'awards backup --to FILE'.") from exc
    target = _unique_backup_path(folder, reason)
    copy_database(db_path, target)
    if rotate:
        rotate_backups(db_path)
    return target


def validate_backup_file(path: Path) -> str:
    """Refuse anything that is not a sound Awards App database; return its schema revision."""
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist.")
    problems = integrity_errors(path)
    if problems:
        raise DamagedDatabaseError(f"{path} is not a sound database ({problems[0]}).")
    conn = encryption.connect(path, read_only=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        row = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if "alembic_version" in tables
            else None
        )
    except encryption.errors("DatabaseError") as exc:
        raise DamagedDatabaseError(f"{path} is not a readable database ({exc}).") from exc
    finally:
        conn.close()
    if row is None or not {"event", "nomination"} <= tables:
        raise DatabaseError(f"{path} is not an Awards App database.")
    revision = str(row[0])
    if revision not in migrate.known_revisions():
        raise DatabaseError(f"{path} was made by a newer version of Awards App.")
    return revision


def change_encryption(db_path: Path, new_passphrase: str | None, *,
                      convert_backups: bool = True) -> encryption.EncryptionChange:
    """Encrypt the database with ``new_passphrase``, re-key it, or (None) decrypt it (see
    :func:`encryption.change_encryption`), after a checked safety backup; the backups in its
    backups folder follow it (unless ``convert_backups`` is False), then are rotated."""
    action = ("decrypt" if new_passphrase is None
              else "rekey" if encryption.is_encrypted(db_path) else "encrypt")
    change = encryption.change_encryption(
        db_path, new_passphrase, convert_backups=convert_backups,
        safety_backup=lambda path: backup_database(path, reason=f"before-{action}",
                                                   rotate=False),
        backups=list_backups)
    clear_damage_mark(db_path)  # the new file passed a full check
    rotate_backups(db_path)
    return change


def remove_file(path: Path) -> None:
    """A SQLite file and the journal files beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def finish_copy(build: Path, path: Path) -> None:
    """A copy built at ``build`` made a standalone file (no -wal beside it), checked by
    SQLite, readable by its owner only, then given its name ``path``."""
    conn = encryption.connect(build)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    problems = integrity_errors(build)
    if problems:
        remove_file(build)
        raise DamagedDatabaseError(f"The copy at {path} failed its check ({problems[0]}); "
                                   "it was removed.")
    make_private(build)
    os.replace(build, path)

"""A print run's files on disk, before and after its one write (see ``runs.generate``).

Files are drawn into a hidden, private staging folder ``.awards-print-<run>.partial`` in
each destination folder, with ``run.json`` naming the database and a lock
``.awards-print-<run>.lock`` beside it, held while the run lives. They are flushed before the
run records its prints, renamed into place once that write committed, and removed if it did
not. A killed run's leftovers are settled by the next run into the folder: its ``print_run``
audit entry present, the files move into place; absent, they are deleted; lock still held or
another database named, they are left alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from awards_app.core.errors import AwardsError, DatabaseError, ValidationError
from awards_app.db.models import AuditEntry

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

if TYPE_CHECKING:
    from awards_app.db.engine import Database

__all__ = ["PRINT_RUN", "STAGING", "Staging", "settle_leftovers"]

PRINT_RUN = "print_run"  # the audit entry whose commit makes a run's files final
STAGING = ".awards-print-"  # + run + ".partial" (a hidden folder) or ".lock" (beside it)
_LEFTOVER = re.compile(r"\.awards-print-([0-9a-f]{32})\.(partial|lock)")
_MANIFEST = "run.json"  # in each staging folder: the database that decides the run


@dataclass(frozen=True)
class _Place:
    folder: Path  # where the files go, as the caller named it
    staged: Path  # .awards-print-<run>.partial in it
    lock: Path  # .awards-print-<run>.lock beside that
    fd: int  # the lock, held while the run lives


class Staging:
    """A run's files before its prints are recorded: a hidden, private staging folder in each
    destination folder, locked for as long as the run lives; moved into place by ``finish``
    once the run committed, removed if it did not (see ``runs.generate``)."""

    def __init__(self, database: Database, run: str) -> None:
        self.database, self.run = database, run
        self.places: dict[Path, _Place] = {}  # by resolved destination folder
        self.committing = False  # the recording transaction's commit was attempted
        self.settled = False
        self.moved: list[Path] = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if not self.settled:
                self.settle()
        except OSError:
            pass  # what could not move or go now is settled by the next run into the folder
        finally:
            for place in self.places.values():
                os.close(place.fd)
                if not place.staged.exists():  # kept only when the database could not say
                    place.lock.unlink(missing_ok=True)

    def place(self, folder: Path, *, field: str) -> Path:
        """The staging folder for files bound for ``folder`` (made, locked and named)."""
        key = folder.resolve()
        if key not in self.places:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                lock = folder / f"{STAGING}{self.run}.lock"
                place = _Place(folder, folder / f"{STAGING}{self.run}.partial", lock,
                               _new_lock(lock))
                self.places[key] = place
                place.staged.mkdir(mode=0o700)
                (place.staged / _MANIFEST).write_text(json.dumps(
                    {"run": self.run, "database": self.database.display_name}),
                    encoding="utf-8")
            except OSError as exc:
                raise ValidationError.single(field, f"cannot write to {folder} "
                                                    f"({exc.strerror or exc})") from None
        return self.places[key].staged

    def sync(self) -> None:
        """Everything staged on disk before the commit, so that a committed run never
        refers to pages lost with the power (flushed together: cheaper than one by one)."""
        for place in self.places.values():
            for item in place.staged.iterdir():
                _fsync(item)
            _fsync(place.staged)

    def settle(self) -> bool | None:
        """After a failure: True if the run committed after all (its files are moved into
        place), False if not (they are removed), None if the database cannot say (they stay,
        hidden, for the next run into the folder to settle)."""
        committed = _committed(self.database, self.run) if self.committing else False
        if committed is not None:
            for place in self.places.values():
                self.moved += _settle_folder(place.staged, place.folder, committed=committed)
            self.settled = True
        return committed

    def finish(self, *, first: Path | None) -> list[Path]:
        """After the commit: every staged file moved into place; ``first`` leads the list."""
        if not self.settled:
            self.settled = True  # committed: whatever cannot move now waits for the next run
            for place in self.places.values():
                try:
                    self.moved += _settle_folder(place.staged, place.folder, committed=True)
                except OSError as exc:
                    raise AwardsError(
                        f"The certificates were recorded as printed, but could not be put in "
                        f"{place.folder} ({exc.strerror or exc}). Close any program using "
                        "files there; the next print run into that folder puts them in "
                        "place.") from exc
        if first is None:
            return list(self.moved)
        lead = self.places[first.parent.resolve()].folder / first.name
        return sorted(self.moved, key=lambda path: path != lead)


def settle_leftovers(database: Database, folder: Path) -> list[Path]:
    """Settle the staging folders that killed runs left in ``folder``: move their files into
    place when the run committed, delete them when it did not. Returns the files moved."""
    if not folder.is_dir():
        return []
    moved: list[Path] = []
    for run in sorted({m.group(1) for entry in folder.iterdir()
                       if (m := _LEFTOVER.fullmatch(entry.name))}):
        staged, lock = folder / f"{STAGING}{run}.partial", folder / f"{STAGING}{run}.lock"
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # a run still drawing or recording
            if staged.is_dir():
                owner = _owner(staged)
                if owner not in (None, database.display_name):
                    continue  # only that database knows whether the run committed
                committed = False if owner is None else _committed(database, run)
                if committed is None:
                    continue
                moved += _settle_folder(staged, folder, committed=committed)
        except OSError:
            continue  # a file in use or a folder not writable now: settled another time
        finally:
            os.close(fd)
        if not staged.exists():
            lock.unlink(missing_ok=True)
    return moved


def _owner(staged: Path) -> str | None:
    """The database named in a staging folder, or None when the run died before naming it
    (long before it could commit)."""
    try:
        found = json.loads((staged / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    database = found.get("database") if isinstance(found, dict) else None
    return database if isinstance(database, str) else None


def _committed(database: Database, run: str) -> bool | None:
    """Whether ``run`` recorded its prints; None when the database cannot be read."""
    try:
        with database.read_session() as session:
            return session.scalar(select(AuditEntry.id).where(
                AuditEntry.action == PRINT_RUN,
                AuditEntry.summary.startswith(f"run {run}:")).limit(1)) is not None
    except (DBAPIError, DatabaseError):
        return None


def _settle_folder(staged: Path, folder: Path, *, committed: bool) -> list[Path]:
    """Move a staging folder's finished files into ``folder`` (committed) or drop them."""
    moved = []
    if committed and staged.is_dir():
        for item in sorted(staged.iterdir()):
            if item.name != _MANIFEST and not item.name.endswith(".partial"):
                os.replace(item, folder / item.name)
                moved.append(folder / item.name)
        _fsync(folder)
    shutil.rmtree(staged, ignore_errors=True)
    return moved


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries where the platform allows it (not on Windows)."""
    if path.is_dir() and sys.platform == "win32":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the files themselves are flushed
    finally:
        os.close(fd)


def _new_lock(lock: Path) -> int:
    """Create ``lock`` already locked, so that no other run ever finds it free while this one
    lives (a free lock means a dead run, whose leftovers may be settled)."""
    if sys.platform == "win32":  # there an open file can be neither renamed nor deleted
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        _try_lock(fd)
        return fd
    draft = lock.with_name(lock.name + ".new")  # a name no run looks for
    fd = os.open(draft, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _try_lock(fd)
        os.replace(draft, lock)
    except BaseException:
        os.close(fd)
        draft.unlink(missing_ok=True)
        raise
    return fd


if sys.platform == "win32":
    def _try_lock(fd: int) -> bool:
        """Hold ``fd``'s lock until it is closed; False when another run holds it."""
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    def _try_lock(fd: int) -> bool:
        """Hold ``fd``'s lock until it is closed; False when another run holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

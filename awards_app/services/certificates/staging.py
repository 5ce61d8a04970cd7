"""A print run's files on disk, before and after its one write (see ``runs.generate``).

Every run draws its files in a job folder of the program's own data folder,
``print-runs/<run>/`` (folders 0700, files 0600: they hold young people's names), never
beside the person's own files. ``print-runs/<run>.lock`` is held while the run lives, and
``job.json`` names the database, the destination folders and how far the run got:

- ``drawing``: nothing is recorded and nothing is beside the person's files. A killed run's
  job folder is deleted by the next run.
- ``recording``: the run's one write may be committing; only the database named can say
  whether it did. The next run on that database moves the files into place if it did and
  deletes them if not.
- ``placing``: the write committed and the files are moving into place; the next run moves
  the rest.

A file moves with one rename where the job folder and its destination share a file system.
Elsewhere it is copied to the run's one hidden temporary in the destination folder,
``.awards-print-<run>.part`` (named in ``job.json`` before it can exist), flushed, and
renamed over the final name, one file at a time: so that temporary lives for an instant and
a killed run's is found and removed. Every run, from the window or the command line, first
settles what dead runs left (``settle_leftovers``), whatever their destinations.

``PrivateFolder`` is such a locked, private folder for a file that must not outlive its job
(the PDF the window sends to the printer); a dead process's is removed the same way.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from awards_app.core.errors import AwardsError, DatabaseError, ValidationError
from awards_app.db.models import AuditEntry
from awards_app.paths import data_dir
from awards_app.services.certificates.disk import flush, new_lock, private_folder, try_lock

if TYPE_CHECKING:
    from awards_app.db.engine import Database

__all__ = ["PRINT_RUN", "PrivateFolder", "Staging", "jobs_dir", "settle_leftovers"]

PRINT_RUN = "print_run"  # the audit entry whose commit makes a run's files final
JOBS = "print-runs"  # in the data folder: one job folder and one lock per run
MANIFEST = "job.json"  # in each job folder
DRAWING, RECORDING, PLACING = "drawing", "recording", "placing"
_LEFTOVER = re.compile(r"((?:private-)?[0-9a-f]{32})(?:\.lock)?")


def jobs_dir() -> Path:
    """Where print runs draw their files: private, in the program's own data folder."""
    return data_dir() / JOBS


def beside_name(run: str) -> str:
    """The one hidden temporary a run may have in a destination folder (see the module)."""
    return f".awards-print-{run}.part"


@dataclass(frozen=True)
class _Place:
    folder: Path  # where the files go, as the caller named it
    staged: Path  # their folder inside the job folder

    @property
    def beside(self) -> Path:
        return self.folder / beside_name(self.staged.parent.name)


class Staging:
    """A run's job folder: made and locked on entering; its files moved into place by
    ``finish`` once the run committed, removed if it did not (see ``runs.generate``)."""

    def __init__(self, database: Database, run: str) -> None:
        self.database, self.run = database, run
        self.root = jobs_dir()
        self.job, self.lock = self.root / run, self.root / f"{run}.lock"
        self.places: dict[Path, _Place] = {}  # by resolved destination folder
        self.state = DRAWING
        self.committing = False  # the recording transaction's commit was attempted
        self.settled = False
        self.moved: list[Path] = []
        self._fd: int | None = None

    def __enter__(self) -> Staging:
        try:
            private_folder(self.root)
            self._fd = new_lock(self.lock)
            self.job.mkdir(mode=0o700)
            self._write()
        except OSError as exc:
            if self._fd is not None:
                shutil.rmtree(self.job, ignore_errors=True)
            self._release()
            raise AwardsError(
                f"Nothing was printed: the program's own folder {self.root} could not be "
                f"written ({exc.strerror or exc}). Check that the disk is not full and that "
                "you can write there, then try again.") from None
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if not self.settled:
                self.settle()
        except OSError:
            pass  # what could not move or go now is settled by the next print run
        finally:
            self._release()

    def _release(self) -> None:
        """Unlock; the lock goes too unless the job folder stays for the next run."""
        if self._fd is None:
            return
        try:
            if not self.job.exists():
                self.lock.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None

    def place(self, folder: Path, *, field: str) -> Path:
        """The job's folder for files bound for ``folder``, which is made and checked
        writable now: failing after the prints are recorded would be worse."""
        key = folder.resolve()
        if key not in self.places:
            place = _Place(folder, self.job / str(len(self.places)))
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.places[key] = place
                place.staged.mkdir(mode=0o700)
                self._write()  # names the folder and its temporary before either is used
                os.close(os.open(place.beside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                place.beside.unlink()
            except OSError as exc:
                raise ValidationError.single(field, f"cannot write to {folder} "
                                                    f"({exc.strerror or exc})") from None
        return self.places[key].staged

    def sync(self) -> None:
        """Everything staged on disk before the commit, so that a committed run never
        refers to pages lost with the power (flushed together: cheaper than one by one)."""
        for place in self.places.values():
            for item in place.staged.iterdir():
                flush(item)
            flush(place.staged)

    def recording(self) -> None:
        """Say, before the run's write may commit, that only the database can now tell
        whether it did."""
        if self.state != RECORDING:
            self.state = RECORDING
            self._write()

    def settle(self) -> bool | None:
        """After a failure: True if the run committed after all (its files are moved into
        place), False if not (they are removed), None if the database cannot say (the job
        folder stays for the next run to settle)."""
        committed = run_committed(self.database, self.run) if self.committing else False
        if committed is not None:
            self.moved += _settle_job(self.job, self._places(), committed=committed)
            self.settled = True
        return committed

    def finish(self, *, first: Path | None) -> list[Path]:
        """After the commit: every staged file moved into place; ``first`` leads the list."""
        if not self.settled:
            self.settled = True  # committed: whatever cannot move now waits for the next run
            try:
                self.state = PLACING
                self._write()
                self.moved += _settle_job(self.job, self._places(), committed=True)
            except OSError as exc:
                raise AwardsError(
                    "The certificates were recorded as printed, but could not all be put "
                    f"in place ({exc.strerror or exc}). Close any program using files "
                    "there; the next print run puts them in place.") from exc
        if first is None:
            return list(self.moved)
        lead = self.places[first.parent.resolve()].folder / first.name
        return sorted(self.moved, key=lambda path: path != lead)

    def _places(self) -> list[tuple[Path, Path]]:
        return [(place.staged, place.folder) for place in self.places.values()]

    def _write(self) -> None:
        """``job.json``, replaced whole and flushed: a kill leaves the old or the new."""
        _write_manifest(self.job, {
            "run": self.run, "database": self.database.display_name, "state": self.state,
            "places": [{"folder": str(place.folder.absolute()), "staged": place.staged.name,
                        "temporary": str(place.beside.absolute())}
                       for place in self.places.values()]})


class PrivateFolder:
    """A private folder (0700) in the program's data folder for a file with personal data
    that must not outlive its job, such as the PDF the window sends to the printer: locked
    while this object lives, removed by ``remove`` or, once its process has died, by
    ``settle_leftovers`` (the next print run or start-up). Raises OSError if it cannot be
    made."""

    def __init__(self) -> None:
        root = jobs_dir()
        private_folder(root)
        name = f"private-{uuid.uuid4().hex}"
        self.path, self._lock = root / name, root / f"{name}.lock"
        self._fd: int | None = new_lock(self._lock)
        try:
            self.path.mkdir(mode=0o700)
        except OSError:
            self.remove()
            raise

    def remove(self) -> None:
        """The folder and everything in it gone (again: harmless)."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            try:
                if not self.path.exists():
                    self._lock.unlink(missing_ok=True)
            finally:
                os.close(self._fd)
                self._fd = None


def settle_leftovers(database: Database | None) -> list[Path]:
    """Settle what killed print runs left: files a run recorded as printed are moved into
    place; everything else is removed: the job folders and any temporary beside a
    destination. A run still alive is left alone, and so is one that died while recording
    on another database (or with ``database`` None), until a run on that database asks it.
    A dead process's ``PrivateFolder`` is removed. Returns the files moved into place. Safe
    at start-up and before every run."""
    root = jobs_dir()
    if not root.is_dir():
        return []
    moved: list[Path] = []
    for draft in root.glob("*.lock.new"):  # a run killed while making its lock
        _drop_if_free(draft)
    for run in sorted({m.group(1) for entry in root.iterdir()
                       if (m := _LEFTOVER.fullmatch(entry.name))}):
        job, lock = root / run, root / f"{run}.lock"
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            if not try_lock(fd):
                continue  # a run still drawing or recording
            if run.startswith("private-"):
                shutil.rmtree(job, ignore_errors=True)
            elif job.is_dir():
                moved += _settle_dead(database, job, run)
        except OSError:
            continue  # a file in use or a folder not writable now: settled another time
        finally:
            os.close(fd)
        if not job.exists():
            lock.unlink(missing_ok=True)
    return moved


def _drop_if_free(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return
    try:
        free = try_lock(fd)
    finally:
        os.close(fd)
    if free:
        path.unlink(missing_ok=True)


def _settle_dead(database: Database | None, job: Path, run: str) -> list[Path]:
    manifest = _read_manifest(job)
    state = manifest.get("state")
    committed: bool | None = False  # drawing, or dead before saying anything
    if state == PLACING:
        committed = True
    elif state == RECORDING:
        if database is None or manifest.get("database") != database.display_name:
            return []  # only that database knows; the files stay private meanwhile
        committed = run_committed(database, run)
    if committed is None:
        return []
    places = []
    for entry in manifest.get("places") or []:
        if isinstance(entry, dict) and isinstance(entry.get("folder"), str) and isinstance(
                entry.get("staged"), str) and entry["staged"].isdigit():
            places.append((job / entry["staged"], Path(entry["folder"])))
    return _settle_job(job, places, committed=committed)


def _settle_job(job: Path, places: list[tuple[Path, Path]], *, committed: bool) -> list[Path]:
    """Move a job's files into their folders (committed) or drop them; then remove the job
    folder, its manifest last, so that a kill meanwhile still leaves it findable."""
    moved = []
    for staged, folder in places:
        temporary = folder / beside_name(job.name)
        if committed and staged.is_dir():
            files = sorted(staged.iterdir())
            if files:
                folder.mkdir(parents=True, exist_ok=True)
            for item in files:
                _move(item, folder / item.name, temporary)
                moved.append(folder / item.name)
            flush(folder)
        temporary.unlink(missing_ok=True)
    for item in job.iterdir():
        if item.name != MANIFEST:
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
    (job / MANIFEST).unlink(missing_ok=True)
    job.rmdir()
    return moved


def _move(item: Path, target: Path, temporary: Path) -> None:
    """``item`` to ``target`` with one rename; across file systems through ``temporary``
    beside the target, so that the target is never seen half-written."""
    try:
        os.replace(item, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 0o600)
    with os.fdopen(fd, "wb") as out, item.open("rb") as source:
        shutil.copyfileobj(source, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    item.unlink()


def _write_manifest(job: Path, content: dict[str, Any]) -> None:
    draft = job / (MANIFEST + ".new")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(content, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(draft, job / MANIFEST)
    flush(job)


def _read_manifest(job: Path) -> dict[str, Any]:
    """A job's manifest, or {} when the run died before writing it (long before it could
    commit)."""
    try:
        found = json.loads((job / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def run_committed(database: Database, run: str) -> bool | None:
    """Whether ``run`` recorded its prints; None when the database cannot be read."""
    try:
        with database.read_session() as session:
            return session.scalar(select(AuditEntry.id).where(
                AuditEntry.action == PRINT_RUN,
                AuditEntry.summary.startswith(f"run {run}:")).limit(1)) is not None
    except (DBAPIError, DatabaseError):
        return None

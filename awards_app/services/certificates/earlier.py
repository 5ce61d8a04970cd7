"""What print runs of earlier versions left in destination folders, settled by the next run
into the same folder (runs now draw in the program's own data folder: see ``staging``).

- ``.awards-print-<run>.partial`` (a hidden staging folder naming its database in
  ``run.json``) with its lock ``.awards-print-<run>.lock``: its files move into place when
  that run's prints were recorded, and are deleted when they were not; a lock still held (a
  live run) or another database named leaves it alone.
- ``.certificates-XXXXXXXX/`` folders of PDFs and ``.<name>-XXXXXXXX.part`` files of the
  first versions, which recorded nothing about them: deleted once an hour old (older than
  any run of those versions still going).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from awards_app.services.certificates.disk import flush, try_lock
from awards_app.services.certificates.staging import run_committed

if TYPE_CHECKING:
    from awards_app.db.engine import Database

__all__ = ["settle_earlier_leftovers"]

_STAGED = re.compile(r"\.awards-print-([0-9a-f]{32})\.(partial|lock)")
_FIRST_FOLDER = re.compile(r"\.certificates-[a-z0-9_]{8}")
_FIRST_FILE = r"\.{stem}-[a-z0-9_]{{8}}\.part"
_OLD_ENOUGH = 3600  # seconds: no run of the first versions lasts that long
_MANIFEST = "run.json"


def settle_earlier_leftovers(database: Database, folder: Path, *, stem: str | None = None
                             ) -> list[Path]:
    """Settle what runs of earlier versions left in ``folder`` (``stem``: the name, without
    ".pdf", of the file this run writes there). Returns the files moved into place."""
    if not folder.is_dir():
        return []
    moved: list[Path] = []
    first_file = re.compile(_FIRST_FILE.format(stem=re.escape(stem))) if stem else None
    runs = set()
    for entry in folder.iterdir():
        if m := _STAGED.fullmatch(entry.name):
            runs.add(m.group(1))
        elif (_FIRST_FOLDER.fullmatch(entry.name) or first_file is not None
              and first_file.fullmatch(entry.name)):
            _drop_first(entry)
    for run in sorted(runs):
        moved += _settle_staged(database, folder, run)
    return moved


def _drop_first(entry: Path) -> None:
    """A first version's temporary, once old enough and holding nothing but PDFs."""
    try:
        if time.time() - entry.stat().st_mtime < _OLD_ENOUGH:
            return
        if entry.is_dir():
            if all(item.is_file() and item.suffix.lower() == ".pdf"
                   for item in entry.iterdir()):
                shutil.rmtree(entry)
        elif entry.is_file():
            entry.unlink()
    except OSError:
        pass  # in use or not ours to remove now: tried again by the next run


def _settle_staged(database: Database, folder: Path, run: str) -> list[Path]:
    staged = folder / f".awards-print-{run}.partial"
    lock = folder / f".awards-print-{run}.lock"
    moved: list[Path] = []
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return moved
    if not try_lock(fd):
        os.close(fd)
        return moved  # a run of that version still drawing or recording
    try:
        if staged.is_dir():
            owner = _owner(staged)
            if owner not in (None, database.display_name):
                return moved  # only that database knows whether the run committed
            committed = False if owner is None else run_committed(database, run)
            if committed is None:
                return moved
            if committed:
                for item in sorted(staged.iterdir()):
                    if item.name != _MANIFEST and not item.name.endswith(".partial"):
                        os.replace(item, folder / item.name)
                        moved.append(folder / item.name)
                flush(folder)
            shutil.rmtree(staged)
    except OSError:
        return moved  # a file in use or a folder not writable now: settled another time
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

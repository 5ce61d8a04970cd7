"""The file-system pieces print runs rely on: flushing, locks that say whether a run is
alive, and folders only this user can read (certificates hold young people's names)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

__all__ = ["flush", "new_lock", "private_folder", "try_lock"]


def private_folder(folder: Path) -> None:
    """``folder`` made if need be, and readable by this user only (where the platform
    has such modes)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if sys.platform != "win32" and folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def flush(path: Path) -> None:
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


def new_lock(lock: Path) -> int:
    """Create ``lock`` already locked, so that no other run ever finds it free while this one
    lives (a free lock means a dead run, whose leftovers may be settled)."""
    if sys.platform == "win32":  # there an open file can be neither renamed nor deleted
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try_lock(fd)
        return fd
    draft = lock.with_name(lock.name + ".new")  # a name no run looks for
    fd = os.open(draft, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try_lock(fd)
        os.replace(draft, lock)
    except BaseException:
        os.close(fd)
        draft.unlink(missing_ok=True)
        raise
    return fd


if sys.platform == "win32":
    def try_lock(fd: int) -> bool:
        """Hold ``fd``'s lock until it is closed; False when another run holds it."""
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    def try_lock(fd: int) -> bool:
        """Hold ``fd``'s lock until it is closed; False when another run holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

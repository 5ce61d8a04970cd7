"""Where data, logs and bundled resources live: in a checkout, installed, and inside PyInstaller."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "awards-app"


def resources_dir() -> Path:
    """The folder of bundled resources (fonts, ``default_categories.json``, ``demo/`` …).

    - PyInstaller bundle: ``sys._MEIPASS/resources`` (build.spec puts it at
      ``_internal/resources``);
    - installed wheel (``pip install .``): ``awards_app/resources`` beside this module, where
      setup.py installs the repository's top-level ``resources/`` folder;
    - checkout or editable install: ``resources/`` at the top of the repository, beside the
      package folder.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource(*parts: str) -> Path:
    """A file or folder inside :func:`resources_dir`, e.g. ``resource("fonts", "x.ttf")``."""
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "awards.sqlite3"


# --- files only their owner can read ------------------------------------------------------
# The data describes young people who grew up in care. On Linux and macOS everything this
# program writes (the database and its -wal/-shm, backups, exports, judging packs,
# certificates, the log) is created readable by its owner only: 0600 files in 0700 folders.
# On Windows, files inherit the permissions of their folder; the program's own folders are
# inside the user's profile, which only that user (and administrators) can read.

PRIVATE_UMASK = 0o077


def keep_files_private() -> None:
    """From now on, files and folders this process creates are its owner's only (POSIX)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(path: Path) -> None:
    """Take away group and other permissions from an existing file or folder (made by an
    earlier version, or copied in), where the system has them (POSIX)."""
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            path.chmod(stat.S_IMODE(mode) & 0o700)
    except OSError:
        pass  # not ours to change (another user's file): it is used as it is

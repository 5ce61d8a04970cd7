"""Where data, logs and bundled resources live: in a checkout, installed, and inside PyInstaller."""

from __future__ import annotations

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

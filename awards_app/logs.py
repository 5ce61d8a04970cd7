"""One log file per user, for details a person should never have to read as a traceback."""

from __future__ import annotations

import getpass
import logging
import logging.handlers
import tempfile
from pathlib import Path

from awards_app.paths import log_dir

_configured: Path | None = None


def setup_logging() -> Path:
    """Log warnings and errors to ``awards.log`` in the user log folder (rotated, 1 MB × 3)."""
    global _configured
    if _configured is not None:
        return _configured
    handler: logging.Handler = logging.NullHandler()
    path = log_dir() / "awards.log"
    # The user's log folder; if it cannot be written (a locked-down profile), a private
    # folder in the temporary folder, so "details are in the log: …" stays true.
    for folder in (log_dir(), Path(tempfile.gettempdir()) / f"awards-app-log-{_user_tag()}"):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            candidate = folder / "awards.log"
            handler = logging.handlers.RotatingFileHandler(
                candidate, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        except OSError:
            continue
        path = candidate
        break
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("awards_app")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _configured = path
    return path


def _user_tag() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "user"

"""One log file per user, for details a person should never have to read as a traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from awards_app.paths import log_dir

_configured: Path | None = None


def setup_logging() -> Path:
    """Log warnings and errors to ``awards.log`` in the user log folder (rotated, 1 MB × 3)."""
    global _configured
    if _configured is not None:
        return _configured
    folder = log_dir()
    path = folder / "awards.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("awards_app")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _configured = path
    return path

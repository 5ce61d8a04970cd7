"""How errors reach a person: plain words and what to fix; never a traceback."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from awards_app.core.errors import (
    AwardsError,
    Cancelled,
    ConflictError,
    DatabaseError,
    NotFoundError,
    ValidationError,
    os_error_words,
)
from awards_app.ui.common.plain import install_plain_message_boxes

log = logging.getLogger("awards_app.ui")
MAX_LINES = 25


UNEXPECTED = "Something went wrong — nothing was saved; details are in the log"


def describe(error: BaseException) -> str:
    """The plain words for ``error``, to show in a window's own message line. An unexpected
    error is logged (type and trace, for IT) and described only as that."""
    if isinstance(error, OSError):
        return f"{os_error_words(error)} Nothing was saved."
    if not isinstance(error, AwardsError):
        from awards_app.logs import setup_logging  # imported on first use: keeps logging.handlers off the start-up path

        path = setup_logging()
        log.error("Unexpected error", exc_info=(type(error), error, error.__traceback__))
        return f"{UNEXPECTED}:\n{path}"
    if isinstance(error, ValidationError):
        return "\n".join(error.lines(MAX_LINES))  # a readable number, grouped by kind
    return str(error)


def show_error(parent: QWidget | None, error: BaseException, *, title: str = "") -> None:
    """Tell the user what went wrong; unexpected errors are logged with their details."""
    if isinstance(error, ValidationError):
        box_title = title or "Please check"
        text = "Nothing was saved. Please fix:\n\n" + describe(error)
        QMessageBox.warning(parent, box_title, text)
    elif isinstance(error, Cancelled):
        QMessageBox.information(parent, title or "Cancelled", str(error))
    elif isinstance(error, (NotFoundError, ConflictError)):
        QMessageBox.warning(parent, title or "Cannot do that", str(error))
    elif isinstance(error, OSError):  # a file or folder: which, and why, in words
        QMessageBox.warning(parent, title or "A file could not be used",
                            f"{os_error_words(error)} Nothing was saved.")
    elif isinstance(error, (DatabaseError, AwardsError)):
        QMessageBox.critical(parent, title or "Database problem", str(error))
    else:
        report_unexpected(parent, type(error), error, error.__traceback__)


def report_unexpected(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    trace: TracebackType | None,
) -> None:
    from awards_app.logs import setup_logging  # imported on first use: keeps logging.handlers off the start-up path

    path = setup_logging()
    log.error("Unexpected error", exc_info=(kind, error, trace))
    QMessageBox.critical(
        parent,
        "Something went wrong",
        f"{UNEXPECTED}:\n{path}\n\nThe "
        "program keeps running. If this happens again, please send that file to your IT "
        "support.",
    )


def install_excepthook() -> None:
    """Errors escaping a slot are logged and shown, and the program keeps running; every
    message box shows its text as written (messages quote names and files' contents)."""
    install_plain_message_boxes()

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        if isinstance(error, AwardsError):
            show_error(None, error)
        else:
            report_unexpected(None, kind, error, trace)

    sys.excepthook = hook

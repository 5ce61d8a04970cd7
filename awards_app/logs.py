"""One log file per user, for details a person should never have to read as a traceback.

The log holds no personal data and no SQL: every record passes :class:`PrivacyFilter`,
which writes an error as its type, the database's or system's own words with quoted values,
dates, numbers and addresses taken out, and where in the program it happened (file, line,
function), never the exception's full text, the statement or its parameters.
"""

from __future__ import annotations

import getpass
import logging
import logging.handlers
import re
import tempfile
import traceback
from pathlib import Path, PurePath

from awards_app.paths import log_dir

_configured: Path | None = None

#: SQLAlchemy appends the statement, its parameters and a link after the driver's words;
#: PostgreSQL adds DETAIL/HINT lines that quote the values of the row ("Key (name)=(…)")
_SQL_TAIL = re.compile(r"\[(?:SQL|parameters|generated in|cached since)\b|\(Background on this "
                       r"error at:|\b(?:DETAIL|HINT|CONTEXT|LINE \d+):|\b(?:INSERT\s+INTO|"
                       r"REPLACE\s+INTO|DELETE\s+FROM|UPDATE\s+\S+\s+SET|SELECT\b.*?\bFROM)\b",
                       re.S)  # statements as SQLAlchemy writes them: upper case
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|«[^»\n]*»|‘[^’\n]*’|“[^”\n]*”")
_EMAIL = re.compile(r"[^\s@'\"(),;:<>\[\]]+@[^\s@'\"(),;:<>\[\]]+")
#: dates, phone numbers, postcodes: anything with a digit that is not a lone small number
_NUMBERISH = re.compile(r"[A-Za-z]{0,2}\d[\w./:+\- ]*\d[A-Za-z]{0,2}")
_PATHISH = re.compile(r"(?:[A-Za-z]:)?[\\/][^\s'\"]+")
MESSAGE_LIMIT = 200
FRAME_LIMIT = 12


def scrub_text(text: str) -> str:
    """``text`` (an exception's words) with what may identify someone taken out: the first
    line only, nothing from SQLAlchemy's ``[SQL: …]``/``[parameters: …]`` on, and quoted
    values, emails, paths and runs of digits (dates, phones, postcodes) replaced by '…'."""
    cut = _SQL_TAIL.search(text)
    if cut is not None:
        text = text[:cut.start()]
    lines = text.strip().splitlines()
    line = lines[0] if lines else ""
    line = _QUOTED.sub("'…'", line)
    line = _EMAIL.sub("…", line)
    line = _PATHISH.sub("…", line)
    line = _NUMBERISH.sub("…", line)
    if len(line) > MESSAGE_LIMIT:
        line = line[:MESSAGE_LIMIT] + "…"
    return line.strip()


def scrub_message(text: str) -> str:
    """A log message the program wrote (constant words and a command's name): SQL and
    anything after it removed, one line per line kept."""
    cut = _SQL_TAIL.search(text)
    return (text[:cut.start()] if cut is not None else text).rstrip()


def _exception_words(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"[Errno {error.errno}] {error.strerror}"  # never the file's name: it may be a person's
    return scrub_text(str(getattr(error, "orig", None) or error))


def _where(filename: str) -> str:
    """A source file as a short, person-free path: from the package folder on
    (``awards_app/cli/main.py``, ``sqlalchemy/engine/base.py``), never the home folder."""
    parts = PurePath(filename).parts
    for anchor in ("awards_app", "site-packages", "tests"):
        if anchor in parts:
            start = parts.index(anchor) + (1 if anchor == "site-packages" else 0)
            return "/".join(parts[start:])
    return parts[-1] if parts else "?"


def _frames(frames: traceback.StackSummary) -> list[str]:
    """The program's own frames (at most FRAME_LIMIT, innermost) and the innermost three
    of all, so IT sees which step failed and what it called; library frames in between are
    counted, not listed."""
    last = len(frames) - 3
    keep = [i for i, f in enumerate(frames) if i >= last or "awards_app" in PurePath(
        f.filename).parts][-FRAME_LIMIT - 3:]
    lines, previous = [], -1
    for i in keep:
        if i > previous + 1:
            lines.append(f"    … {i - previous - 1} frames in libraries")
        f = frames[i]
        lines.append(f"    at {_where(f.filename)}:{f.lineno} in {f.name}")
        previous = i
    return lines


def describe_exception(error: BaseException) -> str:
    """The exception chain as the log keeps it: for each exception (oldest first), its type
    and scrubbed words, then the innermost program frames as ``at file:line in function``."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    lines: list[str] = []
    for item in reversed(chain):
        kind = type(item)
        name = kind.__qualname__ if kind.__module__ in ("builtins", "__main__") else (
            f"{kind.__module__}.{kind.__qualname__}")
        if lines:
            lines.append("  which led to")
        lines.append(f"  {name}: {_exception_words(item)}")
        lines.extend(_frames(traceback.extract_tb(item.__traceback__)))
    return "\n".join(lines)


class PrivacyFilter(logging.Filter):
    """Rewrites each record so no personal data or SQL reaches a log: the message loses any
    SQL, an exception becomes :func:`describe_exception` (never a traceback's full text),
    and stack dumps are dropped. Attached to handlers, so it sees records of every logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a message whose arguments do not fit: keep its words only
            message = str(record.msg)
        record.msg, record.args = scrub_message(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = describe_exception(record.exc_info[1])
        elif record.exc_text:
            record.exc_text = scrub_message(record.exc_text)
        record.exc_info = None
        record.stack_info = None
        return True


def install_privacy_filter(handler: logging.Handler) -> None:
    """Give ``handler`` the privacy filter, once."""
    if not any(isinstance(f, PrivacyFilter) for f in handler.filters):
        handler.addFilter(PrivacyFilter())


def setup_logging() -> Path:
    """Log warnings and errors to ``awards.log`` in the user log folder (rotated, 1 MB × 3),
    through the privacy filter; Python's last-resort printing to stderr gets it too."""
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
    install_privacy_filter(handler)
    if logging.lastResort is not None:  # records of loggers with no handler (libraries)
        install_privacy_filter(logging.lastResort)
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

"""Typed errors raised by services and storage; the UI and CLI decide how to show them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


class AwardsError(Exception):
    """Base class for every error this program expects and explains to a person."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one field. ``row`` is set for problems found in an imported file."""

    field: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"Row {self.row}, " if self.row is not None else ""
        if where:
            label = f"'{self.field}'"
        elif "." in self.field or "[" in self.field:
            label = self.field  # a path in a file (event.next_ref): shown as it is written
        else:
            label = self.field.replace("_", " ").capitalize()
        return f"{where}{label}: {self.message}"


LISTED_PROBLEMS = 200  # a person reads this many problems, not a million


class ValidationError(AwardsError):
    """Bad input from a person or a file. Nothing was stored.

    ``errors`` are the problems kept; ``unlisted`` counts more that were found but not kept (a
    file with a million bad cells). ``lines()`` is what to show: a readable number, grouped by
    kind; ``str()`` is the same."""

    def __init__(self, errors: list[FieldError], *, source: str | None = None,
                 unlisted: int = 0) -> None:
        self.errors = list(errors)
        self.source = source
        self.unlisted = unlisted
        super().__init__()  # the text is made when shown: there may be very many problems

    def __str__(self) -> str:
        return "\n".join(self.lines())

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldError(field, message)])

    @property
    def fields(self) -> set[str]:
        return {e.field for e in self.errors}

    @property
    def count(self) -> int:
        """How many problems were found, kept or not."""
        return len(self.errors) + self.unlisted

    def lines(self, limit: int = LISTED_PROBLEMS) -> list[str]:
        """The problems to show, each naming the file: all of them when there are at most
        ``limit``; else ``limit`` of them grouped by kind (kinds in the order first found, each
        with a fair share), each kind followed by how many more of it there are."""
        prefix = f"{self.source}: " if self.source else ""
        if self.count <= limit:
            return [f"{prefix}{e}" for e in self.errors]
        groups: dict[str, list[FieldError]] = {}
        for error in self.errors:
            groups.setdefault(_kind(error), []).append(error)
        shares = _shares([len(items) for items in groups.values()], limit)
        lines: list[str] = []
        not_shown = self.unlisted
        other_kinds = 0
        for (kind, items), share in zip(groups.items(), shares, strict=True):
            if not share:
                not_shown += len(items)
                other_kinds += 1
                continue
            lines.extend(f"{prefix}{e}" for e in items[:share])
            if len(items) > share:
                lines.append(f"{prefix}… and {len(items) - share:,} more like this ({kind})")
        if not_shown:
            kinds = f" of {other_kinds:,} other kind{'s' * (other_kinds != 1)}" if (
                other_kinds and not self.unlisted) else ""
            lines.append(f"{prefix}… and {not_shown:,} more problem{'s' * (not_shown != 1)}"
                         f"{kinds}")
        return lines


def _kind(error: FieldError) -> str:
    """What a problem is, whatever the row, column number or value: "'column N': has a value
    but no heading"."""
    field = re.sub(r"\d+", "N", error.field)
    return f"'{field}': " + re.sub(r"'[^']*'", "'…'", re.sub(r"\d[\d,.]*", "N", error.message))


def _shares(sizes: Sequence[int], limit: int) -> list[int]:
    """``limit`` lines shared fairly between groups of ``sizes`` (small groups whole)."""
    shares = [0] * len(sizes)
    left = limit
    order = sorted(range(len(sizes)), key=sizes.__getitem__)
    for position, index in enumerate(order):
        shares[index] = min(sizes[index], left // (len(sizes) - position))
        left -= shares[index]
    return shares


class NotFoundError(AwardsError):
    """A record the caller named does not exist."""


class ConflictError(AwardsError):
    """The action clashes with data already stored (a duplicate, a locked record)."""


class ResultsLockedError(ConflictError):
    """A change that would move a confirmed category's ranking; reopening its results (with
    a reason) is the only way."""

    def __init__(self, category: str, change: str) -> None:
        self.category = category
        super().__init__(
            f"{category}'s results are confirmed and locked, so {change} cannot change. "
            f"To change it, reopen {category}'s results first (Results page ▸ Reopen "
            "results…, or 'awards judging reopen'), giving a reason.")


class StaleEditError(ConflictError):
    """A save made from a copy of a record that was changed after the copy was loaded (in
    another window, or by someone else): nothing was saved. The editor offers to reload,
    keeping what the person typed so they can apply it again.

    ``who`` made the change (None when not known: "another window"); ``when`` is when, as
    stored (UTC; None when not known); ``fields`` are what they changed, named as a person
    knows them ("consent to be named on the certificate"), empty when not known.
    """

    def __init__(self, *, who: str | None = None, when: datetime | None = None,
                 fields: Sequence[str] = ()) -> None:
        self.who = who or None
        self.when = when
        self.fields = tuple(dict.fromkeys(fields))
        super().__init__(self._message())

    def merged(self, other: StaleEditError) -> StaleEditError:
        """One refusal for two records saved together (the latest change names who and when;
        the fields of both)."""
        latest = max((self, other), key=lambda e: e.when or datetime.min)
        return StaleEditError(who=latest.who, when=latest.when,
                              fields=(*self.fields, *other.fields))

    def _message(self) -> str:
        at = f" {_moment(self.when)}" if self.when is not None else ""
        what = f" ({_listed(self.fields)})" if self.fields else ""
        if self.who:
            changed = f"{self.who} changed this record{at} while you were editing it{what}."
        else:
            changed = (f"This record was changed in another window{at} while you were editing "
                       f"it{what}.")
        return (f"{changed} Nothing was saved. Reload to see the changes; what you typed is "
                "kept to apply again.")


def _moment(stored: datetime) -> str:
    """'at 14:02' today, else 'on 3 March at 14:02' (this computer's clock; ``stored`` is
    UTC, as the database keeps times)."""
    local = (stored if stored.tzinfo else stored.replace(tzinfo=UTC)).astimezone()
    clock = f"at {local:%H:%M}"
    if local.date() == datetime.now().astimezone().date():
        return clock
    return f"on {local.day} {local:%B} {clock}"


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class DatabaseError(AwardsError):
    """The database cannot be used: damaged, not ours, too new, or unreachable."""


class DatabaseBusyError(DatabaseError):
    """Another task held the database for longer than we wait; nothing was stored."""

    def __init__(self, *, reading: bool = False) -> None:
        super().__init__(
            "The database is busy with a change to its tables (on a shared database, usually "
            "another PC upgrading it to a newer version of Awards App), so it could not be "
            "read just now. Nothing was changed; try again in a moment." if reading else
            "The database is busy with another task (an import, a print run or another "
            "window saving), so nothing was saved. Try again in a moment.")
        #: the database could not be read (a brief look), rather than written
        self.reading = reading


class DamagedDatabaseError(DatabaseError):
    """The file failed SQLite's checks; it is refused and never written to."""


class EmptyDatabaseError(DatabaseError):
    """An existing database file is empty (0 bytes, or SQLite's header and no tables): a
    failed copy or sync leaves one. It is never initialised without being asked to."""


class DatabaseGoneError(DatabaseError):
    """The file the program opened was moved, deleted or replaced while it was in use; the
    write was not kept."""


class DatabaseRestoredError(DatabaseError):
    """Another window or command restored the database from a backup while this one had it
    open; the write was not kept."""


class DatabaseUpgradedError(DatabaseError):
    """Another PC or window upgraded the database to a newer version of Awards App while this
    one had it open: this version may no longer write to it; the write was not kept."""


class SignInError(DatabaseError):
    """A shared database server refused the sign-in: no password was given where one is
    needed (``refused`` False), or the one given was not accepted (``refused`` True). The
    message says which, for which login on which server; never the password."""

    def __init__(self, message: str, *, login: str, server: str, refused: bool) -> None:
        super().__init__(message)
        self.login = login
        self.server = server
        self.refused = refused


class Cancelled(AwardsError):
    """A long job was cancelled by the user; everything it did was rolled back."""


def os_error_words(error: OSError) -> str:
    """What the operating system said about which file, in words (no exception names)."""
    import errno

    reasons = {
        errno.ENOSPC: "there is no space left on the disk",
        errno.EACCES: "you do not have permission",
        errno.EPERM: "you do not have permission",
        errno.EROFS: "the disk is read-only",
        errno.ENOENT: "it does not exist",
        errno.EEXIST: "something of that name is already there",
        errno.ENOTDIR: "part of the path is a file, not a folder",
        errno.EISDIR: "it is a folder, not a file",
        errno.EDQUOT: "your disk quota is used up",
    }
    reason = reasons.get(error.errno or -1) or error.strerror or "the system refused"
    where = error.filename or ""
    return f"{where}: {reason}." if where else f"A file could not be used: {reason}."

"""Typed errors raised by services and storage; the UI and CLI decide how to show them."""

from __future__ import annotations

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
        label = f"'{self.field}'" if where else self.field.replace("_", " ").capitalize()
        return f"{where}{label}: {self.message}" if where else f"{label}: {self.message}"


class ValidationError(AwardsError):
    """Bad input from a person or a file. Nothing was stored."""

    def __init__(self, errors: list[FieldError], *, source: str | None = None) -> None:
        self.errors = list(errors)
        self.source = source
        super().__init__(self._summary())

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldError(field, message)])

    @property
    def fields(self) -> set[str]:
        return {e.field for e in self.errors}

    def _summary(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{e}" for e in self.errors)


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

    def __init__(self) -> None:
        super().__init__("The database is busy with another task (an import, a print run or "
                         "another window saving), so nothing was saved. Try again in a "
                         "moment.")


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


class Cancelled(AwardsError):
    """A long job was cancelled by the user; everything it did was rolled back."""

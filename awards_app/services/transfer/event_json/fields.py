"""What every part of the event JSON reader shares: the format's name and version, one
checker of values that notes each problem with its path in the file, so that a file is
reported whole ("judging.scorecards[3].score: 11 is not between 1 and 10") and nothing is
stored unless all is well, and the progress report that checks for Cancel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from awards_app.core.errors import Cancelled, FieldError, ValidationError
from awards_app.core.text import normalise_text
from awards_app.services.transfer.event_json.shape import shown

FORMAT = "awards-app/event"
#: 4 added criteria[].role; files of versions 1–3 still import
FORMAT_VERSION = 4
#: problems listed before "… and N more"
MAX_ERRORS = 50
#: (done, total), raising Cancelled when the person has cancelled
Report = Callable[[int, int], None]


def reporter(progress: Callable[[int, int], None] | None,
             cancelled: Callable[[], bool] | None) -> Report:
    """Progress that checks for Cancel first (then nothing is stored: the caller rolls back)."""
    def report(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The event import was cancelled; nothing was stored.")
        if progress is not None:
            progress(done, total)
    return report


def located(where: str, exc: ValidationError) -> ValidationError:
    """The problems of one part of the file, named by their path in it."""
    return ValidationError([FieldError(f"{where}.{e.field}", e.message) for e in exc.errors])


def objects(document: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The list of objects ``document[key]`` (absent: none)."""
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationError.single(key, "must be a list of objects")
    return value


@dataclass
class FileChecker:
    """Checks values read from the file; each problem is kept with its path in ``errors``."""

    errors: list[FieldError] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def raise_if_any(self) -> None:
        """Raise every problem at once (the first ``MAX_ERRORS``, then how many more)."""
        if self.errors:
            shown = self.errors[:MAX_ERRORS]
            if len(self.errors) > MAX_ERRORS:
                shown.append(FieldError("file", f"… and {len(self.errors) - MAX_ERRORS:,} "
                                                "more problems like these"))
            raise ValidationError(shown)

    def when(self, path: str, value: Any, *, optional: bool = False) -> datetime | None:
        """A date and time in ISO form; one with a zone is turned into UTC without a zone,
        as the database keeps them."""
        if value is None and optional:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC).replace(tzinfo=None)
        except (ValueError, OverflowError):  # Overflow: a zone that moves it past year 1 or 9999
            self.add(path, f"{shown(value)} is not a date and time (YYYY-MM-DDTHH:MM:SS)")
            return None
        return moment

    def text(self, path: str, value: Any, *, max_length: int, optional: bool = False,
             exact: bool = False) -> str | None:
        """Text up to ``max_length`` characters, normalised unless ``exact`` (frozen records
        are stored exactly as printed)."""
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.add(path, "must be text")
            return None
        cleaned = value if exact else normalise_text(value)
        if len(cleaned) > max_length:
            self.add(path, f"is {len(cleaned):,} characters long; the most allowed is "
                           f"{max_length:,}")
        return cleaned

    def whole(self, path: str, value: Any, *, minimum: int, maximum: int | None = None,
              optional: bool = False) -> int | None:
        """A whole number from ``minimum`` (to ``maximum``)."""
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(path, f"{shown(value)} is not a whole number")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            self.add(path, f"must be at least {minimum}" if maximum is None
                     else f"{value} is not between {minimum} and {maximum}")
        return value

    def number(self, path: str, value: Any) -> float | None:
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.add(path, f"{shown(value)} is not a number")
            return None
        return float(value)

    def choice(self, path: str, value: Any, choices: tuple[str, ...]) -> str | None:
        if value not in choices:
            self.add(path, f"{shown(value)} is not one of {', '.join(choices)}")
            return None
        return str(value)

    def records(self, section: Mapping[str, Any], name: str, *, where: str
                ) -> list[tuple[str, dict[str, Any]]]:
        """The objects of the list ``section[name]`` (absent: none), each with its path."""
        value = section.get(name, [])
        if not isinstance(value, list):
            self.add(f"{where}.{name}", "must be a list")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{where}.{name}[{i}]", item))
            else:
                self.add(f"{where}.{name}[{i}]", "must be an object")
        return out

    def once(self, seen: dict[Any, str], key: Any, path: str, what: str) -> bool:
        """False (and a problem noted) when ``key`` was already seen in this list."""
        if key in seen:
            self.add(path, f"repeats {seen[key]}: {what}")
            return False
        seen[key] = path
        return True

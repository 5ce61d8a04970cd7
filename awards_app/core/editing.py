"""What two people editing one record rely on, as plain rules (no database, no Qt): what an
editor loaded, when two values of a field are the same, and which fields a person changed.
The services check stale copies with them; the window reapplies a person's changes with them
after a reload."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Loaded:
    """What an editor loaded of a stored record: its ``version`` and the ``values`` of the
    fields it shows (by field name, as the services give them). Handed back on save as
    ``expected_version=loaded.version, original=loaded.original``."""

    version: int
    values: Mapping[str, Any]
    #: what the service compares, when the editor shows something else (the judge copy
    #: editor shows the masked text; the service compares the stored edits); else ``values``
    compared: Mapping[str, Any] | None = None

    @property
    def original(self) -> Mapping[str, Any]:
        return self.values if self.compared is None else self.compared


def same(a: Any, b: Any) -> bool:
    """Whether two values of a field are the same as a person sees them: no value and empty
    text are alike, and an enum is its value."""
    return bool(_comparable(a) == _comparable(b))


def _comparable(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return value.value
    return value


def person_edits(changes: Mapping[str, Any],
                 original: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields a person changed. With ``original`` (what their editor loaded), those whose
    value differs from it — a field they left alone is never written back, so it cannot undo
    someone else's change; without it (the CLI, imports), every field given."""
    if original is None:
        return dict(changes)
    return {k: v for k, v in changes.items() if k not in original or not same(v, original[k])}

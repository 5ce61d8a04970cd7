"""Writing a checked event file: the plan refers to the records it creates by their place
in it (the event is place 0, a category is its place among the file's categories …);
:class:`StoredIds` are the ids those records were given once stored. The rows themselves are
written with :mod:`awards_app.services.transfer.rows`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredIds:
    """The ids the stored rows were given, by their place in the plan (the plan refers to
    the event, categories, criteria, judges, young people, workers and nominations by that
    place: the event is place 0)."""

    event: int
    categories: Sequence[int]
    criteria: Sequence[int]
    judges: Sequence[int]
    nominees: Sequence[int]
    workers: Sequence[int]
    nominations: Sequence[int]

    def places(self, column: str) -> Sequence[int] | None:
        """Place → id for a column holding references (``judge_id`` …), else None."""
        found: dict[str, Sequence[int]] = {
            "event_id": (self.event,), "category_id": self.categories,
            "criterion_id": self.criteria, "judge_id": self.judges,
            "nominee_id": self.nominees, "worker_id": self.workers,
            "nomination_id": self.nominations,
        }
        return found.get(column)

    def resolve(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """``rows`` with each reference given as a place in the plan replaced by the stored
        row's id; None stays None."""
        out: list[dict[str, Any]] = []
        for row in rows:
            resolved = dict(row)
            for column, place in row.items():
                ids = self.places(column)
                if ids is not None and place is not None:
                    resolved[column] = ids[place]
            out.append(resolved)
        return out

"""Closed sets of values stored as plain strings in the database."""

from __future__ import annotations

from enum import StrEnum


class EventStatus(StrEnum):
    SETUP = "setup"
    NOMINATIONS_OPEN = "nominations_open"
    JUDGING = "judging"
    RESULTS_FINAL = "results_final"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class NominationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    SHORTLISTED = "shortlisted"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Answer(StrEnum):
    """A yes/no question that may not have been asked yet (consents, awareness)."""

    YES = "yes"
    NO = "no"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "no": "No", "not_asked": "Not asked"}[self.value]


class CriterionRole(StrEnum):
    """What a criterion is used for beyond its weight: found by this role, never by its name,
    so that renaming a criterion keeps it working."""

    OBSTACLES = "obstacles"  # its mean points break ties ("Obstacles overcome" first)

    @property
    def label(self) -> str:
        return {"obstacles": "Breaks ties (obstacles overcome)"}[self.value]


class ConflictKind(StrEnum):
    """Why a judge must not score a nomination."""

    KNOWS = "knows"
    EMPLOYS = "employs"
    RELATED_TEAM = "related_team"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "knows": "Knows the young person",
            "employs": "Employs or has employed them",
            "related_team": "Related to the nominating team",
            "other": "Other",
        }[self.value]

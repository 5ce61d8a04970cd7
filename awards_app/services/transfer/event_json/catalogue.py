"""The event, its categories (with their criteria) and its sponsors (with their judges and
the categories they sponsor) from an event JSON.

:func:`check_event`, :func:`check_categories` and :func:`check_sponsors` clean every value
with the services' own cleaning, in a read session, into plain rows that refer to each other
by their place in the plan; :func:`store_catalogue` writes them in a few statements, with the
audit entries creating them one by one would have written. Problems raise ValidationError
at once, named by their path in the file, as creating them one by one did.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.enums import CriterionRole, EventStatus
from awards_app.core.errors import ValidationError
from awards_app.core.text import name_key
from awards_app.db.models import utcnow
from awards_app.services import events as event_service
from awards_app.services.catalogue.categories import (
    CRITERION_FIELDS,
    LEGACY_OBSTACLES_NAME,
    _clean_category,
    _clean_criterion,
)
from awards_app.services.catalogue.sponsors import _clean_judge, _clean_sponsor
from awards_app.services.common import audit, check_keys
from awards_app.services.transfer.event_json.fields import located, objects
from awards_app.services.transfer.event_json.judging import JudgeKey, clean_pin_hash, judge_key
from awards_app.services.transfer.rows import insert_rows

CATEGORY_DETAILS = ("description", "winners_count", "runners_up_count", "highly_commended_count",
                    "presenter")
SPONSOR_DETAILS = ("contact_name", "contact_email", "contact_phone", "notes")


@dataclass(frozen=True)
class CategoryPlan:
    row: Mapping[str, Any]  # the category's columns, without ids
    criteria: tuple[Mapping[str, Any], ...]  # its criteria's columns, without ids


@dataclass(frozen=True)
class SponsorPlan:
    row: Mapping[str, Any]  # the sponsor's columns, without ids
    categories: tuple[int, ...]  # the categories it sponsors, by place in the plan
    judges: tuple[Mapping[str, Any], ...]  # its judges' columns, without ids


@dataclass(frozen=True)
class CataloguePlan:
    categories: tuple[CategoryPlan, ...]
    sponsors: tuple[SponsorPlan, ...]

    @property
    def category_places(self) -> dict[str, int]:
        """A category's place by its name as stored (how nominations and sponsors name it)."""
        return {c.row["name"]: i for i, c in enumerate(self.categories)}

    @property
    def judge_places(self) -> dict[JudgeKey, int]:
        """A judge's place among all the sponsors' judges, by (sponsor, judge) name."""
        found: dict[JudgeKey, int] = {}
        for sponsor in self.sponsors:
            for judge in sponsor.judges:
                found[judge_key(sponsor.row["name"], judge["name"])] = len(found)
        return found


@dataclass(frozen=True)
class CatalogueIds:
    event: int
    categories: list[int]
    criteria: list[int]
    judges: list[int]


# --- checking ------------------------------------------------------------------------------


def check_event(session: Session, event_data: Mapping[str, Any]) -> dict[str, Any]:
    """The event's settings cleaned as ``events.create_event`` cleans them (in the setup
    stage: the file's stage is checked last, by :func:`final_status`), and no event of that
    name and year here yet."""
    details: dict[str, Any] = {
        k: event_data.get(k) for k in event_service.EVENT_FIELDS
        if k not in ("name", "year", "status")
    }
    try:
        data = event_service._clean({**event_service.DEFAULTS, **details,
                                     "name": event_data.get("name", ""),
                                     "year": event_data.get("year", "")})
        event_service._ensure_unique(session, data["name"], data["year"])
    except ValidationError as exc:
        raise located("event", exc) from None
    return data


def ensure_new_event(session: Session, event: Mapping[str, Any]) -> None:
    """No event of this name and year here (one may have been created since the check)."""
    try:
        event_service._ensure_unique(session, event["name"], event["year"])
    except ValidationError as exc:
        raise located("event", exc) from None


def final_status(event: Mapping[str, Any], status: Any) -> EventStatus:
    """The stage the file gives the event, checked as ``events.update_event`` checks it."""
    try:
        stage: EventStatus = event_service._clean({**event, "status": status})["status"]
    except ValidationError as exc:
        raise located("event", exc) from None
    return stage


def with_roles(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Files before format 4 carry no criterion roles: then, as those versions did, the
    criterion called "Obstacles overcome" breaks ties."""
    if any("role" in c for c in criteria):
        return criteria
    legacy = [c for c in criteria
              if isinstance(c.get("name"), str) and name_key(c["name"]) == LEGACY_OBSTACLES_NAME]
    if legacy:
        legacy[0]["role"] = CriterionRole.OBSTACLES.value
    return criteria


def check_categories(document: Mapping[str, Any]) -> tuple[CategoryPlan, ...]:
    """Each category and its criteria, cleaned as ``create_category`` and ``add_criterion``
    clean them; a name used twice is refused as they refuse it."""
    plans: list[CategoryPlan] = []
    names: dict[str, str] = {}  # name_key → the name as stored
    for i, spec in enumerate(objects(document, "categories")):
        where = f"categories[{i}]"
        try:
            data = _clean_category({**{k: spec.get(k) for k in CATEGORY_DETAILS if k in spec},
                                    "name": spec.get("name", "")})
            if name_key(data["name"]) in names:
                raise ValidationError.single(
                    "name", f"a category called '{names[name_key(data['name'])]}' already "
                            "exists")
            names[name_key(data["name"])] = data["name"]
            criteria = _criteria(spec.get("criteria") or [])
        except ValidationError as exc:
            raise located(where, exc) from None
        plans.append(CategoryPlan(
            row={**data, "display_order": i + 1, "active": bool(spec.get("active", True)),
                 "lead_judge_id": None, "results_confirmed_at": None},
            criteria=criteria))
    return tuple(plans)


def _criteria(specs: Any) -> tuple[dict[str, Any], ...]:
    rows: list[dict[str, Any]] = []
    for spec in with_roles([{k: c.get(k) for k in c if k != "display_order"} for c in specs]):
        details = {k: v for k, v in spec.items() if k != "name"}
        try:
            check_keys(details, CRITERION_FIELDS, "A criterion")
        except TypeError as exc:
            raise ValidationError.single("criteria", str(exc)) from None
        if "name" not in spec:
            raise ValidationError.single("criteria", "every criterion needs a name")
        data = _clean_criterion({**details, "name": spec["name"]})
        if any(name_key(row["name"]) == name_key(data["name"]) for row in rows):
            raise ValidationError.single("name", f"'{data['name']}' is already a criterion here")
        if data["role"] is not None:  # a role belongs to one criterion: the last given it
            for row in rows:
                if row["role"] == data["role"]:
                    row["role"] = None
        rows.append({**data, "display_order": len(rows) + 1})
    return tuple(rows)


def check_sponsors(document: Mapping[str, Any], categories: Mapping[str, int]
                   ) -> tuple[SponsorPlan, ...]:
    """Each sponsor, the categories it sponsors (by name, from ``categories``) and its
    judges, cleaned as ``create_sponsor``, ``sponsor_category`` and ``create_judge`` clean
    them; PIN hashes are carried as they are (argon2 only)."""
    plans: list[SponsorPlan] = []
    names: dict[str, str] = {}
    for i, spec in enumerate(objects(document, "sponsors")):
        where = f"sponsors[{i}]"
        try:
            logo = base64.b64decode(spec["logo"], validate=True) if spec.get("logo") else None
        except (binascii.Error, TypeError):
            raise ValidationError.single(f"{where}.logo", "is not base64 image data") from None
        try:
            data = _clean_sponsor({**{k: spec.get(k) for k in SPONSOR_DETAILS}, "logo": logo,
                                   "name": spec.get("name", "")})
            if name_key(data["name"]) in names:
                raise ValidationError.single(
                    "name", f"a sponsor called '{names[name_key(data['name'])]}' already exists")
            names[name_key(data["name"])] = data["name"]
            sponsored: list[int] = []
            for name in spec.get("categories") or []:
                if name not in categories:
                    raise ValidationError.single("categories", f"'{name}' is not in this file")
                if categories[name] not in sponsored:  # twice changes nothing
                    sponsored.append(categories[name])
            judges = _judges(data["name"], spec.get("judges") or [])
        except ValidationError as exc:
            raise located(where, exc) from None
        plans.append(SponsorPlan(row={**data, "active": bool(spec.get("active", True))},
                                 categories=tuple(sponsored), judges=judges))
    return tuple(plans)


def _judges(sponsor: str, specs: Any) -> tuple[dict[str, Any], ...]:
    rows: list[dict[str, Any]] = []
    for j, spec in enumerate(specs):
        try:
            data = _clean_judge({"name": spec.get("name", ""), "email": spec.get("email")})
            for other in rows:  # as create_judge refuses a second of the same sponsor
                if name_key(other["name"]) == name_key(data["name"]):
                    raise ValidationError.single(
                        "name", f"{other['name']} already judges for {sponsor}")
                if data["email"] and other["email"] == data["email"]:
                    raise ValidationError.single(
                        "email", f"{other['name']} already uses {other['email']}")
        except ValidationError as exc:
            raise located(f"judges[{j}]", exc) from None
        try:
            pin_hash = clean_pin_hash(spec.get("pin_hash"))
        except ValueError as exc:
            raise ValidationError.single(f"judges[{j}].pin_hash", str(exc)) from None
        rows.append({**data, "active": bool(spec.get("active", True)), "pin_hash": pin_hash,
                     "failed_pins": 0, "locked_until": None})
    return tuple(rows)


# --- storing -------------------------------------------------------------------------------


def store_catalogue(session: Session, plan: CataloguePlan, event: Mapping[str, Any]
                    ) -> CatalogueIds:
    """Write the event (``event``: its columns) as the current event, its categories,
    criteria, sponsors, judges and sponsorships, and the audit entries for each."""
    now = utcnow()
    (event_id,) = insert_rows(session, "event", [{**event, "created_at": now,
                                                  "updated_at": now}])
    event_service.set_current_event(session, event_id)
    categories = insert_rows(session, "category", [
        {**c.row, "event_id": event_id, "created_at": now, "updated_at": now}
        for c in plan.categories])
    criteria = insert_rows(session, "criterion", [
        {**row, "category_id": category_id}
        for c, category_id in zip(plan.categories, categories, strict=True)
        for row in c.criteria])
    sponsors = insert_rows(session, "sponsor", [
        {**s.row, "event_id": event_id, "created_at": now, "updated_at": now}
        for s in plan.sponsors])
    judges = insert_rows(session, "judge", [
        {**judge, "sponsor_id": sponsor_id, "created_at": now, "updated_at": now}
        for s, sponsor_id in zip(plan.sponsors, sponsors, strict=True) for judge in s.judges])
    insert_rows(session, "sponsorship", [
        {"sponsor_id": sponsor_id, "category_id": categories[place]}
        for s, sponsor_id in zip(plan.sponsors, sponsors, strict=True)
        for place in s.categories])

    # The trail creating each record through its service leaves, in the same order.
    audit(session, "create", "event", event_id, event_id=event_id, summary=event["name"])
    for c, category_id in zip(plan.categories, categories, strict=True):
        audit(session, "create", "category", category_id, event_id=event_id,
              summary=c.row["name"])
    judge_ids = iter(judges)
    for s, sponsor_id in zip(plan.sponsors, sponsors, strict=True):
        audit(session, "create", "sponsor", sponsor_id, event_id=event_id, summary=s.row["name"])
        for place in s.categories:
            audit(session, "sponsor", "category", categories[place], event_id=event_id,
                  summary=f"{s.row['name']} sponsors {plan.categories[place].row['name']}")
        for _judge in s.judges:
            audit(session, "create", "judge", next(judge_ids), event_id=event_id,
                  summary=s.row["name"])
    return CatalogueIds(event=event_id, categories=categories, criteria=criteria,
                        judges=judges)

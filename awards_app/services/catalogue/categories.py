"""Award categories and their judging criteria."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, person_edits
from awards_app.core.enums import CriterionRole, NominationStatus
from awards_app.core.errors import ConflictError, ValidationError
from awards_app.core.search import named
from awards_app.core.text import name_key
from awards_app.core.validation import Checker
from awards_app.db.models import Category, Criterion
from awards_app.db.models import Nomination, Score, Sponsor, Sponsorship
from awards_app.paths import resource
from awards_app.services.catalogue.locks import ensure_results_open
from awards_app.services.common import (
    audit,
    check_keys,
    ensure_current,
    get,
    load_for_edit,
    stored_values,
    write_changes,
)
from awards_app.services.events import ensure_editable, get_event

CATEGORY_FIELDS = (
    "name",
    "description",
    "winners_count",
    "runners_up_count",
    "highly_commended_count",
    "presenter",
)
#: how many winners, runners-up and highly commended: they decide the confirmed placements
PLACEMENT_COUNTS = ("winners_count", "runners_up_count", "highly_commended_count")
CRITERION_FIELDS = ("name", "guidance", "weight", "scale_min", "scale_max", "role")
#: the fields as a person knows them (naming what someone else changed)
CATEGORY_LABELS = {
    "name": "name",
    "description": "description",
    "winners_count": "number of winners",
    "runners_up_count": "number of runners-up",
    "highly_commended_count": "number highly commended",
    "presenter": "presenter at the ceremony",
}
CRITERION_LABELS = {
    "name": "name",
    "guidance": "guidance for judges",
    "weight": "weight",
    "scale_min": "lowest score",
    "scale_max": "highest score",
    "role": "whether it breaks ties",
}
#: the rule files older than roles followed: the criterion called this breaks ties
LEGACY_OBSTACLES_NAME = "obstacles overcome"


@lru_cache(maxsize=1)
def default_catalogue() -> dict[str, Any]:
    """The starting categories and criteria from ``resources/default_categories.json``."""
    with resource("default_categories.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def default_criteria() -> list[dict[str, Any]]:
    return [dict(c) for c in default_catalogue()["criteria"]]


def _clean_category(data: Mapping[str, Any]) -> dict[str, Any]:
    c = Checker()
    out = {
        "name": c.name("name", data.get("name")),
        "description": c.text("description", data.get("description"), max_length=1000),
        "winners_count": c.integer("winners_count", data.get("winners_count", 1), minimum=1, maximum=20),
        "runners_up_count": c.integer(
            "runners_up_count", data.get("runners_up_count", 1), minimum=0, maximum=20
        ),
        "highly_commended_count": c.integer(
            "highly_commended_count", data.get("highly_commended_count", 0), minimum=0, maximum=50
        ),
        "presenter": c.text("presenter", data.get("presenter"), max_length=200),
    }
    c.check()
    return out


def _clean_criterion(data: Mapping[str, Any]) -> dict[str, Any]:
    c = Checker()
    out: dict[str, Any] = {
        "name": c.name("name", data.get("name")),
        "guidance": c.text("guidance", data.get("guidance"), max_length=2000),
        "scale_min": c.integer("scale_min", data.get("scale_min", 1), minimum=0, maximum=100),
        "scale_max": c.integer("scale_max", data.get("scale_max", 10), minimum=1, maximum=100),
    }
    try:
        weight = float(data.get("weight", 1))
        if not 0 < weight <= 100:
            raise ValueError
        out["weight"] = weight
    except (TypeError, ValueError):
        c.add("weight", f"'{data.get('weight')}' is not a weight between 0 and 100")
    role = data.get("role") or None
    if role is not None and role not in {r.value for r in CriterionRole}:
        c.add("role", f"'{role}' is not a criterion role (the one there is: "
                      f"{', '.join(r.value for r in CriterionRole)})")
    out["role"] = role
    if (
        out["scale_min"] is not None
        and out["scale_max"] is not None
        and out["scale_min"] >= out["scale_max"]
    ):
        c.add("scale_max", "must be above the lowest score")
    c.check()
    return out


def _ensure_unique_category(
    session: Session, event_id: int, name: str, exclude_id: int | None = None
) -> None:
    for cat_id, cat_name in session.execute(
        select(Category.id, Category.name).where(Category.event_id == event_id)
    ):
        if cat_id != exclude_id and name_key(cat_name) == name_key(name):
            raise ValidationError.single("name", f"a category called '{cat_name}' already exists")


def create_category(
    session: Session,
    *,
    event_id: int,
    name: str,
    criteria: Sequence[Mapping[str, Any]] | None = None,
    **details: Any,
) -> Category:
    """Add a category at the end of the event's list, with the default criteria unless given."""
    check_keys(details, CATEGORY_FIELDS, "A category")
    event = get_event(session, event_id)
    ensure_editable(event)
    data = _clean_category({**details, "name": name})
    _ensure_unique_category(session, event_id, data["name"])
    last = session.scalar(
        select(func.max(Category.display_order)).where(Category.event_id == event_id)
    )
    category = Category(event_id=event_id, display_order=(last or 0) + 1, **data)
    session.add(category)
    session.flush()
    for spec in default_criteria() if criteria is None else criteria:
        add_criterion(session, category_id=category.id, **spec)
    audit(session, "create", "category", category.id, event_id=event_id, summary=category.name)
    return category


def add_default_categories(session: Session, *, event_id: int) -> list[Category]:
    return [
        create_category(session, event_id=event_id, name=spec["name"], description=spec["description"])
        for spec in default_catalogue()["categories"]
    ]


def update_category(session: Session, category_id: int, *, expected_version: int | None = None,
                    original: Mapping[str, Any] | None = None, **changes: Any) -> Category:
    """Change a category's name, description or placement counts. An editor passes the
    ``expected_version`` and ``original`` values it loaded: a stale copy is refused
    (StaleEditError) and only the fields the person changed are written (services.common)."""
    check_keys(changes, CATEGORY_FIELDS, "A category")
    category = get(session, Category, category_id, "category")
    ensure_editable(category.event)
    ensure_current(session, category, entity="category", entity_id=category.id,
                   labels=CATEGORY_LABELS, expected_version=expected_version, original=original)
    edits = person_edits(changes, original)
    data = _clean_category({**stored_values(category, CATEGORY_FIELDS), **edits})
    if any(data[k] != getattr(category, k) for k in PLACEMENT_COUNTS):
        ensure_results_open(category, "its placement counts")
    _ensure_unique_category(session, category.event_id, data["name"], exclude_id=category.id)
    written = write_changes(category, data)
    if written:
        audit(session, "update", "category", category.id, event_id=category.event_id,
              summary=", ".join(written))
    return category


def category_for_edit(session: Session, category_id: int) -> Loaded:
    """A category's editable fields and version as its editor (re)loads them."""
    return load_for_edit(session, Category, category_id, CATEGORY_FIELDS, "category")


def retire_category(session: Session, category_id: int, *, active: bool = False) -> Category:
    """Retire (hide from new nominations) or, with ``active=True``, reinstate a category."""
    category = get(session, Category, category_id, "category")
    ensure_editable(category.event)
    category.active = active
    audit(
        session, "reinstate" if active else "retire", "category", category.id,
        event_id=category.event_id,
    )
    return category


def list_categories(
    session: Session, event_id: int, *, include_retired: bool = True
) -> list[Category]:
    query = select(Category).where(Category.event_id == event_id)
    if not include_retired:
        query = query.where(Category.active.is_(True))
    return list(session.scalars(query.order_by(Category.display_order, Category.id)))


def find_category(session: Session, event_id: int, name: str) -> Category | None:
    """The category called ``name`` as written; failing that, the only one called that when
    accents and case are ignored ("Creativite" finds "Créativité"). None if none, or several."""
    found = named(list_categories(session, event_id), name, lambda c: c.name)
    if len(found) == 1 or (found and name_key(found[0].name) == name_key(name)):
        return found[0]
    return None


def move_category(session: Session, category_id: int, *, to_position: int) -> list[Category]:
    """Put a category at ``to_position`` (0-based) and renumber the rest in order."""
    category = get(session, Category, category_id, "category")
    ensure_editable(category.event)
    ordered = [c for c in list_categories(session, category.event_id) if c.id != category.id]
    position = max(0, min(to_position, len(ordered)))
    ordered.insert(position, category)
    for index, item in enumerate(ordered, start=1):
        item.display_order = index
    return ordered


def ensure_criteria_open(session: Session, category: Category) -> None:
    """Criteria are fixed once any judge has scored the category (scores would change), and
    with the rest of the ranking once its results are confirmed."""
    ensure_results_open(category, "its criteria, weights and scales")
    scored = session.scalar(
        select(func.count(Score.id)).join(Nomination, Nomination.id == Score.nomination_id)
        .where(Nomination.category_id == category.id)
    )
    if scored:
        raise ConflictError(f"Judging has started in {category.name}: its criteria are fixed so "
                            "that scores keep their meaning.")


def add_criterion(session: Session, *, category_id: int, name: str, **details: Any) -> Criterion:
    check_keys(details, CRITERION_FIELDS, "A criterion")
    category = get(session, Category, category_id, "category")
    ensure_editable(category.event)
    ensure_criteria_open(session, category)
    data = _clean_criterion({**details, "name": name})
    if any(name_key(c.name) == name_key(data["name"]) for c in category.criteria):
        raise ValidationError.single("name", f"'{data['name']}' is already a criterion here")
    _release_role(session, category, data["role"], keep=None)
    criterion = Criterion(
        category_id=category_id, display_order=len(category.criteria) + 1, **data
    )
    category.criteria.append(criterion)
    session.flush()
    return criterion


def _release_role(session: Session, category: Category, role: str | None,
                  keep: Criterion | None) -> None:
    """A role belongs to one criterion of a category: giving it to one takes it from the
    others (flushed first, so the unique index never sees two)."""
    if role is None:
        return
    holders = [c for c in category.criteria if c.role == role and c is not keep]
    for other in holders:
        # A person's edit of the other criterion too: its open editor shows the role.
        write_changes(other, {"role": None})
        audit(session, "update", "criterion", other.id, event_id=category.event_id,
              summary="role")
    if holders:
        session.flush()


def update_criterion(session: Session, criterion_id: int, *,
                     expected_version: int | None = None,
                     original: Mapping[str, Any] | None = None, **changes: Any) -> Criterion:
    """Change a judging criterion. An editor passes the ``expected_version`` and ``original``
    values it loaded: a stale copy is refused (StaleEditError) and only the fields the person
    changed are written (see services.common)."""
    check_keys(changes, CRITERION_FIELDS, "A criterion")
    criterion = get(session, Criterion, criterion_id, "criterion")
    ensure_editable(criterion.category.event)
    ensure_current(session, criterion, entity="criterion", entity_id=criterion.id,
                   labels=CRITERION_LABELS, expected_version=expected_version,
                   original=original)
    ensure_criteria_open(session, criterion.category)
    edits = person_edits(changes, original)
    data = _clean_criterion({**stored_values(criterion, CRITERION_FIELDS), **edits})
    for other in criterion.category.criteria:
        if other.id != criterion.id and name_key(other.name) == name_key(data["name"]):
            raise ValidationError.single("name", f"'{data['name']}' is already a criterion here")
    if data["role"] != criterion.role:
        _release_role(session, criterion.category, data["role"], keep=criterion)
    written = write_changes(criterion, data)
    if written:
        audit(session, "update", "criterion", criterion.id,
              event_id=criterion.category.event_id, summary=", ".join(written))
    return criterion


def criterion_for_edit(session: Session, criterion_id: int) -> Loaded:
    """A criterion's fields and version as its editor (re)loads them."""
    return load_for_edit(session, Criterion, criterion_id, CRITERION_FIELDS, "criterion")


def remove_criterion(session: Session, criterion_id: int) -> None:
    criterion = get(session, Criterion, criterion_id, "criterion")
    ensure_editable(criterion.category.event)
    ensure_criteria_open(session, criterion.category)
    if len(criterion.category.criteria) <= 1:
        raise ConflictError("A category needs at least one criterion; add another first.")
    category = criterion.category
    category.criteria.remove(criterion)
    for index, item in enumerate(category.criteria, start=1):
        item.display_order = index


# --- views for the categories page ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryRow:
    """One line of the categories table: plain data, safe once the session has closed."""

    id: int
    position: int  # 1-based place in the event's display order
    name: str
    description: str
    winners_count: int
    runners_up_count: int
    highly_commended_count: int
    criteria_count: int
    sponsors: tuple[str, ...]  # names, withdrawn sponsors marked "(withdrawn)"
    active: bool
    live_nominations: int  # every nomination not withdrawn
    version: int  # what an editor opened from this row passes back as expected_version
    presenter: str = ""  # who presents its awards at the ceremony

    @property
    def editable(self) -> dict[str, Any]:
        """The fields the category editor shows, as loaded (its ``original``)."""
        return {f: getattr(self, f) for f in CATEGORY_FIELDS}

    @property
    def status_label(self) -> str:
        return "Active" if self.active else "Retired"

    @property
    def sponsors_label(self) -> str:
        return ", ".join(self.sponsors)


def category_rows(session: Session, event_id: int) -> list[CategoryRow]:
    """The event's categories in display order, with their counts computed by SQL."""
    criteria = (
        select(func.count(Criterion.id))
        .where(Criterion.category_id == Category.id)
        .correlate(Category)
        .scalar_subquery()
    )
    live = (
        select(func.count(Nomination.id))
        .where(
            Nomination.category_id == Category.id,
            Nomination.status != NominationStatus.WITHDRAWN,
        )
        .correlate(Category)
        .scalar_subquery()
    )
    query = (
        select(
            Category.id, Category.name, Category.description, Category.winners_count,
            Category.runners_up_count, Category.highly_commended_count, criteria,
            Category.active, live, Category.version, Category.presenter,
        )
        .where(Category.event_id == event_id)
        .order_by(Category.display_order, Category.id)
    )
    names: dict[int, list[str]] = {}
    for category_id, name, active in session.execute(
        select(Sponsorship.category_id, Sponsor.name, Sponsor.active)
        .join(Sponsor, Sponsor.id == Sponsorship.sponsor_id)
        .where(Sponsor.event_id == event_id)
        .order_by(Sponsor.name)
    ):
        names.setdefault(category_id, []).append(name if active else f"{name} (withdrawn)")
    return [
        CategoryRow(
            id=r[0], position=position, name=r[1], description=r[2] or "",
            winners_count=r[3], runners_up_count=r[4], highly_commended_count=r[5],
            criteria_count=r[6], sponsors=tuple(names.get(r[0], ())), active=bool(r[7]),
            live_nominations=r[8], version=r[9], presenter=r[10] or "",
        )
        for position, r in enumerate(session.execute(query), start=1)
    ]


@dataclass(frozen=True, slots=True)
class CriterionRow:
    """One judging criterion of a category, as the criteria table shows it."""

    id: int
    category_id: int
    position: int
    name: str
    guidance: str
    weight: float
    scale_min: int
    scale_max: int
    role: str | None
    version: int  # what an editor opened from this row passes back as expected_version

    @property
    def editable(self) -> dict[str, Any]:
        """The fields the criterion editor shows, as loaded (its ``original``)."""
        return {f: getattr(self, f) for f in CRITERION_FIELDS}

    @property
    def role_label(self) -> str:
        """What the criterion is used for besides its weight ("" for nothing more)."""
        return CriterionRole(self.role).label if self.role else ""

    @property
    def weight_label(self) -> str:
        return f"×{self.weight:g}"

    @property
    def scale_label(self) -> str:
        return f"{self.scale_min}–{self.scale_max}"


def criterion_rows(session: Session, category_id: int) -> list[CriterionRow]:
    """A category's criteria in display order."""
    query = (
        select(
            Criterion.id, Criterion.category_id, Criterion.name, Criterion.guidance,
            Criterion.weight, Criterion.scale_min, Criterion.scale_max, Criterion.role,
            Criterion.version,
        )
        .where(Criterion.category_id == category_id)
        .order_by(Criterion.display_order, Criterion.id)
    )
    return [
        CriterionRow(
            id=r[0], category_id=r[1], position=position, name=r[2], guidance=r[3] or "",
            weight=float(r[4]), scale_min=r[5], scale_max=r[6], role=r[7], version=r[8],
        )
        for position, r in enumerate(session.execute(query), start=1)
    ]

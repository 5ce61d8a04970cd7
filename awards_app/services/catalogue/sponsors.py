"""Sponsors (organisations), the categories they sponsor, and their judges."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, person_edits
from awards_app.core.errors import ValidationError
from awards_app.core.text import name_key
from awards_app.core.validation import Checker
from awards_app.db.models import Category, Judge, Sponsor, Sponsorship
from awards_app.services.catalogue.locks import (
    ensure_categories_open,
    ensure_results_open,
    judged_categories,
    sponsored_categories,
)
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

SPONSOR_FIELDS = ("name", "contact_name", "contact_email", "contact_phone", "notes", "logo")
JUDGE_FIELDS = ("name", "email")
#: the fields as a person knows them (naming what someone else changed)
SPONSOR_LABELS = {
    "name": "name",
    "contact_name": "contact name",
    "contact_email": "contact email",
    "contact_phone": "contact phone",
    "notes": "notes",
    "logo": "logo",
}
JUDGE_LABELS = {"name": "name", "email": "email"}
MAX_LOGO_BYTES = 5 * 1024 * 1024
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def logo_mime(data: bytes) -> str:
    """The image type of a logo, judged by its content; PNG and JPEG are accepted."""
    for magic, mime in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            return mime
    raise ValueError("is not a PNG or JPEG image")


def _clean_sponsor(data: Mapping[str, Any]) -> dict[str, Any]:
    c = Checker()
    out: dict[str, Any] = {
        "name": c.name("name", data.get("name"), required=True),
        "contact_name": c.name("contact_name", data.get("contact_name"), required=False),
        "contact_email": c.email("contact_email", data.get("contact_email")),
        "contact_phone": c.text("contact_phone", data.get("contact_phone"), max_length=40),
        "notes": c.text("notes", data.get("notes"), max_length=5000),
        "logo": data.get("logo"),
        "logo_mime": None,
    }
    phone = out["contact_phone"]
    if phone and not all(ch.isdigit() or ch in " +()-." for ch in phone):
        c.add("contact_phone", f"'{phone}' is not a phone number")
    logo = out["logo"]
    if logo:
        if len(logo) > MAX_LOGO_BYTES:
            c.add("logo", f"is {len(logo) // 1024:,} KB; the most allowed is 5 MB")
        else:
            try:
                out["logo_mime"] = logo_mime(logo)
            except ValueError as exc:
                c.add("logo", str(exc))
    else:
        out["logo"] = None
    c.check()
    return out


def _ensure_unique_sponsor(
    session: Session, event_id: int, name: str, exclude_id: int | None = None
) -> None:
    for sponsor_id, sponsor_name in session.execute(
        select(Sponsor.id, Sponsor.name).where(Sponsor.event_id == event_id)
    ):
        if sponsor_id != exclude_id and name_key(sponsor_name) == name_key(name):
            raise ValidationError.single("name", f"a sponsor called '{sponsor_name}' already exists")


def create_sponsor(session: Session, *, event_id: int, name: str, **details: Any) -> Sponsor:
    check_keys(details, SPONSOR_FIELDS, "A sponsor")
    ensure_editable(get_event(session, event_id))
    data = _clean_sponsor({**details, "name": name})
    _ensure_unique_sponsor(session, event_id, data["name"])
    sponsor = Sponsor(event_id=event_id, **data)
    session.add(sponsor)
    session.flush()
    audit(session, "create", "sponsor", sponsor.id, event_id=event_id, summary=sponsor.name)
    return sponsor


def update_sponsor(session: Session, sponsor_id: int, *, expected_version: int | None = None,
                   original: Mapping[str, Any] | None = None, **changes: Any) -> Sponsor:
    """Change a sponsor's details or logo. An editor passes the ``expected_version`` and
    ``original`` values it loaded: a stale copy is refused (StaleEditError) and only the
    fields the person changed are written (see services.common)."""
    check_keys(changes, SPONSOR_FIELDS, "A sponsor")
    sponsor = get(session, Sponsor, sponsor_id, "sponsor")
    ensure_editable(sponsor.event)
    ensure_current(session, sponsor, entity="sponsor", entity_id=sponsor.id,
                   labels=SPONSOR_LABELS, expected_version=expected_version, original=original)
    edits = person_edits(changes, original)
    data = _clean_sponsor({**stored_values(sponsor, SPONSOR_FIELDS), **edits})
    _ensure_unique_sponsor(session, sponsor.event_id, data["name"], exclude_id=sponsor.id)
    written = write_changes(sponsor, data)
    if written:
        audit(session, "update", "sponsor", sponsor.id, event_id=sponsor.event_id,
              summary=", ".join(written))
    return sponsor


def sponsor_for_edit(session: Session, sponsor_id: int) -> Loaded:
    """A sponsor's details, logo and version as its editor (re)loads them."""
    return load_for_edit(session, Sponsor, sponsor_id, SPONSOR_FIELDS, "sponsor")


def withdraw_sponsor(session: Session, sponsor_id: int, *, active: bool = False) -> Sponsor:
    """A withdrawn sponsor keeps its history but judges nothing and sponsors nothing new."""
    sponsor = get(session, Sponsor, sponsor_id, "sponsor")
    ensure_editable(sponsor.event)
    if sponsor.active != active:
        ensure_categories_open(session, sponsored_categories(session, sponsor.id),
                               "which sponsors judge it")
    sponsor.active = active
    audit(session, "reinstate" if active else "withdraw", "sponsor", sponsor.id,
          event_id=sponsor.event_id)
    return sponsor


def list_sponsors(session: Session, event_id: int, *, include_withdrawn: bool = True) -> list[Sponsor]:
    query = select(Sponsor).where(Sponsor.event_id == event_id)
    if not include_withdrawn:
        query = query.where(Sponsor.active.is_(True))
    return list(session.scalars(query.order_by(Sponsor.name)))


def find_sponsor(session: Session, event_id: int, name: str) -> Sponsor | None:
    key = name_key(name)
    return next((s for s in list_sponsors(session, event_id) if name_key(s.name) == key), None)


def sponsor_category(session: Session, *, sponsor_id: int, category_id: int) -> Sponsorship:
    """Make a sponsor sponsor (and so judge) a category; doing it twice changes nothing."""
    sponsor = get(session, Sponsor, sponsor_id, "sponsor")
    category = get(session, Category, category_id, "category")
    ensure_editable(sponsor.event)
    if category.event_id != sponsor.event_id:
        raise ValidationError.single("category", "belongs to a different event")
    existing = session.scalar(
        select(Sponsorship).where(
            Sponsorship.sponsor_id == sponsor_id, Sponsorship.category_id == category_id
        )
    )
    if existing is not None:
        return existing
    ensure_results_open(category, "which sponsors judge it")
    link = Sponsorship(sponsor_id=sponsor_id, category_id=category_id)
    session.add(link)
    session.flush()
    audit(session, "sponsor", "category", category_id, event_id=sponsor.event_id,
          summary=f"{sponsor.name} sponsors {category.name}")
    return link


def unsponsor_category(session: Session, *, sponsor_id: int, category_id: int) -> None:
    link = session.scalar(
        select(Sponsorship).where(
            Sponsorship.sponsor_id == sponsor_id, Sponsorship.category_id == category_id
        )
    )
    if link is not None:
        ensure_editable(link.sponsor.event)
        ensure_results_open(link.category, "which sponsors judge it")
        session.delete(link)
        audit(session, "unsponsor", "category", category_id, event_id=link.sponsor.event_id,
              summary=link.sponsor.name)


def sponsors_of_category(session: Session, category_id: int) -> list[Sponsor]:
    return list(
        session.scalars(
            select(Sponsor)
            .join(Sponsorship, Sponsorship.sponsor_id == Sponsor.id)
            .where(Sponsorship.category_id == category_id)
            .order_by(Sponsor.name)
        )
    )


def categories_of_sponsor(session: Session, sponsor_id: int) -> list[Category]:
    return list(
        session.scalars(
            select(Category)
            .join(Sponsorship, Sponsorship.category_id == Category.id)
            .where(Sponsorship.sponsor_id == sponsor_id)
            .order_by(Category.display_order)
        )
    )


def _clean_judge(data: Mapping[str, Any]) -> dict[str, Any]:
    c = Checker()
    out = {"name": c.name("name", data.get("name")), "email": c.email("email", data.get("email"))}
    c.check()
    return out


def _ensure_unique_judge(
    session: Session, sponsor: Sponsor, data: Mapping[str, Any], exclude_id: int | None = None
) -> None:
    for judge in sponsor.judges:
        if judge.id == exclude_id:
            continue
        if name_key(judge.name) == name_key(data["name"]):
            raise ValidationError.single("name", f"{judge.name} already judges for {sponsor.name}")
        if data["email"] and judge.email == data["email"]:
            raise ValidationError.single("email", f"{judge.name} already uses {judge.email}")


def create_judge(session: Session, *, sponsor_id: int, name: str, email: str | None = None) -> Judge:
    sponsor = get(session, Sponsor, sponsor_id, "sponsor")
    ensure_editable(sponsor.event)
    data = _clean_judge({"name": name, "email": email})
    _ensure_unique_judge(session, sponsor, data)
    judge = Judge(sponsor_id=sponsor_id, **data)
    sponsor.judges.append(judge)
    session.flush()
    audit(session, "create", "judge", judge.id, event_id=sponsor.event_id, summary=sponsor.name)
    return judge


def update_judge(session: Session, judge_id: int, *, expected_version: int | None = None,
                 original: Mapping[str, Any] | None = None, **changes: Any) -> Judge:
    """Change a judge's name or email. An editor passes the ``expected_version`` and
    ``original`` values it loaded: a stale copy is refused (StaleEditError) and only the
    fields the person changed are written (see services.common)."""
    check_keys(changes, JUDGE_FIELDS, "A judge")
    judge = get(session, Judge, judge_id, "judge")
    ensure_editable(judge.sponsor.event)
    ensure_current(session, judge, entity="judge", entity_id=judge.id, labels=JUDGE_LABELS,
                   expected_version=expected_version, original=original)
    edits = person_edits(changes, original)
    data = _clean_judge({**stored_values(judge, JUDGE_FIELDS), **edits})
    _ensure_unique_judge(session, judge.sponsor, data, exclude_id=judge.id)
    written = write_changes(judge, data)
    if written:
        audit(session, "update", "judge", judge.id, event_id=judge.sponsor.event_id,
              summary=", ".join(written))
    return judge


def judge_for_edit(session: Session, judge_id: int) -> Loaded:
    """A judge's name, email and version as their editor (re)loads them."""
    return load_for_edit(session, Judge, judge_id, JUDGE_FIELDS, "judge")


def withdraw_judge(session: Session, judge_id: int, *, active: bool = False) -> Judge:
    judge = get(session, Judge, judge_id, "judge")
    ensure_editable(judge.sponsor.event)
    if judge.active != active:
        ensure_categories_open(session, judged_categories(session, judge.id),
                               "which judges count")
    judge.active = active
    audit(session, "reinstate" if active else "withdraw", "judge", judge.id,
          event_id=judge.sponsor.event_id)
    return judge


def list_judges(session: Session, event_id: int, *, include_withdrawn: bool = True) -> list[Judge]:
    query = select(Judge).join(Sponsor).where(Sponsor.event_id == event_id)
    if not include_withdrawn:
        query = query.where(Judge.active.is_(True), Sponsor.active.is_(True))
    return list(session.scalars(query.order_by(Sponsor.name, Judge.name)))


# --- views for the sponsors & judges page ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class SponsorRow:
    """One line of the sponsors table (the logo itself stays in the database)."""

    id: int
    name: str
    contact_name: str
    contact_email: str
    contact_phone: str
    notes: str
    categories: tuple[str, ...]  # names in display order, retired ones marked "(retired)"
    judges_count: int  # judges still taking part
    has_logo: bool
    active: bool
    version: int  # what an editor opened from this row passes back as expected_version

    @property
    def status_label(self) -> str:
        return "Active" if self.active else "Withdrawn"

    @property
    def categories_label(self) -> str:
        return ", ".join(self.categories)


def sponsor_rows(
    session: Session, event_id: int, *, category_id: int | None = None
) -> list[SponsorRow]:
    """The event's sponsors by name; with ``category_id``, only those sponsoring it."""
    judges = (
        select(func.count(Judge.id))
        .where(Judge.sponsor_id == Sponsor.id, Judge.active.is_(True))
        .correlate(Sponsor)
        .scalar_subquery()
    )
    query = (
        select(
            Sponsor.id, Sponsor.name, Sponsor.contact_name, Sponsor.contact_email,
            Sponsor.contact_phone, Sponsor.notes, judges, Sponsor.logo.is_not(None),
            Sponsor.active, Sponsor.version,
        )
        .where(Sponsor.event_id == event_id)
        .order_by(Sponsor.name, Sponsor.id)
    )
    if category_id is not None:
        query = query.where(
            Sponsor.id.in_(
                select(Sponsorship.sponsor_id).where(Sponsorship.category_id == category_id)
            )
        )
    names: dict[int, list[str]] = {}
    for sponsor_id, name, active in session.execute(
        select(Sponsorship.sponsor_id, Category.name, Category.active)
        .join(Category, Category.id == Sponsorship.category_id)
        .where(Category.event_id == event_id)
        .order_by(Category.display_order, Category.id)
    ):
        names.setdefault(sponsor_id, []).append(name if active else f"{name} (retired)")
    return [
        SponsorRow(
            id=r[0], name=r[1], contact_name=r[2] or "", contact_email=r[3] or "",
            contact_phone=r[4] or "", notes=r[5] or "", categories=tuple(names.get(r[0], ())),
            judges_count=r[6], has_logo=bool(r[7]), active=bool(r[8]), version=r[9],
        )
        for r in session.execute(query)
    ]


def sponsor_logo(session: Session, sponsor_id: int) -> bytes | None:
    """A sponsor's logo image (PNG or JPEG bytes), or None when it has none."""
    get(session, Sponsor, sponsor_id, "sponsor")
    logo: bytes | None = session.scalar(select(Sponsor.logo).where(Sponsor.id == sponsor_id))
    return logo


@dataclass(frozen=True, slots=True)
class JudgeRow:
    id: int
    sponsor_id: int
    name: str
    email: str
    active: bool
    version: int  # what an editor opened from this row passes back as expected_version

    @property
    def editable(self) -> dict[str, Any]:
        """The fields the judge editor shows, as loaded (its ``original``)."""
        return {f: getattr(self, f) for f in JUDGE_FIELDS}

    @property
    def status_label(self) -> str:
        return "Active" if self.active else "Withdrawn"


def judge_rows(session: Session, sponsor_id: int) -> list[JudgeRow]:
    """A sponsor's judges by name, withdrawn ones included."""
    query = (
        select(Judge.id, Judge.sponsor_id, Judge.name, Judge.email, Judge.active, Judge.version)
        .where(Judge.sponsor_id == sponsor_id)
        .order_by(Judge.name, Judge.id)
    )
    return [
        JudgeRow(id=r[0], sponsor_id=r[1], name=r[2], email=r[3] or "", active=bool(r[4]),
                 version=r[5])
        for r in session.execute(query)
    ]


@dataclass(frozen=True, slots=True)
class SponsorCategoryChoice:
    """A category a sponsor could sponsor, and whether it does."""

    category_id: int
    name: str
    active: bool
    sponsored: bool


def sponsor_category_choices(session: Session, sponsor_id: int) -> list[SponsorCategoryChoice]:
    """The event's active categories in display order, plus any retired category the
    sponsor still sponsors (so the link can be seen and removed)."""
    sponsor = get(session, Sponsor, sponsor_id, "sponsor")
    linked = (
        select(Sponsorship.id)
        .where(Sponsorship.category_id == Category.id, Sponsorship.sponsor_id == sponsor_id)
        .correlate(Category)
        .exists()
    )
    query = (
        select(Category.id, Category.name, Category.active, linked)
        .where(Category.event_id == sponsor.event_id)
        .where(Category.active.is_(True) | linked)
        .order_by(Category.display_order, Category.id)
    )
    return [
        SponsorCategoryChoice(category_id=r[0], name=r[1], active=bool(r[2]), sponsored=bool(r[3]))
        for r in session.execute(query)
    ]

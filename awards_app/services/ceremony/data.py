"""What the ceremony pack is made of, read from confirmed results only.

``ceremony`` reads the event's categories in running order (display order), and for each
category whose results are confirmed, its placed young people (winners, runners-up, highly
commended) with every public detail already put through the consent rules of
core.ceremony_names: nothing here holds a surname, a name or a seat that an output must not
print. Categories not confirmed yet are named in ``not_confirmed`` and left out.

``page_rows`` is the coordinator's view for the Ceremony page: the same people, with the
details as stored (for editing) beside the name as it will be read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core import ceremony_names as rules
from awards_app.core.certificates import format_long_date
from awards_app.core.enums import Answer, NominationStatus
from awards_app.core.scoring import Placement
from awards_app.core.text import format_ref
from awards_app.db.models import (
    Category,
    CeremonySeat,
    ConfirmedPlacement,
    Event,
    Nomination,
    Nominee,
    Sponsor,
    Sponsorship,
)
from awards_app.services.common import get

#: the placements presented at the ceremony, in the order they are read out
PRESENTED = (Placement.HIGHLY_COMMENDED, Placement.RUNNER_UP, Placement.WINNER)
_READING_ORDER = {p.value: i for i, p in enumerate(PRESENTED)}

# Press status, in words a coordinator reads on the Ceremony page.
PRESS_RELEASED = "Released with approved wording"
PRESS_WAITING = "Waiting for approved wording"
PRESS_NOT_CONSENTED = "Not for the press (no yes to being named publicly)"
PRESS_NOT_PUBLISHED = "Not for the press (do not publish)"
PRESS_NOT_WINNER = "Not on the press list (winners only)"
#: the same, short, for a table column
PRESS_SHORT = {PRESS_RELEASED: "Released", PRESS_WAITING: "Waiting for wording",
               PRESS_NOT_CONSENTED: "Not consented", PRESS_NOT_PUBLISHED: "Do not publish",
               PRESS_NOT_WINNER: "Winners only"}


@dataclass(frozen=True)
class Placed:
    """One placed young person as every output may show them."""

    nomination_id: int
    ref: str
    placement: str  # "Winner", "Runner-up", "Highly commended"
    is_winner: bool
    name: str  # as read and printed (core.ceremony_names.ceremony_name)
    name_form: rules.NameForm
    pronunciation: str  # of the name that is read; "" for none
    citation: str  # with what they did not agree to taken out
    citation_edited: bool  # something was taken out: check it still reads well
    seat: str  # "" when not recorded
    may_photograph: bool
    press_status: str  # one of the PRESS_* phrases
    press_wording: str  # approved wording, only when released ("" otherwise)


@dataclass(frozen=True)
class CategoryRun:
    category_id: int
    name: str
    sponsors: tuple[str, ...]
    presenter: str
    placed: tuple[Placed, ...]  # in reading order: highly commended, runners-up, winners


@dataclass(frozen=True)
class Ceremony:
    event_name: str
    year: int
    date: str  # "19 March 2027", or "" when not set
    venue: str
    categories: tuple[CategoryRun, ...]  # confirmed ones, in running order
    not_confirmed: tuple[str, ...]  # names of active categories not confirmed yet
    #: (sponsor, category) for each not confirmed category a sponsor sponsors
    pending_sponsors: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return f"{self.event_name} {self.year}"

    @property
    def placed(self) -> tuple[Placed, ...]:
        return tuple(p for c in self.categories for p in c.placed)


@dataclass(frozen=True)
class _Stored:
    """A placed nomination's stored details (never handed to an output)."""

    category_id: int
    nomination_id: int
    nominee_id: int
    number: int
    placement: Placement
    rank: int | None
    first: str
    last: str
    preferred: str
    consent_public: Answer
    consent_photo: Answer
    do_not_publish: bool
    pronunciation: str
    citation: str
    press_wording: str
    seat: str


def _press_status(stored: _Stored) -> str:
    if stored.placement is not Placement.WINNER:
        return PRESS_NOT_WINNER
    if stored.do_not_publish:
        return PRESS_NOT_PUBLISHED
    if not rules.may_go_to_press(stored.consent_public, do_not_publish=False):
        return PRESS_NOT_CONSENTED
    return PRESS_RELEASED if stored.press_wording.strip() else PRESS_WAITING


def _placed(stored: _Stored) -> Placed:
    consent, hidden = stored.consent_public, stored.do_not_publish
    citation, edited = rules.ceremony_text(stored.citation, stored.preferred, stored.first,
                                           stored.last, consent, do_not_publish=hidden)
    press = _press_status(stored)
    return Placed(
        nomination_id=stored.nomination_id, ref=format_ref(stored.number),
        placement=stored.placement.label, is_winner=stored.placement is Placement.WINNER,
        name=rules.ceremony_name(stored.preferred, stored.first, stored.last, consent,
                                 do_not_publish=hidden),
        name_form=rules.name_form(consent, do_not_publish=hidden),
        pronunciation=rules.ceremony_pronunciation(stored.pronunciation, stored.last, consent,
                                                   do_not_publish=hidden),
        citation=citation, citation_edited=edited, seat=" ".join(stored.seat.split()),
        may_photograph=rules.may_photograph(stored.consent_photo, do_not_publish=hidden),
        press_status=press,
        press_wording=stored.press_wording.strip() if press == PRESS_RELEASED else "")


def _stored(session: Session, event_id: int, category_ids: list[int]
            ) -> dict[int, list[_Stored]]:
    """category id → its placed nominations' stored details, in reading order."""
    query = (
        select(ConfirmedPlacement.category_id, Nomination.id, Nominee.id, Nomination.number,
               ConfirmedPlacement.placement, ConfirmedPlacement.rank, Nominee.first_name,
               Nominee.last_name, Nominee.preferred_name, Nominee.consent_public,
               Nominee.consent_photo, Nominee.do_not_publish, Nominee.pronunciation,
               Nomination.citation, Nomination.press_wording, CeremonySeat.seat)
        .join(Nomination, Nomination.id == ConfirmedPlacement.nomination_id)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .outerjoin(CeremonySeat, (CeremonySeat.nominee_id == Nominee.id)
                   & (CeremonySeat.event_id == event_id))
        .where(ConfirmedPlacement.category_id.in_(category_ids),
               ConfirmedPlacement.placement.in_([p.value for p in PRESENTED]),
               Nomination.status != NominationStatus.WITHDRAWN)
    )
    found: dict[int, list[_Stored]] = defaultdict(list)
    for row in session.execute(query):
        (cid, nid, person, number, placement, rank, first, last, preferred, public, photo,
         hidden, pronunciation, citation, wording, seat) = row
        found[cid].append(_Stored(
            cid, nid, person, number, Placement(placement), rank, first, last, preferred,
            Answer(public), Answer(photo), bool(hidden), pronunciation or "", citation or "",
            wording or "", seat or ""))
    for entries in found.values():
        entries.sort(key=lambda s: (_READING_ORDER[s.placement.value],
                                    -(s.rank or 0), s.number))
    return found


def _sponsors(session: Session, category_ids: list[int]) -> dict[int, tuple[str, ...]]:
    query = (select(Sponsorship.category_id, Sponsor.name)
             .join(Sponsor, Sponsor.id == Sponsorship.sponsor_id)
             .where(Sponsorship.category_id.in_(category_ids), Sponsor.active.is_(True))
             .order_by(Sponsor.name))
    names: dict[int, list[str]] = defaultdict(list)
    for cid, name in session.execute(query):
        names[cid].append(name)
    return {cid: tuple(found) for cid, found in names.items()}


def _categories(session: Session, event_id: int) -> list[Category]:
    return list(session.scalars(
        select(Category).where(Category.event_id == event_id, Category.active.is_(True))
        .order_by(Category.display_order, Category.id)))


def ceremony(session: Session, event_id: int) -> Ceremony:
    """The running order from confirmed results, every detail as consented."""
    event = get(session, Event, event_id, "event")
    categories = _categories(session, event_id)
    confirmed = [c for c in categories if c.results_confirmed_at is not None]
    ids = [c.id for c in confirmed]
    stored = _stored(session, event_id, ids)
    sponsors = _sponsors(session, [c.id for c in categories])
    return Ceremony(
        event_name=event.name, year=event.year, date=format_long_date(event.ceremony_date),
        venue=event.venue or "",
        categories=tuple(CategoryRun(
            category_id=c.id, name=c.name, sponsors=sponsors.get(c.id, ()),
            presenter=" ".join((c.presenter or "").split()),
            placed=tuple(_placed(s) for s in stored.get(c.id, [])))
            for c in confirmed),
        not_confirmed=tuple(c.name for c in categories if c.results_confirmed_at is None),
        pending_sponsors=tuple((sponsor, c.name) for c in categories
                               if c.results_confirmed_at is None
                               for sponsor in sponsors.get(c.id, ())))


@dataclass(frozen=True)
class PageRow:
    """One row of the Ceremony page: the coordinator's view of a placed young person."""

    nomination_id: int
    nominee_id: int
    ref: str
    category: str
    placement: str
    young_person: str  # preferred name, as the coordinator's lists show it
    name_read: str
    name_form: str  # NameForm label
    pronunciation: str  # as stored, for editing
    seat: str
    photos: str  # "Yes" or "No"
    press: str  # in a few words (PRESS_SHORT)
    press_detail: str  # in a sentence (a PRESS_* phrase)
    press_wording: str  # as stored


def page_rows(session: Session, event_id: int) -> list[PageRow]:
    """Every placed young person of a confirmed category, in running order."""
    categories = [c for c in _categories(session, event_id) if c.results_confirmed_at]
    stored = _stored(session, event_id, [c.id for c in categories])
    rows = []
    for category in categories:
        for s in stored.get(category.id, []):
            shown = _placed(s)
            rows.append(PageRow(
                nomination_id=s.nomination_id, nominee_id=s.nominee_id, ref=shown.ref,
                category=category.name, placement=shown.placement,
                young_person=" ".join(s.preferred.split()), name_read=shown.name,
                name_form=shown.name_form.label, pronunciation=s.pronunciation,
                seat=shown.seat,
                photos="Yes" if shown.may_photograph else "No",
                press=PRESS_SHORT[shown.press_status], press_detail=shown.press_status,
                press_wording=s.press_wording))
    return rows

"""Shared building blocks of the certificate services: the current data a certificate is made
from, the stored certificates, and turning either into what the renderer prints.

Used by services/certificates.py and services/certificate_records.py; the UI calls those.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core import certificates as rules
from awards_app.core.codes import format_code, new_code, verification_text
from awards_app.core.enums import Answer, NominationStatus
from awards_app.core.text import format_ref
from awards_app.db.models import (
    Category,
    Certificate,
    CertificateLog,
    ConfirmedPlacement,
    Event,
    Nomination,
    Nominee,
    Sponsor,
    Sponsorship,
    utcnow,
)

if TYPE_CHECKING:
    from awards_app.pdf.certificate import CertificateSpec

ISSUE, PRINT, REPRINT, REVOKE, CORRECT = "issue", "print", "reprint", "revoke", "correct"
# Frozen certificate fields a person would recognise, for "what changed since it was issued".
FROZEN_LABELS = {"recipient_name": "name", "placement": "award", "category_name": "category",
                 "event_name": "event", "event_year": "year", "ceremony_date": "ceremony date",
                 "sponsor_name": "sponsor", "citation": "citation"}
SponsorInfo = tuple[int, str, bool]  # id, name, has a logo


@dataclass(frozen=True)
class IssuedCertificate:
    """Everything needed to print one issued certificate (its stored, frozen values)."""

    certificate_id: int
    nomination_id: int
    ref: str
    code: str  # normalised, 13 symbols
    design: str
    placement: str
    recipient: str
    category: str
    event_name: str
    year: int
    ceremony_date: str  # "14 March 2027" or ""
    sponsor_name: str
    citation: str
    verification_text: str
    qr_mask: int | None
    print_count: int
    new: bool  # issued by this call
    sponsor_logo: bytes | None = field(default=None, repr=False)  # the first of sponsor_logos
    #: every sponsor's logo whose name is on the certificate, in the certificate's order
    sponsor_logos: tuple[bytes, ...] = field(default=(), repr=False)

    @property
    def code_display(self) -> str:
        return format_code(self.code)

    @property
    def title(self) -> str:
        return rules.title_for(self.placement)

    def spec(self) -> CertificateSpec:
        # ReportLab loads only when a PDF is made (start-up time)
        from awards_app.pdf.certificate import CertificateSpec

        return CertificateSpec(
            design=self.design, title=self.title, event_name=self.event_name, year=self.year,
            category=self.category, recipient=self.recipient, citation=self.citation,
            sponsor_name=self.sponsor_name, sponsor_logo=self.sponsor_logo,
            sponsor_logos=self.sponsor_logos or ((self.sponsor_logo,) if self.sponsor_logo
                                                 else ()),
            ceremony_date=self.ceremony_date, verification_text=self.verification_text,
            code_display=self.code_display, qr_mask=self.qr_mask)


@dataclass(frozen=True)
class PlacementRow:
    """A confirmed placement with the current data its certificate would be made from."""

    nomination_id: int
    number: int
    category_id: int
    category: str
    display_order: int
    placement: str
    rank: int | None
    citation: str
    preferred: str
    last: str
    consent: Answer
    override: str
    reason: str
    first: str = ""  # the legal first name: the fallback when no other name is left

    @property
    def ref(self) -> str:
        return format_ref(self.number)

    @property
    def name(self) -> str:
        return rules.certificate_name(self.preferred, self.last, self.consent, self.override,
                                      first=self.first)

    def breaks_consent(self, printed: str) -> bool:
        """Whether ``printed`` (an issued certificate's name) holds the surname although the
        young person did not agree: only one issued before the rule caught a surname typed
        into a name can."""
        return self.consent is not Answer.YES and rules.contains_surname(printed, self.last)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        order = rules.PLACEMENT_ORDER.get(self.placement, len(rules.PLACEMENT_ORDER))
        return (self.display_order, order,
                self.rank if self.rank is not None else 1 << 30, self.number)


def placement_rows(session: Session, event_id: int) -> list[PlacementRow]:
    """Every certificate-worthy confirmed placement of the event (final results of active
    categories, nomination not withdrawn), in category, placement and rank order."""
    query = (
        select(ConfirmedPlacement.nomination_id, Nomination.number, Category.id, Category.name,
               Category.display_order, ConfirmedPlacement.placement, ConfirmedPlacement.rank,
               Nomination.citation, Nominee.preferred_name, Nominee.last_name,
               Nominee.consent_certificate_name, Nomination.certificate_name_override,
               Nomination.certificate_name_reason, Nominee.first_name)
        .join(Category, Category.id == ConfirmedPlacement.category_id)
        .join(Nomination, Nomination.id == ConfirmedPlacement.nomination_id)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Category.event_id == event_id, Category.active.is_(True),
               Category.results_confirmed_at.is_not(None),
               Nomination.status != NominationStatus.WITHDRAWN)
    )
    return sorted((PlacementRow(*tuple(row)) for row in session.execute(query)),
                  key=lambda r: r.sort_key)


def placement_row(session: Session, event_id: int, nomination_id: int) -> PlacementRow | None:
    return next((r for r in placement_rows(session, event_id)
                 if r.nomination_id == nomination_id), None)


def category_sponsors(session: Session, event_id: int) -> dict[int, list[SponsorInfo]]:
    """category id → its active sponsors (id, name, has a logo), by name."""
    found: dict[int, list[SponsorInfo]] = defaultdict(list)
    for category_id, sponsor_id, name, has_logo in session.execute(
        select(Sponsorship.category_id, Sponsor.id, Sponsor.name, Sponsor.logo.is_not(None))
        .join(Sponsor, Sponsor.id == Sponsorship.sponsor_id)
        .where(Sponsor.event_id == event_id, Sponsor.active.is_(True))
        .order_by(Sponsor.name, Sponsor.id)
    ):
        found[category_id].append((sponsor_id, name, bool(has_logo)))
    return found


def logo_sponsors(printed_sponsor: str, sponsors: Sequence[SponsorInfo]) -> tuple[int, ...]:
    """Every current sponsor with a logo whose name is on the certificate, in the
    certificate's order (by name, as ``and_list`` joined them). Logos are not frozen: a sponsor
    who sends a better logo gets it on every reprint."""
    return tuple(sid for sid, name, has_logo in sponsors
                 if has_logo and printed_sponsor and name in printed_sponsor)


def logo_sponsor(printed_sponsor: str, sponsors: Sequence[SponsorInfo]) -> int | None:
    """The first of :func:`logo_sponsors`."""
    return next(iter(logo_sponsors(printed_sponsor, sponsors)), None)


def logos(session: Session, sponsor_of: dict[int, int | None]) -> dict[int, bytes]:
    """key → the logo of sponsor ``sponsor_of[key]``, fetching each logo once."""
    found = logo_sets(session, {key: () if sid is None else (sid,)
                                for key, sid in sponsor_of.items()})
    return {key: found_logos[0] for key, found_logos in found.items() if found_logos}


def logo_sets(session: Session, sponsors_of: dict[int, Sequence[int]]
              ) -> dict[int, tuple[bytes, ...]]:
    """key → the logos of sponsors ``sponsors_of[key]`` in that order (those without one
    left out), fetching each logo once."""
    ids = {sid for sids in sponsors_of.values() for sid in sids}
    data: dict[int, bytes | None] = {}
    if ids:
        data = {sid: logo for sid, logo in session.execute(
            select(Sponsor.id, Sponsor.logo).where(Sponsor.id.in_(sorted(ids))))}
    return {key: tuple(logo for sid in sids if (logo := data.get(sid)))
            for key, sids in sponsors_of.items()}


def fresh_fields(row: PlacementRow, event: Event, sponsors: Sequence[SponsorInfo]) -> dict[str, Any]:
    """The frozen fields a certificate issued now would carry."""
    return {
        "design": rules.design_for(row.placement), "placement": row.placement,
        "recipient_name": row.name, "category_name": row.category, "event_name": event.name,
        "event_year": event.year, "ceremony_date": event.ceremony_date,
        "sponsor_name": rules.and_list([name for _, name, _ in sponsors]),
        "citation": row.citation,
    }


def certificates_by_nomination(session: Session, event_id: int) -> dict[int, Certificate]:
    """nomination id → its live certificate, or else its most recently revoked one."""
    found: dict[int, Certificate] = {}
    for cert in session.scalars(select(Certificate).where(Certificate.event_id == event_id)
                                .order_by(Certificate.id)):
        current = found.get(cert.nomination_id)
        if current is None or current.revoked_at is not None:
            found[cert.nomination_id] = cert
    return found


def add_log(session: Session, cert: Certificate, action: str, *, reason: str = "",
            detail: str = "", at: datetime | None = None) -> None:
    session.add(CertificateLog(certificate_id=cert.id, action=action, at=at or utcnow(),
                               reason=reason, detail=detail))


def unused_codes(session: Session, count: int) -> list[str]:
    """``count`` new codes, none already stored (a clash in 60 bits is all but impossible,
    but a unique index failing halfway through a print run would be worse than checking)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(session.scalars(select(Certificate.code).where(
            Certificate.code.in_(list(wanted)))))
        codes |= wanted - taken
    return list(codes)


def new_certificate(event: Event, row: PlacementRow, sponsors: Sequence[SponsorInfo],
                    code: str, template: str, now: datetime) -> Certificate:
    """A certificate made from the current data (not yet added to the session)."""
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.certificate import qr_mask_for

    text = verification_text(template, code)
    return Certificate(event_id=event.id, nomination_id=row.nomination_id, code=code,
                       verification_text=text, qr_mask=qr_mask_for(text), issued_at=now,
                       print_count=0, revoked_reason="", **fresh_fields(row, event, sponsors))


def issued_view(cert: Certificate, ref: str, logo: bytes | None, new: bool, *,
                logos: tuple[bytes, ...] = ()) -> IssuedCertificate:
    """What prints ``cert``; ``logos`` every sponsor's logo (``logo`` alone: just that one)."""
    logos = logos or ((logo,) if logo else ())
    return IssuedCertificate(
        certificate_id=cert.id, nomination_id=cert.nomination_id, ref=ref, code=cert.code,
        design=cert.design, placement=cert.placement, recipient=cert.recipient_name,
        category=cert.category_name, event_name=cert.event_name, year=cert.event_year,
        ceremony_date=rules.format_long_date(cert.ceremony_date),
        sponsor_name=cert.sponsor_name, citation=cert.citation,
        verification_text=cert.verification_text, qr_mask=cert.qr_mask,
        print_count=cert.print_count, new=new, sponsor_logo=logos[0] if logos else None,
        sponsor_logos=logos)


def refs(session: Session, nomination_ids: Iterable[int]) -> str:
    """"N-0003 and N-0007" for messages."""
    numbers = session.scalars(select(Nomination.number).where(
        Nomination.id.in_(list(nomination_ids))).order_by(Nomination.number))
    return rules.and_list([format_ref(n) for n in numbers]) or "those nominations"

"""Issued certificates after printing: name overrides, revocations, corrections, verification
and the log. (Re-exported by services/certificates.py, which the UI and CLI call.)"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core import certificates as rules
from awards_app.core.codes import SAMPLE_CODE, format_code, has_wrong_check, normalise_code
from awards_app.core.enums import Answer
from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.core.text import check_name, normalise_name
from awards_app.core.validation import Checker
from awards_app.db.models import (
    Certificate,
    CertificateLog,
    Event,
    Nomination,
    Nominee,
    utcnow,
)
from awards_app.services.certificates import data
from awards_app.services.certificates.settings import get_settings
from awards_app.services.common import audit, ensure_current, get, write_changes
from awards_app.services.events import ensure_editable

GENUINE, REVOKED, UNKNOWN, MALFORMED = "genuine", "revoked", "unknown", "malformed"
MISTYPED = "mistyped"  # 13 code symbols, but the last is not their check symbol
WRONG_CHECK = "The last character doesn't match: check the code for a typing mistake."


#: the fields as a person knows them (naming what someone else changed)
NAME_LABELS = {"certificate_name_override": "name to print on the certificate",
               "certificate_name_reason": "reason for that name"}


@dataclass(frozen=True)
class NameChoice:
    """What a nomination's certificate name is made of, for the rename dialog."""

    rule_name: str  # what the consent rule gives (preferred name, surname only with consent)
    override: str  # the coordinator's name, or ""
    reason: str  # why the override, or ""
    name: str  # what will print on the next certificate issued
    #: the nomination's version: what the rename dialog passes back as expected_version
    #: (metadata, so two choices printing the same name are equal)
    version: int = field(default=0, compare=False)

    @property
    def original(self) -> dict[str, Any]:
        """The override as loaded, as ``set_name_override`` compares it."""
        return {"certificate_name_override": self.override,
                "certificate_name_reason": self.reason}


def name_choice(session: Session, nomination_id: int) -> NameChoice:
    nomination = get(session, Nomination, nomination_id, "nomination")
    nominee = nomination.nominee
    rule = rules.certificate_name(nominee.preferred_name, nominee.last_name,
                                  nominee.consent_certificate_name, "",
                                  first=nominee.first_name)
    override = nomination.certificate_name_override
    return NameChoice(rule_name=rule, override=override,
                      reason=nomination.certificate_name_reason if override else "",
                      name=override or rule, version=nomination.version)


def set_name_override(session: Session, nomination_id: int, name: str, reason: str, *,
                      expected_version: int | None = None,
                      original: Mapping[str, Any] | None = None) -> str:
    """Print ``name`` on this nomination's certificate instead of the consent rule's, for the
    ``reason`` given (an empty name goes back to the rule). Returns the name that will print.
    An issued certificate keeps its printed name until it is corrected. An editor passes the
    ``expected_version`` and ``original`` (``NameChoice.original``) it loaded: a stale copy
    is refused (StaleEditError)."""
    nomination = get(session, Nomination, nomination_id, "nomination")
    ensure_editable(nomination.event)
    ensure_current(session, nomination, entity="nomination", entity_id=nomination.id,
                   labels=NAME_LABELS, expected_version=expected_version, original=original)
    chosen = normalise_name(name)
    nominee = nomination.nominee
    c = Checker()
    why = " ".join(c.text("reason", reason, max_length=1000).split())
    if chosen:
        try:
            chosen = check_name(chosen, max_length=rules.OVERRIDE_MAX_LENGTH)
        except ValueError as exc:
            c.add("name", str(exc))
        if (nominee.consent_certificate_name is not Answer.YES
                and rules.contains_surname(chosen, nominee.last_name)):
            c.add("name", "holds the young person's surname, which they did not agree to "
                          "have printed; leave it out, or record their yes to their name on "
                          "a certificate first")
        if not why:
            c.add("reason", "say why this certificate should not follow the consent rule")
    c.check()
    if write_changes(nomination, {"certificate_name_override": chosen,
                                  "certificate_name_reason": why if chosen else ""}):
        audit(session, "certificate_name", "nomination", nomination_id,
              event_id=nomination.event_id,
              summary=f"{nomination.ref}: override {'set' if chosen else 'cleared'}")
    return rules.certificate_name(nominee.preferred_name, nominee.last_name,
                                  nominee.consent_certificate_name, chosen,
                                  first=nominee.first_name)


def find_certificate(session: Session, code: str) -> Certificate:
    """The certificate with ``code`` (typed or scanned); ValidationError when it is not a
    code at all, NotFoundError when no certificate has it."""
    normal = normalise_code(code)
    if normal is None:
        raise ValidationError.single(
            "code", f"'{code.strip()}' is not a certificate code; codes look like "
                    f"{format_code(SAMPLE_CODE)}")
    cert = session.scalar(select(Certificate).where(Certificate.code == normal))
    if cert is None:
        raise NotFoundError(f"No certificate has the code {format_code(normal)}.")
    return cert


def _reason(reason: str) -> str:
    c = Checker()
    why = " ".join(c.text("reason", reason, max_length=1000).split())
    if not why:
        c.add("reason", "say why, e.g. 'name misspelt'")
    c.check()
    return why


def revoke(session: Session, code: str, reason: str) -> None:
    """Revoke a certificate for ``reason``: it then verifies as revoked and never reprints.
    (To put a corrected one in its place, use ``correct`` instead, or afterwards.)"""
    why = _reason(reason)
    cert = find_certificate(session, code)
    if cert.revoked_at is not None:
        raise ConflictError(f"{format_code(cert.code)} was already revoked on "
                            f"{rules.format_long_date(_local_date(cert.revoked_at))}.")
    cert.revoked_at, cert.revoked_reason = utcnow(), why
    data.add_log(session, cert, data.REVOKE, reason=why, at=cert.revoked_at)
    audit(session, "revoke", "certificate", cert.id, event_id=cert.event_id,
          summary=format_code(cert.code))


def correct(session: Session, certificate_code: str, *, reason: str) -> str:
    """Replace a certificate with one made from the current data: the old code is revoked
    for ``reason`` (unless it already was) and points at the new one. Returns the new code,
    shown form. The new certificate counts as printed when it is next printed."""
    why = _reason(reason)
    old = find_certificate(session, certificate_code)
    if old.replaced_by_id is not None:
        newer = get(session, Certificate, old.replaced_by_id, "certificate")
        raise ConflictError(f"{format_code(old.code)} was already corrected; its replacement "
                            f"is {format_code(newer.code)}.")
    event = get(session, Event, old.event_id, "event")
    row = data.placement_row(session, event.id, old.nomination_id)
    if row is None:
        raise ConflictError(f"{data.refs(session, [old.nomination_id])} no longer has a "
                            "confirmed result, so there is nothing to issue in its place.")
    now = utcnow()
    if old.revoked_at is None:
        old.revoked_at, old.revoked_reason = now, why
        session.flush()  # the old one stops being live before the new one is
    (code,) = data.unused_codes(session, 1)
    new = data.new_certificate(event, row, data.category_sponsors(session, event.id)[
        row.category_id], code, get_settings(session, event.id).verify_template, now)
    session.add(new)
    session.flush()
    old.replaced_by_id = new.id
    data.add_log(session, old, data.CORRECT, reason=why, at=now,
                 detail=f"replaced by {format_code(code)}")
    data.add_log(session, new, data.ISSUE, reason=why, at=now,
                 detail=f"replaces {format_code(old.code)}")
    audit(session, "correct", "certificate", old.id, event_id=event.id,
          summary=f"{format_code(old.code)} → {format_code(code)}")
    return format_code(code)


@dataclass(frozen=True)
class Verification:
    """The answer to "is this certificate genuine?": only what the certificate itself shows
    (never why it was revoked, nor more of a name than the paper, the consent rule and a
    wish not to be published allow)."""

    status: str  # "genuine" | "revoked" | "unknown" | "mistyped" | "malformed"
    code: str = ""  # shown form, when the input held a well-formed code
    recipient: str = ""  # as printed (core.certificates.verified_name)
    award: str = ""  # "Winner — Education Star"
    event: str = ""  # "Care Leavers Awards 2027"
    issued_on: date | None = None
    revoked_on: date | None = None
    replaced_by: str = ""  # shown form of the replacement's code, or ""

    @property
    def _certificate(self) -> str:
        return ", ".join(p for p in (self.recipient, self.award, self.event) if p)

    @property
    def message(self) -> str:
        """One or two plain sentences for a person (the CLI prints exactly this)."""
        if self.status == GENUINE:
            return (f"Genuine: {self._certificate}, issued "
                    f"{rules.format_long_date(self.issued_on)}.")
        if self.status == REVOKED:
            text = (f"Revoked: {self.code} ({self._certificate}) was revoked on "
                    f"{rules.format_long_date(self.revoked_on)}.")
            return text + (f" It was replaced by {self.replaced_by}." if self.replaced_by
                           else " It is no longer valid.")
        if self.status == UNKNOWN:
            return (f"Unknown: no certificate with the code {self.code} was issued here. "
                    "Check each character against the certificate.")
        if self.status == MISTYPED:
            return WRONG_CHECK
        return (f"Not a certificate code: codes look like {format_code(SAMPLE_CODE)} — 13 "
                "letters and digits, the last one a check. Look for a missing or mistyped "
                "character.")


def _local_date(moment: datetime) -> date:
    """The date on this computer's clock of a stored (UTC) time."""
    return moment.replace(tzinfo=UTC).astimezone().date()


def verify(session: Session, text: str) -> Verification:
    """Check a typed code or a scanner's whole verification text (any case, with or without
    dashes, O for 0, I or L for 1). Reads only."""
    normal = normalise_code(text)
    if normal is None:
        return Verification(MISTYPED if has_wrong_check(text) else MALFORMED)
    found = session.execute(
        select(Certificate, Nominee.last_name, Nominee.consent_certificate_name,
               Nominee.do_not_publish)
        .join(Nomination, Nomination.id == Certificate.nomination_id)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Certificate.code == normal)).one_or_none()
    if found is None:
        return Verification(UNKNOWN, code=format_code(normal))
    cert, surname, consent, do_not_publish = found
    replaced = (session.scalar(select(Certificate.code).where(
        Certificate.id == cert.replaced_by_id)) if cert.replaced_by_id else None)
    return Verification(
        GENUINE if cert.revoked_at is None else REVOKED, code=format_code(cert.code),
        recipient=rules.verified_name(cert.recipient_name, surname, consent,
                                      do_not_publish=do_not_publish),
        award=rules.award_label(cert.placement, cert.category_name),
        event=f"{cert.event_name} {cert.event_year}", issued_on=_local_date(cert.issued_at),
        revoked_on=_local_date(cert.revoked_at) if cert.revoked_at else None,
        replaced_by=format_code(replaced) if replaced else "")


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    action: str  # "issue" | "print" | "reprint" | "revoke" | "correct"
    code: str  # shown form
    recipient: str  # as printed
    reason: str
    detail: str


def certificate_log(session: Session, event_id: int, *, code: str | None = None) -> list[LogEntry]:
    """The event's certificate log, oldest first; or one certificate's (by code, any event)."""
    query = (select(CertificateLog, Certificate.code, Certificate.recipient_name)
             .join(Certificate, Certificate.id == CertificateLog.certificate_id))
    if code is not None:
        query = query.where(Certificate.id == find_certificate(session, code).id)
    else:
        get(session, Event, event_id, "event")
        query = query.where(Certificate.event_id == event_id)
    return [LogEntry(entry.at, entry.action, format_code(c), name, entry.reason, entry.detail)
            for entry, c, name in session.execute(
                query.order_by(CertificateLog.at, CertificateLog.id))]

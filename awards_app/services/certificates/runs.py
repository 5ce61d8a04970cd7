"""Certificates: who gets one, issuing codes, previews and print runs.

Confirmed placements decide who gets a certificate. Issuing freezes what is printed (name,
award, event, sponsor, citation, date, QR text and mask) under a new random code; a reprint
prints those stored values again, and only a correction (a new code, the old one revoked)
changes them. This module is the one the UI and CLI call: it also re-exports the settings
(certificate_settings) and the after-printing actions (certificate_records).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core import certificates as rules
from awards_app.core.codes import SAMPLE_CODE, format_code, verification_text
from awards_app.core.enums import NominationStatus
from awards_app.core.errors import Cancelled, ConflictError, ValidationError
from awards_app.db.models import Category, Certificate, Event, Nomination, utcnow
from awards_app.services.certificates import data
from awards_app.services.certificates.data import FROZEN_LABELS, IssuedCertificate
from awards_app.services.certificates.records import (
    GENUINE,
    MALFORMED,
    UNKNOWN,
    LogEntry,
    NameChoice,
    Verification,
    certificate_log,
    correct,
    find_certificate,
    name_choice,
    revoke,
    set_name_override,
    verify,
)
from awards_app.services.certificates.settings import (
    CertificateSettings,
    artwork_from,
    get_settings,
    save_settings,
)
from awards_app.services.common import audit, get

if TYPE_CHECKING:
    from awards_app.db.engine import Database
    from awards_app.pdf.certificate import Artwork, CertificateSpec

__all__ = [
    "GENUINE", "MALFORMED", "UNKNOWN", "CertificateSettings", "IssuedCertificate", "LogEntry",
    "NameChoice", "PrintRun", "Recipient", "Verification", "certificate_log", "correct",
    "find_certificate", "generate", "get_settings", "issue", "name_choice", "preview_spec",
    "recipients", "record_prints", "revoke", "sample_preview", "save_settings",
    "set_name_override", "skipped_categories", "specs_for", "verify",
]
NOT_ISSUED, ISSUED, REVOKED = "not issued", "issued", "revoked"


@dataclass(frozen=True)
class Recipient:
    """One nomination with a confirmed placement, as the Certificates page lists it."""

    nomination_id: int
    ref: str
    category_id: int
    category: str
    placement: str  # core.scoring.Placement value
    title: str  # "Winner", "Runner-up", "Highly commended", "Certificate of achievement"
    design: str  # "winner" | "placed" | "achievement"
    name_on_certificate: str  # as printed when issued, else as it would print now
    name_rule: str  # "full name" | "first name only" | "override: <reason>"
    citation: str
    code: str  # shown form of the live (or last revoked) code, or ""
    status: str  # "not issued" | "issued" | "revoked"
    #: printed fields that no longer match the data ("name", "citation"…): correct to update
    changed: tuple[str, ...] = ()


def recipients(
    session: Session, event_id: int, *, kind: str = "all", category_id: int | None = None
) -> list[Recipient]:
    """Everyone with a confirmed placement (of ``kind``: winners, placed or all), in category
    and placement order, with their certificate's state."""
    try:
        kind = rules.parse_kind(kind)
    except ValueError as exc:
        raise ValidationError.single("kind", str(exc)) from None
    event = get(session, Event, event_id, "event")
    sponsors = data.category_sponsors(session, event_id)
    certs = data.certificates_by_nomination(session, event_id)
    found = []
    for row in data.placement_rows(session, event_id):
        if not rules.in_kind(row.placement, kind) or (
                category_id is not None and row.category_id != category_id):
            continue
        cert = certs.get(row.nomination_id)
        fresh = data.fresh_fields(row, event, sponsors[row.category_id])
        changed: tuple[str, ...] = ()
        if cert is None:
            status, code, name = NOT_ISSUED, "", row.name
        else:
            status = ISSUED if cert.revoked_at is None else REVOKED
            code, name = format_code(cert.code), cert.recipient_name
            changed = tuple(label for key, label in FROZEN_LABELS.items()
                            if getattr(cert, key) != fresh[key])
        found.append(Recipient(
            nomination_id=row.nomination_id, ref=row.ref, category_id=row.category_id,
            category=row.category, placement=row.placement,
            title=rules.title_for(row.placement), design=fresh["design"],
            name_on_certificate=name,
            name_rule=rules.name_rule(row.consent, row.override, row.reason),
            citation=row.citation, code=code, status=status, changed=changed))
    return found


def skipped_categories(
    session: Session, event_id: int, *, category_id: int | None = None
) -> list[str]:
    """Why categories with nominations have no certificates yet (results not final)."""
    query = (
        select(Category.name).where(
            Category.event_id == event_id, Category.active.is_(True),
            Category.results_confirmed_at.is_(None),
            select(Nomination.id).where(Nomination.category_id == Category.id,
                                        Nomination.status != NominationStatus.WITHDRAWN)
            .exists())
        .order_by(Category.display_order, Category.id)
    )
    if category_id is not None:
        query = query.where(Category.id == category_id)
    return [f"{name}: results are not final yet; its certificates wait until they are "
            "confirmed." for name in session.scalars(query)]


def issue(
    session: Session, event_id: int, nomination_ids: Sequence[int], *, record_print: bool = True
) -> list[IssuedCertificate]:
    """Certificates for these nominations, in the order given: a new code for each that has
    none, the stored certificate for each that has one.

    With ``record_print`` (the default) they count as printed now: a new one is logged
    "issue", an existing one "reprint" ("print" the first time, after a correction).
    ``generate`` issues without it and records the prints once the file exists. A nomination
    whose certificate was revoked gets a new one only through ``correct``.
    """
    event = get(session, Event, event_id, "event")
    wanted = list(dict.fromkeys(nomination_ids))
    rows = {r.nomination_id: r for r in data.placement_rows(session, event_id)}
    missing = [nid for nid in wanted if nid not in rows]
    if missing:
        raise ValidationError.single(
            "nominations", f"{data.refs(session, missing)}: no confirmed result yet; confirm "
                           "the category's results first")
    certs = data.certificates_by_nomination(session, event_id)
    revoked = [nid for nid in wanted if nid in certs and certs[nid].revoked_at is not None]
    if revoked:
        raise ConflictError(f"The certificate for {data.refs(session, revoked)} was revoked; "
                            "use Correct to issue a new one.")
    sponsors = data.category_sponsors(session, event_id)
    template = get_settings(session, event_id).verify_template
    now = utcnow()
    to_issue = [nid for nid in wanted if nid not in certs]
    for nid, code in zip(to_issue, data.unused_codes(session, len(to_issue)), strict=True):
        row = rows[nid]
        certs[nid] = data.new_certificate(event, row, sponsors[row.category_id], code,
                                          template, now)
        session.add(certs[nid])
    session.flush()
    new_ids = {certs[nid].id for nid in to_issue}
    for nid in to_issue:
        data.add_log(session, certs[nid], data.ISSUE, at=now)
    if to_issue:
        audit(session, "issue", "certificates", event_id, event_id=event_id,
              summary=f"{len(to_issue)} issued")
    chosen = [certs[nid] for nid in wanted]
    if record_print:
        record_prints(session, [c.id for c in chosen], new_ids=new_ids)
    logos = data.logos(session, {c.id: data.logo_sponsor(
        c.sponsor_name, sponsors[rows[c.nomination_id].category_id]) for c in chosen})
    return [data.issued_view(c, rows[c.nomination_id].ref, logos.get(c.id), c.id in new_ids)
            for c in chosen]


def record_prints(session: Session, certificate_ids: Sequence[int], *,
                  new_ids: Iterable[int] = ()) -> None:
    """Count these certificates as printed now. Those in ``new_ids`` were just issued (their
    "issue" entry says so); the rest are logged "reprint", or "print" the first time."""
    fresh, now = set(new_ids), utcnow()
    certs = list(session.scalars(select(Certificate).where(
        Certificate.id.in_(list(certificate_ids)))))
    for cert in certs:
        if cert.revoked_at is not None:
            raise ConflictError(f"{format_code(cert.code)} was revoked and is never reprinted.")
        if cert.id not in fresh:
            data.add_log(session, cert, data.REPRINT if cert.print_count else data.PRINT, at=now)
        cert.print_count += 1
        cert.last_printed_at = now
    again = sum(1 for c in certs if c.id not in fresh)
    if again:
        audit(session, "reprint", "certificates", certs[0].event_id, event_id=certs[0].event_id,
              summary=f"{again} printed again")


def specs_for(
    session: Session, event_id: int, nomination_ids: Sequence[int]
) -> tuple[list[CertificateSpec], Artwork]:
    """Issue (or reprint) and return what the renderer needs."""
    issued = issue(session, event_id, nomination_ids)
    return [c.spec() for c in issued], artwork_from(get_settings(session, event_id))


def _unissued_spec(event: Event, *, design: str, placement: str, category: str, recipient: str,
                   citation: str, sponsor_name: str, sponsor_logo: bytes | None,
                   template: str) -> CertificateSpec:
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.certificate import CertificateSpec

    return CertificateSpec(
        design=design, title=rules.title_for(placement), event_name=event.name, year=event.year,
        category=category, recipient=recipient, citation=citation, sponsor_name=sponsor_name,
        sponsor_logo=sponsor_logo, ceremony_date=rules.format_long_date(event.ceremony_date),
        verification_text=verification_text(template, SAMPLE_CODE), code_display="PREVIEW")


def preview_spec(
    session: Session, event_id: int, nomination_id: int, *,
    settings: CertificateSettings | None = None,
) -> tuple[CertificateSpec, Artwork]:
    """A nomination's certificate for the live preview, issuing nothing: an issued one as it
    will reprint; otherwise as it would print now, its code shown as "PREVIEW" and the QR
    holding a sample code. ``settings`` previews unsaved artwork (default: the saved)."""
    event = get(session, Event, event_id, "event")
    settings = settings or get_settings(session, event_id)
    row = data.placement_row(session, event_id, nomination_id)
    if row is None:
        raise ValidationError.single(
            "nomination", f"{data.refs(session, [nomination_id])}: no confirmed result yet, "
                          "so there is no certificate to preview")
    sponsors = data.category_sponsors(session, event_id)[row.category_id]
    cert = data.certificates_by_nomination(session, event_id).get(nomination_id)
    if cert is not None and cert.revoked_at is None:
        logo = data.logos(session, {0: data.logo_sponsor(cert.sponsor_name, sponsors)}).get(0)
        return data.issued_view(cert, row.ref, logo, False).spec(), artwork_from(settings)
    fresh = data.fresh_fields(row, event, sponsors)
    logo = data.logos(session, {0: data.logo_sponsor(fresh["sponsor_name"], sponsors)}).get(0)
    spec = _unissued_spec(
        event, design=fresh["design"], placement=row.placement, category=row.category,
        recipient=fresh["recipient_name"], citation=row.citation,
        sponsor_name=fresh["sponsor_name"], sponsor_logo=logo,
        template=settings.verify_template)
    return spec, artwork_from(settings)


def sample_preview(
    session: Session, event_id: int, *, design: str = rules.WINNER,
    settings: CertificateSettings | None = None,
) -> tuple[CertificateSpec, Artwork]:
    """A made-up certificate of ``design`` for choosing artwork before any result is final."""
    if design not in rules.DESIGNS:
        raise ValidationError.single("design", f"choose {', '.join(rules.DESIGNS)}")
    event = get(session, Event, event_id, "event")
    settings = settings or get_settings(session, event_id)
    category = session.scalar(select(Category.name).where(Category.event_id == event_id)
                              .order_by(Category.display_order, Category.id))
    placement = {rules.WINNER: "winner", rules.PLACED: "runner_up"}.get(design, "nominee")
    spec = _unissued_spec(
        event, design=design, placement=placement, category=category or "Education Star",
        recipient="Alex Sample", citation="For determination, kindness and the courage to "
                                          "keep going.",
        sponsor_name="", sponsor_logo=None, template=settings.verify_template)
    return spec, artwork_from(settings)


# --- print runs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintRun:
    """What a print run made."""

    files: tuple[Path, ...]  # the combined PDF first (if any), then one per recipient
    certificates: int
    issued: int  # new codes among them
    reprinted: int  # printed before
    skipped: tuple[str, ...]  # why some were left out (results not final, revoked)


Progress = Callable[[int, int], None]


def generate(
    database: Database, event_id: int, out: Path | None = None, *, kind: str = "all",
    category_id: int | None = None, nomination_ids: Sequence[int] | None = None,
    separate_dir: Path | None = None, progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> PrintRun:
    """Issue and print certificates: one PDF at ``out`` and/or one per recipient in
    ``separate_dir``. The long job behind ``awards certificates`` and the Certificates page.

    Codes are issued in one transaction first, so they stay if the run is cancelled (running
    it again reprints them). Pages are written to a temporary file beside the output and
    renamed when complete, so a cancelled or failed run leaves no partial file; prints are
    counted and logged only after the files exist. Raises ``Cancelled`` when cancelled.
    """
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.certificate import write_certificates

    if out is None and separate_dir is None:
        raise ValidationError.single("out", "choose a PDF file to write, or a folder for one "
                                            "file per certificate")
    if out is not None and out.suffix.lower() != ".pdf":
        raise ValidationError.single("out", f"'{out.name}' must end in .pdf")
    if out is not None and not out.parent.is_dir():
        raise ValidationError.single("out", f"the folder {out.parent} does not exist")
    if out is not None and out.is_dir():
        raise ValidationError.single("out", f"{out} is a folder; give a file name ending in .pdf")
    with database.session() as session:
        chosen = recipients(session, event_id, kind=kind, category_id=category_id)
        skipped = skipped_categories(session, event_id, category_id=category_id)
        if nomination_ids is not None:
            picked = set(nomination_ids)
            chosen = [r for r in chosen if r.nomination_id in picked]
            left_out = picked - {r.nomination_id for r in chosen}
            if left_out:
                skipped.append(f"{data.refs(session, left_out)}: no confirmed result among "
                               "the certificates chosen.")
        skipped += [f"{r.ref} ({r.category}): certificate {r.code} was revoked; use Correct "
                    "to issue a new one." for r in chosen if r.status == REVOKED]
        chosen = [r for r in chosen if r.status != REVOKED]
        if not chosen:
            raise ValidationError.single("certificates", "there is nobody to print a "
                                         "certificate for yet" + "".join(f"; {s}" for s in skipped))
        issued = issue(session, event_id, [r.nomination_id for r in chosen], record_print=False)
        artwork = artwork_from(get_settings(session, event_id))
    total = len(issued) * ((out is not None) + (separate_dir is not None))
    counter = _Counter(progress, total)
    with _Staging() as staging:
        if separate_dir is not None:
            names = rules.certificate_file_names((c.ref, c.category, c.recipient) for c in issued)
            folder = staging.folder(separate_dir)
            for cert, name in zip(issued, names, strict=True):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled("Printing the certificates was cancelled; no file was "
                                    "written.")
                write_certificates(folder / name, [cert.spec()], artwork)
                counter.advance(1)
        if out is not None:
            with staging.file(out).open("wb") as fh:
                write_certificates(fh, [c.spec() for c in issued], artwork,
                                   progress=counter.within, is_cancelled=is_cancelled)
            counter.advance(len(issued))
        files = staging.commit()
    with database.session() as session:
        record_prints(session, [c.certificate_id for c in issued],
                      new_ids=[c.certificate_id for c in issued if c.new])
    return PrintRun(files=tuple(files), certificates=len(issued),
                    issued=sum(c.new for c in issued), reprinted=sum(not c.new for c in issued),
                    skipped=tuple(skipped))


class _Counter:
    """Progress over the whole run, made of several writes."""

    def __init__(self, report: Progress | None, total: int) -> None:
        self.report, self.total, self.done = report, total, 0

    def within(self, done: int, _total: int) -> None:
        if self.report is not None:
            self.report(self.done + done, self.total)

    def advance(self, count: int) -> None:
        self.done += count
        if self.report is not None:
            self.report(self.done, self.total)


class _Staging:
    """Files written beside their destinations under temporary names and moved into place
    only by ``commit``; anything not committed is deleted, so no partial output is left."""

    def __init__(self) -> None:
        self.moves: list[tuple[Path, Path]] = []
        self.cleanup: list[Path] = []

    def __enter__(self) -> _Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        for path in self.cleanup:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def file(self, target: Path) -> Path:
        try:
            fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part",
                                        dir=target.parent)
        except OSError as exc:
            raise ValidationError.single("out", f"cannot write to {target.parent} "
                                                f"({exc.strerror or exc})") from None
        os.close(fd)
        self.cleanup.append(Path(name))
        self.moves.append((Path(name), target))
        return Path(name)

    def folder(self, target: Path) -> Path:
        try:
            target.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".certificates-", dir=target))
        except OSError as exc:
            raise ValidationError.single("separate", f"cannot write to {target} "
                                                     f"({exc.strerror or exc})") from None
        self.cleanup.append(work)
        self.moves.append((work, target))
        return work

    def commit(self) -> list[Path]:
        done: list[Path] = []
        for source, target in self.moves:
            if source.is_dir():
                for item in sorted(source.iterdir()):
                    os.replace(item, target / item.name)
                    done.append(target / item.name)
            else:
                os.replace(source, target)
                done.insert(0, target)
        return done

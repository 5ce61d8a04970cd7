"""Certificates: who gets one, issuing codes, previews and print runs.

Confirmed placements decide who gets a certificate. Issuing freezes what is printed (name,
award, event, sponsor, citation, date, QR text and mask) under a new random code; a reprint
prints those stored values again, and only a correction (a new code, the old one revoked)
changes them. A print run's files on disk (its job folder in the program's data folder,
settling a killed run's leftovers) are ``staging``'s, and what earlier versions left in
destination folders ``earlier``'s; the package's ``__init__`` is what the UI and CLI call.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from awards_app.core import certificates as rules
from awards_app.core.codes import SAMPLE_CODE, format_code, verification_text
from awards_app.core.enums import NominationStatus
from awards_app.core.errors import Cancelled, ConflictError, DatabaseError, ValidationError
from awards_app.db.models import (
    Category,
    Certificate,
    ConfirmedPlacement,
    Event,
    Nomination,
    utcnow,
)
from awards_app.services.certificates import data
from awards_app.services.certificates.data import FROZEN_LABELS, IssuedCertificate
from awards_app.services.certificates.settings import (
    CertificateSettings,
    artwork_from,
    get_settings,
)
from awards_app.services.certificates.earlier import settle_earlier_leftovers
from awards_app.services.certificates.staging import PRINT_RUN, Staging, settle_leftovers
from awards_app.services.common import audit, get

if TYPE_CHECKING:
    from awards_app.db.engine import Database
    from awards_app.pdf.certificate import Artwork, CertificateSpec

__all__ = [
    "PrintRun", "Progress", "Recipient", "generate", "issue", "preview_spec", "recipients",
    "record_prints", "sample_preview", "skipped_categories", "specs_for",
]
NOT_ISSUED, ISSUED, REVOKED = "not issued", "issued", "revoked"
SURNAME_PRINTED = ("its certificate was issued with the young person's surname, which they "
                   "did not agree to have printed, so it is not printed again; use Correct to "
                   "issue one without it.")


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
    #: issued with the surname although the young person did not agree (before the consent
    #: rule caught a surname typed into a name): never reprinted; correct it
    surname_without_consent: bool = False


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
        breaks = False
        if cert is None:
            status, code, name = NOT_ISSUED, "", row.name
        else:
            status = ISSUED if cert.revoked_at is None else REVOKED
            code, name = format_code(cert.code), cert.recipient_name
            changed = tuple(label for key, label in FROZEN_LABELS.items()
                            if getattr(cert, key) != fresh[key])
            breaks = row.breaks_consent(cert.recipient_name)
        found.append(Recipient(
            nomination_id=row.nomination_id, ref=row.ref, category_id=row.category_id,
            category=row.category, placement=row.placement,
            title=rules.title_for(row.placement), design=fresh["design"],
            name_on_certificate=name,
            name_rule=rules.name_rule(row.consent, row.override, row.reason),
            citation=row.citation, code=code, status=status, changed=changed,
            surname_without_consent=breaks))
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
    ``generate`` issues without it and logs every print ("print" the first time) once
    the prints are recorded with the files. A nomination
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
    surname = [nid for nid in wanted
               if nid in certs and rows[nid].breaks_consent(certs[nid].recipient_name)]
    if surname:
        raise ConflictError(f"{data.refs(session, surname)}: {SURNAME_PRINTED}")
    to_issue = [nid for nid in wanted if nid not in certs]
    nameless = [nid for nid in to_issue if not rows[nid].name]
    if nameless:
        raise ValidationError.single(
            "name", f"{data.refs(session, nameless)}: no name is left to print once the "
                    "surname is left out (the young person did not agree to it on a "
                    "certificate); choose the name to print for it")
    sponsors = data.category_sponsors(session, event_id)
    template = get_settings(session, event_id).verify_template
    now = utcnow()
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
    logos = data.logo_sets(session, {c.id: data.logo_sponsors(
        c.sponsor_name, sponsors[rows[c.nomination_id].category_id]) for c in chosen})
    return [data.issued_view(c, rows[c.nomination_id].ref, None, c.id in new_ids,
                             logos=logos[c.id]) for c in chosen]


def record_prints(session: Session, certificate_ids: Sequence[int], *,
                  new_ids: Iterable[int] = ()) -> None:
    """Count these certificates as printed now. Those in ``new_ids`` were just issued (their
    "issue" entry says so); the rest are logged "reprint", or "print" the first time. The
    audit trail counts the reprints (printed before)."""
    fresh, now, again = set(new_ids), utcnow(), 0
    certs = list(session.scalars(select(Certificate).where(
        Certificate.id.in_(list(certificate_ids)))))
    for cert in certs:
        if cert.revoked_at is not None:
            raise ConflictError(f"{format_code(cert.code)} was revoked and is never reprinted.")
        if cert.id not in fresh:
            data.add_log(session, cert, data.REPRINT if cert.print_count else data.PRINT, at=now)
            again += cert.print_count > 0
        cert.print_count += 1
        cert.last_printed_at = now
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
                   citation: str, sponsor_name: str, sponsor_logos: tuple[bytes, ...],
                   template: str) -> CertificateSpec:
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.certificate import CertificateSpec

    return CertificateSpec(
        design=design, title=rules.title_for(placement), event_name=event.name, year=event.year,
        category=category, recipient=recipient, citation=citation, sponsor_name=sponsor_name,
        sponsor_logo=sponsor_logos[0] if sponsor_logos else None,
        sponsor_logos=sponsor_logos, ceremony_date=rules.format_long_date(event.ceremony_date),
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
    if cert is not None and cert.revoked_at is None and not row.breaks_consent(
            cert.recipient_name):
        logos = data.logo_sets(session, {0: data.logo_sponsors(cert.sponsor_name, sponsors)})[0]
        return (data.issued_view(cert, row.ref, None, False, logos=logos).spec(),
                artwork_from(settings))
    fresh = data.fresh_fields(row, event, sponsors)
    logos = data.logo_sets(session, {0: data.logo_sponsors(fresh["sponsor_name"], sponsors)})[0]
    spec = _unissued_spec(
        event, design=fresh["design"], placement=row.placement, category=row.category,
        recipient=fresh["recipient_name"], citation=row.citation,
        sponsor_name=fresh["sponsor_name"], sponsor_logos=logos,
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
        sponsor_name="", sponsor_logos=(), template=settings.verify_template)
    return spec, artwork_from(settings)


# --- print runs ----------------------------------------------------------------------------

_DRAWS = 3  # times the combined file is drawn while certificates keep being revoked
NOT_STARTED = ("Nothing was printed: the database was busy or could not be reached, so no "
               "certificate codes were issued either. Try again in a moment.")
NOT_RECORDED = ("Nothing was printed: the prints could not be recorded because the database "
                "was busy or could not be reached, so no file was written. Codes already "
                "issued stay; run it again in a moment to print them.")


@dataclass(frozen=True)
class PrintRun:
    """What a print run made."""

    files: tuple[Path, ...]  # the combined PDF first (if any), then one per recipient
    certificates: int  # in the files, each recorded as printed once
    issued: int  # new codes among them
    reprinted: int  # printed before
    #: why some were left out: before the run (results not final, revoked) or during it
    skipped: tuple[str, ...]
    #: those of ``skipped`` revoked, corrected or withdrawn while this run was drawing them
    left_out: tuple[str, ...] = ()
    #: files an interrupted earlier run had recorded as printed, moved into place by this one
    recovered: tuple[Path, ...] = ()


Progress = Callable[[int, int], None]


def generate(
    database: Database, event_id: int, out: Path | None = None, *, kind: str = "all",
    category_id: int | None = None, nomination_ids: Sequence[int] | None = None,
    separate_dir: Path | None = None, progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> PrintRun:
    """Issue and print certificates: one PDF at ``out`` and/or one per recipient in
    ``separate_dir``. The long job behind ``awards certificates`` and the Certificates page.

    The files appear only together with the records of what they hold. In order:

    1. What killed runs left is settled (see 5), whatever their destinations, and what
       earlier versions left in this run's destination folders.
    2. Codes are issued in one transaction, so they stay if the run is cancelled (running it
       again reprints them).
    3. Pages are drawn, outside any transaction, into the run's private job folder in the
       program's data folder (``staging``: never beside the person's own files), locked
       while the run lives, with ``job.json`` naming the database, the destinations and how
       far the run got; then flushed to disk.
    4. One short write transaction checks which of the run's certificates may still be
       printed. A certificate revoked, corrected or withdrawn meanwhile (or whose results
       were reopened) is left out and named in ``left_out``: its own file is deleted, and the
       combined file is drawn again without it (the transaction is rolled back first, so
       nothing is held while drawing). It then records one print for exactly the certificates
       in the files plus a ``print_run`` audit entry naming the run, and commits. That commit
       is the moment the run happens; only after it are the staged files moved into place
       (renamed, or across file systems copied to one hidden temporary beside the target,
       named in ``job.json`` first, and renamed over it).
    5. A killed run leaves its job folder, and the next print run (any destination, window
       or command line) settles it: killed while drawing, it is deleted; killed while
       recording, the database named says whether the run committed: its files move into
       place if so (the prints are recorded) and are deleted if not; killed while moving
       them, the rest move. A job whose lock is still held belongs to a live run and is left
       alone; one recording on another database is left, private, for that database's next
       run.

    So a kill at any point leaves the log matching the files: before the commit nothing is
    recorded and nothing is in place or beside it; after it, the prints are recorded and
    the files are in place or in the job folder, and the next run puts them in place. A
    failed or cancelled run (``Cancelled``, or ``DatabaseError`` when the prints cannot be
    recorded) leaves no file and records no print; should the database not even say whether
    a failing commit went through, the job folder is kept for the next run to settle.
    """
    if out is None and separate_dir is None:
        raise ValidationError.single("out", "choose a PDF file to write, or a folder for one "
                                            "file per certificate")
    if out is not None and out.suffix.lower() != ".pdf":
        raise ValidationError.single("out", f"'{out.name}' must end in .pdf")
    if out is not None and not out.parent.is_dir():
        raise ValidationError.single("out", f"the folder {out.parent} does not exist")
    if out is not None and out.is_dir():
        raise ValidationError.single("out", f"{out} is a folder; give a file name ending in .pdf")
    recovered = settle_leftovers(database)
    if out is not None:
        recovered += settle_earlier_leftovers(database, out.parent, stem=out.stem)
    if separate_dir is not None:
        recovered += settle_earlier_leftovers(database, separate_dir)
    with _plainly(NOT_STARTED), database.session() as session:
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
        skipped += [f"{r.ref} ({r.category}): {SURNAME_PRINTED}"
                    for r in chosen if r.surname_without_consent]
        chosen = [r for r in chosen if not r.surname_without_consent]
        if not chosen:
            raise ValidationError.single("certificates", "there is nobody to print a "
                                         "certificate for yet" + "".join(f"; {s}" for s in skipped))
        issued = issue(session, event_id, [r.nomination_id for r in chosen], record_print=False)
        artwork = artwork_from(get_settings(session, event_id))
    counter = _Counter(progress, len(issued) * ((out is not None) + (separate_dir is not None)))
    printing, changed = list(issued), list[str]()
    with Staging(database, uuid.uuid4().hex) as staging:
        separate: dict[int, Path] = {}
        if separate_dir is not None:
            names = rules.certificate_file_names((c.ref, c.category, c.recipient) for c in issued)
            here = staging.place(separate_dir, field="separate")
            for cert, name in zip(issued, names, strict=True):
                if is_cancelled is not None and is_cancelled():
                    raise Cancelled("Printing the certificates was cancelled; no file was "
                                    "written.")
                separate[cert.certificate_id] = here / name
                _draw(here / name, [cert], artwork)
                counter.advance(1)
        combined = None if out is None else staging.place(out.parent, field="out") / out.name
        for _attempt in range(_DRAWS):
            if combined is not None:
                _draw(combined, printing, artwork, progress=counter.within,
                      is_cancelled=is_cancelled)
                counter.advance(len(printing))
            staging.sync()
            staging.recording()
            try:
                with database.session() as session:
                    printing = _record_run(session, event_id, staging.run, printing,
                                           redraw=combined is not None, separate=separate,
                                           notes=changed)
                    staging.committing = True  # the commit as this block ends decides
            except _Redraw as again:
                printing = again.printing
                counter.total += len(printing)
                continue
            except (DBAPIError, DatabaseError) as exc:  # DatabaseError: one the session translated
                if not staging.settle():  # it did commit after all only if the database says so
                    raise DatabaseError(NOT_RECORDED) from exc
            break
        else:
            raise ConflictError("Nothing was printed: certificates kept being revoked while "
                                f"the file was drawn. Run it again. {_some(changed)}")
        files = staging.finish(first=out)
    return PrintRun(files=tuple(files), certificates=len(printing),
                    issued=sum(c.new for c in printing),
                    reprinted=sum(not c.new for c in printing),
                    skipped=tuple(skipped + changed), left_out=tuple(changed),
                    recovered=tuple(recovered))


def _some(notes: Sequence[str], shown: int = 5) -> str:
    more = len(notes) - shown
    return " ".join(notes[:shown]) + (f" And {more} more." if more > 0 else "")


@contextmanager
def _plainly(message: str) -> Iterator[None]:
    """A database that is busy, locked or gone becomes ``message``, never an exception name."""
    try:
        yield
    except (DBAPIError, DatabaseError) as exc:  # DatabaseError: one the session translated
        raise DatabaseError(message) from exc


def _draw(path: Path, certs: Sequence[IssuedCertificate], artwork: Artwork, *,
          progress: Progress | None = None,
          is_cancelled: Callable[[], bool] | None = None) -> None:
    """Draw ``certs`` into ``path``, readable by this user only (names of young people)."""
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.certificate import write_certificates

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 0o600)
    with os.fdopen(fd, "wb") as fh:
        write_certificates(fh, [c.spec() for c in certs], artwork, progress=progress,
                           is_cancelled=is_cancelled)


class _Redraw(Exception):  # control flow inside generate, never seen by a person
    """Certificates in the combined file were revoked meanwhile: draw it with ``printing``."""

    def __init__(self, printing: list[IssuedCertificate]) -> None:
        super().__init__()
        self.printing = printing


def _record_run(session: Session, event_id: int, run: str,
                printing: list[IssuedCertificate], *, redraw: bool,
                separate: dict[int, Path], notes: list[str]) -> list[IssuedCertificate]:
    """The run's one write: leave out what changed since it was drawn (noting why in
    ``notes`` and deleting its own file), then record one print for each certificate left and
    the run itself. Returns what is printed. Raises ``_Redraw`` instead of recording when the
    combined file holds a certificate left out."""
    gone = _changed_meanwhile(session, printing)
    if not gone:
        kept = printing
    else:
        notes.extend(gone.values())
        for certificate_id in gone:
            if (path := separate.pop(certificate_id, None)) is not None:
                path.unlink(missing_ok=True)
        kept = [c for c in printing if c.certificate_id not in gone]
        if not kept:
            raise ConflictError("Nothing was printed: every certificate in this run changed "
                                f"while it was drawn. {_some(notes)}")
        if redraw:
            raise _Redraw(kept)
    # Every certificate in the files gets its own print entry, new ones too: their "issue"
    # entry was stored before drawing, so it cannot say that they were printed.
    record_prints(session, [c.certificate_id for c in kept])
    audit(session, PRINT_RUN, "certificates", event_id, event_id=event_id,
          summary=f"run {run}: {len(kept)} certificate(s) printed")
    return kept


def _changed_meanwhile(session: Session, printing: Sequence[IssuedCertificate]) -> dict[int, str]:
    """certificate id → why it may no longer be printed, for those of ``printing`` revoked,
    corrected, withdrawn or no longer final since the run issued them."""
    final = (select(ConfirmedPlacement.nomination_id)
             .join(Category, Category.id == ConfirmedPlacement.category_id)
             .where(Category.active.is_(True), Category.results_confirmed_at.is_not(None)))
    state = {row.id: row for row in session.execute(
        select(Certificate.id, Certificate.revoked_at, Certificate.replaced_by_id,
               Nomination.status, Certificate.nomination_id.in_(final).label("final"))
        .join(Nomination, Nomination.id == Certificate.nomination_id)
        .where(Certificate.id.in_([c.certificate_id for c in printing])))}
    gone = {}
    for cert in printing:
        row = state.get(cert.certificate_id)
        if row is None:
            why = "its certificate was deleted while printing"
        elif row.replaced_by_id is not None:
            why = "its certificate was corrected while printing (print the new one next time)"
        elif row.revoked_at is not None:
            why = "its certificate was revoked while printing"
        elif row.status == NominationStatus.WITHDRAWN:
            why = "it was withdrawn while printing"
        elif not row.final:
            why = "its results were reopened while printing"
        else:
            continue
        gone[cert.certificate_id] = f"{cert.ref} ({cert.category}): {why}; left out."
    return gone


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

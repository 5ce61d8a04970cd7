"""Judge copy review: the coordinator reads what judges will read of each nomination next to
the original, sees what masking hid and what may still identify the young person, and marks
the copy as reviewed.

A review holds for the text reviewed: its digest covers everything judges' copy is made of
(the pseudonym, the original narratives, the coordinator's edit and what the program knows to
mask), so a later change to any of them shows the copy as changed since review. Working out
the status needs no masking, so the status of hundreds of nominations is quick; masking is done
for the one nomination looked at (``copy_detail``) or in a background job (``review_rows``
with ``counts``)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from awards_app.core.errors import ConflictError
from awards_app.core.privacy import Flag, Identity, find_masks, possible_identifiers
from awards_app.db.engine import actor_name
from awards_app.db.models import Nomination, utcnow
from awards_app.services.common import audit, get
from awards_app.services.judging.assignments import assignments_query
from awards_app.services.judging.judge_view import (
    copy_sources,
    edited_copy,
    judge_pseudonym,
    nomination_identity,
    original_narratives,
)

REVIEWED = "reviewed"
NOT_REVIEWED = "not reviewed"
CHANGED = "changed since review"

#: the narratives, as the review screen and the editor name them
NARRATIVE_LABELS = ("Success", "Obstacles overcome", "Their own voice")

#: what a kind of masked detail is called in a sentence ("2 details would be masked: …")
MASK_WORDS = {
    "surname": "the surname",
    "name": "a name",
    "date of birth": "the date of birth",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "address": "an address",
}


# --- the digest of what was reviewed ---------------------------------------------------------


def copy_digest(nomination: Nomination, identity: Identity | None = None) -> str:
    """SHA-256 of everything judges' copy of ``nomination`` is made of: if any of it changes,
    what judges read may have changed, and the review no longer holds."""
    known = nomination_identity(nomination) if identity is None else identity
    parts = {
        "pseudonym": judge_pseudonym(nomination),
        "original": original_narratives(nomination),
        "edited": edited_copy(nomination),
        "identity": [list(map(str, values)) for values in (
            known.surnames, known.names, known.dates_of_birth, known.emails, known.phones,
            known.postcodes, known.addresses, known.shown)],
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def review_status(nomination: Nomination, digest: str | None = None) -> str:
    if not nomination.judge_copy_reviewed_digest:
        return NOT_REVIEWED
    current = copy_digest(nomination) if digest is None else digest
    return REVIEWED if current == nomination.judge_copy_reviewed_digest else CHANGED


# --- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    """One nomination to be judged, as the review list shows it (the coordinator may see the
    young person's preferred name; judges never see this)."""

    nomination_id: int
    ref: str
    name: str
    category_id: int
    category: str
    status: str
    edited: bool
    reviewed_by: str
    reviewed_at: datetime | None
    masked: int | None = None  # details masked in what judges read (None: not counted)
    flags: int | None = None  # details that may still identify someone


def judged_nominations(session: Session, event_id: int) -> list[Nomination]:
    """The nominations some judge is to score (accepted or shortlisted, in a category an
    active sponsor's active judges judge), in category then reference order."""
    ids = select(assignments_query(event_id).subquery().c.nomination_id)
    nominations = session.scalars(
        select(Nomination).where(Nomination.id.in_(ids))
        .options(selectinload(Nomination.nominee), selectinload(Nomination.worker),
                 selectinload(Nomination.category))
    ).all()
    return sorted(nominations, key=lambda n: (n.category.display_order, n.category.name,
                                              n.number))


def review_rows(
    session: Session,
    event_id: int,
    *,
    counts: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ReviewRow]:
    """Every nomination to be judged with the state of its judge copy. With ``counts``, each
    row also says how many details masking hid and how many may still identify someone
    (this masks every nomination: run it off the UI thread)."""
    nominations = judged_nominations(session, event_id)
    rows = []
    for done, n in enumerate(nominations):
        if cancelled is not None and cancelled():
            break
        masked, flags = detail_counts(n) if counts else (None, None)
        rows.append(ReviewRow(
            nomination_id=n.id, ref=n.ref, name=n.nominee.preferred_name,
            category_id=n.category_id, category=n.category.name, status=review_status(n),
            edited=any(edited_copy(n)), reviewed_by=n.judge_copy_reviewed_by,
            reviewed_at=n.judge_copy_reviewed_at, masked=masked, flags=flags))
        if progress is not None:
            progress(done + 1, len(nominations))
    return rows


def detail_counts(nomination: Nomination) -> tuple[int, int]:
    """(details masked, details that may still identify someone) in what judges read."""
    identity = nomination_identity(nomination)
    masked = flags = 0
    for source in copy_sources(nomination):
        spans, text = masked_spans(source, identity)
        masked += len(spans)
        flags += len(still_identifying(text, identity))
    return masked, flags


def unreviewed_copies(session: Session, event_id: int) -> list[str]:
    """The references of the nominations to be judged whose judge copy nobody has reviewed,
    or which changed since it was reviewed."""
    return [n.ref for n in judged_nominations(session, event_id)
            if review_status(n) != REVIEWED]


def record_unreviewed_start(session: Session, event_id: int, count: int) -> None:
    """The coordinator chose to start judging although ``count`` judge copies are not
    reviewed: kept in the audit trail (a count, no names)."""
    audit(session, "judging_started_unreviewed", "event", event_id, event_id=event_id,
          summary=f"{count} judge {'copy' if count == 1 else 'copies'} not reviewed")


# --- one nomination ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    note: str  # in words: "the surname", "a place?"


@dataclass(frozen=True)
class NarrativeReview:
    label: str
    original: str  # as the young person's worker wrote it
    hidden: tuple[Span, ...]  # in ``original``: what masking hides of it
    edited: bool  # judges' copy is made from the coordinator's edit, not the original
    source: str  # what judges' copy is made from: the edit, or the original
    source_hidden: tuple[Span, ...]  # in ``source``: what masking hides of it
    masked: str  # what judges read
    masks: tuple[Span, ...]  # in ``masked``: the masks put in
    flags: tuple[Span, ...]  # in ``masked``: what may still identify someone


@dataclass(frozen=True)
class CopyDetail:
    nomination_id: int
    ref: str
    heading: str  # "N-0004 Ada — Education Star" (for the coordinator)
    pseudonym: str  # what judges see as the name
    status: str
    reviewed_by: str
    reviewed_at: datetime | None
    digest: str  # what ``mark_reviewed`` is to confirm
    narratives: tuple[NarrativeReview, ...]

    @property
    def masked_count(self) -> int:
        return sum(len(n.masks) for n in self.narratives)

    @property
    def flag_count(self) -> int:
        return sum(len(n.flags) for n in self.narratives)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def masked_spans(text: str, identity: Identity) -> tuple[list[Span], str]:
    """The masks put into ``text`` (positions in the masked text) and the masked text (as
    ``mask_text`` makes it, from the NFC-normalised text)."""
    text = _nfc(text)
    out: list[str] = []
    spans: list[Span] = []
    last = length = 0
    for found in sorted(find_masks(text, identity), key=lambda m: m.start):
        if found.start < last:
            continue  # overlapping finds: the first one masks it
        out.append(text[last:found.start])
        length += found.start - last
        spans.append(Span(length, length + len(found.mask), found.kind,
                          MASK_WORDS.get(found.kind, found.kind.replace("_", " "))))
        out.append(found.mask)
        length += len(found.mask)
        last = found.end
    out.append(text[last:])
    return spans, "".join(out)


def hidden_spans(text: str, identity: Identity) -> tuple[Span, ...]:
    """What masking hides of ``text`` (positions in the NFC-normalised ``text``, as
    ``NarrativeReview`` holds it), overlaps left out."""
    text = _nfc(text)
    spans: list[Span] = []
    for m in sorted(find_masks(text, identity), key=lambda m: m.start):
        if not spans or m.start >= spans[-1].end:
            spans.append(Span(m.start, m.end, m.kind,
                              MASK_WORDS.get(m.kind, m.kind.replace("_", " "))))
    return tuple(spans)


def still_identifying(text: str, identity: Identity) -> list[Span]:
    return [_flag_span(f) for f in possible_identifiers(text, identity)]


def _flag_span(flag: Flag) -> Span:
    return Span(flag.start, flag.end, flag.kind, flag.reason)


def copy_detail(session: Session, nomination_id: int) -> CopyDetail:
    """One nomination's judge copy for review: each narrative's original with what masking
    hides, what judges read with the masks and what may still identify someone."""
    n = get(session, Nomination, nomination_id, "nomination")
    identity = nomination_identity(n)
    edited = edited_copy(n)
    narratives = []
    for label, original, edit, source in zip(NARRATIVE_LABELS, original_narratives(n), edited,
                                             copy_sources(n), strict=True):
        original, source = _nfc(original), _nfc(source)  # the text masking positions are in
        masks, masked = masked_spans(source, identity)
        hidden = hidden_spans(original, identity)
        narratives.append(NarrativeReview(
            label=label, original=original, hidden=hidden, edited=bool(edit), source=source,
            source_hidden=hidden_spans(source, identity) if edit else hidden, masked=masked,
            masks=tuple(masks), flags=tuple(still_identifying(masked, identity))))
    digest = copy_digest(n, identity)
    return CopyDetail(
        nomination_id=n.id, ref=n.ref,
        heading=f"{n.ref} {n.nominee.preferred_name} — {n.category.name}",
        pseudonym=judge_pseudonym(n), status=review_status(n, digest),
        reviewed_by=n.judge_copy_reviewed_by, reviewed_at=n.judge_copy_reviewed_at,
        digest=digest, narratives=tuple(narratives))


def mark_reviewed(session: Session, nomination_id: int, *, digest: str | None = None) -> None:
    """Record that the coordinator (the person at the keyboard, as the audit trail names
    them) reviewed this nomination's judge copy as it stands. ``digest`` is the copy they
    read (``CopyDetail.digest``): if it changed meanwhile the mark is refused. Bookkeeping:
    the nomination's version does not move, so no open editor goes stale."""
    n = get(session, Nomination, nomination_id, "nomination")
    current = copy_digest(n)
    if digest is not None and digest != current:
        raise ConflictError(f"{n.ref}'s judge copy changed while you were reading it. "
                            "Read it again, then mark it as reviewed.")
    n.judge_copy_reviewed_digest = current
    n.judge_copy_reviewed_at = utcnow()
    n.judge_copy_reviewed_by = actor_name(session) or "coordinator"
    audit(session, "judge_copy_reviewed", "nomination", n.id, event_id=n.event_id,
          summary=n.ref)


# --- the editor --------------------------------------------------------------------------------


def mask_words(texts: Sequence[str], identity: Identity) -> list[str]:
    """What the masking rules hide in ``texts``, in words ("the surname", "a phone number"),
    one per detail found."""
    return [MASK_WORDS.get(m.kind, m.kind.replace("_", " "))
            for text in texts for m in find_masks(text, identity)]


def would_mask(session: Session, nomination_id: int, texts: Sequence[str]) -> list[str]:
    """What the masking rules would still hide in a coordinator's edited narratives, in
    words: the editor shows them (the edit is masked for judges whatever it says, so
    ``set_judge_copy`` stores it as typed and judges read it masked)."""
    return mask_words(texts, nomination_identity(get(session, Nomination, nomination_id,
                                                      "nomination")))


def describe_masks(words: Iterable[str]) -> str:
    """"2 details would be masked for judges: a phone number, the surname" ("" for none)."""
    found = list(words)
    if not found:
        return ""
    unique = list(dict.fromkeys(found))
    what = "1 detail" if len(found) == 1 else f"{len(found)} details"
    return f"{what} would be masked for judges: {', '.join(unique)}."

"""Changing many nominations at once — accept, shortlist, back to submitted, withdraw with one
reason — as one unit of work and one undo-able step.

All or none: every nomination goes through the same rules as a single change
(``update_nomination``, ``withdraw_nomination``: the event still open, the category's results
not confirmed, a withdrawn one reinstated first, the word limits for anything past a draft).
When any of them cannot move, ``BulkRefusedError`` names each one and why, and the caller's
unit of work rolls back, so nothing is stored. Nominations already at the wanted status are
left as they are and named as such (``plan_bulk`` says so before asking).

One audit entry (action ``bulk_status``) records the step: the refs moved, each one's status
before and its version after. ``undo_bulk`` puts each back to its previous status when none
of them changed since (its version is still the one the step left); otherwise it refuses,
naming who changed which and what. Each nomination also keeps its own audit line from the
single-change rules, so its history and an open editor's stale check stay right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from awards_app.core.enums import NominationStatus
from awards_app.core.errors import AwardsError, ConflictError, ValidationError
from awards_app.core.text import format_ref
from awards_app.db.models import AuditEntry, Nomination
from awards_app.services.catalogue.locks import ensure_results_open
from awards_app.services.common import audit, get, last_change
from awards_app.services.nominations.records import (
    reinstate_nomination,
    update_nomination,
    withdraw_nomination,
)

BULK_ACTION = "bulk_status"
UNDO_ACTION = "undo_bulk"
#: the statuses a bulk change may set (a draft is only ever a nomination still being written)
BULK_STATUSES = (NominationStatus.ACCEPTED, NominationStatus.SHORTLISTED,
                 NominationStatus.SUBMITTED, NominationStatus.WITHDRAWN)
#: how many refs a message lists before "and N more"
LISTED = 10

_MOVE = re.compile(r"(N-\d+) \(was (\w+), v(\d+)\)")


@dataclass(frozen=True)
class Refusal:
    """One nomination that cannot move, and why (in plain words)."""

    ref: str
    reason: str


@dataclass(frozen=True)
class BulkPlan:
    """What a bulk change would do, for the confirmation: read only, nothing checked that
    needs writing (the change itself checks everything again)."""

    status: NominationStatus
    to_move: tuple[str, ...]
    already: tuple[str, ...]
    refused: tuple[Refusal, ...]


@dataclass(frozen=True)
class Moved:
    ref: str
    previous: NominationStatus


@dataclass(frozen=True)
class BulkResult:
    """What a bulk change stored. ``audit_id`` is the step to undo (None: nothing moved)."""

    status: NominationStatus
    moved: tuple[Moved, ...]
    already: tuple[str, ...]
    audit_id: int | None


@dataclass(frozen=True)
class BulkStep:
    """A bulk change that can still be offered for undoing."""

    audit_id: int
    summary: str
    actor: str
    count: int


class BulkRefusedError(ConflictError):
    """Some of the chosen nominations cannot move; nothing was changed."""

    def __init__(self, refusals: Sequence[Refusal], *, undo: bool = False) -> None:
        self.refusals = tuple(refusals)
        shown = [f"{r.ref}: {r.reason}" for r in self.refusals[:LISTED]]
        more = len(self.refusals) - len(shown)
        if more:
            shown.append(f"and {more} more")
        head = ("The bulk change cannot be undone, so nothing was changed"
                if undo else "Nothing was changed")
        count = len(self.refusals)
        super().__init__(f"{head}: {count} of the chosen nominations cannot move.\n"
                         + "\n".join(shown))


def list_refs(refs: Sequence[str], limit: int = LISTED) -> str:
    """'N-0001, N-0002 and N-0003'; past ``limit``: the first ten, 'and 12 more'."""
    shown = list(refs[:limit])
    more = len(refs) - len(shown)
    if more:
        return f"{', '.join(shown)} and {more} more"
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _target(status: NominationStatus | str) -> NominationStatus:
    try:
        target = NominationStatus(status)
    except ValueError:
        target = NominationStatus.DRAFT
    if target not in BULK_STATUSES:
        choices = ", ".join(s.value for s in BULK_STATUSES)
        raise ValidationError.single("status", f"'{status}' cannot be set for many at once; "
                                               f"choose one of {choices}")
    return target


def _nominations(session: Session, nomination_ids: Iterable[int]) -> list[Nomination]:
    ids = list(dict.fromkeys(nomination_ids))
    if not ids:
        raise ValidationError.single("nominations", "none chosen — select one or more first")
    found: dict[int, Nomination] = {}
    for start in range(0, len(ids), 500):  # one query per 500, not one per nomination
        chunk = ids[start:start + 500]
        found.update((n.id, n) for n in session.scalars(
            select(Nomination).where(Nomination.id.in_(chunk))
            .options(joinedload(Nomination.category))))
    for i in ids:
        if i not in found:
            get(session, Nomination, i, "nomination")  # says which one is missing
    return sorted(found.values(), key=lambda n: n.number)


def _blocker(nomination: Nomination, target: NominationStatus) -> str | None:
    """Why ``nomination`` cannot move to ``target``, as far as reading tells (None: it can)."""
    if nomination.status is NominationStatus.WITHDRAWN:
        return ("is already withdrawn" if target is NominationStatus.WITHDRAWN
                else "was withdrawn; reinstate it first")
    try:
        ensure_results_open(nomination.category, "its status")
    except AwardsError as exc:
        return str(exc)
    return None


def plan_bulk(session: Session, *, nomination_ids: Iterable[int],
              status: NominationStatus | str) -> BulkPlan:
    """What ``set_status_bulk`` would move, leave as it is, and refuse (read only)."""
    target = _target(status)
    to_move: list[str] = []
    already: list[str] = []
    refused: list[Refusal] = []
    for n in _nominations(session, nomination_ids):
        if n.status is target and target is not NominationStatus.WITHDRAWN:
            already.append(n.ref)
        elif (reason := _blocker(n, target)) is not None:
            refused.append(Refusal(n.ref, reason))
        else:
            to_move.append(n.ref)
    return BulkPlan(target, tuple(to_move), tuple(already), tuple(refused))


def set_status_bulk(session: Session, *, nomination_ids: Iterable[int],
                    status: NominationStatus | str, reason: str | None = None) -> BulkResult:
    """Move every chosen nomination to ``status`` (withdrawing needs one ``reason`` for all)
    through the single-change rules, and record the step in one audit entry. Raises
    BulkRefusedError naming every nomination that cannot move; the caller's unit of work then
    rolls back, so nothing is stored."""
    target = _target(status)
    if target is NominationStatus.WITHDRAWN and not (reason or "").strip():
        raise ValidationError.single("reason", "is empty — say why the nominations are "
                                               "withdrawn")
    chosen = _nominations(session, nomination_ids)
    moved: list[tuple[Nomination, NominationStatus]] = []
    already: list[str] = []
    refused: list[Refusal] = []
    for n in chosen:
        if n.status is target and target is not NominationStatus.WITHDRAWN:
            already.append(n.ref)
            continue
        blocker = _blocker(n, target)
        if blocker is not None:
            refused.append(Refusal(n.ref, blocker))
            continue
        previous = n.status
        try:
            if target is NominationStatus.WITHDRAWN:
                withdraw_nomination(session, n.id, reason=reason or "")
            else:
                update_nomination(session, n.id, status=target)
        except ValidationError as exc:  # e.g. a draft short of the word limits
            refused.append(Refusal(n.ref, "; ".join(str(e) for e in exc.errors) or str(exc)))
            continue
        except AwardsError as exc:  # the event closed, results confirmed meanwhile
            refused.append(Refusal(n.ref, str(exc)))
            continue
        moved.append((n, previous))
    if refused:
        raise BulkRefusedError(refused)
    if not moved:
        return BulkResult(target, (), tuple(already), None)
    session.flush()
    parts = "; ".join(f"{n.ref} (was {previous.value}, v{n.version})" for n, previous in moved)
    audit(session, BULK_ACTION, "nomination", None, event_id=chosen[0].event_id,
          summary=f"{target.value} {len(moved)}: {parts}")
    session.flush()
    entry_id = session.scalar(select(AuditEntry.id).where(AuditEntry.action == BULK_ACTION)
                              .order_by(AuditEntry.id.desc()).limit(1))
    return BulkResult(target, tuple(Moved(n.ref, p) for n, p in moved), tuple(already),
                      entry_id)


def last_bulk(session: Session, event_id: int) -> BulkStep | None:
    """The newest bulk change of the event that has not been undone (None: none)."""
    undone = select(AuditEntry.entity_id).where(AuditEntry.action == UNDO_ACTION)
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == BULK_ACTION,
                                 AuditEntry.event_id == event_id,
                                 AuditEntry.id.not_in(undone))
        .order_by(AuditEntry.id.desc()).limit(1))
    if entry is None:
        return None
    return BulkStep(entry.id, describe_step(entry.summary), entry.actor,
                    len(_MOVE.findall(entry.summary)))


def describe_step(summary: str) -> str:
    """A stored step in words: 'accepted N-0001, N-0002 and N-0003'."""
    status, _, _rest = summary.partition(" ")
    refs = [m[0] for m in _MOVE.findall(summary)]
    verb = "withdrew" if status == NominationStatus.WITHDRAWN.value else f"set to {status}"
    return f"{verb} {list_refs(refs)}"


def undo_bulk(session: Session, *, audit_id: int) -> BulkResult:
    """Put each nomination of the bulk step ``audit_id`` back to its previous status, when
    none of them changed since; otherwise refuse, naming who changed which and what."""
    entry = get(session, AuditEntry, audit_id, "bulk change")
    if entry.action != BULK_ACTION or entry.event_id is None:
        raise ConflictError("That entry of the audit log is not a bulk change.")
    if session.scalar(select(AuditEntry.id).where(AuditEntry.action == UNDO_ACTION,
                                                  AuditEntry.entity_id == audit_id)):
        raise ConflictError("That bulk change has already been undone.")
    target = _target(entry.summary.partition(" ")[0])
    steps = [(int(number.removeprefix("N-")), NominationStatus(was), int(version))
             for number, was, version in _MOVE.findall(entry.summary)]
    by_number = {n.number: n for n in session.scalars(
        select(Nomination).where(Nomination.event_id == entry.event_id,
                                 Nomination.number.in_([s[0] for s in steps])))}
    refused: list[Refusal] = []
    for number, _was, version in steps:
        n = by_number.get(number)
        if n is None:
            refused.append(Refusal(format_ref(number), "no longer exists"))
        elif n.version != version:
            refused.append(Refusal(n.ref, _changed_since(session, n)))
    if refused:
        raise BulkRefusedError(refused, undo=True)
    moved: list[Moved] = []
    for number, was, _version in steps:
        n = by_number[number]
        if target is NominationStatus.WITHDRAWN:
            reinstate_nomination(session, n.id, status=was)
        else:
            update_nomination(session, n.id, status=was)
        moved.append(Moved(n.ref, target))
    audit(session, UNDO_ACTION, "audit_entry", audit_id, event_id=entry.event_id,
          summary=f"undid: {describe_step(entry.summary)}")
    return BulkResult(target, tuple(moved), (), audit_id)


def _changed_since(session: Session, nomination: Nomination) -> str:
    who, when = last_change(session, "nomination", nomination.id)
    row = session.execute(
        select(AuditEntry.action, AuditEntry.summary)
        .where(AuditEntry.entity == "nomination", AuditEntry.entity_id == nomination.id)
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    action, summary = row if row is not None else ("", "")
    what = (summary.partition(": ")[2] if action == "update"
            else {"withdraw": "withdrawn", "reinstate": "reinstated"}.get(action, ""))
    by = f"by {who}" if who else "in another window or by you"
    at = f" on {when:%d/%m/%Y at %H:%M} (UTC)" if when else ""
    change = f" ({what})" if what else ""
    return f"was changed since {by}{at}{change}; it is now {nomination.status.label.lower()}"

"""Seals: finding values changed outside the program since it recorded them.

Scores, consent answers (with the young person's name and date of birth), judges' PIN hashes,
certificates and confirmed placements carry a seal (``awards_app.db.seals``: the SHA-256 of
their protected values, no secret key). ORM writes are sealed by mapper events; this module
seals what bulk writes insert (:func:`seal_rows`, :func:`seal_unsealed`), seals confirmed
placements together with the scores behind them (:func:`seal_placements`), and checks them
all (:func:`verify_seals`, for the Results page and ``awards check``).

It is tamper-EVIDENT against edits made outside the program (a hand-run ``UPDATE``, a damaged
file), not against someone who changes the program: anyone can compute a SHA-256.

A problem names the record as the coordinator knows it (a nomination's reference, a judge's
name, a certificate's code), never a young person's name or the values themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from awards_app.core.codes import format_code
from awards_app.core.text import format_ref
from awards_app.db.models import (
    Base,
    Category,
    Certificate,
    ConfirmedPlacement,
    Criterion,
    Event,
    Judge,
    Nomination,
    Nominee,
    Score,
    Sponsor,
)
from awards_app.db.seals import (
    DIGEST_LENGTH,
    SEALED_FIELDS,
    digest,
    placement_seal,
    score_digest,
)
from awards_app.services.common import audit

_TABLES = Base.metadata.tables
_CHUNK = 900  # ids per IN list


@dataclass(frozen=True, slots=True)
class SealProblem:
    """One record whose stored values no longer match what the program recorded."""

    message: str
    #: the confirmed category whose results it undermines, if any
    category_id: int | None = None


# --- sealing -------------------------------------------------------------------------------


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _write_seals(session: Session, table: Table, seals: list[dict[str, Any]]) -> None:
    if seals:
        # Sealing changes nothing a person sees: an ``updated_at`` keeps its time.
        kept = {c.name: c for c in table.c if c.onupdate is not None}
        session.execute(update(table).where(table.c.id == bindparam("b_id"))
                        .values(seal=bindparam("b_seal"), **kept), seals)


def seal_rows(session: Session, table: str, ids: Iterable[int]) -> None:
    """Seal these rows of ``table`` (score, nominee, judge or certificate) as they stand: for
    rows this transaction has just inserted with a bulk insert, which the ORM does not see."""
    t = _TABLES[table]
    fields = [t.c[name] for name in SEALED_FIELDS[table]]
    wanted = sorted(set(ids))
    for chunk in _chunks(wanted):
        rows = session.execute(select(t.c.id, *fields).where(t.c.id.in_(chunk))).all()
        _write_seals(session, t, [{"b_id": r[0], "b_seal": digest(table, r[1:])}
                                  for r in rows])


def seal_placements(session: Session, category_ids: Iterable[int]) -> None:
    """Seal the confirmed placements of these categories together with what they rest on:
    how many placements the category confirmed and every score of each nomination. Called
    in the transaction that confirms them (or imports them)."""
    session.flush()
    wanted = sorted(set(category_ids))
    if not wanted:
        return
    t = _TABLES["placement"]
    fields = [t.c[name] for name in SEALED_FIELDS["placement"]]
    rows = session.execute(select(t.c.id, *fields).where(t.c.category_id.in_(wanted))).all()
    count: dict[int, int] = defaultdict(int)
    for r in rows:
        count[r[1]] += 1
    behind = _scores_behind(session, [r[2] for r in rows])
    _write_seals(session, t, [
        {"b_id": r[0], "b_seal": placement_seal(r[1:], count[r[1]], behind[r[2]])}
        for r in rows])


def _scores_behind(session: Session, nomination_ids: Sequence[int]
                   ) -> dict[int, list[tuple[int, int, int]]]:
    behind: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for chunk in _chunks(sorted(set(nomination_ids))):
        for nid, judge, criterion, value in session.execute(
                select(Score.nomination_id, Score.judge_id, Score.criterion_id, Score.value)
                .where(Score.nomination_id.in_(chunk))):
            behind[nid].append((judge, criterion, value))
    return behind


def seal_unsealed(session: Session, *, event_id: int, nominee_ids: Iterable[int] = ()) -> None:
    """Seal every unsealed record of a newly imported event (its scores, judges, certificates
    and confirmed placements) and the unsealed young people among ``nominee_ids``. For an
    event file's import, whose rows are all new and written by bulk inserts."""
    session.flush()
    in_event = select(Nomination.id).where(Nomination.event_id == event_id)
    sponsors = select(Sponsor.id).where(Sponsor.event_id == event_id)
    unsealed: list[tuple[str, ColumnElement[bool]]] = [
        ("score", Score.nomination_id.in_(in_event)),
        ("judge", Judge.sponsor_id.in_(sponsors)),
        ("certificate", Certificate.event_id == event_id),
    ]
    for table, where in unsealed:
        t = _TABLES[table]
        seal_rows(session, table, session.scalars(
            select(t.c.id).where(where, t.c.seal.is_(None))).all())
    nominees = sorted(set(nominee_ids))
    for chunk in _chunks(nominees):
        seal_rows(session, "nominee", session.scalars(select(Nominee.id).where(
            Nominee.id.in_(chunk), Nominee.seal.is_(None))).all())
    seal_placements(session, session.scalars(
        select(ConfirmedPlacement.category_id).distinct()
        .join(Category, Category.id == ConfirmedPlacement.category_id)
        .where(Category.event_id == event_id, ConfirmedPlacement.seal.is_(None))).all())


def accept_current_values(session: Session, *, event_id: int) -> int:
    """The coordinator has checked the records :func:`verify_seals` reports for this event
    and trusts what they hold now: seal them as they stand (recorded in the audit trail).
    Returns how many records were sealed again."""
    problems = _problems(session, event_id)
    keys = {key for problem, key in problems if key is not None}
    by_table: dict[str, list[int]] = defaultdict(list)
    for table, record_id in keys:
        by_table[table].append(record_id)
    for table in ("score", "nominee", "judge", "certificate"):
        seal_rows(session, table, by_table.get(table, ()))
    if by_table.get("placement"):
        categories = session.scalars(select(ConfirmedPlacement.category_id).distinct().where(
            ConfirmedPlacement.id.in_(by_table["placement"]))).all()
        seal_placements(session, categories)
    if keys:
        audit(session, "accept_outside_changes", "event", event_id, event_id=event_id,
              summary=f"{len(keys)} record(s) changed outside the program marked as checked")
    return len(keys)


def pin_seal_holds(session: Session, judge_id: int) -> bool:
    """Whether this judge's PIN hash (and name) are as the program last wrote them: sign-in
    should refuse a PIN hash changed outside the program."""
    row = session.execute(select(*(Judge.__table__.c[f] for f in SEALED_FIELDS["judge"]),
                                 Judge.seal).where(Judge.id == judge_id)).one_or_none()
    return row is not None and row[-1] == digest("judge", row[:-1])


# --- checking ------------------------------------------------------------------------------


def verify_seals(session: Session, event_id: int | None = None) -> list[str]:
    """Every value changed outside the program since the program recorded it, in plain words
    (an empty list when there is none): for one event, or for every event when ``event_id``
    is None (then each problem starts with the event's name and year)."""
    return [p.message for p in seal_problems(session, event_id)]


def seal_problems(session: Session, event_id: int | None = None) -> list[SealProblem]:
    """:func:`verify_seals` with the confirmed category each problem undermines."""
    return [problem for problem, _key in _problems(session, event_id)]


_Found = tuple[SealProblem, tuple[str, int] | None]


def _problems(session: Session, event_id: int | None) -> list[_Found]:
    events = session.scalars(select(Event).order_by(Event.year, Event.name) if event_id is None
                             else select(Event).where(Event.id == event_id)).all()
    found: list[_Found] = []
    for ev in events:
        prefix = f"{ev.name} {ev.year}: " if event_id is None else ""
        for problem, key in (*_placements(session, ev.id), *_scores(session, Nomination.event_id == ev.id),
                             *_nominees(session, ev.id), *_judges(session, ev.id),
                             *_certificates(session, ev.id)):
            found.append((SealProblem(prefix + problem.message, problem.category_id), key))
    if event_id is None:
        found.extend(_lone_nominees(session))
    return found


def _when(moment: Any) -> str:
    if not isinstance(moment, datetime):
        return "it was last recorded"
    local = moment.replace(tzinfo=UTC).astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


def _outside(what: str, seal: str | None, since: Any) -> str:
    if seal is None:
        return f"{what} was added outside the program, or its seal was removed."
    return f"{what} was changed outside the program since {_when(since)}."


def _sealed(table: str, *extra: Any) -> list[Any]:
    t = _TABLES[table]
    return [t.c.id, t.c.seal, *extra, *(t.c[name] for name in SEALED_FIELDS[table])]


def _placements(session: Session, event_id: int) -> Iterator[_Found]:
    rows = session.execute(
        select(*_sealed("placement", Nomination.number, Category.name))
        .join(Nomination, Nomination.id == ConfirmedPlacement.nomination_id)
        .join(Category, Category.id == ConfirmedPlacement.category_id)
        .where(Category.event_id == event_id)).all()
    count: dict[int, int] = defaultdict(int)
    for r in rows:
        count[r[4]] += 1
    behind = _scores_behind(session, [r[5] for r in rows])
    for pid, seal, number, category, *values in rows:
        expected = placement_seal(values, count[values[0]], behind[values[1]])
        if seal == expected:
            continue
        ref, since = format_ref(number), values[-1]
        if seal is not None and seal[:DIGEST_LENGTH] == expected[:DIGEST_LENGTH]:
            message = (f"The scores or placements behind {ref}'s confirmed place in {category} "
                       f"were changed outside the program since {_when(since)}: do not trust "
                       "this result until they are checked.")
        else:
            message = _outside(f"{ref}'s confirmed place in {category}", seal, since)
        yield SealProblem(message, values[0]), ("placement", pid)


def category_score_problems(session: Session, category_id: int) -> list[str]:
    """The scores of this category changed outside the program (checked before its results
    are confirmed, so that a confirmation never seals a hand-edited score)."""
    return [problem.message for problem, _key in
            _scores(session, Nomination.category_id == category_id)]


def _scores(session: Session, where: ColumnElement[bool]) -> Iterator[_Found]:
    rows = session.execute(
        select(Score.id, Score.seal, Score.updated_at, Nomination.number, Judge.name,
               Criterion.name, Category.id, Category.results_confirmed_at,
               Score.judge_id, Score.nomination_id, Score.criterion_id, Score.value)
        .join(Nomination, Nomination.id == Score.nomination_id)
        .join(Judge, Judge.id == Score.judge_id)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .join(Category, Category.id == Nomination.category_id)
        .where(where)).all()
    for sid, seal, since, number, judge, criterion, category_id, confirmed, *values in rows:
        if seal is not None and seal == score_digest(*values):
            continue
        what = f"{judge}'s score for {format_ref(number)} on '{criterion}'"
        yield (SealProblem(_outside(what, seal, since),
                           category_id if confirmed is not None else None), ("score", sid))


def _nominees(session: Session, event_id: int) -> Iterator[_Found]:
    first = (select(Nomination.nominee_id, func.min(Nomination.number).label("number"))
             .where(Nomination.event_id == event_id).group_by(Nomination.nominee_id)
             .subquery())
    rows = session.execute(select(*_sealed("nominee", Nominee.updated_at, first.c.number))
                           .join(first, first.c.nominee_id == Nominee.id)).all()
    for nid, seal, since, number, *values in rows:
        if seal != digest("nominee", values):
            what = (f"{format_ref(number)}'s young person: their consent answers, name or "
                    "date of birth")
            message = _outside(what, seal, since).replace(" was ", " were ", 1)
            yield SealProblem(message + " Check them on the Nominees page."), ("nominee", nid)


def _lone_nominees(session: Session) -> Iterator[_Found]:
    """Young people with no nomination in any event (only in the check of every event)."""
    rows = session.execute(select(*_sealed("nominee", Nominee.updated_at)).where(
        ~Nominee.id.in_(select(Nomination.nominee_id)))).all()
    for nid, seal, since, *values in rows:
        if seal != digest("nominee", values):
            what = f"A young person with no nominations (record {nid}): their consent answers"
            yield (SealProblem(_outside(what, seal, since).replace(" was ", " were ", 1)),
                   ("nominee", nid))


def _judges(session: Session, event_id: int) -> Iterator[_Found]:
    rows = session.execute(select(*_sealed("judge", Judge.updated_at))
                           .join(Sponsor, Sponsor.id == Judge.sponsor_id)
                           .where(Sponsor.event_id == event_id)).all()
    for jid, seal, since, *values in rows:
        if seal != digest("judge", values):
            what = f"Judge {values[1]}'s PIN or name"
            message = _outside(what, seal, since).replace(" was ", " were ", 1)
            yield (SealProblem(message + " Set them a new PIN before they sign in again."),
                   ("judge", jid))


def _certificates(session: Session, event_id: int) -> Iterator[_Found]:
    rows = session.execute(select(*_sealed("certificate", Nomination.number))
                           .join(Nomination, Nomination.id == Certificate.nomination_id)
                           .where(Certificate.event_id == event_id)).all()
    fields = SEALED_FIELDS["certificate"]
    moments = [fields.index(name) for name in ("issued_at", "last_printed_at", "revoked_at")]
    for cid, seal, number, *values in rows:
        if seal != digest("certificate", values):
            since = max((values[i] for i in moments if isinstance(values[i], datetime)),
                        default=None)
            code = format_code(values[fields.index("code")])
            what = f"The certificate record for {format_ref(number)} (code {code})"
            yield SealProblem(_outside(what, seal, since)), ("certificate", cid)

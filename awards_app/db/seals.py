"""Seals: a SHA-256 digest of a record's protected values, stored beside them.

Scores, young people's consent answers, judges' PIN hashes, certificates and confirmed
placements carry a ``seal`` column: the digest of a canonical encoding of their protected
values, written in the same statement or transaction as the values whenever the program
writes them. A value changed outside the program (a hand-run ``UPDATE``, a flipped bit in the
file) no longer matches its seal, and ``services.judging.seals.verify_seals`` reports it.

This is tamper-EVIDENT against edits made outside the program, not tamper-proof: there is no
secret key, so someone who reads this module can recompute a seal for values they changed.
It catches the hand edit and the damaged file, which are the risks it is meant for.

Each digest covers the record's natural key rather than its id (an ORM insert does not know
its id yet), so a seal copied onto another record does not match there. ORM writes are sealed
by mapper events (:func:`watch`); bulk inserts compute the seal while preparing
(:func:`sealed_rows`, :func:`score_digest`) or seal their new rows afterwards (``services.judging.seals.seal_unsealed``).

A record whose stored values no longer matched its seal before an ORM update keeps its old
seal through that update (the update does not launder the outside change); it is reported
until the values are put back or a coordinator seals the record again on purpose.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Float, Integer, Table, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

#: the protected values of each sealed table, in digest order (renaming or reordering them
#: changes every seal: that needs a migration that seals existing rows again)
SEALED_FIELDS: dict[str, tuple[str, ...]] = {
    "score": ("judge_id", "nomination_id", "criterion_id", "value"),
    "nominee": ("first_name", "last_name", "date_of_birth", "consent_certificate_name",
                "consent_public", "consent_photo", "do_not_publish"),
    "judge": ("sponsor_id", "name", "pin_hash"),
    "certificate": ("event_id", "nomination_id", "code", "design", "placement",
                    "recipient_name", "category_name", "event_name", "event_year",
                    "ceremony_date", "sponsor_name", "citation", "verification_text", "qr_mask",
                    "issued_at", "print_count", "last_printed_at", "revoked_at",
                    "revoked_reason", "replaced_by_id"),
    "placement": ("category_id", "nomination_id", "placement", "rank", "score",
                  "normalised_score", "tie_break", "confirmed_at"),
}

#: hex digits of SHA-256 kept per digest: 128 bits, as sure as the whole digest to notice an
#: edit (there is no key to guess), and half the bytes in every score row the import writes
DIGEST_LENGTH = 32
#: a seal column holds at most two digests (a placement's own and its inputs')
SEAL_LENGTH = 2 * DIGEST_LENGTH


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return repr(value)  # exact: a stored double reads back as the same repr
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"cannot seal a {type(value).__name__}")


def digest(table: str, values: Sequence[Any]) -> str:
    """The seal of one record of ``table`` whose protected values (SEALED_FIELDS order) are
    ``values``."""
    text = json.dumps([table, [_plain(v) for v in values]], ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def score_digest(judge_id: int, nomination_id: int, criterion_id: int, value: int) -> str:
    """``digest("score", …)`` for plain ints, about four times faster (the score import seals
    thousands of rows inside its write)."""
    return hashlib.sha256(
        f'["score",[{judge_id:d},{nomination_id:d},{criterion_id:d},{value:d}]]'.encode()
    ).hexdigest()[:DIGEST_LENGTH]


def inputs_digest(count: int, scores: Iterable[tuple[int, int, int]]) -> str:
    """The digest of what a confirmed placement rests on: how many placements its category
    confirmed, and every (judge, criterion, value) score of its nomination."""
    return digest("placement_inputs", [count, *(v for s in sorted(scores) for v in s)])


def placement_seal(values: Sequence[Any], count: int,
                   scores: Iterable[tuple[int, int, int]]) -> str:
    return digest("placement", values) + inputs_digest(count, scores)


def _kind(column_type: Any) -> type | None:
    """The Python type a value of this column reads back as, where a writer might hand over
    another (1 for True, 7 for 7.0): the seal is made of what the database will give back."""
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Float):
        return float
    if isinstance(column_type, Integer):
        return int
    return None


def sealed_rows(table: Table, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` for a bulk insert into ``table``, each with its seal: made while preparing,
    so the write itself does no more work (a protected column a row leaves out must have a
    scalar default, which the INSERT will give it)."""
    fields = SEALED_FIELDS[table.name]
    kinds = [_kind(table.c[name].type) for name in fields]
    defaults = [table.c[name].default for name in fields]
    out = []
    for row in rows:
        values = []
        for name, kind, default in zip(fields, kinds, defaults, strict=True):
            if name in row:
                value = row[name]
            elif default is None or default.is_scalar:
                value = getattr(default, "arg", None)
            else:
                raise ValueError(f"{table.name}.{name} needs a value to be sealed")
            values.append(value if value is None or kind is None else kind(value))
        out.append({**row, "seal": digest(table.name, values)})
    return out


def watch(model: type[Any]) -> None:
    """Seal ``model``'s rows on every ORM insert and update (its table is in SEALED_FIELDS)."""
    table = model.__table__
    fields = SEALED_FIELDS[table.name]

    kinds = {name: _kind(table.c[name].type) for name in fields}

    def values(target: Any) -> list[Any]:
        out = []
        for name in fields:
            value, kind = getattr(target, name), kinds[name]
            out.append(value if value is None or kind is None else kind(value))
        return out

    @event.listens_for(model, "before_insert")
    def _insert(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
        for name in fields:
            default = table.c[name].default
            if getattr(target, name) is None and default is not None:
                # The INSERT would fill it in; fill it in now so the seal covers that value.
                setattr(target, name, default.arg(None) if default.is_callable else default.arg)
        target.seal = digest(table.name, values(target))

    @event.listens_for(model, "before_update")
    def _update(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
        state = target._sa_instance_state
        if not any(state.attrs[name].history.has_changes() for name in fields):
            return
        stored = connection.execute(
            select(*(table.c[name] for name in fields), table.c.seal)
            .where(table.c.id == target.id)).one_or_none()
        if stored is not None and stored[-1] != digest(table.name, stored[:-1]):
            # Changed outside the program before this update: keep the record reported.
            target.seal = stored[-1]
            return
        target.seal = digest(table.name, values(target))

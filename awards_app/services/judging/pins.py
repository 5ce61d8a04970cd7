"""Judges' PINs: stored as argon2id hashes, tried a few times, then locked for a while."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from argon2 import PasswordHasher

from awards_app.core.errors import ValidationError
from sqlalchemy import select

from awards_app.db.models import (
    AuditEntry,
    Judge,
    utcnow,
)
from awards_app.services.common import audit, get
from awards_app.services.judging.seals import pin_seal_holds, seal_rows

MAX_PIN_TRIES = 5
LOCK_SECONDS = 60
#: each pause after MAX_PIN_TRIES wrong PINs in a row is longer than the one before (since
#: the judge last signed in or was given a PIN); after the last, only a new PIN set by the
#: coordinator lets the judge in. Guessing 4 digits then takes 20 tries a day at most.
LOCK_STEPS = (60, 5 * 60, 30 * 60)
#: the actions after which the pauses start again from the first
_FRESH_START = ("set_pin", "clear_pin", "signed_in")
_PIN = re.compile(r"[0-9]{4,8}")


# --- PINs ----------------------------------------------------------------------------------


def _hasher() -> PasswordHasher:
    # argon2 (cffi) loads only when a PIN is set or tried (start-up time)
    from argon2 import PasswordHasher  # argon2id by default

    return PasswordHasher()


def set_pin(session: Session, judge_id: int, pin: str) -> None:
    """Store a 4–8 digit PIN as an argon2id hash; it also clears any lock."""
    if not _PIN.fullmatch(pin.strip()):
        raise ValidationError.single("pin", "must be 4 to 8 digits")
    judge = get(session, Judge, judge_id, "judge")
    judge.pin_hash = _hasher().hash(pin.strip())
    judge.failed_pins = 0
    judge.locked_until = None
    _reseal(session, judge)  # a new PIN is the remedy for one changed outside the program
    audit(session, "set_pin", "judge", judge.id, event_id=judge.sponsor.event_id)


def clear_pin(session: Session, judge_id: int) -> None:
    judge = get(session, Judge, judge_id, "judge")
    judge.pin_hash = None
    judge.failed_pins = 0
    judge.locked_until = None
    _reseal(session, judge)
    audit(session, "clear_pin", "judge", judge.id, event_id=judge.sponsor.event_id)


def _reseal(session: Session, judge: Judge) -> None:
    session.flush()
    seal_rows(session, "judge", [judge.id])


@dataclass(frozen=True)
class SignIn:
    ok: bool
    message: str = ""
    locked_seconds: int = 0


def sign_in(session: Session, judge_id: int, pin: str, *, now: datetime | None = None) -> SignIn:
    """Check a judge's PIN. Wrong tries are counted (commit the session either way); the fifth
    in a row pauses the judge: a minute, then 5, then 30 minutes (``LOCK_STEPS``), then until
    the coordinator sets a new PIN. Signing in, or a new PIN, starts the steps again."""
    # argon2 (cffi) loads only when a PIN is set or tried (start-up time)
    from argon2.exceptions import InvalidHashError, VerificationError

    now = now or utcnow()
    judge = get(session, Judge, judge_id, "judge")
    if not judge.active:
        return SignIn(False, "This judge has been withdrawn; ask the coordinator.")
    if judge.pin_hash is None:
        return SignIn(False, "No PIN has been set for you yet; ask the coordinator.")
    if not pin_seal_holds(session, judge.id):
        audit(session, "pin_untrusted", "judge", judge.id, event_id=judge.sponsor.event_id)
        return SignIn(False, "Your PIN was changed outside the program, so it cannot be "
                             "trusted. Ask the coordinator to set you a new one.")
    if judge.locked_until is not None and judge.locked_until >= _FOR_GOOD:
        return SignIn(False, _ASK_COORDINATOR)
    if judge.locked_until is not None and judge.locked_until > now:
        seconds = int((judge.locked_until - now).total_seconds()) + 1
        return SignIn(False, f"Too many wrong PINs. Try again in {seconds} seconds.", seconds)
    try:
        _hasher().verify(judge.pin_hash, pin.strip())
    except (VerificationError, InvalidHashError):
        judge.failed_pins += 1
        if judge.failed_pins >= MAX_PIN_TRIES:
            judge.failed_pins = 0
            earlier = _pauses_since_fresh_start(session, judge.id)
            audit(session, "pin_locked", "judge", judge.id, event_id=judge.sponsor.event_id)
            if earlier >= len(LOCK_STEPS):
                judge.locked_until = _FOR_GOOD
                return SignIn(False, _ASK_COORDINATOR)
            seconds = LOCK_STEPS[earlier]
            judge.locked_until = now + timedelta(seconds=seconds)
            return SignIn(False, f"Too many wrong PINs. Try again in {_duration(seconds)}.",
                          seconds)
        left = MAX_PIN_TRIES - judge.failed_pins
        return SignIn(False, f"That PIN is not right. {left} {'try' if left == 1 else 'tries'} "
                             "left before a pause.")
    judge.failed_pins = 0
    judge.locked_until = None
    audit(session, "signed_in", "judge", judge.id, event_id=judge.sponsor.event_id)
    return SignIn(True)


#: "locked until the coordinator sets a new PIN"
_FOR_GOOD = datetime(9999, 1, 1)
_ASK_COORDINATOR = ("Too many wrong PINs, so signing in is stopped for you. Ask the "
                    "coordinator to set you a new PIN.")


def _pauses_since_fresh_start(session: Session, judge_id: int) -> int:
    """How many pauses this judge has had since last signing in or being given a PIN."""
    entries = session.execute(
        select(AuditEntry.action).where(AuditEntry.entity == "judge",
                                        AuditEntry.entity_id == judge_id,
                                        AuditEntry.action.in_(("pin_locked", *_FRESH_START)))
        .order_by(AuditEntry.id.desc())).scalars()
    count = 0
    for action in entries:
        if action != "pin_locked":
            break
        count += 1
    return count


def _duration(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 120 else f"{seconds // 60} minutes"

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
from awards_app.db.models import (
    Judge,
    utcnow,
)
from awards_app.services.common import audit, get
from awards_app.services.judging.seals import pin_seal_holds, seal_rows

MAX_PIN_TRIES = 5
LOCK_SECONDS = 60
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
    in a row locks the judge for a minute."""
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
    if judge.locked_until is not None and judge.locked_until > now:
        seconds = int((judge.locked_until - now).total_seconds()) + 1
        return SignIn(False, f"Too many wrong PINs. Try again in {seconds} seconds.", seconds)
    try:
        _hasher().verify(judge.pin_hash, pin.strip())
    except (VerificationError, InvalidHashError):
        judge.failed_pins += 1
        if judge.failed_pins >= MAX_PIN_TRIES:
            judge.failed_pins = 0
            judge.locked_until = now + timedelta(seconds=LOCK_SECONDS)
            audit(session, "pin_locked", "judge", judge.id, event_id=judge.sponsor.event_id)
            return SignIn(False, f"Too many wrong PINs. Try again in {LOCK_SECONDS} seconds.",
                          LOCK_SECONDS)
        left = MAX_PIN_TRIES - judge.failed_pins
        return SignIn(False, f"That PIN is not right. {left} {'try' if left == 1 else 'tries'} "
                             "left before a one-minute pause.")
    judge.failed_pins = 0
    judge.locked_until = None
    return SignIn(True)

"""The coordinator's exit code: what it takes to leave a judging session.

A judging laptop is shared by judges who must see nothing but their own list. While a session
runs, the coordinator's window is hidden; the only way back to it (or out of the program) is
the exit code the coordinator chose when the session started. The code lives in memory only,
as an argon2id hash, for the life of that one session: it is never written anywhere.

Wrong codes in a row pause further tries, each pause longer than the last (``PAUSES``), so a
judge cannot guess their way out during an afternoon. Checking takes ~0.3 s (argon2): callers
run ``check`` off the UI thread.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from awards_app.core.errors import ValidationError

#: the shortest exit code: longer than any judge's PIN (4–8 digits), so it is not one
MIN_LENGTH = 6
MAX_LENGTH = 64
#: wrong codes in a row before a pause
MAX_TRIES = 5
#: the pauses (seconds) after each run of ``MAX_TRIES`` wrong codes; the last one repeats
PAUSES = (60, 5 * 60, 30 * 60)


@dataclass(frozen=True)
class ExitCheck:
    ok: bool
    message: str = ""
    paused_seconds: int = 0


def check_new_code(code: str, repeat: str) -> str:
    """The code to use, or ValidationError naming the field and what is wrong."""
    if not code.strip():
        raise ValidationError.single("exit code", "is empty — choose a code only you know")
    if code != code.strip():
        raise ValidationError.single("exit code", "starts or ends with a space — leave it out")
    if len(code) < MIN_LENGTH:
        raise ValidationError.single(
            "exit code", f"has {len(code)} characters — use at least {MIN_LENGTH}, so it "
            "cannot be a judge's PIN")
    if len(code) > MAX_LENGTH:
        raise ValidationError.single("exit code", f"is longer than {MAX_LENGTH} characters")
    if len(set(code)) == 1:
        raise ValidationError.single("exit code", "repeats one character — it would be "
                                     "easy to guess")
    if repeat != code:
        raise ValidationError.single("exit code (again)", "is not the same as the exit code "
                                     "— type it again")
    return code


class ExitCode:
    """One session's exit code (hashed) and the count of wrong tries. Thread-safe: ``check``
    runs on a worker thread while the window reads ``seconds_paused``."""

    def __init__(self, code: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        from argon2 import PasswordHasher  # argon2 (cffi) loads only when judging starts

        self._hasher = PasswordHasher()
        self._hash = self._hasher.hash(code)
        self._clock = clock
        self._lock = threading.Lock()
        self._wrong = 0
        self._pauses = 0
        self._paused_until = 0.0

    def seconds_paused(self) -> int:
        with self._lock:
            left = self._paused_until - self._clock()
        return math.ceil(left) if left > 0 else 0

    def check(self, attempt: str) -> ExitCheck:
        """Is ``attempt`` the exit code? A wrong one counts towards a pause."""
        from argon2.exceptions import VerificationError

        paused = self.seconds_paused()
        if paused:
            return ExitCheck(False, f"Too many wrong exit codes. Try again in "
                                    f"{_duration(paused)}.", paused)
        try:
            self._hasher.verify(self._hash, attempt)
        except VerificationError:
            return self._wrong_try()
        with self._lock:
            self._wrong = 0
        return ExitCheck(True)

    def _wrong_try(self) -> ExitCheck:
        with self._lock:
            self._wrong += 1
            if self._wrong < MAX_TRIES:
                left = MAX_TRIES - self._wrong
                return ExitCheck(False, f"That is not the exit code. {left} "
                                        f"{'try' if left == 1 else 'tries'} left before a pause.")
            self._wrong = 0
            seconds = PAUSES[min(self._pauses, len(PAUSES) - 1)]
            self._pauses += 1
            self._paused_until = self._clock() + seconds
        return ExitCheck(False, f"Too many wrong exit codes. Try again in {_duration(seconds)}.",
                         seconds)


def _duration(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 120 else f"{(seconds + 59) // 60} minutes"

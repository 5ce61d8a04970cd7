"""Certificate verification codes: 60 random bits in Crockford base32 with a mod-37 check.

A code is 12 data symbols (``0-9A-Z`` without I, L, O and U: 5 bits each, 60 bits from
``secrets``) and one check symbol, the 60-bit value mod 37 written in Crockford's check
alphabet (the 32 symbols plus ``* ~ $ = U``). Because 37 is prime and larger than the
alphabet, the check catches every single wrong symbol and every swap of two neighbours.

Codes are stored without dashes (13 characters) and shown as ``XXXX-XXXX-XXXX-C``.
``normalise_code`` reads what people type (lower case, spaces, missing dashes, O for 0,
I or L for 1) and what a USB QR scanner types (the whole verification text, e.g. a URL).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Final

SYMBOLS: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS: Final = SYMBOLS + "*~$=U"
DATA_LENGTH: Final = 12
CODE_LENGTH: Final = DATA_LENGTH + 1
BITS: Final = 5 * DATA_LENGTH  # 60
SAMPLE_CODE: Final = "7KQM3XTR9VWZH"  # a well-formed example for previews and messages

_VALUE = {symbol: i for i, symbol in enumerate(SYMBOLS)}
_CHECK_VALUE = {symbol: i for i, symbol in enumerate(CHECK_SYMBOLS)}
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Characters a code can contain once upper-cased (confusables included); anything else
# separates one run of symbols from the next inside a longer text such as a URL.
_RUN = re.compile(r"[0-9A-Z*~$=]+")
_SPACING = re.compile(r"[\s\-‐-―−]+")


def _value(data: str) -> int:
    value = 0
    for symbol in data:
        value = value * 32 + _VALUE[symbol]
    return value


def _encode(value: int) -> str:
    symbols = []
    for _ in range(DATA_LENGTH):
        value, digit = divmod(value, 32)
        symbols.append(SYMBOLS[digit])
    return "".join(reversed(symbols))


def check_symbol(data: str) -> str:
    """The check symbol for 12 data symbols (already normalised)."""
    return CHECK_SYMBOLS[_value(data) % 37]


def new_code() -> str:
    """A fresh random code, normalised (13 symbols, no dashes).

    Codes whose check symbol is one of ``* ~ $ = U`` are drawn again: a scanner set to a US
    layout on a UK keyboard types some of them wrongly, and U looks like V. Verification
    still accepts every check symbol.
    """
    while True:
        data = _encode(secrets.randbits(BITS))
        check = check_symbol(data)
        if check in _VALUE:
            return data + check


def is_valid(code: str) -> bool:
    """True for a normalised code (13 symbols, correct check)."""
    return (
        len(code) == CODE_LENGTH
        and all(symbol in _VALUE for symbol in code[:DATA_LENGTH])
        and code[DATA_LENGTH] in _CHECK_VALUE
        and check_symbol(code[:DATA_LENGTH]) == code[DATA_LENGTH]
    )


def _candidate(run: str) -> str | None:
    candidate = run.translate(_CONFUSABLE)
    return candidate if is_valid(candidate) else None


def normalise_code(text: str) -> str | None:
    """The normalised code in ``text``, or None when there is none or its check is wrong.

    Accepts a typed code in any case, with or without dashes and spaces, with O for 0 and I
    or L for 1; and a whole verification text made from a template (``https://…/{code}``):
    after removing dashes, the last run of 13 code symbols that checks out is the code.
    """
    cleaned = _SPACING.sub("", unicodedata.normalize("NFKC", text)).upper()
    if not cleaned:
        return None
    if len(cleaned) == CODE_LENGTH:
        return _candidate(cleaned)
    for match in reversed(list(_RUN.finditer(cleaned))):
        run = match.group()
        if len(run) < CODE_LENGTH:
            continue
        # "…/verify/CODE" gives the code as a whole run; "…?code=CODE" runs on from the
        # "=", so the code is the run's end; in "CODE.html" or "CODE=…" it is the start of a
        # run that something else follows. (A typed code with an extra symbol at the end is
        # a mistake, not a code: nothing follows it, so only its last 13 symbols are tried.)
        pieces = [run[-CODE_LENGTH:]]
        if match.end() < len(cleaned):
            pieces.append(run[:CODE_LENGTH])
        for piece in pieces:
            found = _candidate(piece)
            if found is not None:
                return found
    return None


def _wrong_check(piece: str) -> bool:
    candidate = piece.translate(_CONFUSABLE)
    return (len(candidate) == CODE_LENGTH
            and all(symbol in _VALUE for symbol in candidate[:DATA_LENGTH])
            and candidate[DATA_LENGTH] in _CHECK_VALUE and not is_valid(candidate))


def has_wrong_check(text: str) -> bool:
    """True when ``text`` holds no code but 13 code symbols whose last one is not their check
    symbol: someone mistyped a character (or swapped two), rather than typed something else.
    """
    if normalise_code(text) is not None:
        return False
    cleaned = _SPACING.sub("", unicodedata.normalize("NFKC", text)).upper()
    if len(cleaned) == CODE_LENGTH:
        return _wrong_check(cleaned)
    if _RUN.fullmatch(cleaned):  # a symbol missing or one too many: not a check problem
        return False
    runs = [m.group() for m in _RUN.finditer(cleaned) if len(m.group()) >= CODE_LENGTH]
    return bool(runs) and _wrong_check(runs[-1][-CODE_LENGTH:])


def format_code(code: str) -> str:
    """``7KQM3XTR9VWZH`` → ``7KQM-3XTR-9VWZ-H`` (a normalised code; anything else unchanged)."""
    if len(code) != CODE_LENGTH:
        return code
    return f"{code[0:4]}-{code[4:8]}-{code[8:12]}-{code[12]}"


def verification_text(template: str, code: str) -> str:
    """What a certificate's QR holds: ``template`` with ``{code}`` replaced by the shown code,
    or the shown code alone when the template is empty."""
    shown = format_code(code)
    return template.replace("{code}", shown) if template.strip() else shown

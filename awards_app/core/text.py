"""Parsing and normalising what people type: names, dates, yes/no answers, emails, prose.

Each parser raises ``ValueError`` with a message written for a person; callers attach the
field (and row) the value came from.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from awards_app.core.enums import Answer

NAME_MAX_LENGTH = 100
#: the highest nomination number (N-999999): far beyond any event, well within any database
MAX_REF = 999_999
# C0/C1 controls except tab and newline (kept in prose), plus DEL, and lone surrogates
# (which a JSON file can carry but no database can store).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Unicode categories removed from names: format characters and surrogates
_INVISIBLE = frozenset(("Cf", "Cs"))
#: Letters that look like Latin ones, mapped to the Latin letter they imitate, so that a
#: look-alike cannot make a second young person or get round "cannot be nominated twice".
#: A small part of Unicode's confusables (UTS #39, confusables.txt) — the Cyrillic and Greek
#: letters drawn like a Latin letter, in both cases (both are mapped before and after case
#: folding) — plus the dashes and apostrophes people's keyboards type in names. Letters
#: that only resemble small capitals (Cyrillic м, т, н) are left alone, as UTS #39 does.
LOOKALIKES = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "Ү": "Y", "Һ": "H",
    "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W", "Ѐ": "È", "Ё": "Ë", "Ї": "Ï",
    # Cyrillic small letters
    "а": "a", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "о": "o", "р": "p", "с": "c",
    "у": "y", "х": "x", "ү": "y", "һ": "h", "ӏ": "l", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ѐ": "è", "ё": "ë", "ї": "ï",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Greek small letters
    "α": "a", "ι": "i", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "ϲ": "c", "ϳ": "j",
    # dashes and apostrophes
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u02b9": "'",
    "\u2032": "'", "`": "'", "\u00b4": "'",
}
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_UK_DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
# Pragmatic address check: one @, no spaces, a dotted domain of letters/digits/hyphens.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)

_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}
_NOT_ASKED = {"", "not asked", "not_asked", "notasked", "unknown", "n/a", "na"}


def _nfc(value: str) -> str:
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def _visible(value: str) -> str:
    """``value`` without invisible format characters (Unicode category Cf: zero-width
    spaces and joiners, bidi marks, embeddings, overrides and isolates, the BOM, soft
    hyphens) and without lone surrogates (Cs), which no database can store."""
    if value.isascii():
        return value
    return "".join(ch for ch in value if unicodedata.category(ch) not in _INVISIBLE)


def normalise_text(value: str) -> str:
    """NFC, Unix newlines, no control characters, trimmed. For narratives and notes."""
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    return _nfc(_CONTROL.sub("", text)).strip()


def normalise_name(value: str) -> str:
    """NFC, trimmed, inner runs of whitespace (and control characters) collapsed to one space;
    invisible characters (zero-width, bidi controls) removed. The person's own spelling —
    accents, any script — is kept exactly."""
    text = _nfc(_visible(value))
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def name_key(value: str) -> str:
    """Key for matching names regardless of case, spacing, composition, invisible characters
    and look-alike letters: "Zoë", "ZOË" and "Zoe\u0308" match; so do "Smith", "Smi\u200bth"
    and "Smіth" with a Cyrillic і — but "Zoë" and "Zoe" do not (NFKC, case-folded, with
    :data:`LOOKALIKES` mapped to the Latin letters they imitate). Only for comparing: the
    stored name keeps the person's spelling."""
    text = normalise_name(value)
    if text.isascii():
        return text.translate(_LOOKALIKE_TABLE).casefold()
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKE_TABLE).casefold()
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKE_TABLE)
    return " ".join(_visible(text).split())


def parse_name(value: str, *, max_length: int = NAME_MAX_LENGTH) -> str:
    """A required name: normalised, non-empty, not absurdly long, containing a letter."""
    name = normalise_name(value)
    return check_name(name, max_length=max_length)


def check_name(name: str, *, max_length: int = NAME_MAX_LENGTH) -> str:
    """Checks for an already normalised name."""
    if not name:
        raise ValueError("is empty")
    if len(name) > max_length:
        raise ValueError(f"is {len(name)} characters long; the most allowed is {max_length}")
    if not any(map(str.isalpha, name)):
        raise ValueError(f"'{name}' has no letters in it")
    return name


def word_count(text: str) -> int:
    return len(text.split())


def parse_date(value: str | date | datetime) -> date:
    """Accept a date, ``YYYY-MM-DD`` or the UK ``DD/MM/YYYY``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        raise ValueError("is empty")
    if m := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _UK_DATE.match(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD or DD/MM/YYYY")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def parse_answer(value: str | bool | int | Answer | None) -> Answer:
    """yes/no/y/n/true/false/1/0 (any case); blank means the question was not asked."""
    if isinstance(value, Answer):
        return value
    if value is None:
        return Answer.NOT_ASKED
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    if isinstance(value, int):
        if value in (0, 1):
            return Answer.YES if value else Answer.NO
        raise ValueError(f"'{value}' is not yes or no")
    text = value.strip().casefold()
    if text in _YES:
        return Answer.YES
    if text in _NO:
        return Answer.NO
    if text in _NOT_ASKED:
        return Answer.NOT_ASKED
    raise ValueError(f"'{value.strip()}' is not yes or no (leave it blank if not asked)")


def parse_email(value: str) -> str:
    """A valid email address, trimmed and lower-cased."""
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ValueError("is empty")
    local = text.split("@", 1)[0]
    if (
        len(text) > 254
        or not _EMAIL.match(text)
        or ".." in text
        or local.startswith(".")
        or local.endswith(".")
    ):
        raise ValueError(f"'{text}' is not a valid email address")
    return text.lower()


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years of age on ``day``."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def shorten(value: str, limit: int = 40) -> str:
    """``value`` as a message quotes it: whole when short, else its start and its length."""
    return value if len(value) <= limit else f"{value[:limit - 10]}… ({len(value):,} characters)"


def rounded(value: float, places: int = 4) -> float:
    """``value`` rounded to ``places`` decimals, never negative zero: float noise such as a
    z-score of -1e-17 (computed in another order on another database) shows as 0.0000,
    the same everywhere, not -0.0000."""
    return round(value, places) + 0.0


def format_ref(number: int) -> str:
    """The short reference shown everywhere for a nomination, e.g. ``N-0042``."""
    return f"N-{number:04d}"


def parse_ref(value: str) -> int:
    m = re.fullmatch(r"\s*[Nn]-?0*([0-9]{1,9})\s*", value)
    if not m:
        raise ValueError(f"'{shorten(value.strip())}' is not a nomination reference like "
                         "N-0042")
    return int(m.group(1))


# --- text from people and files, shown among the program's own words --------------------
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
#: bidi classes that can reorder text around them: right-to-left letters and digits, and the
#: explicit embeddings, overrides and isolates (LRE RLE LRO RLO PDF LRI RLI FSI PDI)
_REORDERING = frozenset(("R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI",
                         "FSI", "PDI"))


def needs_isolation(text: str) -> bool:
    """Whether ``text`` holds anything that could reorder the text around it."""
    return not text.isascii() and any(
        unicodedata.bidirectional(ch) in _REORDERING for ch in text)


def isolate(text: str) -> str:
    """``text`` (a name, a file's words) wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
    ISOLATE when it holds right-to-left letters or bidi controls, so it takes its own
    direction and cannot reorder what follows it in a label, a title or a table row (a
    right-to-left override in a surname reversed the rest of its row). A stray POP DIRECTIONAL
    ISOLATE inside is dropped and unclosed isolates are closed, so the wrapper's own pair
    always matches. Left-to-right text comes back unchanged."""
    if not needs_isolation(text):
        return text
    kept: list[str] = []
    depth = 0
    for ch in text:
        if ch in _ISOLATE_OPENERS:
            depth += 1
        elif ch == PDI:
            if depth == 0:
                continue  # would close the wrapper early
            depth -= 1
        kept.append(ch)
    return f"{FSI}{''.join(kept)}{PDI * depth}{PDI}"

"""The folded copy of a text that masking searches, and the way back to the text.

Folding makes every way of writing the same detail the same: NFKC (full-width letters and
digits, ligatures, non-breaking and thin spaces), case-folded, accents and vowel points
dropped (and ı, ø, ł, æ… written plainly), zero-width, bidi and other invisible characters removed, the look-alike letters of
:data:`awards_app.core.text.LOOKALIKES` mapped to the Latin letters they imitate, every
script's digits made ASCII, every space but a newline made " " and every dash "-". A
:class:`Folded` remembers which character of the text each folded character came from, so a
detail found in the folded copy is masked in the text as written.
"""

from __future__ import annotations

import re
import unicodedata

from awards_app.core.text import LOOKALIKES

_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)
#: letters with no decomposition that people write without their stroke or as two letters
#: ("Yilmaz" for Yılmaz, "Soren" for Søren, "Lucja" for Łucja, "Aesa" for Æsa)
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t",
                                "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ŀ": "l", "ĸ": "k"})
#: accents and vowel points dropped for comparing; other marks (a Devanagari vowel sign) stay
_ACCENTS = re.compile("[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u1ab0-\u1aff"
                      "\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]")


def _fold_char(char: str) -> str:
    if char == "\n":
        return char
    if char.isspace():
        return " "
    if unicodedata.category(char) in ("Cf", "Cc", "Cs", "Co"):
        return ""
    # case-folded before look-alikes are mapped, so "ИВАНОВА" and "иванова" fold alike
    # (the capital В imitates B, the small в does not: see CAPITAL_LOOKALIKES)
    text = unicodedata.normalize("NFKC", char).casefold().translate(_LOOKALIKE_TABLE)
    text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).translate(_LOOKALIKE_TABLE)
    text = text.translate(_PLAIN_LETTERS)
    out = []
    for c in text:
        if c.isspace():
            out.append("\n" if c == "\n" else " ")
        elif unicodedata.category(c) == "Nd":
            out.append(str(unicodedata.digit(c)))
        elif unicodedata.category(c) not in ("Cf", "Cc"):
            out.append(c)
    return "".join(out)


class _Table(dict[int, str]):
    """Code point -> folded text, filled as characters are first seen (for str.translate)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        if len(folded) != 1:
            ODD.add(chr(code))
        return folded


#: characters that fold to nothing or to more than one character
ODD: set[str] = set()
_TABLE = _Table()
for _code in range(128):  # ASCII: small letters, controls as spaces, ` as an apostrophe
    _TABLE[_code] = ("\n" if _code == 10 else " " if _code < 32 or _code == 127
                     else "'" if _code == 96 else chr(_code).lower())


def fold_char(char: str) -> str:
    """What one character becomes in the folded copy (often itself; "" for invisible ones)."""
    return _TABLE[ord(char)]


def fold(text: str) -> str:
    """The folded copy of ``text`` (for comparing, never for showing)."""
    return unicodedata.normalize("NFC", text).translate(_TABLE)


class Folded:
    """An NFC text, its folded copy (``shadow``) and where each folded character came from."""

    __slots__ = ("text", "shadow", "index")

    def __init__(self, text: str) -> None:
        self.text = text
        self.shadow = text.translate(_TABLE)
        self.index: list[int] | None = None
        odd = ODD.intersection(text) if not text.isascii() else ()
        if odd:
            positions = sorted(i for char in odd for i in _positions(text, char))
            index: list[int] = []
            done = 0
            for position in positions:
                index.extend(range(done, position))
                index.extend([position] * len(_TABLE[ord(text[position])]))
                done = position + 1
            index.extend(range(done, len(text)))
            self.index = index

    def origin(self, position: int) -> int:
        """The text position the folded character at ``position`` came from."""
        return position if self.index is None else self.index[position]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span a folded span came from, with any accents after its last letter and
        invisible characters either side (a bidi override left next to a mask would reorder
        it)."""
        if self.index is None:
            return start, end
        first, last = self.index[start], self.index[end - 1] + 1
        while first > 0 and _TABLE[ord(self.text[first - 1])] == "" \
                and unicodedata.category(self.text[first - 1]) == "Cf":
            first -= 1
        while last < len(self.text) and _TABLE[ord(self.text[last])] == "" \
                and unicodedata.category(self.text[last])[0] in "CM":
            last += 1
        return first, last

    def camel(self, position: int) -> bool:
        """Whether a word boundary is written as a capital after a small letter ("MrSmith")."""
        if position <= 0 or position >= len(self.shadow):
            return False
        before, here = self.origin(position - 1), self.origin(position)
        return self.text[before].islower() and self.text[here].isupper()


def _positions(text: str, char: str) -> list[int]:
    found, i = [], text.find(char)
    while i >= 0:
        found.append(i)
        i = text.find(char, i + 1)
    return found


def _capital_lookalikes() -> dict[str, str]:
    """Latin letter -> the folded forms of capitals that imitate it though their small letter
    does not (Cyrillic В, Н, Т; Greek Η, Κ…), so "SMIТH" written with a Cyrillic Т matches."""
    extra: dict[str, str] = {}
    for capital, latin in LOOKALIKES.items():
        target, small = latin.casefold(), fold_char(capital)
        if (len(target) == 1 and target.isascii() and target.isalpha() and small != target
                and len(small) == 1 and not small.isascii() and small not in extra.get(target, "")):
            extra[target] = extra.get(target, "") + small
    return extra


#: Latin letter -> capitals' folded forms that imitate it (see :func:`_capital_lookalikes`)
CAPITAL_LOOKALIKES = _capital_lookalikes()


def letters_pattern(folded: str, *, lookalikes: bool) -> str:
    """A pattern for folded letters; with ``lookalikes``, also written with the capitals that
    imitate them."""
    if not lookalikes:
        return re.escape(folded)
    out = []
    for char in folded:
        others = CAPITAL_LOOKALIKES.get(char)
        out.append(f"[{char}{others}]" if others else re.escape(char))
    return "".join(out)

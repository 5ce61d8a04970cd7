"""A generated corpus of variants (issue 12, item 2): names in many scripts written in many
ways, dates of birth, phones and postcodes with random formatting, each embedded in random
sentences of ordinary words. After masking, no normalised form of the private value is left
(the marker check, with ``name_key`` and with masking's own folding), and every ordinary word
around it survives."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awards_app.core.folding import fold
from awards_app.core.mask_patterns import EVERYDAY_WORD_NAMES, PARTICLES
from awards_app.core.masking import Identity, mask_text
from awards_app.core.text import LOOKALIKES, name_key

CORPUS = settings(max_examples=200, deadline=None)

#: ordinary words and numbers that must survive masking (street words among them)
ORDINARY = ["she", "worked", "hard", "at", "college", "and", "found", "a", "job", "after",
            "leaving", "care", "2:1", "GCSEs", "Level", "3", "in", "2024", "10:30", "£1,200",
            "Year", "11", "Grade", "7", "times", "BTEC", "mentoring", "food", "bank", "park",
            "green", "way", "hope", "with", "her", "team", "(", ")", ",", "."]
MASK_WORDS = {"surname", "name", "date", "of", "birth", "email", "phone", "postcode", "address"}
#: words a random name must not be: ordinary words that must survive, the masks' own words,
#: and names that are everyday words (masked only with a capital)
NOT_NAMES = ({fold(w) for w in ORDINARY} | MASK_WORDS | EVERYDAY_WORD_NAMES)

SCRIPTS = [
    "abcdefghijklmnopqrstuvwxyz",
    "abcdefghijklmnopqrstuvwxyzéèëêáàäâíïîóöôúüûñçøåæœłńśźżčšžřěůőűğşț",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "абвгдежзийклмнопрстуфхцчшщыэюя",
    "αβγδεζηθικλμνξοπρστυφχψω",
]
_PLAIN = str.maketrans("", "", "".join(chr(c) for c in range(0x300, 0x370)))
_CYRILLIC_FOR = {latin: cyr for cyr, latin in LOOKALIKES.items()
                 if latin.isascii() and latin.islower() and len(latin) == 1 and cyr.islower()}


@st.composite
def words(draw: st.DrawFn) -> str:
    letters = draw(st.sampled_from(SCRIPTS))
    word = draw(st.text(st.sampled_from(letters), min_size=3, max_size=9))
    return word[0].upper() + word[1:]


@st.composite
def names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(words(), min_size=1, max_size=3))
    joins = [draw(st.sampled_from([" ", "-", "'"])) for _ in parts[1:]]
    return parts[0] + "".join(j + w for j, w in zip(joins, parts[1:], strict=True))


def write(name: str, draw: st.DrawFn) -> str:
    """The name as someone might type it: case, accents, invisible characters, look-alike
    letters, full-width letters, other apostrophes and dashes."""
    how = draw(st.sampled_from(["as is", "upper", "lower", "no accents", "nfd", "invisible",
                                "cyrillic", "full width", "typographic"]))
    if how == "upper":
        return name.upper()
    if how == "lower":
        return name.lower()
    if how == "no accents":
        return unicodedata.normalize("NFD", name).translate(_PLAIN)
    if how == "nfd":
        return unicodedata.normalize("NFD", name)
    if how == "invisible":
        at = draw(st.integers(1, len(name) - 1))
        return name[:at] + draw(st.sampled_from(["\u200b", "\u00ad", "\u200e", "\u2060"])) + name[at:]
    if how == "cyrillic":
        return "".join(_CYRILLIC_FOR.get(c, c) for c in name)
    if how == "full width":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    return name.replace("'", "’").replace("-", "–")


#: words written right next to a private value: a bare number there ("07700 900123 3
#: times", "born 1 01 2000 2024") may be read as part of it, which masks more, never less
NEIGHBOURS = ["she", "rang", "on", "born", "lives", "and", "with", "wrote", "at", "to"]


def sentence(draw: st.DrawFn, private: str) -> tuple[str, list[str]]:
    before = draw(st.lists(st.sampled_from(ORDINARY), max_size=8))
    before.append(draw(st.sampled_from(NEIGHBOURS)))
    after = [draw(st.sampled_from(NEIGHBOURS))]
    after += draw(st.lists(st.sampled_from(ORDINARY), max_size=8))
    return " ".join([*before, private, *after]), before + after


def whole_word(value: str, text: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text))


def assert_no_private_value(masked: str, private_words: list[str]) -> None:
    for key in (name_key, fold):
        out = key(masked)
        for word in private_words:
            assert not whole_word(key(word), out), (word, masked)


def assert_survive(masked: str, ordinary: list[str]) -> None:
    remaining = masked
    for word in ordinary:  # in order, each once
        at = remaining.find(word)
        assert at >= 0, (word, masked)
        remaining = remaining[at + len(word):]


def name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"[ '\-]+", name) if len(fold(p)) >= 2 and fold(p) not in PARTICLES]


@CORPUS
@given(names(), st.booleans(), st.data())
def test_names_in_any_script_written_any_way_are_masked(name: str, as_surname: bool,
                                                        data: st.DataObject) -> None:
    parts = name_parts(name)
    keys = {fold(p) for p in parts} | {fold(name)}
    assume(parts and not keys & NOT_NAMES)
    written = write(name, data.draw)
    text, ordinary = sentence(data.draw, written)
    identity = Identity(surnames=(name,)) if as_surname else Identity(names=(name,))
    masked = mask_text(text, identity)
    assert ("[surname]" if as_surname else "[name]") in masked
    assert_no_private_value(masked, [name, *parts])
    assert_survive(masked, ordinary)


@CORPUS
@given(names(), st.data())
def test_each_part_of_a_name_alone_is_masked(name: str, data: st.DataObject) -> None:
    parts = name_parts(name)
    assume(len(parts) > 1 and not {fold(p) for p in parts} & NOT_NAMES)
    part = data.draw(st.sampled_from(parts))
    text, ordinary = sentence(data.draw, write(part, data.draw))
    masked = mask_text(text, Identity(surnames=(name,)))
    assert_no_private_value(masked, [part])
    assert_survive(masked, ordinary)


# --- dates of birth ------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[date, str]:
    born = draw(st.dates(date(1990, 1, 1), date(2012, 12, 31)))
    d, m, y = born.day, born.month, born.year
    day = draw(st.sampled_from([str(d), f"{d:02d}"]))
    month = draw(st.sampled_from([str(m), f"{m:02d}"]))
    year = draw(st.sampled_from([str(y), f"{y % 100:02d}"]))
    sep = draw(st.sampled_from(["/", ".", "-", " ", "–", " / ", "\u00a0"]))
    if sep in (" ", "\u00a0"):
        year = str(y)  # "1 1 00" is too like any three numbers; "1 1 2000" is a date
    name = draw(st.sampled_from([MONTHS[m - 1], MONTHS[m - 1][:3], MONTHS[m - 1].upper()]))
    ordinal = draw(st.sampled_from(["", "st", "nd", "rd", "th"]))
    form = draw(st.sampled_from([
        f"{day}{sep}{month}{sep}{year}", f"{y}-{m:02d}-{d:02d}", f"{d}{ordinal} {name} {y}",
        f"{d}{ordinal} of {name}, {y}", f"{name} {d}{ordinal}, {y}", f"{d} {name} '{y % 100:02d}",
        f"{d}{ordinal} {name}",
    ]))
    if draw(st.booleans()):
        form = form.translate(FULL_WIDTH)
    return born, form


@CORPUS
@given(written_dates(), st.data())
def test_dates_of_birth_written_any_way_are_masked(dated: tuple[date, str],
                                                   data: st.DataObject) -> None:
    born, form = dated
    text, ordinary = sentence(data.draw, form)
    masked = mask_text(text, Identity(dates_of_birth=(born,)))
    assert "[date of birth]" in masked
    assert fold(form) not in fold(masked)
    assert_survive(masked, ordinary)


# --- phones --------------------------------------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@st.composite
def written_phones(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["07", "01", "02", "03", "08"]))
    rest = draw(st.text(st.sampled_from("0123456789"), min_size=8, max_size=8 if kind == "02"
                        else 9))
    national = kind + rest  # 10 or 11 digits
    groups, i = [], 0
    while i < len(national):
        size = draw(st.integers(2, 5))
        if len(national) - (i + size) == 1:
            size += 1  # a lone digit at the end is read as the next number ("… 0000 3 times")
        groups.append(national[i:i + size])
        i += size
    sep = draw(st.sampled_from([" ", "-", ".", "\u00a0", "\u2009", "–", "  ", " - "]))
    number = sep.join(groups)
    if draw(st.booleans()) and len(groups) > 1:
        number = f"({groups[0]}){sep}{sep.join(groups[1:])}"
    prefix = draw(st.sampled_from(["", "+44 ", "+44 (0)", "0044 ", "+44"]))
    if prefix:
        number = prefix + (number if "(0)" in prefix else number.lstrip("(0").replace(")", "", 1)
                           if number.startswith("(") else number[1:])
    digits = draw(st.sampled_from(["ascii", "full width", "arabic"]))
    if digits == "full width":
        number = number.translate(FULL_WIDTH)
    elif digits == "arabic":
        number = number.translate(ARABIC_INDIC)
    return number


@CORPUS
@given(written_phones(), st.data())
def test_uk_phones_written_any_way_are_masked(phone: str, data: st.DataObject) -> None:
    text, ordinary = sentence(data.draw, phone)
    masked = mask_text(text, Identity())
    assert "[phone]" in masked, (phone, masked)
    last_six = [c for c in fold(phone) if c.isdigit()][-6:]
    assert not re.search(r"[ .\-()]{0,3}".join(last_six), fold(masked)), (phone, masked)
    assert_survive(masked, ordinary)


# --- postcodes -----------------------------------------------------------------------------

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@st.composite
def written_postcodes(draw: st.DrawFn) -> str:
    letter, digit = st.sampled_from("ABCDEFGHJKLMNOPRSTUWYZ"), st.sampled_from("0123456789")
    shape = draw(st.sampled_from(["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]))
    outward = "".join(draw(letter if c == "A" else digit) for c in shape)
    inward = draw(digit) + draw(st.sampled_from(INWARD_LETTERS)) + draw(
        st.sampled_from(INWARD_LETTERS))
    sep = draw(st.sampled_from(["", " ", "  ", "\t", "-", " - ", "\u00a0", "\u2009"]))
    code = outward + sep + inward
    case = draw(st.sampled_from([str.upper, str.lower, str.title]))
    code = case(code)
    if draw(st.booleans()):
        code = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)
    return code


@CORPUS
@given(written_postcodes(), st.data())
def test_postcodes_written_any_way_are_masked(postcode: str, data: st.DataObject) -> None:
    text, ordinary = sentence(data.draw, postcode)
    masked = mask_text(text, Identity())
    assert "[postcode]" in masked, (postcode, masked)
    assert fold(postcode) not in fold(masked)
    assert_survive(masked, ordinary)


# --- everything together -------------------------------------------------------------------


@CORPUS
@given(names(), names(), written_dates(), written_phones(), written_postcodes(), st.data())
def test_a_narrative_with_every_kind_keeps_none_of_them(
        surname: str, worker: str, dated: tuple[date, str], phone: str, postcode: str,
        data: st.DataObject) -> None:
    parts = name_parts(surname) + name_parts(worker)
    keys = {fold(p) for p in parts}
    assume(parts and not keys & NOT_NAMES)
    born, written_date = dated
    private = [write(surname, data.draw), write(worker, data.draw), written_date, phone,
               postcode]
    order = data.draw(st.permutations(private))
    pieces: list[str] = []
    ordinary: list[str] = []
    for value in order:
        words = data.draw(st.lists(st.sampled_from(ORDINARY), max_size=4))
        words.append(data.draw(st.sampled_from(NEIGHBOURS)))
        pieces += [*words, value]
        ordinary += words
    ending = data.draw(st.sampled_from(NEIGHBOURS))
    text = " ".join([*pieces, ending])
    ordinary.append(ending)
    identity = Identity(surnames=(surname,), names=(worker,), dates_of_birth=(born,))
    masked = mask_text(text, identity)
    assert_no_private_value(masked, [surname, worker, *parts])
    assert fold(written_date) not in fold(masked)
    assert fold(postcode) not in fold(masked)
    assert_survive(masked, ordinary)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Nd",), exclude_characters="@＠﹫")))
def test_text_without_digits_or_at_signs_is_unchanged_without_names(text: str) -> None:
    assume(not re.search(r"\b(?:flat|apartment|apt|maisonette)\b|\bat\b", fold(text)))
    assert mask_text(text, Identity()) == unicodedata.normalize("NFC", text)

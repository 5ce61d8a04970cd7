"""Reading an event JSON's bytes, and the shape of the file: every value the reader uses,
with its type and range, checked before any part is read, so that a damaged or hand-edited
file is refused with one problem per value named by its path in the file
("nominations[3].nominee: must be text") and never reaches the parts' cleaning as, say, a
list where a name belongs or a number too large for the database.

The parts (catalogue.py, people.py …) then check what each value means; this module only
makes sure each is of the kind and size they expect. Keys this program does not read are
ignored (a newer export's additions, say): nothing reads them, so nothing can trip on them.

Parsing itself is guarded too: a file that is not UTF-8, is empty or cut short, nests lists
deeper than Python can follow, repeats a key in one object, or holds numbers JSON does not
allow (NaN, Infinity) or too large for any field, is described in plain words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import MAX_REF

#: lists and objects inside each other before a file is refused as nested too deeply (an
#: export is six deep); Python's own parser gives up near 1,000
MAX_DEPTH = 100
#: digits in a whole number before it is refused as too large for any field
MAX_DIGITS = 30
#: items in one list (a million nominations would be a very large event)
MAX_ITEMS = 1_000_000
NAME = 200  # names, keys, refs
SHORT = 400  # emails, phones, times, codes, choices
NOTE = 4_000
PROSE = 200_000  # narratives (20,000 words at most)
IMAGE = 30_000_000  # base64 images


class Unreadable:
    """A number the file holds that no field can take (NaN, Infinity, or too large): kept
    in place of the value, so that the shape check names where it is."""

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= 24 else f"{text[:10]}…{text[-4:]} ({len(text)} digits)"


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys the file gave more than once."""

    repeated: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = _Object(pairs)
    if len(found) != len(pairs):
        counts: dict[str, int] = {}
        for key, _value in pairs:
            counts[key] = counts.get(key, 0) + 1
        found.repeated = tuple(key for key, n in counts.items() if n > 1)
    return found


def _whole(text: str) -> int | Unreadable:
    return int(text) if len(text) <= MAX_DIGITS else Unreadable(text)


def _decimal(text: str) -> float | Unreadable:
    value = float(text)
    return value if math.isfinite(value) else Unreadable(text)


def parse(data: bytes) -> Any:
    """The JSON value in ``data``; ValidationError (field "file") in plain words when it is
    not UTF-8 JSON."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError.single("file", "is saved as UTF-16 text; save it as UTF-8 "
                                             "(an Awards App export always is)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError.single(
            "file", f"is not UTF-8 text (byte {exc.start + 1:,} cannot be read); an Awards "
                    "App export is UTF-8, so this file was changed or is not one") from None
    if not text.strip():
        raise ValidationError.single("file", "is empty")
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_whole,
                          parse_float=_decimal, parse_constant=Unreadable)
    except RecursionError:
        raise ValidationError.single("file", _too_deep(text)) from None
    except json.JSONDecodeError as exc:
        cut = ("; the file seems to be cut short" if exc.msg.startswith("Unterminated")
               or exc.pos >= len(text.rstrip()) else "")
        what = _JSON_PROBLEMS.get(exc.msg, exc.msg.lower())
        raise ValidationError.single(
            "file", f"is not valid JSON at line {exc.lineno:,}, column {exc.colno:,} "
                    f"({what}){cut}") from None


#: the json module's messages, in plain words
_JSON_PROBLEMS = {
    "Unterminated string starting at": "a text never closed with a quote",
    "Expecting value": "a value was expected",
    "Expecting ',' delimiter": "a comma was expected",
    "Expecting ':' delimiter": "a colon was expected",
    "Expecting property name enclosed in double quotes": "a key in double quotes was expected",
    "Extra data": "more follows the end of the data",
    "Invalid control character at": "a control character inside a text",
    "Invalid \\escape": "a backslash escape JSON does not allow",
}


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _too_deep(text: str) -> str:
    """Where the file's lists and objects first nest more than :data:`MAX_DEPTH` deep."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return (f"nests lists and objects more than {MAX_DEPTH} deep (from line "
                        f"{line:,}, column {column:,}); an event export is never more than "
                        "six deep")
        elif token in "]}":
            depth -= 1
    return f"nests lists and objects more than {MAX_DEPTH} deep"


# --- the shape -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    max_length: int
    null: bool = False
    what: str = "text"  # what the text must be, for messages


@dataclass(frozen=True)
class Whole:
    minimum: int
    maximum: int
    null: bool = False


@dataclass(frozen=True)
class Number:
    minimum: float
    maximum: float
    null: bool = False


@dataclass(frozen=True)
class Flag:
    null: bool = False


@dataclass(frozen=True)
class Answer:
    """yes/no/not asked: text, true/false, 0/1, or null."""

    null: bool = True


@dataclass(frozen=True)
class ListOf:
    item: Spec
    null: bool = False


@dataclass(frozen=True)
class Obj:
    keys: Mapping[str, Spec]
    required: frozenset[str] = frozenset()
    null: bool = False


@dataclass(frozen=True)
class MapOf:
    """An object whose keys are names (criterion → score; setting → value)."""

    value: Spec
    null: bool = False


Spec = Text | Whole | Number | Flag | Answer | ListOf | Obj | MapOf


def obj(null: bool = False, required: tuple[str, ...] = (), **keys: Spec) -> Obj:
    return Obj(keys, frozenset(required), null)


#: a date and time, or a date: the parts check its form
WHEN = Text(SHORT, null=True, what="a date and time (YYYY-MM-DDTHH:MM:SS)")
JUDGE = obj(null=True, required=("sponsor", "name"), sponsor=Text(NAME), name=Text(NAME))
COUNT = Whole(0, 10_000)

EVENT = obj(
    required=("name", "year"),
    name=Text(NAME), year=Whole(2000, 2100), ceremony_date=WHEN, venue=Text(NOTE, null=True),
    nomination_deadline=WHEN, min_age=Whole(0, 120), max_age=Whole(0, 120),
    min_words=Whole(1, 2000), max_words=Whole(1, 20_000), status=Text(SHORT, null=True),
    next_ref=Whole(1, MAX_REF + 1, null=True), tie_breaks=ListOf(Text(SHORT), null=True),
    normalised_results=Flag(null=True),
)
CRITERION = obj(
    required=("name",),
    name=Text(NAME), guidance=Text(NOTE, null=True), weight=Number(0, 100),
    scale_min=Whole(0, 100), scale_max=Whole(0, 100), role=Text(SHORT, null=True),
    display_order=Whole(0, MAX_ITEMS, null=True),
)
CATEGORY = obj(
    required=("name",),
    name=Text(NAME), description=Text(NOTE, null=True), display_order=Whole(0, MAX_ITEMS),
    winners_count=COUNT, runners_up_count=COUNT, highly_commended_count=COUNT,
    active=Flag(), criteria=ListOf(CRITERION, null=True), lead_judge=JUDGE,
    results_confirmed_at=WHEN,
    presenter=Text(NAME, null=True),
)
SPONSOR = obj(
    required=("name",),
    name=Text(NAME), contact_name=Text(NAME, null=True), contact_email=Text(SHORT, null=True),
    contact_phone=Text(SHORT, null=True), notes=Text(NOTE, null=True), active=Flag(),
    logo=Text(IMAGE, null=True), categories=ListOf(Text(NAME), null=True),
    judges=ListOf(obj(required=("name",), name=Text(NAME), email=Text(SHORT, null=True),
                      active=Flag(), pin_hash=Text(SHORT, null=True)), null=True),
)
WORKER = obj(
    required=("key", "name"),
    key=Text(NAME), name=Text(NAME), email=Text(SHORT, null=True), team=Text(NAME, null=True),
    active=Flag(),
)
NOMINEE = obj(
    required=("key", "first_name", "last_name", "date_of_birth"),
    key=Text(NAME), first_name=Text(NAME), last_name=Text(NAME),
    preferred_name=Text(NAME, null=True), date_of_birth=Text(SHORT), out_of_area=Answer(),
    consent_certificate_name=Answer(), consent_public=Answer(), consent_photo=Answer(),
    do_not_publish=Answer(),
    pronunciation=Text(NAME, null=True), ceremony_seat=Text(NAME, null=True),
)
NOMINATION = obj(
    required=("ref", "category", "nominee"),
    ref=Text(NAME), category=Text(NAME), nominee=Text(NAME), worker=Text(NAME, null=True),
    success=Text(PROSE, null=True), obstacles=Text(PROSE, null=True),
    nominee_voice=Text(PROSE, null=True), nominee_aware=Answer(), status=Text(SHORT, null=True),
    age_override_reason=Text(NOTE, null=True), withdrawn_reason=Text(NOTE, null=True),
    citation=Text(NOTE, null=True), created_at=WHEN, updated_at=WHEN,
    judge_success=Text(PROSE, null=True), judge_obstacles=Text(PROSE, null=True),
    judge_voice=Text(PROSE, null=True), certificate_name_override=Text(NAME, null=True),
    certificate_name_reason=Text(NOTE, null=True), source_id=Text(NAME, null=True),
    press_wording=Text(NOTE, null=True),
)
JUDGING = obj(
    null=True,
    scorecards=ListOf(obj(
        required=("nomination", "judge"),
        nomination=Text(NAME), judge=JUDGE, scores=MapOf(Whole(0, 100), null=True),
        scored_at=WHEN, comment=Text(NOTE, null=True))),
    submissions=ListOf(obj(required=("category", "judge", "submitted_at"),
                           category=Text(NAME), judge=JUDGE, submitted_at=WHEN)),
    conflicts=ListOf(obj(
        required=("judge",),
        judge=JUDGE, nomination=Text(NAME, null=True), nominee=Text(NAME, null=True),
        kind=Text(SHORT), declared_by=Text(SHORT), note=Text(NOTE, null=True),
        created_at=WHEN)),
    casting_decisions=ListOf(obj(
        required=("category", "nomination", "position"),
        category=Text(NAME), nomination=Text(NAME), position=Whole(1, MAX_ITEMS), judge=JUDGE,
        reason=Text(NOTE, null=True), decided_at=WHEN)),
    placements=ListOf(obj(
        required=("category", "nomination", "placement"),
        category=Text(NAME), nomination=Text(NAME), placement=Text(SHORT),
        rank=Whole(1, MAX_ITEMS, null=True), score=Number(-1e6, 1e6, null=True),
        normalised_score=Number(-1e6, 1e6, null=True), tie_break=Text(SHORT, null=True),
        confirmed_at=WHEN)),
)
CERTIFICATE = obj(
    required=("nomination", "code"),
    nomination=Text(NAME), code=Text(SHORT), design=Text(SHORT), placement=Text(SHORT),
    recipient_name=Text(NOTE), category_name=Text(NOTE), event_name=Text(NOTE),
    event_year=Whole(2000, 2100), ceremony_date=WHEN, sponsor_name=Text(NOTE),
    citation=Text(NOTE), verification_text=Text(NOTE), qr_mask=Whole(0, 7), issued_at=WHEN,
    last_printed_at=WHEN, print_count=Whole(0, MAX_ITEMS), revoked_at=WHEN,
    revoked_reason=Text(NOTE, null=True), replaced_by=Text(SHORT, null=True),
    log=ListOf(obj(required=("seq", "action", "at"),
                   seq=Whole(1, 10**12), action=Text(SHORT), at=WHEN,
                   reason=Text(NOTE, null=True), detail=Text(NOTE, null=True))),
)
#: a good-news story (event_json/goodnews.py): its people by their keys in the file
GOOD_NEWS = obj(
    required=("date", "nominee", "story"),
    date=Text(SHORT), nominee=Text(NAME), worker=Text(NAME, null=True),
    team=Text(NAME, null=True), story=Text(PROSE), why_proud=Text(PROSE, null=True),
    young_person_knows=Answer(), nomination=Text(NAME, null=True),
    source_id=Text(NAME, null=True), created_at=WHEN,
)
#: the whole file (``format`` and ``version`` are checked first, by the reader)
DOCUMENT = obj(
    required=("event",),
    event=EVENT, categories=ListOf(CATEGORY), sponsors=ListOf(SPONSOR),
    workers=ListOf(WORKER), nominees=ListOf(NOMINEE), nominations=ListOf(NOMINATION),
    judging=JUDGING, certificate_settings=MapOf(Text(IMAGE, null=True), null=True),
    certificates=ListOf(CERTIFICATE, null=True),
    good_news=ListOf(GOOD_NEWS, null=True),
)


# --- checking ------------------------------------------------------------------------------


@dataclass
class _Walk:
    errors: list[FieldError] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def check(self, path: str, value: Any, spec: Spec) -> None:
        if isinstance(value, Unreadable):
            self.add(path, f"must be {_expected(spec)}; {value.text} is not a number this "
                           "program can read")
        elif value is None:
            if not spec.null:
                self.add(path, f"must be {_kind(spec)}, not empty (null)")
        elif isinstance(spec, Text):
            self._text(path, value, spec)
        elif isinstance(spec, Whole | Number):
            self._number(path, value, spec)
        elif isinstance(spec, Flag):
            if not isinstance(value, bool):
                self.add(path, f"must be true or false, not {shown(value)}")
        elif isinstance(spec, Answer):
            if not (isinstance(value, bool | str) or value in (0, 1)):
                self.add(path, f"must be yes, no or not asked, not {shown(value)}")
            elif isinstance(value, str):
                self._text(path, value, Text(SHORT))
        elif isinstance(spec, ListOf):
            self._list(path, value, spec)
        elif isinstance(spec, MapOf):
            self._object(path, value, None, spec)
        else:
            self._object(path, value, spec, None)

    def _text(self, path: str, value: Any, spec: Text) -> None:
        if not isinstance(value, str):
            self.add(path, f"must be {_expected(spec)}, not {shown(value)}")
        elif len(value) > spec.max_length:
            self.add(path, f"is {len(value):,} characters long; the most allowed is "
                           f"{spec.max_length:,}")
        elif "\x00" in value:
            self.add(path, "contains a NUL character (\\u0000), which no name or text holds")
        elif not value.isascii() and _BROKEN.search(value):
            self.add(path, "contains a broken character (an unpaired \\ud800–\\udfff escape)")

    def _number(self, path: str, value: Any, spec: Whole | Number) -> None:
        kinds = (int,) if isinstance(spec, Whole) else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.add(path, f"must be {_expected(spec)}, not {shown(value)}")
        elif value < spec.minimum:
            self.add(path, f"must be at least {spec.minimum:,}, not {value:,}")
        elif value > spec.maximum:
            self.add(path, f"must be at most {spec.maximum:,}, not {value:,}")

    def _list(self, path: str, value: Any, spec: ListOf) -> None:
        if not isinstance(value, list):
            self.add(path, f"must be {_expected(spec)}, not {shown(value)}")
        elif len(value) > MAX_ITEMS:
            self.add(path, f"has {len(value):,} items; the most allowed is {MAX_ITEMS:,}")
        else:
            for i, item in enumerate(value):
                self.check(f"{path}[{i}]", item, spec.item)

    def _object(self, path: str, value: Any, spec: Obj | None, values: MapOf | None) -> None:
        if not isinstance(value, dict):
            self.add(path, f"must be {_expected(spec or values)}, not {shown(value)}")
            return
        where = f"{path}." if path else ""
        for key in getattr(value, "repeated", ()):
            self.add(f"{where}{key}", "is given more than once in the same object; keep one")
        if values is not None:
            for key, item in value.items():
                if len(key) > NAME:
                    self.add(where.rstrip(".") or "file", f"has a key {len(key):,} characters "
                                                          f"long; the most allowed is {NAME}")
                else:
                    self.check(f"{where}{key}", item, values.value)
            return
        assert spec is not None
        for key, item_spec in spec.keys.items():
            if key in value:
                self.check(f"{where}{key}", value[key], item_spec)
            elif key in spec.required:
                self.add(f"{where}{key}", "is missing")


_BROKEN = re.compile(r"[\ud800-\udfff]")


def _expected(spec: Spec | None) -> str:
    """What a value of ``spec`` must be, in words ("a whole number from 1 to 10")."""
    what = _kind(spec)
    return f"{what}, or null" if spec is not None and spec.null else what


def _kind(spec: Spec | None) -> str:
    if isinstance(spec, Whole):
        return f"a whole number from {spec.minimum:,} to {spec.maximum:,}"
    if isinstance(spec, Number):
        return f"a number from {spec.minimum:,g} to {spec.maximum:,g}"
    if isinstance(spec, Text):
        return spec.what
    if isinstance(spec, Flag):
        return "true or false"
    if isinstance(spec, Answer):
        return "yes, no or not asked"
    if isinstance(spec, ListOf):
        return "a list"
    return "an object"


def shown(value: Any) -> str:
    """A value as a message shows it: short, and only scalars in full."""
    if isinstance(value, Unreadable):
        return value.text
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else f"'{value[:30]}…' ({len(value):,} characters)"
    return repr(value)


def check_shape(document: Mapping[str, Any]) -> list[FieldError]:
    """Every problem with the kinds and sizes of the file's values, each named by its path."""
    walk = _Walk()
    walk.check("", document, DOCUMENT)
    return walk.errors
